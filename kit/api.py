"""The small public API the notebooks and the CLI use."""

from __future__ import annotations

import json
from typing import Any

from kit import __version__
from kit.answers import Answer, paired_profiles, stored_answer
from kit.appmode import in_app
from kit.content.catalog import Catalog, content_hash, load_catalog
from kit.errors import ResponseError
from kit.grading import grade
from kit.identity import NAME_SETTING, learner_from_env, resolve_learner, validate_learner
from kit.interop.xapi.hooks import after_record
from kit.progress_report import Progress, ProgressRow
from kit.result import Result
from kit.store import Store, open_store
from kit.text import score_text


def _context() -> tuple[Catalog, Store, str]:
    store = open_store()
    return load_catalog(), store, resolve_learner(store.get_setting(NAME_SETTING))


def whoami() -> str:
    """The name your answers are saved under."""
    store = open_store()
    return resolve_learner(store.get_setting(NAME_SETTING))


def set_name(name: str) -> Any:
    """Save the name your answers are stored under; returns the name now in use."""
    if isinstance(name, str) and name.strip().casefold() == "your name":
        if in_app():  # no code to edit in the app: offer the name field instead
            from kit.ui.nameform import name_form

            return name_form()
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
    catalog, store, learner = _context()
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


def last_answer(exercise_id: str) -> Answer | None:
    """Your last answer to an exercise, graded again if the exercise has changed since."""
    catalog, store, learner = _context()
    return stored_answer(catalog.exercise(exercise_id), store, learner)


def profiles_for(exercise: Any, profile: dict[str, float]) -> dict[str, dict[str, float]]:
    """Your likert profile beside its pair, if answered: your self-assessment and your
    colleagues' mean, or then and now for a re-rating."""
    catalog, store, learner = _context()

    def latest(exercise_id: str) -> Answer | None:
        return stored_answer(catalog.exercise(exercise_id), store, learner)

    return paired_profiles(catalog, exercise, profile, latest)


def progress(module: str | None = None) -> Progress:
    """Status, score and attempts per exercise for you, for one module or the whole course."""
    catalog, store, learner = _context()
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


def module_progress_line(module: str) -> str:
    """One line for the foot of each exercise, e.g. 'Module 01: 4 of 12 answered · ...'."""
    p = progress(module)
    return (
        f"Module {module} progress: {p.answered} of {len(p.rows)} answered · "
        f"{score_text(p.score, p.max_score)}"
    )
