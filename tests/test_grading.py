"""Grading: every kind, wrong shapes, and properties that hold for any response."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.content.catalog import load_catalog
from kit.errors import ResponseError
from kit.grading import grade
from kit.kinds import kind_of
from kit.result import Result

from .conftest import SAMPLE

CATALOG = load_catalog(SAMPLE / "exercises")


def ex(exercise_id: str) -> Any:
    return CATALOG.exercise(f"m01.{exercise_id}")


def test_choice_right_and_wrong() -> None:
    right = grade(ex("pick-one"), "b")
    assert (right.score, right.status) == (1, "correct")
    assert right.feedback == ("FEEDBACK-B yes.", "RATIONALE-CHOICE because b is right.")
    wrong = grade(ex("pick-one"), "a")
    assert (wrong.score, wrong.status) == (0, "incorrect")
    assert wrong.feedback == ("FEEDBACK-A not this one.",)  # the rationale would give it away


def test_multi_partial_credit_is_floored_at_zero() -> None:
    assert grade(ex("pick-many"), ["a", "c"]).score == 2
    assert grade(ex("pick-many"), ["a"]).status == "partial"
    assert grade(ex("pick-many"), ["a"]).score == 1
    assert grade(ex("pick-many"), ["a", "b"]).score == 0  # one right, one wrong
    assert grade(ex("pick-many"), ["b", "d"]).score == 0  # never negative
    result = grade(ex("pick-many"), ["a", "b"])
    assert "“Option B”: FEEDBACK-MB does not apply." in result.feedback  # names the option
    assert "You found 1 of the 2 options that apply." in result.feedback


def test_scenario_best_defensible_poor() -> None:
    assert grade(ex("situation"), "ask").status == "correct"
    defensible = grade(ex("situation"), "wait")
    assert (defensible.score, defensible.status) == (1, "partial")
    assert defensible.feedback == ("FEEDBACK-WAIT defensible.",)
    assert grade(ex("situation"), "end").score == 0


def test_categorize_credit_per_statement() -> None:
    result = grade(ex("sort-them"), {"budget": "manage", "vision": "manage", "staff": "manage"})
    assert result.score == 2 and result.status == "partial"
    wrong = [i for i in result.items if not i.correct]
    assert [(i.id, i.given, i.expected) for i in wrong] == [("vision", "manage", "lead")]
    assert any("FEEDBACK-VISION" in line for line in result.feedback)


def test_order_credit_by_pairs() -> None:
    assert grade(ex("steps"), ["first", "second", "third", "fourth"]).score == 3
    one_swap = grade(ex("steps"), ["second", "first", "third", "fourth"])
    assert one_swap.score == 2.5  # 5 of 6 pairs in order
    assert grade(ex("steps"), ["fourth", "third", "second", "first"]).score == 0


def test_likert_profile_reverses_items_and_never_totals() -> None:
    result = grade(ex("profile"), {"x1": 4, "y1": 2, "z1": 3, "x2": 1})
    assert result.status == "complete"
    assert result.profile == {"x": 4.0, "y": 2.0, "z": 3.0}  # x2 reversed: 5 - 1 = 4
    assert result.feedback[0].startswith("Most used: Scale X")
    assert result.feedback[1].startswith("Least used: Scale Y")


def test_reflection_complete_only_when_minimums_met() -> None:
    short = grade(ex("think"), {"when": "today", "what": "I listened"})
    assert short.status == "incomplete" and short.score == 0
    assert len(short.feedback) == 2
    done = grade(
        ex("think"), {"when": "at the Monday standup", "what": "I asked what was blocking them"}
    )
    assert done.status == "complete" and done.score == 1
    assert "GUIDANCE a good answer is specific." in done.feedback


@pytest.mark.parametrize(
    ("exercise_id", "response", "message"),
    [
        ("pick-one", "z", "unknown option 'z'"),
        ("pick-one", ["b"], "expected one option id"),
        ("pick-many", "a", "expected a list"),
        ("pick-many", ["a", "a"], "more than once"),
        ("situation", None, "expected one option id"),
        ("sort-them", {"budget": "manage"}, "missing statement"),
        ("sort-them", {"budget": "x", "vision": "lead", "staff": "manage"}, "unknown bucket"),
        (
            "sort-them",
            {"budget": ["manage"], "vision": "lead", "staff": "manage"},
            "unknown bucket",
        ),
        (
            "sort-them",
            {"budget": "manage", "vision": "lead", "staff": "manage", "new": "lead"},
            "unknown statement",
        ),
        ("steps", ["first", "second"], "expected all 4 items"),
        ("steps", "first", "expected a list"),
        ("profile", {"x1": 4, "y1": 2, "z1": 3}, "missing item"),
        ("profile", {"x1": 9, "y1": 2, "z1": 3, "x2": 1}, "from 1 to 4"),
        ("profile", {"x1": True, "y1": 2, "z1": 3, "x2": 1}, "whole number"),
        ("think", {"when": "x"}, "missing prompt"),
        ("think", {"when": 3, "what": "x"}, "expected text"),
        ("think", "just text", "expected an object"),
    ],
)
def test_wrong_shapes_raise_one_clear_error(exercise_id: str, response: Any, message: str) -> None:
    with pytest.raises(ResponseError, match=message):
        grade(ex(exercise_id), response)


def test_result_round_trips_through_json_data() -> None:
    result = grade(ex("sort-them"), {"budget": "manage", "vision": "lead", "staff": "lead"})
    assert Result.from_dict(result.to_dict()) == result
    assert (
        "<script>"
        not in Result(
            "m01.x", "choice", 0, 1, "incorrect", ("<script>alert(1)</script>",)
        )._repr_html_()
    )


# --- properties -------------------------------------------------------------------------------

OPTION_IDS = ["a", "b", "c", "d"]
ORDER_IDS = ["first", "second", "third", "fourth"]
LIKERT_IDS = ["x1", "y1", "z1", "x2"]


def responses() -> st.SearchStrategy[tuple[str, Any]]:
    return st.one_of(
        st.tuples(st.just("pick-one"), st.sampled_from(["a", "b", "c"])),
        st.tuples(st.just("situation"), st.sampled_from(["ask", "wait", "end"])),
        st.tuples(st.just("pick-many"), st.lists(st.sampled_from(OPTION_IDS), unique=True)),
        st.tuples(
            st.just("sort-them"),
            st.fixed_dictionaries(
                {k: st.sampled_from(["manage", "lead"]) for k in ("budget", "vision", "staff")}
            ),
        ),
        st.tuples(st.just("steps"), st.permutations(ORDER_IDS)),
        st.tuples(
            st.just("profile"),
            st.fixed_dictionaries({k: st.integers(1, 4) for k in LIKERT_IDS}),
        ),
        st.tuples(
            st.just("think"),
            st.fixed_dictionaries({"when": st.text(), "what": st.text()}),
        ),
    )


@given(responses())
def test_score_is_within_bounds_and_deterministic(case: tuple[str, Any]) -> None:
    exercise_id, response = case
    first = grade(ex(exercise_id), response)
    assert 0 <= first.score <= first.max_score
    assert grade(ex(exercise_id), response) == first


@given(st.lists(st.sampled_from(OPTION_IDS), unique=True), st.randoms())
def test_multi_ignores_the_order_of_choices(chosen: list[str], rnd: Any) -> None:
    shuffled = list(chosen)
    rnd.shuffle(shuffled)
    assert grade(ex("pick-many"), chosen).score == grade(ex("pick-many"), shuffled).score


@given(
    st.fixed_dictionaries(
        {k: st.sampled_from(["manage", "lead"]) for k in ("budget", "vision", "staff")}
    ),
    st.randoms(),
)
def test_categorize_ignores_key_order(placed: dict[str, str], rnd: Any) -> None:
    keys = list(placed)
    rnd.shuffle(keys)
    assert grade(ex("sort-them"), placed) == grade(ex("sort-them"), {k: placed[k] for k in keys})


def test_a_wrong_order_names_each_step_out_of_place_and_why() -> None:
    exercise = load_catalog().exercise("m03.responsibility-order")
    steps = {i.id: i for i in exercise.items}
    moved = ["justify", "lay-blame", "shame", "responsibility", "obligation"]
    result = grade(exercise, moved)
    said = "\n".join(result.feedback)
    assert result.status == "partial"
    for out_of_place in ("justify", "responsibility"):  # the fewest moves that put it right
        assert steps[out_of_place].text in said and steps[out_of_place].feedback in said
    assert steps["shame"].feedback not in said, "steps in place are not called out"
    assert "comes straight after “Lay blame: it is their fault.”" in said
    right = grade(exercise, [i.id for i in exercise.items])
    assert not [f for f in right.feedback if "you put it" in f]


@given(st.permutations(ORDER_IDS))
def test_order_full_credit_only_for_the_right_order(order: list[str]) -> None:
    result = grade(ex("steps"), order)
    assert (result.score == result.max_score) == (order == ORDER_IDS)


IO_EVENTS = ("open", "os.listdir", "os.scandir", "sqlite3.connect", "socket.connect",
             "subprocess.Popen", "os.system")  # fmt: skip
_guard = {"on": False}


def _no_io(event: str, args: tuple[Any, ...]) -> None:
    if _guard["on"] and event in IO_EVENTS:
        raise AssertionError(f"grading must be pure: {event} {args[:1]!r}")


sys.addaudithook(_no_io)  # audit hooks stay for the process; this one acts only when on


class NoClock(datetime.datetime):
    @classmethod
    def now(cls, tz: Any = None) -> Any:
        raise AssertionError("grading must be pure: datetime.now")

    @classmethod
    def utcnow(cls) -> Any:
        raise AssertionError("grading must be pure: datetime.utcnow")


def test_grading_reads_no_files_or_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kind grades the sample's and the course's exercises with every file, socket,
    process and clock access refused (files through Python's audit hooks, which also see
    Path.read_text and os.open)."""
    import time

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("grading must be pure: the clock")

    cases = [
        (e, kind_of(e).sample(e, slip))
        for e in [*CATALOG.exercises.values(), *load_catalog().exercises.values()]
        for slip in (False, True)
    ]
    expected = [grade(e, r) for e, r in cases]  # every module imported before the guard
    for name in ("time", "time_ns", "monotonic", "perf_counter", "localtime", "gmtime"):
        monkeypatch.setattr(time, name, forbidden)
    for module in [m for n, m in sys.modules.items() if n.startswith("kit") and m]:
        if getattr(module, "datetime", None) is datetime.datetime:
            monkeypatch.setattr(module, "datetime", NoClock)
    monkeypatch.setattr(datetime, "datetime", NoClock)
    _guard["on"] = True
    try:
        assert [grade(e, r) for e, r in cases] == expected
        with pytest.raises(AssertionError, match="pure"):  # the guard itself works
            Path(__file__).read_text()
    finally:
        _guard["on"] = False


KNOWN_IDS = sorted(
    {o.id for e in CATALOG.exercises.values() for o in getattr(e, "options", [])}
    | {i.id for e in CATALOG.exercises.values() for i in getattr(e, "items", [])}
    | {p.id for e in CATALOG.exercises.values() for p in getattr(e, "prompts", [])}
    | {b.id for e in CATALOG.exercises.values() for b in getattr(e, "buckets", [])}
)
KEYS = st.sampled_from(KNOWN_IDS) | st.text(max_size=5)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | KEYS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=12,
)


@given(st.sampled_from(sorted(CATALOG.exercises)), JSON)
def test_any_json_either_grades_or_raises_response_error(exercise_id: str, response: Any) -> None:
    try:
        result = grade(CATALOG.exercise(exercise_id), response)
    except ResponseError:
        return
    assert 0 <= result.score <= result.max_score
