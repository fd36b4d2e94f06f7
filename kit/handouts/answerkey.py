"""A per-module answer key for the trainer, to mark printed worksheets quickly: for each
exercise, its key in the order the blank worksheets print it (their one fixed shuffle),
the options that earn part of the credit, and how the ungraded kinds are completed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kit.content.catalog import Catalog
from kit.handouts import sheets as s
from kit.handouts.sheets import Sheet
from kit.kinds import kind_of
from kit.text import counted, number

WORDS = 9  # words of an option shown beside its place on the worksheet


def _lead(text: str) -> str:
    words = " ".join(text.split()).replace("*", "").split()
    return " ".join(words[:WORDS]) + (" …" if len(words) > WORDS else "")


def _options(ex: Any) -> tuple[str, str]:
    keys, partial = [], []
    for n, option in enumerate(kind_of(ex).shown(ex, None), 1):
        credit = option.credit if ex.kind == "scenario" else float(option.correct)
        if credit == 1:
            keys.append(f"**{n}** · {_lead(option.text)}")
        elif credit > 0:
            partial.append(f"{n} ({credit:.0%})")
    wrong = "" if ex.kind != "multi" else "Each wrong tick takes credit away."
    return "\\\n".join(keys), ", ".join(partial) or wrong


def _categorize(ex: Any) -> tuple[str, str]:
    labels = {b.id: b.label for b in ex.buckets}
    placed = [f"{n} {labels[i.bucket]}" for n, i in enumerate(kind_of(ex).shown(ex, None), 1)]
    return " · ".join(placed), "Credit for each statement placed right."


def _order(ex: Any) -> tuple[str, str]:
    rank = {item.id: n for n, item in enumerate(ex.items, 1)}
    written = " · ".join(str(rank[item.id]) for item in kind_of(ex).shown(ex, None))
    return (
        f"Numbers to write, top to bottom: **{written}**",
        "Credit for each pair of steps in order.",
    )


def _likert(ex: Any) -> tuple[str, str]:
    reverse = [str(n) for n, item in enumerate(ex.items, 1) if item.reverse]
    scored = f"Reverse-worded: statements {', '.join(reverse)}." if reverse else ""
    return "No key: a profile, read with the learner.", scored


def _reflection(ex: Any) -> tuple[str, str]:
    least = [p.min_words for p in ex.prompts if p.min_words]
    done = (
        f"Complete when each prompt has its minimum ({number(min(least))} words or more)."
        if least
        else "Complete when every prompt is answered."
    )
    rubric = "; ".join(f"{c.label} ({number(c.max_points)})" for c in ex.rubric)
    return "No key. " + done, f"Rubric: {rubric}." if rubric else ""


KEYS: dict[str, Callable[[Any], tuple[str, str]]] = {
    "choice": _options,
    "multi": _options,
    "scenario": _options,
    "categorize": _categorize,
    "order": _order,
    "likert": _likert,
    "reflection": _reflection,
}


def answer_key(catalog: Catalog, module_id: str) -> Sheet:
    """The answer key of one module."""
    module = catalog.module(module_id)
    exercises = catalog.module_exercises(module.id)
    sheet = Sheet(
        title=f"Answer key · Module {module.id}",
        course=catalog.course.title,
        subtitle=f"{module.title} · {counted(len(exercises), 'exercise')}",
    )
    sheet.add(
        s.blocks(
            "For the trainer only. Numbers are places on the blank worksheets, counted from the "
            "top; the facilitator guide gives the reasons and the feedback for every option."
        )
    )
    rows = []
    for n, ex in enumerate(exercises, 1):
        key, more = KEYS.get(ex.kind, lambda _: ("See the facilitator guide.", ""))(ex)
        rows.append([str(n), f"**{ex.title}**\\\n{ex.kind} · {number(ex.points)} pt", key, more])
    widths = ["auto", "4.6cm", "1fr", "3.6cm"]
    return sheet.add(s.table(["", "Exercise", "Key", "Also"], widths, rows))
