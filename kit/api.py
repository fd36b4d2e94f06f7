"""The small public API the notebooks and the CLI use."""

from __future__ import annotations

import json
from typing import Any

from kit import __version__
from kit.content.catalog import Catalog, content_hash, load_catalog
from kit.errors import ResponseError
from kit.grading import grade
from kit.identity import NAME_SETTING, learner_from_env, resolve_learner, validate_learner
from kit.interop.xapi.hooks import after_record, exercise_shown
from kit.progress_report import Progress, ProgressRow
from kit.result import Result
from kit.store import Store, open_store


def context() -> tuple[Catalog, Store, str]:
    """The course, your store and your name."""
    store = open_store()
    return load_catalog(), store, resolve_learner(store.get_setting(NAME_SETTING))


def whoami() -> str:
    """The name your answers are saved under."""
    store = open_store()
    return resolve_learner(store.get_setting(NAME_SETTING))


PLACEHOLDER = "your name"


def set_name(name: str) -> str:
    """Save the name your answers are stored under; returns the name now in use, or a line
    saying why nothing was saved."""
    if isinstance(name, str) and name.strip().casefold() == PLACEHOLDER:
        return (
            "Replace “Your name” with your own name, then run this cell again. Nothing was saved."
        )
    name = validate_learner(name)
    open_store().set_setting(NAME_SETTING, name)
    forced = learner_from_env()
    if forced and forced != name:
        return f"Saved {name!r}, but this server sets your name to {forced!r}, which is used."
    return name


def record(exercise_id: str, response: Any) -> Result:
    """Grade `response` (plain JSON, as the widget produces it), save it, and return the Result.

    The attempt is committed to the store before this returns.
    """
    catalog, store, learner = context()
    exercise = catalog.exercise(exercise_id)
    _check_saveable(response)
    result = grade(exercise, response)
    store.add_attempt(learner, exercise.id, content_hash(exercise), response, result, __version__)
    after_record(store, catalog, learner)  # xAPI, if the trainer set it up; never raises
    return result


def _check_saveable(response: Any) -> None:
    """Refuse what cannot be stored as UTF-8 JSON (half of a broken emoji, NaN, Infinity)."""
    try:
        json.dumps(response, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise ResponseError(f"this answer cannot be saved: {exc}") from None


def progress(module: str | None = None) -> Progress:
    """Status, score and attempts per exercise for you, for one module or the whole course."""
    catalog, store, learner = context()
    modules = [catalog.module(module)] if module is not None else catalog.course.modules
    done = store.summary(learner)
    rows = []
    for m in modules:
        for exercise in catalog.module_exercises(m.id):
            attempt, count = done.get(exercise.id, (None, 0))
            rows.append(
                ProgressRow(
                    module=m.id,
                    exercise_id=exercise.id,
                    title=exercise.title,
                    kind=exercise.kind,
                    status=attempt.result.status if attempt else "not started",
                    score=attempt.result.score if attempt else 0.0,
                    max_score=exercise.points,
                    attempts=count,
                    last_answered=attempt.created_at if attempt else None,
                    content_changed=attempt is not None
                    and attempt.content_hash != content_hash(exercise),
                )
            )
    return Progress(learner, tuple(rows))


def shown(exercise_id: str) -> None:
    """An exercise is on screen: its module counts as launched for the trainer's learning
    record store, if there is one (xAPI); never raises."""
    exercise_shown(exercise_id, context)
