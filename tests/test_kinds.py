"""The kind registry: every kind fills every part, and every part is what its users expect."""

from __future__ import annotations

import inspect
import random
import typing

import pytest

from kit.content.catalog import load_catalog
from kit.content.schema import Exercise, ExerciseBase
from kit.grading import grade
from kit.handouts.blocks import exercise_block
from kit.kinds import PARTS, REGISTRY, Kind
from kit.ui.base import ExerciseView

from .conftest import SAMPLE

KINDS = list(REGISTRY.values())
SAMPLE_EXERCISES = {e.kind: e for e in load_catalog(SAMPLE / "exercises").exercises.values()}


def test_the_registry_and_the_schema_name_the_same_kinds() -> None:
    union = typing.get_args(typing.get_args(Exercise)[0])
    assert {k.model for k in KINDS} == set(union)
    for kind in KINDS:
        assert kind.model.model_fields["kind"].annotation == typing.Literal[kind.name]
        assert issubclass(kind.model, ExerciseBase)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_part_of_every_kind_resolves(kind: Kind) -> None:
    assert kind.label
    required = [p for p in PARTS if p != "option_rows"]
    for part in required + (["option_rows"] if kind.option_rows else []):
        assert callable(kind.part(part)), f"{kind.name}: {part} is not callable"
    assert issubclass(kind.part("view"), ExerciseView)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_works_end_to_end_on_the_sample(kind: Kind) -> None:
    """A made-up response grades; the handout layout and the report rows accept it."""
    exercise = SAMPLE_EXERCISES[kind.name]
    response = kind.part("synthetic")(exercise, random.Random(3), 0.5)
    result = grade(exercise, response)
    assert result.kind == kind.name
    block = exercise_block(exercise, "workbook", response, result)
    assert block.kind_label == kind.label
    assert block.rows or block.prompts, f"{kind.name}: the layout drew nothing"
    if kind.option_rows:
        rows = kind.part("option_rows")(exercise)
        assert rows and all(len(r) == 5 for r in rows)


def test_layouts_take_the_same_arguments() -> None:
    shapes = {tuple(inspect.signature(k.part("layout")).parameters) for k in KINDS}
    assert shapes == {("block", "ex", "mode", "response", "result", "learner")}
