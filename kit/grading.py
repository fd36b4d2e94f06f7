"""Pure grading: `grade(exercise, response) -> Result`. No widgets, no I/O, no clock.

Response shapes (plain JSON, the same the widgets produce):

==========  =============================================  ===========================
kind        response                                       example
==========  =============================================  ===========================
choice      the chosen option id                           ``"b"``
scenario    the chosen option id                           ``"c"``
multi       a list of chosen option ids (order ignored)    ``["a", "d"]``
categorize  {statement id: bucket id} for every statement  ``{"s1": "lead", ...}``
order       every item id once, first to last              ``["plan", "do", "check"]``
likert      {item id: rating 1..n} for every item          ``{"i1": 4, "i2": 2, ...}``
            (null: the exercise's "can't say" choice)      ``{"i1": null, "i2": 2}``
            observer forms: {"rater": 1..20, "ratings":    ``{"rater": 2, "ratings":
            {item id: rating}}; a plain object is rater 1  {"i1": 4, ...}}``
reflection  {prompt id: text} for every prompt             ``{"why": "Because..."}``
==========  =============================================  ===========================

A likert rating of null ("can't say", "didn't arise") is allowed only where the exercise has a
`not_applicable` label; it is left out of the averages (never counted as 0 or as the middle).
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from kit.content.schema import (
    MAX_RATERS,
    CategorizeExercise,
    ChoiceExercise,
    LikertExercise,
    MultiExercise,
    OrderExercise,
    ReflectionExercise,
    ScenarioExercise,
)
from kit.errors import ResponseError
from kit.kinds import kind_of
from kit.result import ItemResult, Result, Status
from kit.text import number, quoted, word_count


def grade(exercise: Any, response: Any) -> Result:
    """Grade `response` against `exercise`; raise ResponseError if it has the wrong shape."""
    kind = kind_of(exercise)
    if not isinstance(exercise, kind.model):
        raise TypeError(f"not an exercise: {exercise!r}")
    return kind.part("grader")(exercise, response)


def _result(ex: Any, fraction: float, status: Status, feedback: list[str], **kw: Any) -> Result:
    score = round(ex.points * min(max(fraction, 0.0), 1.0), 4)
    return Result(ex.id, ex.kind, score, ex.points, status, tuple(feedback), **kw)


def _status(fraction: float) -> Status:
    return "correct" if fraction >= 1 else "partial" if fraction > 0 else "incorrect"


def _one_of(response: Any, known: dict[str, Any], what: str) -> Any:
    if not isinstance(response, str):
        raise ResponseError(f"expected one {what} id as a string, got {type(response).__name__}")
    if response not in known:
        raise ResponseError(f"unknown {what} {response!r}; expected one of {sorted(known)}")
    return known[response]


def _mapping(response: Any, keys: list[str], what: str) -> dict[str, Any]:
    if not isinstance(response, dict):
        raise ResponseError(
            f"expected an object of {{{what} id: value}}, got {type(response).__name__}"
        )
    unknown = sorted(set(response) - set(keys))
    if unknown:
        raise ResponseError(f"unknown {what} {unknown}; expected {keys}")
    missing = [k for k in keys if k not in response]
    if missing:
        raise ResponseError(f"missing {what} {missing}")
    return response


def _ids(response: Any, known: list[str], what: str) -> list[str]:
    if not isinstance(response, list) or not all(isinstance(x, str) for x in response):
        raise ResponseError(f"expected a list of {what} ids")
    unknown = sorted(set(response) - set(known))
    if unknown:
        raise ResponseError(f"unknown {what} {unknown}; expected ids from {known}")
    if len(set(response)) != len(response):
        raise ResponseError(f"a {what} id is listed more than once")
    return response


def grade_choice(ex: ChoiceExercise, response: Any) -> Result:
    option = _one_of(response, {o.id: o for o in ex.options}, "option")
    feedback = [option.feedback] + ([ex.rationale] if option.correct else [])
    item = ItemResult(option.id, option.text, True, option.correct, None, option.feedback)
    status: Status = "correct" if option.correct else "incorrect"
    return _result(ex, float(option.correct), status, feedback, items=(item,))


def grade_scenario(ex: ScenarioExercise, response: Any) -> Result:
    option = _one_of(response, {o.id: o for o in ex.options}, "option")
    feedback = [option.feedback] + ([ex.rationale] if option.credit == 1 else [])
    item = ItemResult(option.id, option.text, True, option.credit == 1, None, option.feedback)
    return _result(ex, option.credit, _status(option.credit), feedback, items=(item,))


def grade_multi(ex: MultiExercise, response: Any) -> Result:
    chosen = set(_ids(response, [o.id for o in ex.options], "option"))
    n_correct = sum(o.correct for o in ex.options)
    hits = sum(o.correct for o in ex.options if o.id in chosen)
    misses = sum(not o.correct for o in ex.options if o.id in chosen)
    fraction = max(0.0, (hits - misses) / n_correct)
    items = tuple(
        ItemResult(
            o.id, o.text, o.id in chosen, (o.id in chosen) == o.correct, o.correct, o.feedback
        )
        for o in ex.options
    )
    feedback = [f"“{o.text}”: {o.feedback}" for o in ex.options if o.id in chosen]
    if hits < n_correct:
        feedback.append(f"You found {hits} of the {n_correct} options that apply.")
    status = "correct" if hits == n_correct and not misses else _status(fraction)
    if status == "correct":
        feedback.append(ex.rationale)
    return _result(ex, fraction, status, feedback, items=items)


def grade_categorize(ex: CategorizeExercise, response: Any) -> Result:
    placed = _mapping(response, [i.id for i in ex.items], "statement")
    buckets = {b.id: b.label for b in ex.buckets}
    for item_id, bucket in placed.items():
        if not isinstance(bucket, str) or bucket not in buckets:
            raise ResponseError(f"statement {item_id!r}: unknown bucket {bucket!r}")
    items = tuple(
        ItemResult(i.id, i.text, placed[i.id], placed[i.id] == i.bucket, i.bucket, i.feedback)
        for i in ex.items
    )
    right = sum(bool(i.correct) for i in items)
    fraction = right / len(items)
    feedback = [f"{right} of {len(items)} statements sorted as the course would."]
    feedback += [f"{quoted(i.label)}: {i.feedback}" for i in items if not i.correct]
    if right == len(items):
        feedback.append(ex.rationale)
    return _result(ex, fraction, _status(fraction), feedback, items=items)


def grade_order(ex: OrderExercise, response: Any) -> Result:
    known = [i.id for i in ex.items]
    order = _ids(response, known, "item")
    if len(order) != len(known):
        raise ResponseError(f"expected all {len(known)} items in order, got {len(order)}")
    rank = {item_id: n for n, item_id in enumerate(known)}
    pairs = list(combinations(order, 2))
    in_order = sum(rank[a] < rank[b] for a, b in pairs)
    fraction = in_order / len(pairs)
    text = {i.id: i.text for i in ex.items}
    items = tuple(
        ItemResult(item_id, text[item_id], pos + 1, rank[item_id] == pos, rank[item_id] + 1)
        for pos, item_id in enumerate(order)
    )
    feedback = [f"{in_order} of {len(pairs)} pairs of steps are in the right order."]
    if fraction == 1:
        feedback.append(ex.rationale)
    return _result(ex, fraction, _status(fraction), feedback, items=items)


Rating = int | None


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
        return rater, _mapping(response["ratings"], [i.id for i in ex.items], "item")
    return 1, _mapping(response, [i.id for i in ex.items], "item")


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


def grade_likert(ex: LikertExercise, response: Any) -> Result:
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
        ItemResult(i.id, i.text, ratings[i.id], None, None, "reverse-worded" if i.reverse else "")
        for i in ex.items
    )
    return _result(ex, 1.0, "complete", _reading(ex, profile), items=items, profile=profile)


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


def _named(heading: str, scales: list[Any], value: float, readings: list[str]) -> list[str]:
    if len(scales) == 1:
        return [f"{heading}: {scales[0].label} ({number(value)}). {readings[0]}"]
    labels = _and([s.label for s in scales])
    return [
        f"{heading}: a tie between {labels} ({number(value)} each).",
        *(f"{s.label}: {reading}" for s, reading in zip(scales, readings, strict=True)),
    ]


def _and(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def grade_reflection(ex: ReflectionExercise, response: Any) -> Result:
    answers = _mapping(response, [p.id for p in ex.prompts], "prompt")
    for prompt_id, text in answers.items():
        if not isinstance(text, str):
            raise ResponseError(f"prompt {prompt_id!r}: expected text, got {type(text).__name__}")
    items, short = [], []
    for p in ex.prompts:
        words = word_count(answers[p.id])
        ok = words >= max(p.min_words, 1)
        items.append(
            ItemResult(
                p.id,
                p.label,
                answers[p.id],
                ok,
                p.min_words,
                f"{words} {'word' if words == 1 else 'words'}",
            )
        )
        if not ok:
            need = max(p.min_words, 1)
            short.append(f"{quoted(p.label)}: {words} of at least {need} words. Say a little more.")
    if short:
        return _result(ex, 0.0, "incomplete", short, items=tuple(items))
    return _result(
        ex,
        1.0,
        "complete",
        ["Saved. Thank you for writing it down.", ex.guidance],
        items=tuple(items),
    )
