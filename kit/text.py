"""Course text to HTML: Markdown with raw HTML escaped, so nothing in it can run."""

from __future__ import annotations

from functools import cache

import mistune


@cache
def _renderer() -> mistune.Markdown:
    return mistune.create_markdown(escape=True, plugins=["strikethrough"])


def markdown(text: str) -> str:
    """Block HTML for a prompt or a paragraph of feedback."""
    return str(_renderer()(text)).strip()


def inline(text: str) -> str:
    """HTML for a short label: Markdown emphasis and links, without the wrapping paragraph."""
    html = markdown(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
