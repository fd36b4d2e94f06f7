"""A learner's saved answers as they stand against the current course content."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from kit.content.catalog import Catalog, content_hash
from kit.errors import ResponseError
from kit.grading import grade, likert_ratings
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


def observer_forms(catalog: Catalog, exercise_id: str) -> list[str]:
    """Ids of the observer forms ("ask a colleague") of a likert self-assessment."""
    return [
        e.id for e in catalog.exercises.values() if getattr(e, "observer_of", None) == exercise_id
    ]


def colleagues(n: int) -> str:
    """How a chart names the colleagues' view: "A colleague", "3 colleagues"."""
    return "A colleague" if n == 1 else f"{n} colleagues"


def mean_profile(profiles: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """The mean of several profiles per scale, over the profiles that have a value for it."""
    values: dict[str, list[float]] = {}
    for profile in profiles:
        for scale, value in profile.items():
            values.setdefault(scale, []).append(value)
    return {scale: round(sum(v) / len(v), 2) for scale, v in values.items()}


def colleagues_view(answer: Answer | None) -> dict[str, dict[str, float]]:
    """An observer form's raters as one named profile, e.g. {"3 colleagues": mean}."""
    if answer is None:
        return {}
    raters = answer.raters or {1: answer.result.profile}
    rated = [p for p in raters.values() if p]
    return {colleagues(len(rated)): mean_profile(rated)} if rated else {}


def rated_by(answer: Answer) -> str:
    """Who answered an observer form, in words: "one colleague's ratings", "the mean of 3
    colleagues' latest ratings"."""
    n = len([p for p in answer.raters.values() if p]) or 1
    return "one colleague's ratings" if n == 1 else f"the mean of {n} colleagues' latest ratings"


def paired_profiles(
    catalog: Catalog,
    exercise: Any,
    profile: dict[str, float],
    latest: Callable[[str], Answer | None],
) -> dict[str, dict[str, float]]:
    """The named profiles drawn on a likert exercise's chart. A self-assessment and its
    observer form: "You" beside the mean of every colleague's latest ratings ("3 colleagues");
    a re-rating: "Then" (the original) beside "Now". `profile` is this exercise's; `latest`
    gives a saved answer by exercise id (observer forms with their raters)."""
    if exercise.rerate_of:
        then = latest(exercise.rerate_of)
        return {"Then": then.result.profile if then else {}, "Now": profile}
    if exercise.observer_of:
        own = latest(exercise.observer_of)
        mine = latest(exercise.id)
        view = colleagues_view(mine) if mine is not None else {colleagues(1): profile}
        return {"You": own.result.profile if own else {}, **view}
    forms = (latest(form) for form in observer_forms(catalog, exercise.id))
    return {"You": profile, **colleagues_view(next(filter(None, forms), None))}


def changes(exercise: Any, then: Mapping[str, float], now: Mapping[str, float]) -> str:
    """A re-rating in one line: each scale's value then and now, e.g. "Front 2.5 → 3"."""
    parts = [
        f"{s.label} {then[s.id]:g} → {now[s.id]:g}"
        for s in exercise.scales
        if s.id in then and s.id in now
    ]
    return "Then and now: " + ", ".join(parts) + "." if parts else ""
