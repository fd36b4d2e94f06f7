"""Markdown to a small tree of plain data that the Typst template lays out.

Course text (prompts, feedback, notebook cells) is Markdown. It is parsed here with mistune and
handed to Typst as JSON, where every string is set as literal text: nothing in it is ever read
as Typst markup or code. Raw HTML is dropped to its text; images become their alt text.

Nodes are dicts with a type ``t``: blocks ``p``, ``h`` (``level``), ``ul``/``ol`` (``items``,
each a list of blocks; ``start``), ``quote``, ``code`` (``text``), ``hr``, ``table`` (``head``,
``rows``: lists of cells, each a list of inlines); inlines ``s`` (``text``), ``em``, ``strong``,
``del``, ``code`` (``text``), ``link`` (``url``), ``br``. Containers keep children in ``c``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import mistune

Node = dict[str, Any]
_TAG = re.compile(r"<[^>]*>")


@cache
def _parser() -> mistune.Markdown:
    import mistune

    return mistune.create_markdown(renderer=None, plugins=["strikethrough", "table"])


def blocks(text: str) -> list[Node]:
    """Markdown text as a list of block nodes."""
    tokens = _parser()(text)
    assert isinstance(tokens, list)
    return [node for token in tokens for node in _block(token)]


def inline(text: str) -> list[Node]:
    """Markdown for a short label (an option, a statement) as inline nodes."""
    result: list[Node] = []
    for node in blocks(text):
        if result:
            result.append({"t": "br"})
        if node["t"] in ("p", "h"):
            result.extend(node["c"])
        else:
            result.append({"t": "s", "text": plain(node)})
    return result


def plain(node: Node | list[Node]) -> str:
    """The text of a node or a list of nodes, without formatting."""
    if isinstance(node, list):
        return "".join(plain(n) for n in node)
    if "text" in node:
        return str(node["text"])
    if node["t"] == "br":
        return "\n"
    parts = [plain(item) for item in node.get("items", [])]
    return "".join(parts) + plain(node.get("c", []))


def _block(token: dict[str, Any]) -> list[Node]:
    kind = token["type"]
    children = token.get("children", [])
    if kind in ("paragraph", "block_text"):
        return [{"t": "p", "c": _inlines(children)}]
    if kind == "heading":
        return [{"t": "h", "level": token["attrs"]["level"], "c": _inlines(children)}]
    if kind == "list":
        attrs = token.get("attrs", {})
        items = [
            [n for child in item.get("children", []) for n in _block(child)] for item in children
        ]
        node: Node = {"t": "ol" if attrs.get("ordered") else "ul", "items": items}
        if attrs.get("ordered"):
            node["start"] = int(attrs.get("start") or 1)
        return [node]
    if kind == "block_quote":
        return [{"t": "quote", "c": [n for child in children for n in _block(child)]}]
    if kind == "block_code":
        return [{"t": "code", "text": token.get("raw", "").rstrip("\n")}]
    if kind == "thematic_break":
        return [{"t": "hr"}]
    if kind == "table":
        return [_table(children)]
    if kind == "block_html":
        text = _TAG.sub("", token.get("raw", "")).strip()
        return [{"t": "p", "c": [{"t": "s", "text": text}]}] if text else []
    if kind == "blank_line":
        return []
    inlines = _inlines(children) if children else [{"t": "s", "text": token.get("raw", "")}]
    return [{"t": "p", "c": inlines}]


def _table(children: list[dict[str, Any]]) -> Node:
    head: list[list[Node]] = []
    rows: list[list[list[Node]]] = []
    for part in children:
        if part["type"] == "table_head":
            head = [_inlines(cell.get("children", [])) for cell in part["children"]]
        else:
            for row in part.get("children", []):
                rows.append([_inlines(cell.get("children", [])) for cell in row["children"]])
    width = max([len(head), *(len(r) for r in rows)])
    head += [[]] * (width - len(head))
    rows = [r + [[]] * (width - len(r)) for r in rows]
    return {"t": "table", "head": head, "rows": rows}


_WRAPPERS = {"emphasis": "em", "strong": "strong", "strikethrough": "del"}


def _inlines(tokens: list[dict[str, Any]]) -> list[Node]:
    nodes: list[Node] = []
    for token in tokens:
        kind = token["type"]
        if kind == "text":
            nodes.append({"t": "s", "text": token["raw"]})
        elif kind == "softbreak":
            nodes.append({"t": "s", "text": " "})
        elif kind == "linebreak":
            nodes.append({"t": "br"})
        elif kind == "codespan":
            nodes.append({"t": "code", "text": token["raw"]})
        elif kind in _WRAPPERS:
            nodes.append({"t": _WRAPPERS[kind], "c": _inlines(token.get("children", []))})
        elif kind == "link":
            url = str(token.get("attrs", {}).get("url", ""))
            nodes.append({"t": "link", "url": url, "c": _inlines(token.get("children", []))})
        elif kind == "image":
            alt = plain(_inlines(token.get("children", [])))
            if alt:
                nodes.append({"t": "s", "text": f"[{alt}]"})
        elif kind == "inline_html":
            continue
        else:
            children = token.get("children")
            text = plain(_inlines(children)) if children else token.get("raw", "")
            nodes.append({"t": "s", "text": text})
    return nodes
