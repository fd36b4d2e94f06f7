"""Cohort reports on a small hand-made cohort with known answers, and their exports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kit.cohort import (
    collect,
    completion,
    concept_mastery,
    concept_summary,
    exercise_stats,
    flags,
    html_table,
    init_cohort,
    learners,
    lms,
    load,
    option_counts,
    reflections,
    rubric_scores,
    stance_profiles,
    summary,
    write_reports,
)
from kit.cohort.charts import (
    completion_heatmap,
    concept_mastery_chart,
    score_distributions,
    stance_radar,
)
from kit.cohort.data import CohortData
from kit.cohort.gradebook import open_gradebook

from .cohort_support import sample_catalog, submission, write
from .conftest import TOTALS

SCRIPT = "<script>alert(1)</script> at the office"
FORMULA = '=HYPERLINK("http://evil.example") then I asked everyone'


@pytest.fixture
def data(sample: Path, tmp_path: Path) -> CohortData:
    """ana and bo on the roster with dee (who hands in nothing); cy is not on the roster."""
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,name,email\nana,Ana A,ana@x.org\nbo,Bo B,bo@x.org\ndee,Dee D,\n")
    folder = tmp_path / "c"
    init_cohort(folder, roster=roster, name="Spring")
    inbox = folder / "inbox"
    write(inbox / "ana.json", submission("ana", [
        ("m01.pick-one", "b"),
        ("m01.pick-many", ["a", "c"]),
        ("m01.situation", "wait"),
        ("m01.situation", "ask"),
        ("m01.think", {"when": "in my first week", "what": "I asked each person what they need"}),
        ("m01.profile", {"x1": 4, "y1": 2, "z1": 1, "x2": 1}),
    ]))  # fmt: skip
    write(inbox / "bo.json", submission("bo", [
        ("m01.pick-one", "a"),
        ("m01.pick-many", ["a", "b"]),
        ("m01.sort-them", {"budget": "manage", "vision": "lead", "staff": "manage"}),
        ("m01.steps", ["first", "second", "third", "fourth"]),
        ("m01.profile", {"x1": 2, "y1": 4, "z1": 3, "x2": 3}),
        ("m01.profile-observer", {"x1": 3, "y1": 3, "z1": 3, "x2": 2}),
    ]))  # fmt: skip
    write(inbox / "cy.json", submission("cy", [
        ("m01.pick-one", "c"),
        ("m01.think", {"when": SCRIPT, "what": FORMULA}),
    ]))  # fmt: skip
    assert collect(folder).added == 14
    with open_gradebook(folder / "gradebook.sqlite3") as book:
        think = sample_catalog().exercises["m01.think"]
        book.set_rubric("cy", think, {"specific": (1.5, "<b>vague</b> but honest")})
    return load(folder)


def rows(frame, key: str) -> dict:
    return frame.set_index(key).to_dict("index")


def test_learners_and_completion(data: CohortData) -> None:
    people = rows(learners(data), "learner")
    assert list(people) == ["ana", "bo", "cy", "dee"]
    assert (people["cy"]["on_roster"], people["cy"]["submitted"]) == (False, True)
    assert (people["dee"]["on_roster"], people["dee"]["submitted"]) == (True, False)
    assert people["ana"]["name"] == "Ana A" and people["ana"]["attempts"] == 6
    done = rows(completion(data), "learner")
    assert {k: (v["answered"], v["score"], v["percent"]) for k, v in done.items()} == {
        "ana": (5, 7.0, TOTALS.percent(7)),
        "bo": (6, 7.0, TOTALS.percent(7)),
        "cy": (2, 1.0, TOTALS.percent(1)),
        "dee": (0, 0.0, 0.0),
    }
    assert done["bo"]["completion"] == 6 / TOTALS.exercises
    assert done["ana"]["max_score"] == TOTALS.points


def test_exercise_difficulty_and_option_choices(data: CohortData) -> None:
    stats = rows(exercise_stats(data), "exercise_id")
    assert stats["m01.pick-one"]["learners"] == 3
    assert stats["m01.pick-one"]["first_try_correct"] == pytest.approx(0.333)
    situation = stats["m01.situation"]
    assert (
        situation["learners"],
        situation["attempts"],
        situation["first_score"],
        situation["latest_score"],
    ) == (1, 2, 0.5, 1.0)
    assert situation["attempts_per_learner"] == 2.0
    options = option_counts(data)
    pick = options[options["exercise_id"] == "m01.pick-one"].set_index("choice")
    assert pick["chosen"].to_dict() == {"a": 1, "b": 1, "c": 1}
    assert pick["credit"].to_dict() == {"a": 0.0, "b": 1.0, "c": 0.0}
    first = options[options["exercise_id"] == "m01.situation"].set_index("choice")
    assert first["chosen"].to_dict() == {"ask": 0, "wait": 1, "end": 0}, "first tries only"
    many = options[options["exercise_id"] == "m01.pick-many"].set_index("choice")["share"]
    assert many.to_dict() == {"a": 1.0, "b": 0.5, "c": 0.5, "d": 0.0}
    sort = options[(options["exercise_id"] == "m01.sort-them") & (options["item"] == "budget")]
    assert sort.set_index("choice")["chosen"].to_dict() == {"manage": 1, "lead": 0}


def test_concept_mastery(data: CohortData) -> None:
    mastery = concept_mastery(data).set_index(["learner", "concept"])
    assert mastery.loc[("ana", "s.one"), "mastery"] == 1.0
    assert mastery.loc[("bo", "s.one"), "mastery"] == pytest.approx(0.333)
    assert mastery.loc[("bo", "s.two"), ["answered", "mastery"]].tolist() == [2, 1.0]
    assert mastery.loc[("cy", "s.two"), "answered"] == 0
    per_concept = rows(concept_summary(data), "concept")
    assert per_concept["s.one"]["learners"] == 3
    assert per_concept["s.one"]["mean_mastery"] == pytest.approx(0.444, abs=0.001)
    assert per_concept["s.one"]["mastered"] == pytest.approx(0.333)
    assert (per_concept["s.two"]["learners"], per_concept["s.two"]["mean_mastery"]) == (2, 1.0)


def test_stance_profiles(data: CohortData) -> None:
    profiles = stance_profiles(data).set_index(["learner", "view", "scale"])["value"]
    assert profiles[("ana", "self", "x")] == 4.0 and profiles[("ana", "self", "z")] == 1.0
    assert profiles[("bo", "self", "x")] == 2.0 and profiles[("bo", "observer", "x")] == 3.0
    radar = stance_radar(data)
    assert radar is not None and "The cohort (self), n=2: Scale X 3.0" in radar.alt


def test_reflections_rubric_and_flags(data: CohortData) -> None:
    texts = reflections(data).set_index(["learner", "prompt"])
    assert texts.loc[("cy", "When was it?"), "text"] == SCRIPT
    assert texts.loc[("cy", "What did you do?"), "rubric_points"] == 1.5
    assert texts.loc[("cy", "What did you do?"), "rubric_comments"] == "<b>vague</b> but honest"
    assert texts.loc[("ana", "When was it?"), "words"] == 4
    [score] = rubric_scores(data).to_dict("records")
    assert (score["label"], score["points"], score["max_points"]) == ("Specific", 1.5, 2.0)
    assert flags(data).set_index("learner")["flag"].to_dict() == {
        "cy": "not on the roster",
        "dee": "nothing handed in",
    }


def test_lms_has_one_plain_row_per_learner(data: CohortData) -> None:
    grades = lms(data)
    assert list(grades["learner_id"]) == ["ana", "bo", "cy", "dee"]
    assert list(grades.columns[:6]) == [
        "learner_id",
        "name",
        "email",
        "points",
        "max_points",
        "percent",
    ]
    ana = rows(grades, "learner_id")["ana"]
    assert (ana["points"], ana["max_points"], ana["percent"], ana["module_01_percent"]) == (
        7.0,
        TOTALS.points,
        TOTALS.percent(7),
        TOTALS.percent(7),
    )
    assert rows(grades, "learner_id")["cy"]["rubric_points"] == 1.5
    numbers = summary(data)["value"].to_dict()
    assert numbers["learners"] == 4 and numbers["handed in"] == 3 and numbers["attempts"] == 14


def test_learner_text_is_escaped_in_html(data: CohortData) -> None:
    for html in (html_table(reflections(data)), reflections(data)._repr_html_()):
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert "<b>vague" not in html


def test_exports_are_formula_safe_and_complete(data: CohortData, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    written = {p.name for p in write_reports(data, out)}
    assert {"reflections.csv", "completion.csv", "cohort-report.xlsx", "lms-grades.csv"} <= written
    with (out / "reflections.csv").open(encoding="utf-8") as f:
        texts = [r["text"] for r in csv.DictReader(f)]
    assert "'" + FORMULA in texts and SCRIPT in texts
    book = load_workbook(out / "cohort-report.xlsx")
    assert book.sheetnames == [
        "summary", "grades", "learners", "completion", "exercises", "options", "concepts",
        "concept-mastery", "profiles", "rubric", "flags", "m01.think",
    ]  # fmt: skip
    numbers = {r[0].value: r[1].value for r in book["summary"]}
    mean = round(100 * (5 + 6 + 2 + 0) / 4 / TOTALS.exercises, 1)  # ana, bo, cy, dee
    assert numbers["learners"] == 4 and numbers["mean completion (%)"] == mean, (
        "numbers stay numbers"
    )
    completion_sheet = {r[0].value: [c.value for c in r[1:]] for r in book["completion"]}
    assert completion_sheet["learner"] == ["M01 answered %"]
    assert completion_sheet["bo"] == [round(100 * 6 / TOTALS.exercises, 1)]
    assert completion_sheet["dee"] == [0.0]
    sheet = book["m01.think"]
    header = [c.value for c in sheet[1]]
    assert header == ["learner", "When was it?", "What did you do?", "rubric_points",
                      "rubric_comments"], "prompts in the order the learner saw them"  # fmt: skip
    cy = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "cy")
    cell = cy[header.index("What did you do?")]
    assert cell.value == FORMULA and cell.data_type == "s"
    grades = book["grades"]
    assert [c.value for c in grades[1]][:3] == ["learner_id", "name", "email"]
    with (out / "lms-grades.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 4


def test_charts_render_with_a_description(data: CohortData) -> None:
    for make in (completion_heatmap, score_distributions, concept_mastery_chart, stance_radar):
        chart = make(data)
        assert chart is not None and chart.alt
        assert chart.png().startswith(b"\x89PNG")
        assert f'alt="{chart.alt.replace(chr(39), "&#x27;")}"' in chart._repr_html_()
    mean = round(100 * (5 + 6 + 2 + 0) / 4 / TOTALS.exercises)  # ana, bo, cy, dee
    assert f"on average {mean}% of exercises answered" in completion_heatmap(data).alt


def test_an_empty_cohort_reports_and_charts_without_errors(sample: Path, tmp_path: Path) -> None:
    init_cohort(tmp_path / "c")
    empty = load(tmp_path / "c")
    assert summary(empty)["value"]["learners"] == 0
    assert list(concept_summary(empty)["concept"]) == ["s.one", "s.two"]
    assert len(write_reports(empty, tmp_path / "out")) == 13
    for make in (completion_heatmap, score_distributions, concept_mastery_chart, stance_radar):
        chart = make(empty)
        assert chart is not None and chart.png().startswith(b"\x89PNG")
