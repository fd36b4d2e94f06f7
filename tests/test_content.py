"""Content validation: located errors, cross-references, notebooks, and the JSON Schemas."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kit.content.catalog import check, content_hash, load_catalog
from kit.content.check import check_paths
from kit.content.jsonschema import schemas
from kit.errors import ContentError, UnknownExerciseError

from .conftest import REPO, SAMPLE


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A writable copy of the sample course (exercises/ and modules/)."""
    shutil.copytree(SAMPLE, tmp_path / "course")
    return tmp_path / "course" / "exercises"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_sample_course_is_clean(copy: Path) -> None:
    assert check(copy) == []


def test_a_schema_error_names_file_line_exercise_and_field(copy: Path) -> None:
    path = copy / "01-sample.yaml"
    edit(
        path,
        "      - {id: b, text: Option B, correct: true, feedback: FEEDBACK-B yes.}",
        "      - {id: b, text: Option B, correct: true}",
    )
    [problem] = check(copy)
    assert problem.file == str(path)
    assert problem.line == line_of(path, "{id: b, text: Option B, correct: true}")
    assert problem.exercise_id == "m01.pick-one"
    assert problem.field == "options.1.feedback"
    assert str(problem).startswith(f"{path}:{problem.line}: m01.pick-one: options.1.feedback: ")


def test_unknown_keys_are_errors(copy: Path) -> None:
    path = copy / "01-sample.yaml"
    edit(path, "    title: Steps\n", "    title: Steps\n    tittle: typo\n")
    [problem] = check(copy)
    assert (problem.exercise_id, problem.field, problem.line) == (
        "m01.steps",
        "tittle",
        line_of(path, "tittle"),
    )


def test_a_rule_across_fields_is_located_at_the_exercise(copy: Path) -> None:
    path = copy / "01-sample.yaml"
    edit(
        path,
        "{id: a, text: Option A, feedback: FEEDBACK-A not this one.}",
        "{id: a, text: Option A, correct: true, feedback: FEEDBACK-A not this one.}",
    )
    [problem] = check(copy)
    assert problem.exercise_id == "m01.pick-one"
    assert "exactly one correct option" in problem.message


def test_yaml_syntax_errors_have_a_line(copy: Path) -> None:
    path = copy / "01-sample.yaml"
    edit(path, "    title: Sort them\n", "    title: [Sort them\n")
    [problem] = check(copy)
    assert problem.line > 1 and "not valid YAML" in problem.message


def test_cross_references(copy: Path) -> None:
    path = copy / "01-sample.yaml"
    edit(path, "concepts: [s.two]\n    prompt: Put", "concepts: [s.tow]\n    prompt: Put")
    edit(path, "  - id: m01.think", "  - id: m02.think")
    edit(path, "  - id: m01.situation", "  - id: m01.pick-one")
    problems = {(p.exercise_id, p.field): p for p in check(copy)}
    assert "did you mean s.two?" in problems["m01.steps", "concepts.0"].message
    assert problems["m01.steps", "concepts.0"].line == line_of(path, "concepts: [s.tow]")
    assert "start with 'm01.'" in problems["m02.think", "id"].message
    assert "duplicate id" in problems["m01.pick-one", "id"].message


def test_notebooks_must_name_existing_exercises(copy: Path) -> None:
    notebook = copy.parent / "modules" / "01-sample.ipynb"
    edit(notebook, 'kit.show(\\"m01.steps\\")', 'kit.show(\\"m01.stepz\\")')
    [problem] = check(copy)
    assert problem.file == str(notebook)
    assert problem.line == line_of(notebook, "m01.stepz")
    assert "did you mean m01.steps" in problem.message


def test_missing_module_files_are_reported(copy: Path) -> None:
    (copy.parent / "modules" / "01-sample.ipynb").unlink()
    [problem] = check(copy)
    assert "01-sample.ipynb is missing" in problem.message


def test_every_concept_needs_an_exercise(copy: Path) -> None:
    path = copy / "01-sample.yaml"
    text = path.read_text().replace("concepts: [s.two]", "concepts: [s.one]")
    path.write_text(text.replace("concepts: [s.one, s.two]", "concepts: [s.one]"))
    [problem] = check(copy)
    assert problem.message == "no exercise checks concept 's.two'"
    assert problem.line == line_of(copy / "course.yaml", "- id: s.two")


def test_check_paths_accepts_folders_files_and_notebooks(copy: Path) -> None:
    assert check_paths([copy]) == []
    assert check_paths([copy.parent]) == []
    assert check_paths([copy / "01-sample.yaml"]) == []
    assert check_paths([copy.parent / "modules" / "01-sample.ipynb"]) == []


def test_load_catalog_raises_with_all_problems_and_reloads_after_a_fix(copy: Path) -> None:
    path = copy / "01-sample.yaml"
    assert load_catalog(copy).exercise("m01.steps").kind == "order"
    original = path.read_text()
    edit(path, "    points: 3\n", "    points: -3\n")
    with pytest.raises(ContentError) as info:
        load_catalog(copy)
    assert "greater than or equal to 0" in str(info.value)
    path.write_text(original)
    assert load_catalog(copy).exercise("m01.steps").points == 3


def test_unknown_exercise_names_the_closest(copy: Path) -> None:
    with pytest.raises(UnknownExerciseError, match=r"did you mean m01\.sort-them"):
        load_catalog(copy).exercise("m01.sort-then")


def test_content_hash_ignores_trainer_notes_but_not_what_learners_see(copy: Path) -> None:
    before = content_hash(load_catalog(copy).exercise("m01.pick-one"))
    path = copy / "01-sample.yaml"
    edit(path, "NOTE-CHOICE for trainers.", "A different trainer note.")
    assert content_hash(load_catalog(copy).exercise("m01.pick-one")) == before
    edit(path, "text: Option A,", "text: Option A changed,")
    assert content_hash(load_catalog(copy).exercise("m01.pick-one")) != before


def test_committed_json_schemas_are_current() -> None:
    for name, text in schemas().items():
        committed = REPO / "exercises" / name
        assert committed.read_text() == text, f"{name} is stale: run `kit schema`"
        assert json.loads(text)["additionalProperties"] is False


def test_the_course_content_is_clean() -> None:
    assert [str(p) for p in check()] == []


def test_two_exercise_files_of_one_module_are_refused(copy: Path) -> None:
    second = copy / "01-second.yaml"
    shutil.copy(copy / "01-sample.yaml", second)
    problems = check(copy)
    [duplicate] = [p for p in problems if p.field == "module"]
    assert duplicate.file == str(second) and duplicate.line == line_of(second, "module:")
    assert "module 01 already has an exercise file, 01-sample.yaml" in duplicate.message
    with pytest.raises(ContentError, match="already has an exercise file"):
        load_catalog(copy)


def test_a_file_whose_module_differs_from_its_name_is_a_located_error(copy: Path) -> None:
    path = copy / "01-sample.yaml"
    edit(path, 'module: "01"', 'module: "02"')
    problems = check(copy)
    assert problems, "the mismatch is reported"
    [mismatch] = [p for p in problems if p.field == "module"]
    assert mismatch.file == str(path) and mismatch.line == line_of(path, "module:")
    assert "file name says module 01 but the file says 02" in mismatch.message


def test_an_objective_may_name_only_its_own_modules_concepts(copy: Path) -> None:
    path = copy / "course.yaml"
    edit(
        path,
        "    objectives: [Try every exercise kind.]",
        "    objectives:\n      - text: Try every exercise kind.\n        assessed_by: [s.one, x.elsewhere]",
    )
    [problem] = check(copy)
    assert problem.file == str(path)
    assert "objectives" in str(problem) and "x.elsewhere" in str(problem)
    edit(path, ", x.elsewhere]", "]")
    assert check(copy) == []
    assert load_catalog(copy).course.modules[0].objectives[0].assessed_by == ["s.one"]
