"""The auto-graded exercises as a question bank: what goes, its credit, and what a format loses.

Every writer (GIFT, Moodle XML, QTI 2.1) takes the same `Bank`: the exercises of the kinds an
LMS can grade (choice, multi, scenario, order, categorize) with the fraction of the points each
option earns, and a list of `Note`s naming what the chosen format cannot hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kit.content.catalog import Catalog
from kit.content.schema import (
    CategorizeExercise,
    ChoiceExercise,
    MultiExercise,
    OrderExercise,
    ScenarioExercise,
)
from kit.errors import KitError

FORMATS = ("gift", "moodle-xml", "qti")
EXPORTED = (ChoiceExercise, MultiExercise, ScenarioExercise, OrderExercise, CategorizeExercise)
BankExercise = (
    ChoiceExercise | MultiExercise | ScenarioExercise | OrderExercise | CategorizeExercise
)

# Moodle's grade list: fractions it accepts for an answer (GIFT and Moodle XML import snap to it).
MOODLE_PERCENTS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
                   16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0)  # fmt: skip


@dataclass(frozen=True)
class Note:
    """Something of the course a format cannot hold, for one exercise (or all: "*")."""

    exercise_id: str
    text: str

    def __str__(self) -> str:
        return f"{self.exercise_id}: {self.text}"


@dataclass
class Bank:
    """The exercises to export, module by module, and the notes gathered while writing."""

    title: str
    modules: list[tuple[str, str, list[BankExercise]]]  # (module id, title, exercises)
    notes: list[Note] = field(default_factory=list)

    @property
    def exercises(self) -> list[BankExercise]:
        return [e for _, _, exercises in self.modules for e in exercises]

    def note(self, exercise_id: str, text: str) -> None:
        self.notes.append(Note(exercise_id, text))


def build_bank(catalog: Catalog, module: str | None = None) -> Bank:
    """The bank of one module (e.g. "01") or of the whole course, with the left-out ones noted."""
    modules = [catalog.module(module)] if module is not None else catalog.course.modules
    bank = Bank(catalog.course.title, [])
    for m in modules:
        chosen: list[BankExercise] = []
        for exercise in catalog.module_exercises(m.id):
            if isinstance(exercise, EXPORTED):
                chosen.append(exercise)
            else:
                what = "a self-assessment" if exercise.kind == "likert" else "free text"
                bank.note(exercise.id, f"left out: {what} ({exercise.kind}) has no key to grade")
        bank.modules.append((m.id, m.title, chosen))
    if not bank.exercises:
        where = f"module {module}" if module else "the course"
        raise KitError(f"{where} has no auto-graded exercises to export")
    return bank


def option_fractions(exercise: BankExercise) -> dict[str, float]:
    """The fraction of the points each option earns when chosen (choice, multi, scenario).

    A multi option adds 1/n of the points if it applies (n options apply) and takes 1/n away
    if it does not; the total is floored at 0, as the kit grades it.
    """
    if isinstance(exercise, ChoiceExercise):
        return {o.id: 1.0 if o.correct else 0.0 for o in exercise.options}
    if isinstance(exercise, ScenarioExercise):
        return {o.id: o.credit for o in exercise.options}
    if isinstance(exercise, MultiExercise):
        n = sum(o.correct for o in exercise.options)
        return {o.id: (1 / n if o.correct else -1 / n) for o in exercise.options}
    raise TypeError(f"{exercise.id} has no options")


def moodle_percent(fraction: float) -> float | None:
    """`fraction` (may be negative) as one of Moodle's grade percentages, or None if it is not one."""
    percent = abs(fraction) * 100
    for allowed in MOODLE_PERCENTS:
        if abs(percent - allowed) < 0.001:
            return allowed if fraction >= 0 else -allowed
    return None


def format_number(value: float, decimals: int = 5) -> str:
    """A number without trailing zeros, to at most `decimals` places (Moodle's grades have 5)."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def by_statement(exercise: CategorizeExercise) -> str:
    """A categorize exercise's feedback per statement, as Markdown, for formats that have no
    place for it beside each statement."""
    labels = {b.id: b.label for b in exercise.buckets}
    lines = [f"- *{i.text}* ({labels[i.bucket]}): {i.feedback}" for i in exercise.items]
    return "\n".join(lines)
