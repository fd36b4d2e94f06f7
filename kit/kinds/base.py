"""What an exercise kind is: one class, in `kit/kinds/<name>.py`, with every part the kit needs.

A kind grades, tells the widget what to draw, puts itself on paper and on a slide, names the
parts each learner sees in an order of their own, makes up answers for demo cohorts, lists its
rows in the cohort's option counts, and gives the tests a sample answer. Every part is plain
data out: the widgets, handouts and reports turn it into pixels, PDF and DataFrames, so a kind
imports none of their machinery.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

from kit.content.catalog import Catalog
from kit.content.ordering import learner_order
from kit.content.schema import ExerciseBase
from kit.result import Result, Status

E = TypeVar("E", bound=ExerciseBase)

Mode = Literal["workbook", "worksheet", "guide"]
# How a response is entered: one option, several options, a choice per row of a grid, a
# sequence of every item, or text per prompt. The browser tests answer by it.
Form = Literal["one", "several", "grid", "sequence", "text"]
# (item, item text, option, option text, credit): one row of the cohort's option counts.
OptionRow = tuple[str, str, str, str, float]


class Saved(Protocol):
    """A learner's saved answer, as the widgets and handouts hand it to a kind."""

    @property
    def response(self) -> Any: ...

    @property
    def result(self) -> Result: ...

    @property
    def raters(self) -> Mapping[int, Mapping[str, float]]: ...


Latest = Callable[[str], Saved | None]


@dataclass
class Line:
    """One option, statement, step or rated item on paper. Course text is Markdown.

    ticks: per column, whether the learner marked it. keys: per column, whether it is the key
    (guides only). ok: whether the learner's row is right (None: not graded). tag: a short
    label (a step number, a credit, a scale). note: feedback on this row (guides only).
    """

    text: str
    ticks: list[bool] = field(default_factory=list)
    keys: list[bool] = field(default_factory=list)
    ok: bool | None = None
    tag: str = ""
    note: str = ""


@dataclass
class Writing:
    """One prompt to write to on paper, with the learner's answer or room to write."""

    label: str
    hint: str = ""
    lines: int = 4
    min_words: int = 0
    answer: str | None = None


@dataclass
class PaperBody:
    """An exercise's body on paper. layout: "options" (tick boxes), "grid" (a tick per
    column), "order" (numbered steps) or "prompts" (answers or ruled lines)."""

    layout: Literal["options", "grid", "order", "prompts"]
    columns: list[str] = field(default_factory=list)
    multi: bool = False
    lines: list[Line] = field(default_factory=list)
    writing: list[Writing] = field(default_factory=list)
    readings: list[dict[str, str]] = field(default_factory=list)  # guide: label, strong, growth
    guidance: str = ""  # guide: what a good answer does
    rubric: list[dict[str, Any]] = field(default_factory=list)  # guide: label, description, points


@dataclass(frozen=True)
class Slide:
    """An exercise as the room sees it, under its title and prompt: never its key."""

    items: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    footnote: str = ""
    lettered: bool = False


class Kind(ABC, Generic[E]):
    """One exercise kind. Subclasses set the class attributes and fill the parts."""

    name: ClassVar[str]
    model: ClassVar[type[ExerciseBase]]
    label: ClassVar[str]  # shown above the exercise, in the widget and on paper
    scored: ClassVar[bool]  # counts toward scores and concept mastery in cohort reports
    control: ClassVar[str]  # the widget's control: kit/kinds/controls/<control>
    form: ClassVar[Form]
    check_label: ClassVar[str] = "Check"
    again_label: ClassVar[str] = "Try again"

    # --- grading --------------------------------------------------------------------------

    @abstractmethod
    def grade(self, ex: E, response: Any) -> Result:
        """Grade `response`, pure; raise ResponseError if it has the wrong shape."""

    # --- the learner's view ---------------------------------------------------------------

    @abstractmethod
    def learner_spec(self, ex: E, learner: str | None) -> dict[str, Any]:
        """What the control needs to draw itself for `learner`, and nothing that gives the
        answer away (no keys, feedback, credits, or ids and order that reveal them)."""

    def unfinished(self, ex: E, value: Any) -> str | None:
        """A friendly reason the answer cannot be checked yet, or None."""
        return None if value not in (None, "", [], {}) else "Choose an answer first."

    def response(self, ex: E, value: Any, learner: str | None) -> Any:
        """The response to grade for the control's current value (`learner`'s)."""
        return value

    def notes(self, ex: E, result: Result, latest: Latest, catalog: Catalog) -> list[str]:
        """Lines shown under the feedback that depend on other saved answers."""
        return []

    def chart(self, ex: E, result: Result, latest: Latest, catalog: Catalog) -> str:
        """An SVG chart shown under the feedback, or ""."""
        return ""

    # --- per-learner order ----------------------------------------------------------------

    def shuffled(self, ex: E) -> list[Any]:
        """The parts, as authored, that each learner sees in an order of their own."""
        return []

    def shown(self, ex: E, learner: str | None) -> list[Any]:
        """The shuffled parts in the order `learner` sees them (None: the worksheets' order)."""
        return learner_order(self.shuffled(ex), ex.id, learner)

    def choices(self, ex: E) -> list[Any]:
        """What each shuffled part is matched with, as shown (a sort's buckets), if anything."""
        return []

    def tokens(self, ex: E) -> dict[str, str]:
        """Part id -> the name the browser knows it by. Authored ids may name the key, so the
        browser gets tokens instead ("1", "2", ...): the parts' places in an order made from
        their texts alone, the same for every learner."""
        fixed = learner_order(self.shuffled(ex), ex.id, None)
        return {part.id: str(n) for n, part in enumerate(fixed, 1)}

    def choice_tokens(self, ex: E) -> dict[str, str]:
        """Choice id -> the name the browser knows it by: a letter, in the order shown."""
        return {c.id: _letter(n) for n, c in enumerate(self.choices(ex))}

    def shown_with_tokens(self, ex: E, learner: str | None) -> list[tuple[str, Any]]:
        """(token, part) in the order `learner` sees them."""
        tokens = self.tokens(ex)
        return [(tokens[part.id], part) for part in self.shown(ex, learner)]

    def to_control(self, ex: E, response: Any) -> Any:
        """A response as the control holds it: parts and choices named by their tokens."""
        return renamed(response, self.tokens(ex), self.choice_tokens(ex), self.form)

    def from_control(self, ex: E, value: Any) -> Any:
        """The control's value as a response: tokens back to ids (anything else unchanged,
        for grading to refuse)."""
        parts = {token: part for part, token in self.tokens(ex).items()}
        choices = {token: choice for choice, token in self.choice_tokens(ex).items()}
        return renamed(value, parts, choices, self.form)

    # --- paper and slides -----------------------------------------------------------------

    @abstractmethod
    def paper(
        self, ex: E, mode: Mode, response: Any, result: Result | None, learner: str | None
    ) -> PaperBody:
        """The exercise's body on paper: in workbook mode with the learner's `response` and
        `result` (None if not answered) in the order `learner` saw; a blank worksheet; or the
        guide's keys and notes."""

    @abstractmethod
    def slide(self, ex: E) -> Slide:
        """What the room sees of the exercise."""

    # --- cohorts and tests ----------------------------------------------------------------

    @abstractmethod
    def synthetic(self, ex: E, rng: random.Random, skill: float) -> Any:
        """A plausible response for a made-up cohort: right more often the higher `skill`."""

    def option_rows(self, ex: E) -> list[OptionRow]:
        """Rows of the cohort's option counts; none for kinds without options to count."""
        return []

    @abstractmethod
    def sample(self, ex: E, slip: bool = False) -> Any:
        """A right answer, or with `slip` one with a single deliberate mistake."""

    @abstractmethod
    def doing_minutes(self, ex: E) -> float:
        """About how long a learner takes to do the exercise, reading aside."""


# --- helpers the kinds share -----------------------------------------------------------------


def scored(ex: Any, fraction: float, status: Status, feedback: list[str], **kw: Any) -> Result:
    """A Result worth `fraction` (clamped to 0-1) of the exercise's points."""
    score = round(ex.points * min(max(fraction, 0.0), 1.0), 4)
    return Result(ex.id, ex.kind, score, ex.points, status, tuple(feedback), **kw)


def renamed(value: Any, parts: Mapping[str, str], choices: Mapping[str, str], form: Form) -> Any:
    """`value` with part and choice ids renamed: the chosen id(s), the listed ids, or a grid's
    rows (parts) and what each row holds (choices); text, ratings and unknown ids unchanged."""

    def name(names: Mapping[str, str], v: Any) -> Any:
        return names.get(v, v) if isinstance(v, str) else v

    if form == "one":
        return name(parts, value)
    if form in ("several", "sequence") and isinstance(value, list):
        return [name(parts, v) for v in value]
    if form == "grid" and isinstance(value, dict) and (parts or choices):
        return {name(parts, k): name(choices, v) for k, v in value.items()}
    return value


def _letter(n: int) -> str:
    """ "A", "B", ... "Z", "AA", "AB", ...: the n-th (from 0) choice's token."""
    return _letter(n // 26 - 1) + chr(65 + n % 26) if n >= 26 else chr(65 + n)


def status_for(fraction: float) -> Status:
    return "correct" if fraction >= 1 else "partial" if fraction > 0 else "incorrect"
