"""The facilitator's delivery pack and the slides, built from the course content."""

from __future__ import annotations

import copy
import itertools
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from kit.cli import main
from kit.content.catalog import Catalog, load_catalog
from kit.errors import KitError
from kit.handouts import cli as handout_cli
from kit.handouts.answerkey import answer_key
from kit.handouts.certificates import Rule, verdicts
from kit.handouts.delivery import Delivery, from_cohort
from kit.handouts.oneday import choose, one_day, pre_work, pre_work_minutes
from kit.handouts.pack import PIECES
from kit.handouts.roleplay import cards, role_plays, roles_of, rotation
from kit.handouts.runsheets import DAY, SESSION, Step, fit, sessions, six_weeks
from kit.handouts.signin import roster as roster_names
from kit.handouts.slides import deck
from kit.handouts.texts import text
from kit.handouts.weekly import short, try_this_week
from kit.kinds import kind_of

from .conftest import REPO
from .test_handouts_layout import problems

SIXTEEN_NINE = (960, 540)  # points: 13.33 by 7.5 inches


def rows(sheet_element: dict) -> list[list[str]]:
    """A table's rows as plain strings."""
    return [
        ["".join(n.get("text", "") for n in cell) for cell in row] for row in sheet_element["rows"]
    ]


def plain(nodes: list[dict]) -> str:
    """The text of rich-text nodes, markup dropped."""
    return "".join(n.get("text", "") + plain(n.get("c", [])) for n in nodes)


def clock(text: str) -> int:
    hours, minutes = map(int, text.split(":"))
    return hours * 60 + minutes


def length(text_rows: list[list[str]]) -> int:
    """Minutes from the first row's start to the last row's end."""
    return clock(text_rows[-1][0].split("\u2013")[1]) - clock(text_rows[0][0].split("\u2013")[0])


@pytest.fixture
def triad_course(tmp_path: Path) -> Catalog:
    """The course with a role play for three and its observer checklist added to module 05,
    and a facilitator timing that names it."""
    root = tmp_path / "course"
    shutil.copytree(REPO / "exercises", root / "exercises")
    shutil.copytree(REPO / "modules", root / "modules")
    path = root / "exercises" / "05-difficult-conversations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    concept = data["exercises"][0]["concepts"][0]
    data["facilitator"]["timings"].append(
        {"minutes": 30, "activity": "Practice in threes (m05.practice), three rounds."}
    )
    data["exercises"] += [
        {
            "id": "m05.practice",
            "kind": "reflection",
            "title": "Practise in threes",
            "concepts": [concept],
            "points": 1,
            "prompt": (
                "Three roles, swapped after each round:\n\n"
                "- **Speaker.** Bring a real, small conversation.\n"
                "- **Listener.** Open it and stay curious.\n"
                "- **Observer.** Watch and use the checklist.\n\n"
                "Each round: five minutes of conversation, three of debrief. Write your notes "
                "below; they are private."
            ),
            "prompts": [{"id": "notes", "label": "What did you learn?"}],
            "guidance": "Specific.",
            "rationale": "Practice.",
        },
        {
            "id": "m05.practice-observer",
            "kind": "likert",
            "title": "Observer checklist",
            "concepts": [concept],
            "points": 0,
            "prompt": "Tick what you see.",
            "rationale": "Seen, not guessed.",
            "choices": ["Not seen", "Once", "More"],
            "scales": [{"id": "open", "label": "Opening", "strong": "S.", "growth": "G."}],
            "items": [
                {"id": "a", "text": "The listener opened with a third story.", "scale": "open"},
                {"id": "b", "text": "The listener asked before telling.", "scale": "open"},
            ],
        },
    ]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_catalog(root / "exercises")


@pytest.mark.parametrize("course", ["installed", "with a role play"])
def test_one_day_plan_keeps_whole_activities_in_six_and_a_half_hours(
    course: str, triad_course: Catalog
) -> None:
    catalog = load_catalog() if course == "installed" else triad_course
    sheet = one_day(catalog)
    table = next(e for e in sheet.elements if e["t"] == "table")
    text_rows = rows(table)
    assert length(text_rows) == DAY  # 09:00-15:30, breaks included
    whats = [r[2] for r in text_rows]
    assert whats.count("Lunch") == 1 and whats.count("Break") == 2
    planned_minutes = {
        " ".join(t.activity.split()): t.minutes
        for m in catalog.course.modules
        for t in catalog.files[m.id].facilitator.timings
    }
    activities = [r for r in text_rows if r[2].split(" *")[0] in planned_minutes]
    assert len(activities) >= 12
    for row in activities:  # every activity kept whole: its planned minutes, no shrinking
        assert int(row[1]) == planned_minutes[row[2].split(" *")[0]] >= 8
    timed = [r for r in text_rows if not r[2].startswith("Module ")]
    for before, after in itertools.pairwise(timed):  # no gaps, no overlaps
        assert before[0].split("\u2013")[1] == after[0].split("\u2013")[0]
    practice = {
        " ".join(t.activity.split())
        for m in catalog.course.modules
        for t in catalog.files[m.id].facilitator.timings
        if t.practice
    }
    kept = {r[2].split(" *")[0] for r in activities}
    assert len(kept & practice) >= 4, "the day is for practice"
    since_break = 0
    for row in timed:  # nobody sits more than two and a half hours without a break
        since_break = 0 if row[2] in ("Break", "Lunch") else since_break + int(row[1])
        assert since_break <= 150
    left = next(e for e in sheet.elements if e["t"] == "list")
    assert any("Module 03" in plain(i) for i in left["items"])


def test_pre_work_is_two_to_three_hours_of_named_modules_and_exercises() -> None:
    catalog = load_catalog()
    assert 120 <= pre_work_minutes(catalog) <= 180
    sheet = pre_work(catalog)
    table = next(e for e in sheet.elements if e["t"] == "table")
    assert plain(table["rows"][-1][1]) == "In all"
    plan = text("one-day")
    for step in plan["pre_work"]["steps"]:
        assert all(e in catalog.exercises for e in step.get("exercises", []))
    in_the_room = {m["module"] for m in plan["modules"]}
    done_before = {s["module"] for s in plan["pre_work"]["steps"]}
    assert in_the_room | done_before == {m.id for m in catalog.course.modules}


def test_a_plan_that_names_an_activity_the_course_lacks_says_which(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = copy.deepcopy(text("one-day"))
    plan["modules"][1]["keep"].append({"find": "Juggling practice"})
    with pytest.raises(KitError, match=r"module 02: no facilitator timing says .Juggling"):
        choose(load_catalog(), plan)
    plan["modules"][1]["keep"][-1] = {"find": "the"}
    with pytest.raises(KitError, match="more than one"):
        choose(load_catalog(), plan)


def test_answer_keys_follow_the_worksheets_order() -> None:
    catalog = load_catalog()
    for module in catalog.course.modules:
        sheet = answer_key(catalog, module.id)
        table = next(e for e in sheet.elements if e["t"] == "table")
        assert len(table["rows"]) == len(catalog.module_exercises(module.id))
    choice = next(e for e in catalog.exercises.values() if e.kind == "choice")
    place = next(n for n, o in enumerate(kind_of(choice).shown(choice, None), 1) if o.correct)
    table = next(e for e in answer_key(catalog, choice.id[1:3]).elements if e["t"] == "table")
    key = next(plain(r[2]) for r in table["rows"] if choice.title in plain(r[1]))
    assert key.startswith(str(place))
    order = next(e for e in catalog.exercises.values() if e.kind == "order")
    written = [
        str([i.id for i in order.items].index(i.id) + 1) for i in kind_of(order).shown(order, None)
    ]
    sheet = answer_key(catalog, order.id[1:3])
    assert any(" · ".join(written) in plain(r[2]) for r in sheet.elements[-1]["rows"])


def test_certificates_follow_the_trainers_rule() -> None:
    catalog = load_catalog()
    module = catalog.module("01")
    shown = [e for e in catalog.module_exercises("01") if not e.private]
    half = shown[: (len(shown) + 1) // 2]  # at least half answered
    latest = [("ana", e.id, e.points) for e in shown] + [("ben", e.id, 0.0) for e in half]
    learners = {"ana": "Ana Souza", "ben": "", "cy": "Cy"}
    rule = Rule(("01",), answered=0.5, score=0.5)
    found = {v.learner: v for v in verdicts(catalog, latest, learners, rule)}
    assert found["ana"].passed and found["ana"].name == "Ana Souza"
    assert not found["ben"].passed and "points" in found["ben"].why
    assert not found["cy"].passed and "module 01: 0 of" in found["cy"].why
    lenient = {v.learner: v.passed for v in verdicts(catalog, latest, learners, Rule(("01",), 0.5))}
    assert lenient == {"ana": True, "ben": True, "cy": False}
    with pytest.raises(KitError, match="from 0 to 1"):
        Rule(answered=1.5)
    assert module.id in Rule(("01",)).describe(catalog)


def test_activities_keep_their_share_when_the_time_is_short() -> None:
    parts = [
        Step(32, "practice", 32),
        Step(10, "opening", 10),
        Step(5, "close", 5),
        Step(1, "x", 1),
    ]
    fitted = fit(parts, 24)
    assert sum(p.minutes for p in fitted) == 24
    assert [p.minutes for p in fitted] == [16, 5, 2, 1]  # about half each, never below one
    assert [p.planned for p in fitted] == [32, 10, 5, 1]
    assert fit(parts, 60) == parts  # time enough: as planned


def test_practice_in_turns_keeps_its_time_while_the_rest_is_shortened() -> None:
    parts = [
        Step(30, "triads", 30, practice=True),
        Step(20, "teach", 20),
        Step(10, "close", 10),
    ]
    fitted = fit(parts, 45)
    assert [p.minutes for p in fitted] == [30, 10, 5]
    assert [p.minutes for p in fit(parts, 31)] == [16, 10, 5], "no room left: all alike"


@pytest.mark.parametrize("course", ["installed", "with a role play"])
def test_six_week_programme_fits_90_minute_sessions_with_check_ins_on_try_this_week(
    course: str, triad_course: Catalog
) -> None:
    catalog = load_catalog() if course == "installed" else triad_course
    groups = sessions(catalog)
    assert len(groups) == min(6, len(catalog.course.modules))
    assert [m.id for g in groups for m in g] == [m.id for m in catalog.course.modules]
    sheet = six_weeks(catalog)
    tables = [e for e in sheet.elements if e["t"] == "table"]
    assert len(tables) == len(groups)
    for week, table in enumerate(tables):
        text_rows = rows(table)
        assert length(text_rows) == SESSION
        if week:
            before = groups[week - 1]
            tried = [short(i) for m in before for i in try_this_week(catalog, m)]
            assert tried and all(t in text_rows[0][2] for t in tried)


def test_role_play_cards_have_every_role_an_observer_checklist_and_a_rotation(
    triad_course: Catalog,
) -> None:
    [play] = [p for p in role_plays(triad_course) if p.exercise.id == "m05.practice"]
    assert [r for r, _ in play.roles] == ["Speaker", "Listener", "Observer"]
    assert play.checklist == [
        "The listener opened with a third story.",
        "The listener asked before telling.",
    ]
    assert play.timing == (30, "Practice in threes (m05.practice), three rounds.")
    assert play.rules == ["Each round: five minutes of conversation, three of debrief."]
    for plan in (rotation(3), rotation(4)):  # everyone plays every role once
        n = len(plan)
        assert all(sorted(r) == list(range(n)) for r in plan)
        assert all(sorted(r[p] for r in plan) == list(range(n)) for p in range(n))
    sheet = cards(triad_course)
    assert sheet is not None
    role_cards = [e for e in sheet.elements if e["t"] == "card"]
    assert [c["title"] for c in role_cards][-3:] == ["Speaker", "Listener", "Observer"]
    assert len(role_cards[-1]["checklist"]) == 2 and not role_cards[-3]["checklist"]


def test_a_course_without_a_role_play_skips_the_cards_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "course"
    shutil.copytree(REPO / "exercises", root / "exercises")
    shutil.copytree(REPO / "modules", root / "modules")
    for path in (root / "exercises").glob("[0-9][0-9]-*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["exercises"] = [e for e in data["exercises"] if len(roles_of(e["prompt"])) < 2]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    monkeypatch.setenv("KIT_CONTENT", str(root / "exercises"))
    assert cards(load_catalog()) is None
    result = CliRunner().invoke(
        main, ["handout", "pack", "--piece", "role-play", "-o", str(tmp_path / "pack")]
    )
    assert result.exit_code == 0, result.output
    assert "skipped the role-play cards: no exercise of the course lists the roles" in result.stderr
    assert not (tmp_path / "pack" / "role-play-cards.pdf").exists()


def test_the_wording_not_from_the_course_is_data_and_credits_kirkpatrick() -> None:
    evaluation = text("evaluation")
    assert [p["level"] for p in evaluation["parts"]] == ["reaction", "learning", "behaviour"]
    assert "Kirkpatrick" in evaluation["credit"]
    assert len(text("agreement")["promises"]) >= 5
    assert text("manager-briefing")["sections"]


def test_cli_piece_names_are_the_packs() -> None:
    assert tuple(PIECES) == handout_cli.PIECE_NAMES


@pytest.mark.pdf
def test_the_whole_pack_prints_cleanly_with_the_delivery_on_every_page(
    triad_course: Catalog, tmp_path: Path
) -> None:
    from kit.handouts.pack import pack

    details = Delivery(client="Acme Freight", cohort="Spring group", trainer="Dana Reyes")
    details = details.over(Delivery(start=date(2025, 5, 6)))
    paths = pack(
        tmp_path / "pack", triad_course, paper="letter", delivery=details, names=["Ana Souza"]
    )
    expected = [
        p.file_name.format(module=m)
        for p in PIECES.values()
        for m in ([x.id for x in triad_course.course.modules] if p.per_module else [""])
    ]
    assert sorted(p.name for p in paths) == sorted(expected)
    for path in paths:
        found, runs = problems(path)
        assert runs > 8 and found == [], (path.name, found[:3])
        for page in PdfReader(path).pages:
            shown = " ".join(page.extract_text().split())
            for value in ("Acme Freight", "Spring group", "Dana Reyes", "6 May 2025"):
                assert value in shown, (path.name, value)
    reader = PdfReader(tmp_path / "pack" / "role-play-cards.pdf")
    cards_text = " ".join(p.extract_text() for p in reader.pages)
    assert "Observer checklist" in cards_text and "Round 3" in cards_text
    assert "private" not in cards_text  # the notebook's note, not for a card
    text_of = " ".join(
        p.extract_text() for p in PdfReader(tmp_path / "pack" / "evaluation-form.pdf").pages
    )
    assert "Kirkpatrick" in " ".join(text_of.split())
    sign_in = " ".join(
        PdfReader(tmp_path / "pack" / "sign-in-sheet.pdf").pages[0].extract_text().split()
    )
    assert "Ana Souza" in sign_in and "Signature" in sign_in
    notes = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(tmp_path / "pack" / "trainer-notes.pdf").pages
        ).split()
    )
    for topic in ("online", "Co-Active", "Leadership Circle Profile", "proprietary"):
        assert topic in notes
    six = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(tmp_path / "pack" / "run-sheet-six-weeks.pdf").pages
        ).split()
    )
    assert "Week 2 · 13 May 2025" in six


def test_blank_delivery_details_print_as_lines_to_fill_in(tmp_path: Path) -> None:
    assert Delivery().labelled() == [["Client", ""], ["Cohort", ""], ["Trainer", ""], ["Dates", ""]]
    assert Delivery(start=date(2025, 5, 6)).with_dates().dates == "6 May 2025"
    assert Delivery(client="A").over(Delivery(client="B", trainer="T")).labelled()[:3] == [
        ["Client", "A"],
        ["Cohort", ""],
        ["Trainer", "T"],
    ]


def test_pack_takes_the_delivery_and_roster_from_a_cohort(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,name\nana,Ana Souza\nben,Ben Okafor\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["cohort", "init", str(tmp_path / "c"), "--roster", str(roster)])
    assert result.exit_code == 0, result.output
    config = tmp_path / "c" / "cohort.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["delivery"] = {"client": "Acme Freight", "trainer": "Dana Reyes", "start": "2025-05-06"}
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    cohort = from_cohort(tmp_path / "c")
    assert (cohort.client, cohort.cohort, cohort.start) == ("Acme Freight", "c", date(2025, 5, 6))
    assert roster_names(tmp_path / "c") == ["Ana Souza", "Ben Okafor"]
    data["delivery"]["start"] = "next tuesday"
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KitError, match=r"delivery\.start"):
        from_cohort(tmp_path / "c")


@pytest.mark.pdf
def test_slides_for_every_module_are_16_9_one_page_a_slide_and_never_show_keys(
    tmp_path: Path,
) -> None:
    result = CliRunner().invoke(main, ["handout", "slides", "-o", str(tmp_path / "slides")])
    assert result.exit_code == 0, result.output
    catalog = load_catalog()
    for module in catalog.course.modules:
        path = tmp_path / "slides" / f"slides-{module.id}.pdf"
        reader = PdfReader(path)
        assert len(reader.pages) == len(deck(catalog, module.id).slides)  # nothing spills
        sizes = {
            (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
        }
        assert sizes == {SIXTEEN_NINE}
        assert problems(path)[0] == []
        shown = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
        assert module.title in shown and "Key points" in shown
        for exercise in catalog.module_exercises(module.id):
            assert exercise.title in shown
            rationale = " ".join(exercise.rationale.split())[:60]
            assert rationale not in shown


@pytest.mark.pdf
def test_slides_for_one_module(tmp_path: Path) -> None:
    out = tmp_path / "deck.pdf"
    result = CliRunner().invoke(main, ["handout", "slides", "--module", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    shown = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Module 02" in shown


@pytest.mark.pdf
def test_certificates_for_a_cohort_name_who_met_the_rule_and_who_did_not(tmp_path: Path) -> None:
    runner = CliRunner()
    cohort = tmp_path / "demo"
    assert runner.invoke(main, ["cohort", "demo", str(cohort), "--learners", "4"]).exit_code == 0
    assert runner.invoke(main, ["cohort", "collect", str(cohort)]).exit_code == 0
    out = tmp_path / "certs"
    args = ["handout", "certificates", "--cohort", str(cohort), "-o", str(out)]
    result = runner.invoke(main, [*args, "--answered", "50", "--trainer", "Dana Reyes"])
    assert result.exit_code == 0, result.output
    made = sorted(out.glob("*-certificate.pdf"))
    assert made and "no certificate for absent: module 00: 0 of" in result.stderr
    assert f"wrote {len(made)} certificates" in result.output
    for path in made:
        reader = PdfReader(path)
        assert len(reader.pages) == 1
        shown = " ".join(reader.pages[0].extract_text().split())
        assert "Certificate of completion" in shown and "Dana Reyes" in shown
        assert "at least 50% of the exercises" in shown
        assert problems(path)[0] == []
    strict = runner.invoke(main, [*args, "--answered", "100", "--score", "100"])
    assert "wrote 0 certificates" in strict.output
