"""A trainer's sheet (run sheet, role-play cards, agreement, briefing, evaluation form) as
plain data that `templates/pack.typ` lays out: a title and a list of elements.

Elements are dicts with a type `t`: "h" (a heading), "blocks" (Markdown as rich text),
"list" (items, each inline rich text), "table" (columns, widths, rows of inline cells, and
`strong`: rows shown as headings), "card" (a bordered card: title, subtitle, blocks,
checklist, writing lines), "scale" (items rated on choices), "lines" (a label and ruled
lines), "signatures" (rows to sign), "note" (small print) and "break" (a new page).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from kit.handouts import richtext as rt
from kit.handouts.model import Paper

Element = dict[str, Any]


@dataclass
class Sheet:
    """One printed sheet of the delivery pack."""

    title: str
    course: str
    subtitle: str = ""
    date: str = ""
    paper: Paper = "a4"
    delivery: list[list[str]] = field(default_factory=list)  # (label, value): on every page
    elements: list[Element] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    template: ClassVar[str] = "pack.typ"

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        del data["images"]
        return data

    def add(self, element: Element) -> Sheet:
        self.elements.append(element)
        return self


def heading(text: str) -> Element:
    return {"t": "h", "text": text}


def blocks(markdown: str) -> Element:
    return {"t": "blocks", "body": rt.blocks(markdown)}


def bullets(items: list[str]) -> Element:
    return {"t": "list", "items": [rt.inline(i) for i in items]}


def table(
    columns: list[str], widths: list[str], rows: list[list[str]], strong: list[int] | None = None
) -> Element:
    """A table; widths are Typst track sizes ("auto", "1fr", "2.2cm"); `strong` lists the
    rows set as headings across the table (e.g. a module's name in a run sheet)."""
    return {
        "t": "table",
        "columns": columns,
        "widths": widths,
        "rows": [[rt.inline(cell) for cell in row] for row in rows],
        "strong": strong or [],
    }


def card(
    title: str,
    subtitle: str = "",
    body: str = "",
    checklist: list[str] | None = None,
    lines: int = 0,
) -> Element:
    return {
        "t": "card",
        "title": title,
        "subtitle": subtitle,
        "body": rt.blocks(body),
        "checklist": [rt.inline(c) for c in checklist or []],
        "lines": lines,
    }


def scale(items: list[str], choices: list[str]) -> Element:
    return {"t": "scale", "items": [rt.inline(i) for i in items], "choices": choices}


def lines(label: str, n: int = 3) -> Element:
    return {"t": "lines", "label": rt.inline(label), "n": n}


def signatures(n: int) -> Element:
    return {"t": "signatures", "n": n}


def note(markdown: str) -> Element:
    return {"t": "note", "body": rt.blocks(markdown)}


def page_break() -> Element:
    return {"t": "break"}
