"""Every exercise kind in one place: what each needs from the schema, grading, widgets,
handouts, made-up cohorts and reports.

Adding a kind is one entry here plus the functions it names. The parts are named as
"module:attribute" and imported on first use, so `import kit` stays light and no part
imports another's machinery (widgets, Typst, pandas). `tests/test_kinds.py` resolves every
part of every kind, so a missing one fails at once, not when a trainer prints a handout.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from importlib import import_module
from typing import Any

from pydantic import BaseModel

from kit.content import schema


@dataclass(frozen=True)
class Kind:
    """One exercise kind and the parts that implement it."""

    name: str
    model: type[BaseModel]
    label: str  # shown above the exercise, in the widget and on paper
    grader: str  # grade(exercise, response) -> Result, pure
    view: str  # the anywidget view class
    layout: str  # fills a handout block: (block, exercise, mode, response, result, learner)
    synthetic: str  # a plausible response for made-up cohorts: (exercise, rng, skill) -> Any
    scored: bool  # counts toward scores and concept mastery in cohort reports
    option_rows: str | None = None  # cohort "option counts" rows: (exercise) -> list of tuples

    def part(self, name: str) -> Any:
        """The part called `name` (e.g. "grader"), imported on first use."""
        return _resolve(getattr(self, name))


PARTS = tuple(f.name for f in fields(Kind) if f.name not in ("name", "model", "label", "scored"))


def _kind(name: str, model: type[BaseModel], label: str, **parts: Any) -> Kind:
    cls = model.__name__.removesuffix("Exercise")
    defaults = {
        "grader": f"kit.grading:grade_{name}",
        "view": f"kit.ui.views:{cls}View",
        "layout": f"kit.handouts.blocks:{name}_layout",
        "synthetic": f"kit.cohort.synthetic:{name}_response",
    }
    return Kind(name, model, label, **{**defaults, **parts})


_OPTIONS = {
    "layout": "kit.handouts.blocks:options_layout",
    "option_rows": "kit.cohort.reports:option_rows",
}
REGISTRY: dict[str, Kind] = {
    k.name: k
    for k in (
        _kind("choice", schema.ChoiceExercise, "Choose one", scored=True, **_OPTIONS),
        _kind("multi", schema.MultiExercise, "Choose all that apply", scored=True, **_OPTIONS),
        _kind("scenario", schema.ScenarioExercise, "Scenario", scored=True, **_OPTIONS),
        _kind(
            "categorize",
            schema.CategorizeExercise,
            "Sort",
            scored=True,
            option_rows="kit.cohort.reports:bucket_rows",
        ),
        _kind("order", schema.OrderExercise, "Put in order", scored=True),
        _kind("likert", schema.LikertExercise, "Self-assessment", scored=False),
        _kind("reflection", schema.ReflectionExercise, "Reflection", scored=False),
    )
}
KINDS: tuple[str, ...] = tuple(REGISTRY)


def kind_of(exercise: Any) -> Kind:
    """The kind of an exercise model."""
    try:
        return REGISTRY[exercise.kind]
    except (AttributeError, KeyError):
        raise TypeError(f"not an exercise: {exercise!r}") from None


@cache
def _resolve(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)
