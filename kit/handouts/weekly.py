"""Lists from a module's notebook: what it asks learners to try in the week after it (the
list under the heading "Try this week"), and its sources."""

from __future__ import annotations

import json
import re

from kit.content.catalog import Catalog
from kit.content.schema import Module

HEADING = re.compile(r"^#{1,6}\s+Try this week\s*$", re.I | re.M)
SOURCES = re.compile(r"^#{1,6}\s+(?:Sources|References)\s*$", re.I | re.M)
ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+", re.M)


def try_this_week(catalog: Catalog, module: Module) -> list[str]:
    """The module's "Try this week" items as Markdown (none if it has no such section or
    no notebook)."""
    return section_items(catalog, module, HEADING)


def sources(catalog: Catalog, module: Module) -> list[str]:
    """The items of the module's "Sources" section, as the notebook gives them."""
    return section_items(catalog, module, SOURCES)


def section_items(catalog: Catalog, module: Module, heading: re.Pattern[str]) -> list[str]:
    """The list items under the first heading that `heading` matches in the module's
    notebook, as Markdown (none if there is no such section or no notebook)."""
    path = catalog.modules_dir / f"{module.stem}.ipynb"
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return []
    for cell in cells:
        source = "".join(cell.get("source", []))
        match = heading.search(source) if cell.get("cell_type") == "markdown" else None
        if match:
            section = re.split(r"^#{1,6}\s", source[match.end() :], maxsplit=1, flags=re.M)[0]
            items = ITEM.split(section)[1:]
            return [" ".join(_list_part(item).split()) for item in items]
    return []


def _list_part(item: str) -> str:
    """An item without a paragraph that follows the list (a blank line, then text that is
    not indented)."""
    return re.split(r"\n\s*\n(?=\S)", item, maxsplit=1)[0]


def short(item: str) -> str:
    """An item's lead: its bold first sentence if it has one, e.g. "Design one alliance."."""
    match = re.match(r"\*\*(.+?)\*\*", item)
    return match.group(1) if match else item
