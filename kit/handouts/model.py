"""The document model of a handout: plain values the Typst template lays out.

A `Handout` is built from the catalog and the store (see `kit.handouts.documents`), turned into
JSON by `to_data`, and rendered by `kit.handouts.render`. Course text is carried as rich-text
trees (`kit.handouts.richtext`); learner text is carried as plain strings, set verbatim.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Literal

from kit.handouts.richtext import Node
from kit.handouts.scripts import breakable, cjk_lang
from kit.kinds.base import Mode

Kind = Literal["workbook", "worksheets", "guide", "notebook"]
Paper = Literal["a4", "letter"]
KINDS: tuple[str, ...] = ("workbook", "worksheets", "guide")
MODES: dict[str, Mode] = {
    "workbook": "workbook",
    "worksheets": "worksheet",
    "guide": "guide",
    "notebook": "workbook",
}

TITLES: dict[str, str] = {
    "workbook": "Workbook",
    "worksheets": "Worksheets",
    "guide": "Facilitator guide",
    "notebook": "Notebook with your answers",
}


@dataclass
class Row:
    """One option, statement, step or rated item of an exercise.

    ticks: per column, whether the learner marked it (an option list has one column).
    keys: per column, whether it is the key (guides only). ok: whether the learner's row is
    right (None: not graded or not answered). tag: a short label (a step number, a credit, a
    scale). note: feedback on this row (guides only).
    """

    text: list[Node]
    ticks: list[bool] = field(default_factory=list)
    keys: list[bool] = field(default_factory=list)
    ok: bool | None = None
    tag: str = ""
    note: list[Node] = field(default_factory=list)


@dataclass
class Prompt:
    """One prompt of a reflection, with the learner's answer (verbatim) or space to write."""

    label: list[Node]
    hint: str = ""
    lines: int = 4
    min_words: int = 0
    answer: str | None = None
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    count: str = ""


@dataclass
class Block:
    """One exercise as a handout shows it.

    layout: how rows are drawn: "options" (tick boxes), "grid" (a tick per column), "order"
    (numbered steps) or "prompts" (reflection answers or ruled lines).
    """

    id: str
    kind: str
    kind_label: str
    title: str
    points: float
    prompt: list[Node]
    layout: str
    points_text: str = ""
    type: str = "exercise"
    multi: bool = False
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    prompts: list[Prompt] = field(default_factory=list)
    answered: bool = False
    status: str = ""
    status_label: str = ""
    score: float = 0.0
    score_text: str = ""
    notice: str = ""
    feedback: list[list[Node]] = field(default_factory=list)
    chart: str = ""
    chart_note: str = ""
    rationale: list[Node] = field(default_factory=list)
    guidance: list[Node] = field(default_factory=list)
    facilitator_note: list[Node] = field(default_factory=list)
    rubric: list[dict[str, Any]] = field(default_factory=list)
    readings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Cell:
    """A notebook cell that is not an exercise: Markdown as rich text, or code as it is."""

    type: Literal["markdown", "code"]
    body: list[Node] = field(default_factory=list)
    code: str = ""


@dataclass
class Section:
    """One module: its plan and key points, then its exercises (and, for notebooks, cells)."""

    id: str
    title: str
    minutes: int = 0
    objectives: list[list[Node]] = field(default_factory=list)
    key_points: list[list[Node]] = field(default_factory=list)
    summary: str = ""
    timings: list[dict[str, Any]] = field(default_factory=list)
    discussion: list[list[Node]] = field(default_factory=list)
    confusions: list[list[Node]] = field(default_factory=list)
    items: list[Block | Cell] = field(default_factory=list)


@dataclass
class Handout:
    """A whole handout: what it is, for whom, and its sections. `images` are SVG or PNG bytes
    by file name."""

    kind: Kind
    course: str
    scope: str
    date: str
    paper: Paper = "a4"
    learner: str = ""
    summary: str = ""
    contents: bool = False
    sections: list[Section] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    template: ClassVar[str] = "handout.typ"

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    def to_data(self) -> dict[str, Any]:
        """The JSON the template reads (images travel beside it, by name)."""
        data = asdict(self)
        del data["images"]
        data["title"] = self.title
        data["learner_lang"] = cjk_lang(self.learner)
        data["learner"] = breakable(self.learner)
        return data
