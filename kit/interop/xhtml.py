"""Course Markdown as the XHTML elements QTI 2.1 allows in an item body."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

if TYPE_CHECKING:
    import mistune

# QTI 2.1's XHTML subset, of what Markdown produces; anything else becomes a span.
ALLOWED = {"p", "em", "strong", "code", "pre", "br", "hr", "ul", "ol", "li", "blockquote",
           "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
           "div", "span", "sub", "sup"}  # fmt: skip
KEPT_ATTRIBUTES = {"a": ("href",)}


@cache
def _markdown() -> mistune.Markdown:
    import mistune

    return mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])


def xhtml(text: str) -> list[ET.Element]:
    """The block elements of Markdown `text` (unqualified: they take the namespace of the
    document they go into); raw HTML is shown as text."""
    html = str(_markdown()(text))
    try:
        root = ET.fromstring(f"<div>{html}</div>")
    except ET.ParseError:  # never expected of mistune's escaped output; keep the text whole
        p = ET.Element("p")
        p.text = text
        return [p]
    return [_convert(child) for child in root]


def _convert(element: ET.Element) -> ET.Element:
    tag = element.tag if element.tag in ALLOWED else "span"
    out = ET.Element(tag)
    for name in KEPT_ATTRIBUTES.get(tag, ()):
        if name in element.attrib:
            out.set(name, element.attrib[name])
    out.text = element.text
    out.tail = element.tail
    for child in element:
        out.append(_convert(child))
    return out
