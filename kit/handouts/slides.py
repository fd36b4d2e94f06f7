"""A 16:9 slide deck per module, for the room: objectives, key points, a labelled diagram of
each of its models with their sources, the questions to discuss, each exercise's prompt
(never its key), what to try in the week after, and the module's sources."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, ClassVar

from kit.content.catalog import Catalog
from kit.handouts import richtext as rt
from kit.handouts.diagrams import diagrams_for
from kit.handouts.documents import format_date
from kit.handouts.weekly import sources, try_this_week
from kit.kinds import kind_of

PER_SLIDE = 5
PER_SMALL_SLIDE = 8
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class Deck:
    """One module's slides. Each slide: title, kicker (a small line above the title),
    blocks (rich text), items (a list), columns (a second list beside it) and footnote."""

    course: str
    module: str
    title: str
    date: str
    slides: list[dict[str, Any]] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)
    template: ClassVar[str] = "slides.typ"

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        del data["images"]
        return data

    def slide(
        self,
        title: str,
        kicker: str = "",
        blocks: str = "",
        items: list[str] | None = None,
        columns: list[str] | None = None,
        footnote: str = "",
        lettered: bool = False,
    ) -> None:
        self.slides.append(
            {
                "title": title,
                "kicker": kicker,
                "blocks": rt.blocks(blocks),
                "items": [rt.inline(i) for i in items or []],
                "columns": [rt.inline(i) for i in columns or []],
                "footnote": footnote,
                "lettered": lettered,
            }
        )

    def listing(self, title: str, items: list[str], kicker: str = "", small: bool = False) -> None:
        """`items` on as many slides as they need, PER_SLIDE to a slide (small: in a smaller
        type, for references)."""
        size = PER_SMALL_SLIDE if small else PER_SLIDE
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        for n, chunk in enumerate(chunks):
            more = f" ({n + 1} of {len(chunks)})" if len(chunks) > 1 else ""
            self.slide(title + more, kicker, items=chunk)
            if small:
                self.slides[-1]["small"] = True


def deck(catalog: Catalog, module_id: str, today: date | None = None) -> Deck:
    """The slides for one module."""
    module = catalog.module(module_id)
    kicker = f"Module {module.id} · {module.title}"
    d = Deck(catalog.course.title, module.id, module.title, format_date(today or date.today()))
    d.slides.append(
        {
            "title": module.title,
            "kicker": f"{catalog.course.title} · Module {module.id}",
            "blocks": [],
            "items": [],
            "columns": [],
            "footnote": f"{module.minutes} minutes",
            "lettered": False,
            "cover": True,
        }
    )
    d.listing("By the end of this module", [o.text for o in module.objectives], kicker)
    d.listing("Key points", list(module.key_points), kicker)
    for picture in diagrams_for(catalog, module):
        d.slides.append(picture.slide(kicker))
    file = catalog.files.get(module.id)
    if file is not None and file.facilitator.discussion:
        d.listing("Questions for the room", list(file.facilitator.discussion), kicker)
    exercises = catalog.module_exercises(module.id)
    for n, exercise in enumerate(exercises, 1):
        _exercise(d, exercise, f"{kicker} · exercise {n} of {len(exercises)}")
    week = try_this_week(catalog, module)
    if week:
        d.listing("Try this week", week, kicker)
    d.listing("Sources", sources(catalog, module), kicker, small=True)
    return d


def _exercise(d: Deck, ex: Any, kicker: str) -> None:
    """An exercise as the room sees it: the prompt and what to choose from, never the key."""
    shown = kind_of(ex).slide(ex)
    d.slide(ex.title, kicker, ex.prompt, shown.items, shown.columns, shown.footnote,
            shown.lettered)  # fmt: skip
