"""A learner's saved answers as they stand against the current course content."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kit.content.catalog import Catalog, content_hash
from kit.errors import ResponseError
from kit.grading import grade
from kit.kinds.likert import likert_ratings
from kit.result import Result
from kit.store import Attempt, Store

CHANGED = "This exercise has changed since you answered it; the feedback is for the new version."


@dataclass(frozen=True)
class Answer:
    """A learner's latest answer to one exercise, graded against the current content."""

    response: Any
    result: Result
    notice: str = ""
    # Observer forms only: each colleague's latest profile, by rater number.
    raters: Mapping[int, Mapping[str, float]] = field(default_factory=dict)


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


def stored_answer(exercise: Any, store: Store, learner: str) -> Answer | None:
    """The learner's latest answer to `exercise`, as `current` gives it, with its raters."""
    answer = current(exercise, store.latest(learner, exercise.id))
    return _rated(exercise, answer, store, learner)


def _rated(exercise: Any, answer: Answer | None, store: Store, learner: str) -> Answer | None:
    """An observer form's answer with each colleague's latest profile; others as they are."""
    if answer is None or not getattr(exercise, "observer_of", None):
        return answer
    history = filter(None, (current(exercise, a) for a in store.attempts(learner, exercise.id)))
    raters = {likert_ratings(exercise, a.response)[0]: a.result.profile for a in history}
    return replace(answer, raters=raters)


def latest_answers(catalog: Catalog, store: Store, learner: str) -> dict[str, Answer]:
    """The learner's latest answer per exercise of the course, as `stored_answer` gives it."""
    found = {}
    for exercise_id, (attempt, _count) in store.summary(learner).items():
        exercise = catalog.exercises.get(exercise_id)
        answer = current(exercise, attempt) if exercise is not None else None
        answer = _rated(exercise, answer, store, learner)
        if answer is not None:
            found[exercise_id] = answer
    return found
