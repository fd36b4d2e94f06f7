"""The course itself: coverage, shape of each module, facilitator notes and accuracy guards."""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path
from statistics import mean
from typing import Any

import nbformat
import pytest

from kit.content.catalog import load_catalog
from kit.kinds import KINDS, kind_of

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
    assert 45 <= module.minutes <= 110
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
    [observer] = [e for e in inventories if e.observer_of]
    own = CATALOG.exercise(observer.observer_of)
    assert len(own.scales) == 5
    assert Counter(i.scale for i in own.items) == {s.id: 4 for s in own.scales}
    assert any(i.reverse for i in own.items)
    assert all(a.scale != b.scale for a, b in zip(own.items, own.items[1:], strict=False))
    assert [i.scale for i in observer.items] == [i.scale for i in own.items]
    assert [i.reverse for i in observer.items] == [i.reverse for i in own.items]
    assert [i.id for i in observer.items] == [i.id for i in own.items]  # one for one
    assert own.choices[0] == "Never", "a frequency scale needs a floor"


def self_assessments(module_id: str) -> list[Any]:
    """A module's likert self-assessments: not colleagues' forms, not observer checklists."""
    return [
        e
        for e in CATALOG.module_exercises(module_id)
        if e.kind == "likert" and not e.observer_of and "observer" not in e.title.lower()
    ]


def test_reactive_tendencies_are_tendencies_to_notice() -> None:
    [inventory] = self_assessments("03")
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


# --- Honest timings -------------------------------------------------------------------------

READING_WPM = 200


def words(text: str) -> int:
    return len(re.findall(r"\w+(?:['\u2019]\w+)*", text))


FREE_TEXT = ("text", "label", "feedback", "hint", "strong", "growth", "description")


def learner_text(exercise: Any) -> str:
    """Everything a learner reads in an exercise: title, prompt, rationale and guidance, the
    rating points, and the words of every part of every list (options, statements, scales...)."""
    parts = [exercise.title, exercise.prompt, exercise.rationale]
    parts += getattr(exercise, "choices", [])
    parts += [getattr(exercise, "guidance", None) or ""]
    for value in exercise.model_dump().values():
        if isinstance(value, list):
            for entry in value:
                if isinstance(entry, dict):
                    parts += [str(entry[k]) for k in FREE_TEXT if entry.get(k)]
    return "\n".join(parts)


def doing_minutes(exercise: Any) -> float:
    """The kind's own estimate of the time to do the exercise, reading aside."""
    return kind_of(exercise).doing_minutes(exercise)


def estimated_minutes(module_id: str) -> float:
    """The notebook's text and every exercise's text and feedback at 200 words a minute, plus
    the time to do each exercise."""
    exercises = CATALOG.module_exercises(module_id)
    read = words(notebook_text(module_id)) + sum(words(learner_text(e)) for e in exercises)
    return read / READING_WPM + sum(doing_minutes(e) for e in exercises)


@pytest.mark.parametrize("module", CATALOG.course.modules, ids=lambda m: m.id)
def test_stated_minutes_are_within_a_fifth_of_the_estimate(module) -> None:
    estimate = estimated_minutes(module.id)
    assert abs(module.minutes - estimate) <= 0.2 * estimate, (
        f"module {module.id} says {module.minutes} minutes; the estimate is {estimate:.0f}"
    )


def test_every_module_opens_with_its_minutes() -> None:
    for module in CATALOG.course.modules:
        first = notebook_text(module.id).split("\n## ")[0]
        assert f"{module.minutes} minutes" in first, f"{module.id}: time not stated up front"


def test_live_timings_say_when_they_rely_on_work_before_the_session() -> None:
    for module in MODULES:
        timings = CATALOG.files[module.id].facilitator.timings
        live = sum(t.minutes for t in timings)
        if live < 0.8 * module.minutes:
            said = any(re.search(r"before the session", t.activity, re.I) for t in timings)
            assert said, f"module {module.id}: {live} live minutes for {module.minutes} of work"


# --- No test-wise keys ----------------------------------------------------------------------


def keyed(option: Any) -> bool:
    return bool(getattr(option, "correct", False) or getattr(option, "credit", 0) == 1)


def key_is_longest(exercise: Any) -> bool:
    key = next(o for o in exercise.options if keyed(o))
    return len(key.text) >= max(len(o.text) for o in exercise.options if o is not key)


def test_the_key_is_seldom_the_longest_option() -> None:
    items = [e for e in CATALOG.exercises.values() if e.kind in ("choice", "scenario")]
    longest = [e.id for e in items if key_is_longest(e)]
    share = len(longest) / len(items)
    print(f"key is the longest option in {len(longest)} of {len(items)} items ({share:.0%})")
    assert share <= 0.4, f"key longest in {len(longest)}/{len(items)} ({share:.0%}): {longest}"


def test_the_key_has_no_favourite_place_in_the_length_order() -> None:
    """Second-longest every time would be a tell too: no rank by length holds over 40%."""
    items = [e for e in CATALOG.exercises.values() if e.kind in ("choice", "scenario")]
    ranks = Counter(
        sorted(e.options, key=lambda o: -len(o.text)).index(next(o for o in e.options if keyed(o)))
        + 1
        for e in items
    )
    print(f"key's rank by length (1 = longest): {dict(sorted(ranks.items()))}")
    assert max(ranks.values()) <= 0.4 * len(items), dict(ranks)


def length_ratio(exercise: Any) -> float:
    right = mean(len(o.text) for o in exercise.options if o.correct)
    wrong = mean(len(o.text) for o in exercise.options if not o.correct)
    return right / wrong


def test_right_options_in_multi_items_are_not_longer_than_wrong_ones() -> None:
    ratios = {e.id: length_ratio(e) for e in CATALOG.exercises.values() if e.kind == "multi"}
    overall = math.exp(mean(math.log(r) for r in ratios.values()))
    print(f"multi: right/wrong mean length ratio {overall:.2f} across {len(ratios)} items")
    assert 0.8 <= overall <= 1.15, f"right/wrong length ratio {overall:.2f}"
    tells = {i: round(r, 2) for i, r in ratios.items() if not 0.7 <= r <= 1.3}
    assert not tells, f"right options clearly longer or shorter: {tells}"


# --- Objectives that are assessed -----------------------------------------------------------


@pytest.mark.parametrize("module", CATALOG.course.modules, ids=lambda m: m.id)
def test_every_objective_is_checked_by_an_exercise(module) -> None:
    exercises = CATALOG.module_exercises(module.id)
    for objective in module.objectives:
        assert objective.assessed_by, f"{module.id}: no concepts assess {objective.text!r}"
        for concept in objective.assessed_by:
            checking = [e.id for e in exercises if concept in e.concepts]
            assert checking, f"{module.id}: nothing checks {concept} for {objective.text!r}"


def test_the_notebooks_list_the_manifest_objectives() -> None:
    for module in CATALOG.course.modules:
        text = " ".join(notebook_text(module.id).split())
        for objective in module.objectives:
            assert objective.text in text, f"{module.id}: {objective.text!r} not in the notebook"


# --- Sound inventories ----------------------------------------------------------------------


def test_reactive_inventory_has_reverse_worded_items_on_every_scale() -> None:
    [inventory] = self_assessments("03")
    reversed_scales = {i.scale for i in inventory.items if i.reverse}
    assert reversed_scales == {s.id for s in inventory.scales}


def test_inventory_items_ask_one_thing() -> None:
    """No double-barrelled items: one behaviour per statement, so no 'and' or 'or' joining two."""
    for exercise in CATALOG.exercises.values():
        if exercise.kind != "likert":
            continue
        for item in exercise.items:
            joined = re.search(r"\b(and|or)\b|/", item.text)
            assert not joined, f"{exercise.id}/{item.id}: asks two things? {item.text!r}"


# --- Practice -------------------------------------------------------------------------------


def test_module_05_has_a_triad_with_three_rotations() -> None:
    exercises = CATALOG.module_exercises("05")
    texts = {e.id: learner_text(e).lower() for e in exercises}
    triad = [
        i for i, t in texts.items() if all(r in t for r in ("speaker", "listener", "observer"))
    ]
    assert triad, "no exercise sets out the speaker, listener and observer roles"
    checklists = [e for e in exercises if e.kind == "likert" and "observ" in e.title.lower()]
    assert checklists and len(checklists[0].items) >= 6, "no observer checklist"
    timings = CATALOG.files["05"].facilitator.timings
    [rotations] = [t for t in timings if "three rotations" in t.activity.lower()]
    assert rotations.minutes >= 3 * 8, "three rotations need time for every person to practise"


# --- Own words ------------------------------------------------------------------------------

SHINGLE = 10
QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
LINKS = re.compile(r"https?://\S+|<[^>]+>|\]\([^)]*\)")
TITLE = re.compile(r"\*[^*]+\*")


def unquoted(text: str) -> str:
    """Text without quotations, addresses, or italic titles of books and articles."""
    text = LINKS.sub(" ", QUOTED.sub(" ", text))

    def drop_title(match: re.Match[str]) -> str:
        words_in = match.group(0).strip("*").split()
        capitals = sum(w[0].isupper() for w in words_in)
        return " " if len(words_in) > 2 and capitals >= 0.6 * len(words_in) else match.group(0)

    return TITLE.sub(drop_title, text.replace("**", ""))


def curriculum_folder() -> Path | None:
    for base in (REPO.parent, REPO.parent.parent):
        folder = base / "shared" / "curriculum"
        if folder.is_dir():
            return folder
    return None


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text.lower().replace("\u2019", "'"))
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def course_prose() -> dict[str, str]:
    """Every piece of course prose, with quotations and reference lists taken out."""
    prose: dict[str, str] = {}
    for module in CATALOG.course.modules:
        sections = re.split(r"^(?=#+ )", notebook_text(module.id), flags=re.M)
        kept = [s for s in sections if not re.match(r"#+ .*Sources", s)]
        prose[f"modules/{module.stem}"] = "\n".join(kept)
        notes = CATALOG.files[module.id].facilitator
        prose[f"exercises/{module.stem} facilitator"] = "\n".join(
            [t.activity for t in notes.timings] + notes.discussion + notes.confusions
        )
    for exercise in CATALOG.exercises.values():
        prose[exercise.id] = learner_text(exercise) + "\n" + (exercise.facilitator_note or "")
    return {where: unquoted(text) for where, text in prose.items()}


def test_course_prose_is_in_its_own_words() -> None:
    folder = curriculum_folder()
    if folder is None:
        pytest.skip("the curriculum notes (../shared/curriculum beside the repo) are not here")
    notes = set().union(*(shingles(p.read_text()) for p in sorted(folder.iterdir())))
    copied = {
        where: " ".join(next(iter(common)))
        for where, text in course_prose().items()
        if (common := shingles(text) & notes)
    }
    assert not copied, f"{SHINGLE}-word runs copied from the curriculum notes: {copied}"


# --- Who sees an answer ---------------------------------------------------------------------


def test_an_exercise_says_it_is_private_exactly_when_it_is() -> None:
    for exercise in CATALOG.exercises.values():
        says_private = "never handed in" in exercise.prompt
        assert says_private == exercise.private, f"{exercise.id}: prompt and private disagree"


def test_reflections_that_are_handed_in_say_so() -> None:
    for exercise in CATALOG.exercises.values():
        if exercise.kind == "reflection" and not exercise.private:
            said = "handed in with your name" in exercise.prompt
            assert said, f"{exercise.id}: the prompt does not say who sees it"


def test_every_practice_in_threes_gives_each_person_a_turn() -> None:
    for module in CATALOG.course.modules:
        for timing in CATALOG.files[module.id].facilitator.timings:
            activity = timing.activity.lower()
            if re.search(r"\b(in threes|triads?|trios|groups of three)\b", activity):
                assert "three rotations" in activity, f"{module.id}: {timing.activity[:60]}"
                assert timing.minutes >= 15, (
                    f"{module.id}: {timing.minutes} minutes for three turns"
                )
