"""Teaching diagrams for the slides: a labelled drawing of each module's models.

Each diagram has its words in `texts/diagrams.yaml` and its drawing in `drawings.py`. It is
shown on the deck of every module that teaches one of its concepts, and credited with those
concepts' sources exactly as the course manifest gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kit.content.catalog import Catalog
from kit.content.schema import Module
from kit.handouts.diagrams.canvas import Canvas
from kit.handouts.diagrams.drawings import DRAWINGS
from kit.handouts.texts import text


@dataclass(frozen=True)
class Diagram:
    """One diagram as a slide shows it: its title, drawing, credits and small print."""

    name: str
    title: str
    canvas: Canvas
    credits: list[str]
    note: str

    @property
    def footnote(self) -> str:
        sources = f"Sources: {'; '.join(self.credits)}." if self.credits else ""
        return " ".join(part for part in (sources, self.note) if part)

    def slide(self, kicker: str) -> dict[str, Any]:
        """The slide's data for templates/slides.typ."""
        return {
            "title": self.title,
            "kicker": kicker,
            "blocks": [],
            "items": [],
            "columns": [],
            "footnote": self.footnote,
            "lettered": False,
            "diagram": self.canvas.to_data(),
        }


def words() -> dict[str, dict[str, Any]]:
    """Every diagram's words, by name."""
    return text("diagrams")


def credits(module: Module, concepts: list[str]) -> list[str]:
    """The sources of those of `concepts` the module teaches, each once, in the order the
    manifest gives them."""
    found: list[str] = []
    for concept in module.concepts:
        if concept.id in concepts:
            found += [s for s in concept.sources if s not in found]
    return found


def names_for(module: Module) -> list[str]:
    """The diagrams a module's deck shows: those that draw one of its concepts."""
    taught = {c.id for c in module.concepts}
    return [n for n, w in words().items() if n in DRAWINGS and taught & set(w["concepts"])]


def diagram(catalog: Catalog, module: Module, name: str) -> Diagram:
    """A diagram drawn for this course, credited as `module` credits what it draws."""
    w = words()[name]
    canvas = DRAWINGS[name](w, catalog)
    return Diagram(name, w["title"], canvas, credits(module, w["concepts"]), w.get("note", ""))


def diagrams_for(catalog: Catalog, module: Module) -> list[Diagram]:
    """The diagrams on a module's deck."""
    return [diagram(catalog, module, name) for name in names_for(module)]
