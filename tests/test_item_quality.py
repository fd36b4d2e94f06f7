"""Items that test understanding, not test-wiseness.

A learner who does not know the answer can still guess by the look of the options: always the
longest, always the second-longest, always the shortest, always the one that sounds most like
the course (the most of its signature words: ask, notice, agree...) or, the other way round,
the one with the fewest. On a multi item each picks as many options as are right. Each is
played on every choice, scenario and multi item of the real course, with ties broken at
random (the expected credit over the tied options), and none may earn more than 0.45 of the
credit. Run with ``-s`` to see the numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import combinations, pairwise, permutations
from statistics import mean
from typing import Any

import pytest

from kit.content.catalog import load_catalog
from kit.grading import grade

from .conftest import REPO

CATALOG = load_catalog(REPO / "exercises")
ITEMS = [e for e in CATALOG.exercises.values() if e.kind in ("choice", "scenario", "multi")]
GRADED = ("choice", "scenario", "multi", "categorize", "order")
CEILING = 0.45

# The course's signature moves: words that make an option sound like the course.
SIGNATURE = re.compile(
    r"\b(ask(s|ed|ing)?|notic(e|es|ed|ing)|breath(e|es|ed|ing)?|paus(e|es|ed|ing)"
    r"|agree(s|d|ing|ment)?|curio(us|sity)|listen(s|ed|ing)?|invit(e|es|ed|ing)"
    r"|together|acknowledg(e|es|ed|ing)|explor(e|es|ed|ing)|both|name(s|d)?)\b",
    re.I,
)

Score = Callable[[Any], float]


def signature(option: Any) -> int:
    """How many of the course's signature words an option uses."""
    return len(SIGNATURE.findall(option.text))


def credit(exercise: Any, response: Any) -> float:
    """The share of the item's points a response earns, by the course's own grader."""
    result = grade(exercise, response)
    return result.score / result.max_score


def top(options: list[Any], score: Score, k: int, skip: int = 0) -> list[list[Any]]:
    """The `k` options a learner ranking by `score` (highest first, after passing over the
    `skip` highest) picks, once for every way of breaking ties: equally likely picks."""
    return [
        list(order[skip : skip + k])
        for order in permutations(options)
        if all(score(a) >= score(b) for a, b in pairwise(order))
    ]


def expected(exercise: Any, picks: Iterable[list[Any]]) -> float:
    """The mean credit over equally likely picks."""
    counts = Counter(tuple(sorted(o.id for o in pick)) for pick in picks)
    single = exercise.kind != "multi"
    total = sum(n * credit(exercise, ids[0] if single else list(ids)) for ids, n in counts.items())
    return total / sum(counts.values())


def size(exercise: Any) -> int:
    """How many options a strategy picks: one, or for a multi item as many as are right (a
    generous guess: the learner is assumed to know how many)."""
    return sum(o.correct for o in exercise.options) if exercise.kind == "multi" else 1


def length(option: Any) -> float:
    return len(option.text)


def shortness(option: Any) -> float:
    return -len(option.text)


def plainness(option: Any) -> float:
    return -signature(option)


STRATEGIES: dict[str, Callable[[Any], float]] = {
    "longest": lambda e: expected(e, top(e.options, length, size(e))),
    "second-longest": lambda e: expected(e, top(e.options, length, size(e), skip=1)),
    "shortest": lambda e: expected(e, top(e.options, shortness, size(e))),
    "most signature words": lambda e: expected(e, top(e.options, signature, size(e))),
    "fewest signature words": lambda e: expected(e, top(e.options, plainness, size(e))),
    "chance": lambda e: expected(e, [list(c) for c in combinations(e.options, size(e))]),
}


def shares() -> dict[str, float]:
    return {name: mean(play(e) for e in ITEMS) for name, play in STRATEGIES.items()}


def test_no_guessing_strategy_earns_more_than_its_ceiling() -> None:
    found = shares()
    print(f"\nshare of the credit over {len(ITEMS)} items:")
    for name, share in found.items():
        print(f"  {name:22} {share:.2f}")
    over = {n: round(s, 2) for n, s in found.items() if s > CEILING}
    assert not over, f"guessing strategies above {CEILING}: {over}"


def test_the_strategies_are_measured_as_described() -> None:
    """A made-up item on which the longest option is the key earns 'longest' full credit."""
    item = next(e for e in ITEMS if e.kind == "choice")
    key = next(o for o in item.options if o.correct)
    longer = key.model_copy(update={"text": key.text + " and a great deal more, said at length"})
    planted = item.model_copy(update={"options": [longer if o is key else o for o in item.options]})
    assert STRATEGIES["longest"](planted) == 1.0
    assert STRATEGIES["chance"](planted) == pytest.approx(1 / len(item.options))
    worded = key.model_copy(update={"text": "Ask, notice, breathe and agree together."})
    planted = item.model_copy(update={"options": [worded if o is key else o for o in item.options]})
    assert STRATEGIES["most signature words"](planted) == 1.0


def spread(exercise: Any) -> float:
    lengths = [len(o.text) for o in exercise.options]
    return max(lengths) / min(lengths)


def test_options_are_within_about_a_fifth_of_each_other_in_length() -> None:
    spreads = {e.id: round(spread(e), 2) for e in ITEMS}
    print(f"\nwidest length spread (longest / shortest): {max(spreads.values()):.2f}")
    wide = {i: s for i, s in spreads.items() if s > 1.25}
    assert not wide, f"options differ in length by more than a quarter: {wide}"


def uses_signature(options: Iterable[Any]) -> float:
    options = list(options)
    return sum(signature(o) > 0 for o in options) / len(options)


def keyed(option: Any) -> bool:
    return bool(getattr(option, "correct", False) or getattr(option, "credit", 0) == 1)


def test_signature_words_are_no_commoner_in_keys_than_in_distractors() -> None:
    options = [o for e in ITEMS for o in e.options]
    keys = uses_signature(o for o in options if keyed(o))
    others = uses_signature(o for o in options if not keyed(o))
    print(f"\noptions with a signature word: keys {keys:.0%}, distractors {others:.0%}")
    assert keys <= others, f"keys {keys:.0%} against distractors {others:.0%}"


def test_every_option_says_why() -> None:
    """Feedback on every option gives a reason: more than a verdict, and its own."""
    for exercise in ITEMS:
        for option in exercise.options:
            words = re.findall(r"\w+", option.feedback)
            assert len(words) >= 12, f"{exercise.id}/{option.id}: feedback too short to say why"


def test_every_concept_is_checked_by_at_least_two_items() -> None:
    checking: dict[str, list[str]] = {}
    for exercise in CATALOG.exercises.values():
        if exercise.kind in GRADED:
            for concept in exercise.concepts:
                checking.setdefault(concept, []).append(exercise.id)
    concepts = [c.id for m in CATALOG.course.modules for c in m.concepts]
    single = {c: checking.get(c, []) for c in concepts if len(checking.get(c, [])) < 2}
    assert not single, f"concepts checked by fewer than two graded items: {single}"
