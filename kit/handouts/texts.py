"""The pack's sheets that are not course content: the group agreement, the managers'
briefing and the evaluation form, each worded in a YAML file in `texts/`."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from kit.content.catalog import Catalog
from kit.handouts import sheets as s
from kit.handouts.sheets import Sheet


@cache
def text(name: str) -> dict[str, Any]:
    """The wording in texts/NAME.yaml."""
    source = (files("kit.handouts") / "texts" / f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(source)
    assert isinstance(data, dict)
    return data


def _sheet(catalog: Catalog, wording: dict[str, Any]) -> Sheet:
    return Sheet(title=wording["title"], course=catalog.course.title, subtitle=wording["subtitle"])


def agreement(catalog: Catalog) -> Sheet:
    """The group agreement: promises to read, change and sign together."""
    w = text("agreement")
    sheet = _sheet(catalog, w).add(s.blocks(w["intro"])).add(s.bullets(w["promises"]))
    sheet.add(s.blocks(w["limits"])).add(s.lines(w["own"], 4))
    return sheet.add(s.heading("Signed")).add(s.signatures(w["signatures"]))


def manager_briefing(catalog: Catalog) -> Sheet:
    """A briefing for learners' own managers; the course outline is taken from the manifest."""
    w = text("manager-briefing")
    sheet = _sheet(catalog, w).add(s.blocks(w["intro"]))
    for part in w["sections"]:
        sheet.add(s.heading(part["heading"]))
        if part.get("from_course") == "modules":
            outline = [f"**{m.title}** ({m.minutes} minutes)" for m in catalog.course.modules]
            sheet.add(s.bullets(outline))
        else:
            sheet.add(s.bullets(part["items"]))
    return sheet.add(s.blocks(w["closing"]))


def evaluation(catalog: Catalog) -> Sheet:
    """The evaluation form: reaction, learning and behaviour (Kirkpatrick's first levels)."""
    w = text("evaluation")
    sheet = _sheet(catalog, w).add(s.blocks(w["intro"]))
    for part in w["parts"]:
        sheet.add(s.heading(part["heading"])).add(s.scale(part["items"], w["choices"]))
        for question in part.get("open", []):
            sheet.add(s.lines(question["label"], question["lines"]))
    return sheet.add(s.note(w["credit"]))


def delivery_notes(catalog: Catalog) -> Sheet:
    """Notes for the trainer: delivering online, cultural adaptation and the models' names."""
    w = text("delivery-notes")
    sheet = _sheet(catalog, w)
    for part in w["sections"]:
        sheet.add(s.heading(part["heading"])).add(s.bullets(part["items"]))
    return sheet.add(s.note(w["credit"]))
