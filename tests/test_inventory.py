"""Sound inventories: "can't say" left out of the averages, ties named, several colleagues
averaged beside the self-view, and a re-rating drawn as then and now."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kit
from kit.answers import latest_answers
from kit.content.catalog import check, load_catalog
from kit.errors import ContentError, ResponseError
from kit.grading import grade
from kit.handouts.documents import build
from kit.kinds.likert import mean_profile, paired_profiles
from kit.store import open_store

from .conftest import SAMPLE

CATALOG = load_catalog(SAMPLE / "exercises")
SELF = CATALOG.exercise("m01.profile")
OBSERVER = CATALOG.exercise("m01.profile-observer")
RERATE = """
  - id: m01.profile-again
    kind: likert
    rerate_of: m01.profile
    title: Profile, later
    concepts: [s.one]
    prompt: How often do you do these now?
    points: 1
    rationale: RATIONALE-RERATE see what moved.
"""


def press(view: Any) -> None:
    view._on_frontend_msg(view, {"event": "check"}, [])


# --- can't say ------------------------------------------------------------------------------


def test_cant_say_is_left_out_of_the_averages() -> None:
    result = grade(SELF, {"x1": 4, "x2": None, "y1": 2, "z1": 3})
    assert result.profile == {"x": 4.0, "y": 2.0, "z": 3.0}  # not (4 + 0) / 2, not 2.5 + ...
    assert {i.id: i.given for i in result.items}["x2"] is None


def test_a_scale_answered_only_with_cant_say_has_no_value_and_is_said_so() -> None:
    result = grade(SELF, {"x1": 4, "x2": 1, "y1": 2, "z1": None})
    assert result.profile == {"x": 4.0, "y": 2.0}
    assert (
        result.feedback[-1] == "No value for Scale Z: every statement was answered “Didn't arise”."
    )
    nothing = grade(SELF, dict.fromkeys(["x1", "x2", "y1", "z1"]))
    assert nothing.profile == {} and nothing.status == "complete"
    assert "no profile" in nothing.feedback[0]


@given(st.fixed_dictionaries({i.id: st.one_of(st.none(), st.integers(1, 4)) for i in SELF.items}))
def test_cant_say_counts_as_if_the_statement_were_not_asked(ratings: dict[str, Any]) -> None:
    asked = [i for i in SELF.items if ratings[i.id] is not None]
    expected: dict[str, list[int]] = {}
    for i in asked:
        expected.setdefault(i.scale, []).append(5 - ratings[i.id] if i.reverse else ratings[i.id])
    profile = grade(SELF, ratings).profile
    assert profile == {s: round(sum(v) / len(v), 2) for s, v in expected.items()}


def test_cant_say_is_refused_where_the_exercise_has_none() -> None:
    strict = SELF.model_copy(update={"not_applicable": None})
    with pytest.raises(ResponseError, match=r"from 1 to 4$"):
        grade(strict, {"x1": 4, "x2": None, "y1": 2, "z1": 3})
    with pytest.raises(ResponseError, match="or null for “Didn't arise”"):
        grade(SELF, {"x1": 0, "x2": 1, "y1": 2, "z1": 3})


def test_stored_plain_answers_grade_as_before() -> None:
    result = grade(OBSERVER, {"x1": 2, "y1": 4, "z1": 3, "x2": 3})
    assert result.profile == {"x": 2.0, "y": 4.0, "z": 3.0}
    assert result.feedback[0].startswith("Most used: Scale Y")


# --- ties -----------------------------------------------------------------------------------


def test_a_tie_at_the_top_names_every_scale_in_it() -> None:
    result = grade(SELF, {"x1": 3, "x2": 2, "y1": 3, "z1": 1})  # x 3, y 3, z 1
    assert result.feedback[0] == "Most used: a tie between Scale X and Scale Y (3 each)."
    assert result.feedback[1:3] == ("Scale X: STRONG-X reading.", "Scale Y: STRONG-Y reading.")
    assert result.feedback[3].startswith("Least used: Scale Z (1).")


def test_a_tie_at_the_bottom_is_named_whatever_the_scale_order() -> None:
    result = grade(SELF, {"x1": 1, "x2": 4, "y1": 4, "z1": 1})  # x 1, y 4, z 1
    assert result.feedback[-3] == "Least used: a tie between Scale X and Scale Z (1 each)."
    assert "GROWTH-X" in result.feedback[-2] and "GROWTH-Z" in result.feedback[-1]


# --- colleagues -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ({"rater": 0, "ratings": {"x1": 1, "x2": 1, "y1": 1, "z1": 1}}, "from 1 to 20"),
        ({"rater": True, "ratings": {"x1": 1, "x2": 1, "y1": 1, "z1": 1}}, "whole number"),
        ({"rater": 2, "ratings": {"x1": 1}}, "missing item"),
        ({"rater": 2, "ratings": {}, "extra": 1}, "expected"),
    ],
)
def test_a_colleagues_answer_names_a_valid_rater(response: Any, message: str) -> None:
    with pytest.raises(ResponseError, match=message):
        grade(OBSERVER, response)


def test_only_an_observer_form_has_raters() -> None:
    with pytest.raises(ResponseError, match="only an observer form"):
        grade(SELF, {"rater": 2, "ratings": {"x1": 1, "x2": 1, "y1": 1, "z1": 1}})


def test_a_colleagues_answer_grades_like_a_plain_one() -> None:
    ratings = {"x1": 2, "y1": 4, "z1": 3, "x2": 3}
    assert grade(OBSERVER, {"rater": 3, "ratings": ratings}) == grade(OBSERVER, ratings)


def test_mean_profile_averages_only_the_scales_each_rater_gave() -> None:
    assert mean_profile([{"x": 4, "y": 2}, {"x": 2}, {"x": 3, "y": 3}]) == {"x": 3.0, "y": 2.5}


def profiles_for(exercise: Any, profile: dict[str, float]) -> dict[str, dict[str, float]]:
    """The profiles drawn on an exercise's chart, from the learner's saved answers."""
    from kit.ui.saved import last_answer

    return paired_profiles(load_catalog(), exercise, profile, last_answer)


def colleague(rater: int, x: int, y: int, z: int) -> dict[str, Any]:
    return {"rater": rater, "ratings": {"x1": x, "x2": 5 - x, "y1": y, "z1": z}}


def test_the_chart_averages_each_colleagues_latest_answer(sample: Path) -> None:
    kit.record("m01.profile", {"x1": 4, "x2": 1, "y1": 2, "z1": 3})
    kit.record("m01.profile-observer", {"x1": 1, "x2": 4, "y1": 1, "z1": 1})  # colleague 1, old
    kit.record("m01.profile-observer", colleague(2, 4, 2, 2))
    kit.record("m01.profile-observer", colleague(1, 2, 4, 2))  # colleague 1 again: replaces
    kit.record("m01.profile-observer", colleague(3, 3, 3, 2))
    profiles = profiles_for(SELF, {"x": 4.0, "y": 2.0, "z": 3.0})
    assert profiles == {
        "You": {"x": 4.0, "y": 2.0, "z": 3.0},
        "3 colleagues": {"x": 3.0, "y": 3.0, "z": 2.0},
    }
    view = kit.show("m01.profile-observer")
    assert view.value == colleague(3, 3, 3, 2)
    assert view.spec["raters"] == 20 and view.spec["check_label"] == "Save this colleague's ratings"
    said = " ".join(view.result["feedback_html"])
    assert "Saved for colleague 3 (answered so far: 1, 2, 3)" in said
    assert "mean of 3 colleagues" in said
    assert "3 colleagues" in view.result["chart_svg"]


def test_each_colleague_is_saved_as_an_attempt_of_their_own(sample: Path) -> None:
    view = kit.show("m01.profile-observer")
    view.answer(colleague(1, 4, 1, 1))
    press(view)
    view.try_again()
    view.answer({"rater": 2, "ratings": {"x1": 1}})
    assert view.check() is None and "statements 2, 3 and 4 are not rated yet" in view.message
    view.answer(colleague(2, 2, 3, None))  # type: ignore[arg-type]
    press(view)
    attempts = open_store().attempts("tester", "m01.profile-observer")
    assert [a.response["rater"] for a in attempts] == [1, 2]
    assert attempts[1].result.profile == {"x": 2.0, "y": 3.0}
    assert profiles_for(OBSERVER, attempts[1].result.profile)["2 colleagues"] == {
        "x": 3.0,
        "y": 2.0,
        "z": 1.0,
    }


def test_the_workbook_draws_the_colleagues_mean_and_says_how_many(sample: Path) -> None:
    kit.record("m01.profile", {"x1": 4, "x2": 1, "y1": 2, "z1": 3})
    kit.record("m01.profile-observer", colleague(1, 2, 4, 2))
    kit.record("m01.profile-observer", colleague(2, 3, 3, None))  # type: ignore[arg-type]
    catalog = load_catalog()
    done = latest_answers(catalog, open_store(), "tester")
    handout = build("workbook", catalog, "01", learner="tester", done=done)
    blocks = {b.id: b for b in handout.sections[0].items}
    assert blocks["m01.profile"].chart in handout.images
    note = blocks["m01.profile-observer"].chart_note
    assert (
        note
        == "The mean of 2 colleagues' latest ratings, drawn with yours on the chart for “Profile”."
    )
    rows = blocks["m01.profile-observer"].rows
    assert blocks["m01.profile-observer"].columns[-1] == "Can't say"
    assert [r.ticks[-1] for r in rows] == [False, False, True, False]  # z1 was "can't say"


# --- re-rating ------------------------------------------------------------------------------


@pytest.fixture
def rerated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample course with a re-rating of m01.profile."""
    copy = tmp_path / "course"
    shutil.copytree(SAMPLE, copy)
    with (copy / "exercises" / "01-sample.yaml").open("a", encoding="utf-8") as f:
        f.write(RERATE)
    monkeypatch.setenv("KIT_CONTENT", str(copy / "exercises"))
    return copy / "exercises"


def test_a_rerating_asks_the_originals_items(rerated: Path) -> None:
    again = load_catalog(rerated).exercise("m01.profile-again")
    assert again.items == SELF.items and again.scales == SELF.scales
    assert again.choices == SELF.choices and again.not_applicable == SELF.not_applicable


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    choices: [A, B, C]\n", "leave them out"),
        ("", "not a likert self-assessment"),
    ],
)
def test_a_broken_rerating_is_named(rerated: Path, extra: str, message: str) -> None:
    path = rerated / "01-sample.yaml"
    text = path.read_text(encoding="utf-8") + extra
    if not extra:
        text = text.replace("rerate_of: m01.profile\n", "rerate_of: m01.profile-observer\n")
    path.write_text(text, encoding="utf-8")
    problems = check(rerated)
    assert any(p.exercise_id == "m01.profile-again" and message in p.message for p in problems)
    with pytest.raises(ContentError):
        load_catalog(rerated)


def test_a_rerating_is_drawn_as_then_and_now(rerated: Path) -> None:
    kit.record("m01.profile", {"x1": 2, "x2": 3, "y1": 2, "z1": 3})
    view = kit.show("m01.profile-again")
    view.answer({"x1": 4, "x2": 1, "y1": 2, "z1": 1})
    press(view)
    assert "Then" in view.result["chart_svg"] and "Now" in view.result["chart_svg"]
    line = view.result["feedback_html"][-1]
    assert "Then and now: Scale X 2 → 4, Scale Y 2 → 2, Scale Z 3 → 1." in line
    catalog = load_catalog()
    done = latest_answers(catalog, open_store(), "tester")
    handout = build("workbook", catalog, "01", learner="tester", done=done)
    block = next(b for b in handout.sections[0].items if b.id == "m01.profile-again")
    assert block.chart in handout.images
    assert block.chart_note.startswith("Then: your answer to “Profile”. Now: this one.")
    assert "Scale Z 3 → 1" in block.chart_note


# --- cohorts --------------------------------------------------------------------------------


def test_cohort_profiles_average_each_colleagues_latest_answer(
    sample: Path, tmp_path: Path
) -> None:
    from kit.cohort import collect, init_cohort, load, stance_profiles
    from kit.handouts.cohort import cohort_answers

    from .cohort_support import submission, write

    folder = tmp_path / "cohort"
    init_cohort(folder, name="Autumn")
    write(folder / "inbox" / "ana.json", submission("ana", [
        ("m01.profile", {"x1": 4, "x2": None, "y1": 2, "z1": 3}),
        ("m01.profile-observer", colleague(1, 1, 1, 1)),
        ("m01.profile-observer", colleague(2, 4, 2, 2)),
        ("m01.profile-observer", colleague(1, 2, 4, None)),  # replaces colleague 1's first
    ]))  # fmt: skip
    collect(folder)
    frame = stance_profiles(load(folder)).set_index(["view", "scale"])
    assert frame.loc[("self", "x"), "value"] == 4.0  # "can't say" left out
    assert frame.loc[("observer", "x"), "value"] == 3.0
    assert frame.loc[("observer", "y"), "value"] == 3.0
    assert frame.loc[("observer", "z"), "value"] == 2.0  # only colleague 2 rated it
    assert set(frame.loc["observer", "raters"]) == {2}
    _root, given = cohort_answers(folder)
    assert set(given["ana"]["m01.profile-observer"].raters) == {1, 2}
