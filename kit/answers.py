"""A learner's saved answers as they stand against the current course content."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kit.content.catalog import Catalog, content_hash
from kit.errors import ResponseError
from kit.grading import grade
from kit.result import Result
from kit.store import Attempt, Store

CHANGED = "This exercise has changed since you answered it; the feedback is for the new version."


@dataclass(frozen=True)
class Answer:
    """A learner's latest answer to one exercise, graded against the current content."""

    response: Any
    result: Result
    notice: str = ""


def current(exercise: Any, attempt: Attempt | None) -> Answer | None:
    """The attempt as it stands now: graded again, with a notice, if the exercise changed since;
    None if there is no attempt or it no longer fits (it stays in the store)."""
    if attempt is None:
        return None
    if attempt.content_hash == content_hash(exercise):
        return Answer(attempt.response, attempt.result)
    try:
        return Answer(attempt.response, grade(exercise, attempt.response), CHANGED)
    except ResponseError:
        return None


def latest_answers(catalog: Catalog, store: Store, learner: str) -> dict[str, Answer]:
    """The learner's latest answer per exercise of the course, as `current` gives it."""
    found = {}
    for exercise_id, (attempt, _count) in store.summary(learner).items():
        exercise = catalog.exercises.get(exercise_id)
        answer = current(exercise, attempt) if exercise is not None else None
        if answer is not None:
            found[exercise_id] = answer
    return found


def observer_forms(catalog: Catalog, exercise_id: str) -> list[str]:
    """Ids of the observer forms ("ask a colleague") of a likert self-assessment."""
    return [
        e.id for e in catalog.exercises.values() if getattr(e, "observer_of", None) == exercise_id
    ]


def paired_profiles(
    catalog: Catalog,
    exercise: Any,
    profile: dict[str, float],
    latest: Callable[[str], Result | None],
) -> dict[str, dict[str, float]]:
    """A likert profile beside its pair (the self-assessment and its observer form), named by
    whose view each is: "You" and "A colleague". `latest` gives a saved result by exercise id."""
    if exercise.observer_of:
        own = latest(exercise.observer_of)
        return {"You": own.profile if own else {}, "A colleague": profile}
    other = next(filter(None, map(latest, observer_forms(catalog, exercise.id))), None)
    return {"You": profile, "A colleague": other.profile if other else {}}
