"""The course itself: coverage, shape of each module, facilitator notes and accuracy guards."""

from __future__ import annotations

import re
from collections import Counter

import nbformat
import pytest

from kit.content.catalog import load_catalog
from kit.kinds import KINDS

from .conftest import REPO

CATALOG = load_catalog(REPO / "exercises")
MODULES = [m for m in CATALOG.course.modules if m.id != "00"]


def notebook_text(module_id: str) -> str:
    module = CATALOG.module(module_id)
    notebook = nbformat.read(REPO / "modules" / f"{module.stem}.ipynb", as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def all_text() -> str:
    texts = [notebook_text(m.id) for m in CATALOG.course.modules]
    texts += [(REPO / "exercises" / f"{m.stem}.yaml").read_text() for m in CATALOG.course.modules]
    return "\n".join(texts)


def test_every_concept_is_checked_by_an_exercise_of_its_module() -> None:
    for module in CATALOG.course.modules:
        tagged = {c for e in CATALOG.module_exercises(module.id) for c in e.concepts}
        missing = [c.id for c in module.concepts if c.id not in tagged]
        assert not missing, f"module {module.id}: no exercise checks {missing}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_module_shape(module) -> None:
    exercises = CATALOG.module_exercises(module.id)
    assert len(exercises) >= 8
    assert 20 <= module.minutes <= 40
    assert any(e.kind == "reflection" for e in exercises)
    text = notebook_text(module.id)
    for heading in ("Key points", "Try this week", "Sources"):
        assert re.search(rf"^#+ .*{heading}", text, re.M | re.I), (
            f"{module.id}: no {heading!r} section"
        )
    notebook = nbformat.read(REPO / "modules" / f"{module.stem}.ipynb", as_version=4)
    shown = {c.source for c in notebook.cells if c.cell_type == "code"}
    for exercise in exercises:
        assert f'kit.show("{exercise.id}")' in shown, f"{exercise.id} is not in its notebook"


def test_every_kind_is_used_across_the_course() -> None:
    assert {e.kind for e in CATALOG.exercises.values()} == set(KINDS)


def test_every_option_has_its_own_feedback() -> None:
    for exercise in CATALOG.exercises.values():
        for key in ("options", "items"):
            entries = getattr(exercise, key, [])
            feedback = [getattr(e, "feedback", None) for e in entries]
            if feedback and all(feedback):
                assert len(set(feedback)) == len(feedback), f"{exercise.id}: repeated feedback"


def test_facilitator_notes_for_every_module() -> None:
    for module in CATALOG.course.modules:
        notes = CATALOG.files[module.id].facilitator
        assert notes.timings and notes.discussion and notes.confusions, module.id


def test_the_course_map_and_readme_agree_with_the_manifest() -> None:
    readme = (REPO / "README.md").read_text()
    start = notebook_text("00")
    for module in CATALOG.course.modules:
        assert f"| {module.id} | {module.title} | {module.minutes} |" in readme
        assert f"| {module.id} | {module.title} | {module.minutes} minutes |" in start


def test_stance_self_assessment() -> None:
    inventories = [e for e in CATALOG.module_exercises("02") if e.kind == "likert"]
    own = next(e for e in inventories if e.observer_of is None)
    observer = next(e for e in inventories if e.observer_of == own.id)
    assert len(own.scales) == 5
    assert Counter(i.scale for i in own.items) == {s.id: 4 for s in own.scales}
    assert any(i.reverse for i in own.items)
    assert all(a.scale != b.scale for a, b in zip(own.items, own.items[1:], strict=False))
    assert [i.scale for i in observer.items] == [i.scale for i in own.items]
    assert [i.reverse for i in observer.items] == [i.reverse for i in own.items]


def test_reactive_tendencies_are_tendencies_to_notice() -> None:
    [inventory] = [e for e in CATALOG.module_exercises("03") if e.kind == "likert"]
    assert {s.id for s in inventory.scales} >= {"controlling", "protecting", "complying"}
    assert inventory.reading_high != "Most used"


def test_listening_practice_has_a_dozen_responses_to_classify() -> None:
    levels = {"downloading", "factual", "empathic", "generative"}
    statements = [
        item
        for e in CATALOG.module_exercises("04")
        if e.kind == "categorize" and {b.id for b in e.buckets} == levels
        for item in e.items
    ]
    assert len(statements) >= 12
    assert {s.bucket for s in statements} == levels


@pytest.mark.parametrize("module_id", ["05", "06"])
def test_planners_are_reflections_with_several_prompts(module_id: str) -> None:
    planners = [e for e in CATALOG.module_exercises(module_id) if e.kind == "reflection"]
    assert max(len(e.prompts) for e in planners) >= 5


def contexts(word: str, width: int = 250) -> list[str]:
    """The text around every mention of `word`."""
    text = all_text()
    return [text[max(0, m.start() - width) : m.end() + width] for m in re.finditer(word, text)]


def test_no_misattributed_quotes() -> None:
    for context in contexts("Frankl"):
        assert re.search(r"\bnot\b|misattribut|isn't|[Nn]obody has\s+found", context), context
    for context in contexts("Drucker"):
        assert "Bennis" in context, context


def test_sinek_brain_mapping_is_called_a_metaphor() -> None:
    assert "metaphor" in notebook_text("01")


def test_the_poem_is_linked_not_reproduced() -> None:
    text = notebook_text("06")
    assert "poetry-chaikhana.com/Poets/W/WhyteDavid/AllTrueVows" in text
    assert "Whyte" in text


def test_module_02_names_the_books_terms_once() -> None:
    """The book's names for two stances are given once; the course then says Back and Side."""
    text = notebook_text("02")
    for term in ("Behind", "Beside"):
        assert len(re.findall(rf"\b{term}\b", text)) == 1, term
    assert "Kimsey-House" in text
