"""Handouts without a PDF: Markdown trees, the document model per mode, paper, names, answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kit
from kit.answers import CHANGED
from kit.answers import latest_answers as answers
from kit.content.catalog import load_catalog
from kit.handouts import richtext as rt
from kit.handouts.api import normalize_module
from kit.handouts.batch import HELPER_START_S, file_names, helpers_pay
from kit.handouts.blocks import exercise_block, learner_text
from kit.handouts.documents import build
from kit.handouts.render import default_paper
from kit.kinds import kind_of
from kit.store import open_store

from .conftest import TOTALS

HOSTILE = 'Ünïcode #import "x": * #read("/etc/passwd") $x$ <b> @ref \\ ] [ *bold* `raw`'


def test_markdown_becomes_a_tree_of_plain_strings() -> None:
    [para] = rt.blocks("Some **bold**, _em_, `code` and a [link](https://example.org).")
    assert [n["t"] for n in para["c"]] == ["s", "strong", "s", "em", "s", "code", "s", "link", "s"]
    assert para["c"][7]["url"] == "https://example.org"
    assert rt.plain(para) == "Some bold, em, code and a link."


def test_markdown_blocks_lists_quotes_code_and_tables() -> None:
    text = (
        "# T\n\n1. one\n2. two\n\n> q\n\n```\nx = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---"
    )
    kinds = [n["t"] for n in rt.blocks(text)]
    assert kinds == ["h", "ol", "quote", "code", "table", "hr"]
    table = rt.blocks(text)[4]
    assert [rt.plain(c) for c in table["head"]] == ["a", "b"]
    assert [[rt.plain(c) for c in row] for row in table["rows"]] == [["1", "2"]]


def test_raw_html_is_dropped_to_its_text() -> None:
    nodes = rt.blocks('<script>alert("x")</script>\n\nA <b>bold</b> claim')
    text = json.dumps(nodes)
    assert "<script>" not in text and "<b>" not in text
    assert rt.plain(nodes[-1]) == "A bold claim"


def test_typst_syntax_in_markdown_stays_text() -> None:
    assert rt.plain(rt.blocks(HOSTILE)).endswith("[ bold raw")
    assert "#read(" in rt.plain(rt.blocks(HOSTILE))


@pytest.mark.parametrize(
    ("env", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, "letter"),
        ({"LANG": "fr_CA.UTF-8"}, "letter"),
        ({"LANG": "de_DE.UTF-8"}, "a4"),
        ({"LANG": "en_GB.UTF-8"}, "a4"),
        ({"LANG": "C.UTF-8"}, "a4"),
        ({"LANG": "en_GB.UTF-8", "LC_PAPER": "en_US.UTF-8"}, "letter"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "nl_NL.UTF-8"}, "a4"),
    ],
)
def test_paper_follows_the_locale(
    env: dict[str, str], paper: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("LC_ALL", "LC_PAPER", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert default_paper() == paper


def test_file_names_are_distinct_and_portable() -> None:
    names = file_names(["Ann", "ann", "a:b", "a?b", "Zoë Ngũgĩ", "..", "A*"])
    assert len(set(names.values())) == 7
    assert len({n.casefold() for n in names.values()}) == 7
    assert names["Zoë Ngũgĩ"] == "Zoë_Ngũgĩ-workbook.pdf"
    assert all(not set(n) & set('<>:"|?*/\\ ') for n in names.values())


def test_helpers_start_only_when_the_work_left_outlasts_their_start() -> None:
    assert not helpers_pay(3, 0.1)
    assert not helpers_pay(10, HELPER_START_S / 10)
    assert helpers_pay(28, 0.3)


def test_module_numbers_are_normalised() -> None:
    assert normalize_module(1) == normalize_module("1") == normalize_module("01") == "01"
    assert normalize_module(None) is None


def test_worksheet_blocks_carry_no_keys_feedback_or_notes(sample: Path) -> None:
    catalog = load_catalog()
    for exercise in catalog.exercises.values():
        block = exercise_block(exercise, "worksheet")
        data = json.dumps(block.__dict__, default=lambda o: o.__dict__)
        for marker in ("FEEDBACK-", "RATIONALE-", "NOTE-", "GUIDANCE", "STRONG-", "GROWTH-"):
            assert marker not in data, (exercise.id, marker)
        assert not any(row.keys or row.note or row.tag for row in block.rows)


def test_guide_blocks_carry_keys_and_rationales(sample: Path) -> None:
    catalog = load_catalog()
    choice = exercise_block(catalog.exercise("m01.pick-one"), "guide")
    assert [row.keys for row in choice.rows] == [[False], [True], [False]]
    assert rt.plain(choice.rationale) == "RATIONALE-CHOICE because b is right."
    assert rt.plain(choice.facilitator_note) == "NOTE-CHOICE for trainers."
    scenario = exercise_block(catalog.exercise("m01.situation"), "guide")
    assert [row.tag for row in scenario.rows] == ["Best", "Partial credit (50%)", "No credit"]
    order = exercise_block(catalog.exercise("m01.steps"), "guide")
    assert [rt.plain(r.text) for r in order.rows] == [
        "First step",
        "Second step",
        "Third step",
        "Fourth step",
    ]


def test_worksheet_order_is_the_fixed_one_and_never_the_key(sample: Path) -> None:
    exercise = load_catalog().exercise("m01.steps")
    block = exercise_block(exercise, "worksheet")
    shown = [rt.plain(r.text) for r in block.rows]
    assert shown == [i.text for i in kind_of(exercise).shown(exercise, None)]
    assert shown != [i.text for i in exercise.items]


def test_workbook_model_has_answers_scores_and_not_started(sample: Path) -> None:
    kit.record("m01.pick-one", "b")
    kit.record("m01.think", {"when": HOSTILE, "what": "one two three four five"})
    catalog = load_catalog()
    done = answers(catalog, open_store(), "tester")
    handout = build("workbook", catalog, "01", learner="tester", done=done)
    blocks = {b.id: b for b in handout.sections[0].items}
    assert blocks["m01.pick-one"].status_label == "Correct"
    assert blocks["m01.pick-one"].score_text == "1 of 1 point"
    assert blocks["m01.think"].prompts[0].answer == HOSTILE
    assert blocks["m01.steps"].status_label == "Not answered yet"
    assert handout.summary == f"{TOTALS.answered(2)} · 2 of {TOTALS.points:g} points"
    assert handout.to_data()["learner"] == "tester" and not handout.contents


def test_changed_content_is_graded_again_with_a_notice(sample: Path) -> None:
    catalog = load_catalog()
    store = open_store()
    first = kit.record("m01.situation", "ask")
    exercise = catalog.exercise("m01.situation")
    store.add_attempt("tester", exercise.id, "0" * 16, "wait", first, kit.__version__)
    answer = answers(catalog, store, "tester")["m01.situation"]
    assert answer.notice == CHANGED
    assert answer.result.status == "partial"  # graded again, not the stored "correct"


def test_an_answer_that_no_longer_fits_is_left_out(sample: Path) -> None:
    catalog = load_catalog()
    store = open_store()
    result = kit.record("m01.pick-one", "b")
    store.add_attempt("tester", "m01.pick-one", "0" * 16, "zzz", result, kit.__version__)
    assert "m01.pick-one" not in answers(catalog, store, "tester")


def test_unknown_kind_and_module_are_clear_errors(sample: Path, tmp_path: Path) -> None:
    with pytest.raises(kit.errors.KitError, match="no handout kind 'poster'"):
        kit.handout("poster", tmp_path / "x.pdf")
    with pytest.raises(kit.errors.KitError, match="no module '09'"):
        kit.handout("guide", tmp_path / "x.pdf", module="9")
    assert not (tmp_path / "x.pdf").exists()


def test_learner_text_keeps_what_is_visible_and_drops_what_garbles() -> None:
    assert learner_text(HOSTILE) == HOSTILE
    assert learner_text("a\r\nb\rc\td") == "a\nb\nc    d"
    assert learner_text("nul\x00 bell\x07 rtl\u202eevil\u202c isolate\u2067x\u2069") == (
        "nul bell rtlevil isolatex"
    )
    assert learner_text("Zoë 中文 عربى 🙂") == "Zoë 中文 عربى 🙂"
