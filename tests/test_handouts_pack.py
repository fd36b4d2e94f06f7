"""The facilitator's delivery pack and the slides, built from the course content."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from kit.cli import main
from kit.content.catalog import Catalog, load_catalog
from kit.handouts import cli as handout_cli
from kit.handouts.pack import PIECES
from kit.handouts.roleplay import cards, role_plays, roles_of, rotation
from kit.handouts.runsheets import DAY, SESSION, Step, fit, one_day, sessions, six_weeks, steps
from kit.handouts.slides import deck
from kit.handouts.texts import text
from kit.handouts.weekly import short, try_this_week

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
def test_one_day_run_sheet_covers_every_module_in_six_and_a_half_hours(
    course: str, triad_course: Catalog
) -> None:
    catalog = load_catalog() if course == "installed" else triad_course
    sheet = one_day(catalog)
    table = next(e for e in sheet.elements if e["t"] == "table")
    text_rows = rows(table)
    assert length(text_rows) == DAY  # 09:00-15:30, breaks included
    whats = [r[2] for r in text_rows]
    assert whats.count("Lunch") == 1 and whats.count("Break") == 2
    for module in catalog.course.modules:
        assert any(w.startswith(f"Module {module.id} · {module.title}") for w in whats)
        for step in steps(catalog, module):
            assert any(w.startswith(step.activity) for w in whats)
    timed = [r for r in text_rows if not r[2].startswith("Module ")]
    for before, after in itertools.pairwise(timed):  # no gaps, no overlaps
        assert before[0].split("\u2013")[1] == after[0].split("\u2013")[0]


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
def test_the_whole_pack_prints_cleanly(triad_course: Catalog, tmp_path: Path) -> None:
    from kit.handouts.pack import pack

    paths = pack(tmp_path / "pack", triad_course, paper="letter")
    assert sorted(p.name for p in paths) == sorted(p.file_name for p in PIECES.values())
    for path in paths:
        found, runs = problems(path)
        assert runs > 20 and found == [], (path.name, found[:3])
    reader = PdfReader(tmp_path / "pack" / "role-play-cards.pdf")
    cards_text = " ".join(p.extract_text() for p in reader.pages)
    assert "Observer checklist" in cards_text and "Round 3" in cards_text
    assert "private" not in cards_text  # the notebook's note, not for a card
    text_of = " ".join(
        p.extract_text() for p in PdfReader(tmp_path / "pack" / "evaluation-form.pdf").pages
    )
    assert "Kirkpatrick" in " ".join(text_of.split())


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
