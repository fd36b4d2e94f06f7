"""A module notebook as a handout: Markdown cells as text, every `kit.show(...)` cell as its
exercise with the learner's latest answer and feedback, other code left out (or shown)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kit.answers import Answer
from kit.content.catalog import SHOW_CALL, Catalog
from kit.errors import KitError
from kit.handouts import richtext as rt
from kit.handouts.documents import block_for, format_date, module_section, summary_line
from kit.handouts.model import Block, Cell, Handout, Paper, Section

STEM = re.compile(r"^(\d\d)-")


def notebook_handout(
    cells: list[dict[str, Any]],
    name: str,
    catalog: Catalog,
    *,
    learner: str,
    done: dict[str, Answer],
    paper: Paper = "a4",
    include_code: bool = False,
    today: date | None = None,
) -> Handout:
    """The handout for a notebook's `cells` (nbformat dicts); `name` is its file stem."""
    handout = Handout(
        kind="notebook",
        course=catalog.course.title,
        scope=name,
        date=format_date(today or date.today()),
        paper=paper,
        learner=learner,
    )
    section = _section(catalog, name)
    handout.scope = section.title
    for cell in cells:
        source = _source(cell)
        if cell.get("cell_type") == "markdown":
            if source.strip():
                section.items.append(Cell("markdown", body=rt.blocks(source)))
        elif cell.get("cell_type") == "code":
            shown = SHOW_CALL.findall(source)
            for exercise_id in shown:
                section.items.append(_exercise(catalog, exercise_id, done, handout))
            if not shown and include_code and source.strip():
                section.items.append(Cell("code", code=source))
    section.summary = summary_line(section.items)
    handout.summary = section.summary
    handout.sections.append(section)
    return handout


def _section(catalog: Catalog, name: str) -> Section:
    match = STEM.match(name)
    if match:
        try:
            section = module_section(catalog, catalog.module(match.group(1)), "workbook")
        except KitError:
            pass
        else:
            section.key_points = []  # the notebook itself says them
            return section
    return Section(id="", title=name)


def _exercise(
    catalog: Catalog, exercise_id: str, done: dict[str, Answer], handout: Handout
) -> Block | Cell:
    try:
        exercise = catalog.exercise(exercise_id)
    except KitError as exc:
        return Cell("markdown", body=[{"t": "p", "c": [{"t": "s", "text": str(exc)}]}])
    return block_for(catalog, exercise, "workbook", done, handout)


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)
