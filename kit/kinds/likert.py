"""Likert: rate statements on a frequency scale. No right answer: a profile per scale
(reverse-worded items flipped), read out and drawn as a chart.

An observer form (`observer_of`) is answered by several colleagues, one at a time, and drawn
as their mean beside the learner's own view; a re-rating (`rerate_of`) is drawn as then and
now. The profile functions here are pure: the widgets and handouts pass in saved answers.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

from kit.content.catalog import Catalog
from kit.content.schema import MAX_RATERS, LikertExercise, Scale
from kit.errors import ResponseError
from kit.kinds.base import Kind, Latest, Line, Mode, PaperBody, Saved, Slide, scored
from kit.kinds.shapes import mapping
from kit.result import ItemResult, Result
from kit.text import counted, number

Rating = int | None


class Likert(Kind[LikertExercise]):
    name = "likert"
    model = LikertExercise
    label = "Self-assessment"
    scored = False
    control = "likert.js"
    form = "grid"
    check_label = "Save and see my profile"
    again_label = "Change my ratings"

    def grade(self, ex: LikertExercise, response: Any) -> Result:
        _rater, ratings = likert_ratings(ex, response)
        top = len(ex.choices)
        for item_id, value in ratings.items():
            if value is None and ex.not_applicable:
                continue
            if type(value) is not int or not 1 <= value <= top:
                also = f", or null for “{ex.not_applicable}”" if ex.not_applicable else ""
                raise ResponseError(
                    f"item {item_id!r}: rating must be a whole number from 1 to {top}{also}"
                )
        profile = likert_profile(ex, ratings)
        items = tuple(
            ItemResult(
                i.id, i.text, ratings[i.id], None, None, "reverse-worded" if i.reverse else ""
            )
            for i in ex.items
        )
        return scored(ex, 1.0, "complete", _reading(ex, profile), items=items, profile=profile)

    def learner_spec(self, ex: LikertExercise, learner: str | None) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "choices": list(ex.choices),
            "not_applicable": ex.not_applicable,
            "items": [{"id": i.id, "text": i.text} for i in ex.items],
            "raters": MAX_RATERS if ex.observer_of else 0,
        }
        if ex.observer_of:
            spec |= {"check_label": "Save this colleague's ratings", "again_label": "Change"}
        return spec

    def unfinished(self, ex: LikertExercise, value: Any) -> str | None:
        rated = _ratings(value)
        left = [str(n) for n, i in enumerate(ex.items, 1) if i.id not in rated]
        if not left:
            return None
        if len(left) == 1:
            return f"Rate every statement first: statement {left[0]} is not rated yet."
        numbers = ", ".join(left[:-1]) + " and " + left[-1]
        return f"Rate every statement first: statements {numbers} are not rated yet."

    def notes(
        self, ex: LikertExercise, result: Result, latest: Latest, catalog: Catalog
    ) -> list[str]:
        """A line on the colleagues who answered an observer form, or on then and now."""
        if ex.rerate_of:
            then = latest(ex.rerate_of)
            moved = changes(ex, then.result.profile, result.profile) if then else ""
            return [moved] if moved else []
        mine = latest(ex.id) if ex.observer_of else None
        if mine is None:
            return []
        rater = likert_ratings(ex, mine.response)[0]
        so_far = ", ".join(str(n) for n in sorted(mine.raters))
        return [
            f"Saved for colleague {rater} (answered so far: {so_far}). The chart shows"
            f" {rated_by(mine)}, beside your own when you have saved them. For another"
            " colleague, press Change and choose a new number: the form starts empty."
        ]

    def chart(self, ex: LikertExercise, result: Result, latest: Latest, catalog: Catalog) -> str:
        from kit.charts import profile_svg

        return profile_svg(ex, paired_profiles(catalog, ex, result.profile, latest))

    def paper(
        self, ex: LikertExercise, mode: Mode, response: Any, result: Result | None,
        learner: str | None,
    ) -> PaperBody:  # fmt: skip
        columns = [*ex.choices, *([ex.not_applicable] if ex.not_applicable else [])]
        paper = PaperBody("grid", columns=columns)
        ratings = likert_ratings(ex, response)[1] if response is not None else {}
        scales = {s.id: s.label for s in ex.scales}
        for item in ex.items:
            ticks = [ratings.get(item.id) == n for n in range(1, len(ex.choices) + 1)]
            if ex.not_applicable:
                ticks.append(item.id in ratings and ratings[item.id] is None)
            line = Line(item.text, ticks=ticks)
            if mode == "guide":
                line.tag = scales[item.scale] + (" · reverse-worded" if item.reverse else "")
            paper.lines.append(line)
        if mode == "guide":
            paper.readings = [
                {"label": s.label, "strong": s.strong, "growth": s.growth} for s in ex.scales
            ]
        return paper

    def slide(self, ex: LikertExercise) -> Slide:
        """An inventory is for the worksheet, not for the screen."""
        scale = " · ".join(ex.choices)
        count = counted(len(ex.items), "statement")
        return Slide(footnote=f"On the worksheet: {count}, rated {scale}")

    def synthetic(
        self, ex: LikertExercise, rng: random.Random, skill: float
    ) -> dict[str, int | None]:
        lean = {s.id: rng.uniform(-1.5, 1.5) for s in ex.scales}
        top = len(ex.choices)
        unsure = 0.05 if ex.not_applicable else 0.0  # now and then "can't say"
        return {
            i.id: None
            if rng.random() < unsure
            else min(top, max(1, round((top + 1) / 2 + lean[i.scale] + rng.uniform(-1, 1))))
            for i in ex.items
        }

    def sample(self, ex: LikertExercise, slip: bool = False) -> dict[str, int]:
        return {i.id: 1 + (n * 2 + 1) % len(ex.choices) for n, i in enumerate(ex.items)}

    def doing_minutes(self, ex: LikertExercise) -> float:
        return 1 + 0.15 * len(ex.items)  # a minute to start, then each statement


# --- ratings and profiles ---------------------------------------------------------------------


def likert_ratings(ex: LikertExercise, response: Any) -> tuple[int, dict[str, Rating]]:
    """(rater, ratings) of a likert response; a plain {item: rating} is rater 1."""
    if isinstance(response, dict) and isinstance(response.get("ratings"), dict):
        if not ex.observer_of:
            raise ResponseError("only an observer form has raters; send {item id: rating}")
        if set(response) != {"rater", "ratings"}:
            raise ResponseError('expected {"rater": n, "ratings": {item id: rating}}')
        rater = response["rater"]
        if type(rater) is not int or not 1 <= rater <= MAX_RATERS:
            raise ResponseError(f"rater must be a whole number from 1 to {MAX_RATERS}")
        return rater, mapping(response["ratings"], [i.id for i in ex.items], "item")
    return 1, mapping(response, [i.id for i in ex.items], "item")


def likert_profile(ex: LikertExercise, ratings: dict[str, Rating]) -> dict[str, float]:
    """Mean rating per scale, reverse-worded items flipped. "Can't say" (None) is left out,
    and so is a scale with no ratings."""
    top = len(ex.choices)
    sums: dict[str, list[int]] = {s.id: [] for s in ex.scales}
    for item in ex.items:
        value = ratings.get(item.id)
        if value is not None:
            sums[item.scale].append(top + 1 - value if item.reverse else value)
    return {scale: round(sum(v) / len(v), 2) for scale, v in sums.items() if v}


def _ratings(value: Any) -> dict[str, Any]:
    """The ratings in a control's value: {item: rating}, or an observer's {"rater", "ratings"}."""
    if isinstance(value, dict) and isinstance(value.get("ratings"), dict):
        return dict(value["ratings"])
    return value if isinstance(value, dict) else {}


def _reading(ex: LikertExercise, profile: dict[str, float]) -> list[str]:
    """The top and bottom scales with their readings; every scale that shares the top or the
    bottom value is named, so a tie is never broken by the order of the scales."""
    unrated = [s.label for s in ex.scales if s.id not in profile]
    missing = (
        [f"No value for {_and(unrated)}: every statement was answered “{ex.not_applicable}”."]
        if unrated
        else []
    )
    if not profile:
        return [f"You answered “{ex.not_applicable}” to every statement, so there is no profile."]
    rated = [s for s in ex.scales if s.id in profile]
    if len(rated) == 1:
        only = rated[0]
        return [
            f"{only.label} ({number(profile[only.id])}) is the only scale with a value.",
            *missing,
        ]
    high, low = max(profile.values()), min(profile.values())
    if high == low:
        return [
            "You rated every scale the same. Look at single items to see where you differ.",
            *missing,
        ]
    highs = [s for s in rated if profile[s.id] == high]
    lows = [s for s in rated if profile[s.id] == low]
    return [
        *_named(ex.reading_high, highs, high, [s.strong for s in highs]),
        *_named(ex.reading_low, lows, low, [s.growth for s in lows]),
        *missing,
    ]


def _named(heading: str, scales: list[Scale], value: float, readings: list[str]) -> list[str]:
    if len(scales) == 1:
        return [f"{heading}: {scales[0].label} ({number(value)}). {readings[0]}"]
    labels = _and([s.label for s in scales])
    return [
        f"{heading}: a tie between {labels} ({number(value)} each).",
        *(f"{s.label}: {reading}" for s, reading in zip(scales, readings, strict=True)),
    ]


def _and(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


# --- colleagues, then and now -----------------------------------------------------------------


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


def colleagues_view(answer: Saved | None) -> dict[str, dict[str, float]]:
    """An observer form's raters as one named profile, e.g. {"3 colleagues": mean}."""
    if answer is None:
        return {}
    raters = answer.raters or {1: answer.result.profile}
    rated = [p for p in raters.values() if p]
    return {colleagues(len(rated)): mean_profile(rated)} if rated else {}


def rated_by(answer: Saved) -> str:
    """Who answered an observer form, in words: "one colleague's ratings", "the mean of 3
    colleagues' latest ratings"."""
    n = len([p for p in answer.raters.values() if p]) or 1
    return "one colleague's ratings" if n == 1 else f"the mean of {n} colleagues' latest ratings"


def paired_profiles(
    catalog: Catalog, exercise: LikertExercise, profile: dict[str, float], latest: Latest
) -> dict[str, dict[str, float]]:
    """The named profiles drawn on a likert exercise's chart. A self-assessment and its
    observer form: "You" beside the mean of every colleague's latest ratings ("3 colleagues");
    a re-rating: "Then" (the original) beside "Now". `profile` is this exercise's; `latest`
    gives a saved answer by exercise id (observer forms with their raters)."""
    if exercise.rerate_of:
        then = latest(exercise.rerate_of)
        return {"Then": dict(then.result.profile) if then else {}, "Now": profile}
    if exercise.observer_of:
        own = latest(exercise.observer_of)
        mine = latest(exercise.id)
        view = colleagues_view(mine) if mine is not None else {colleagues(1): profile}
        return {"You": dict(own.result.profile) if own else {}, **view}
    forms = (latest(form) for form in observer_forms(catalog, exercise.id))
    return {"You": profile, **colleagues_view(next(filter(None, forms), None))}


def changes(exercise: LikertExercise, then: Mapping[str, float], now: Mapping[str, float]) -> str:
    """A re-rating in one line: each scale's value then and now, e.g. "Front 2.5 → 3"."""
    parts = [
        f"{s.label} {then[s.id]:g} → {now[s.id]:g}"
        for s in exercise.scales
        if s.id in then and s.id in now
    ]
    return "Then and now: " + ", ".join(parts) + "." if parts else ""
