"""The question bank as GIFT, Moodle's plain-text question format.

Text is Markdown (`[markdown]`), with GIFT's special characters escaped and new lines
written as `\\n`, so a question stays one block. Options carry their feedback (`#...`), partial
credit is a weight (`%30%`), the rationale is the general feedback (`####...`). GIFT has no
ordering question: an order exercise is a matching of each step to its place, and a sort
(categorize) is a matching whose per-statement feedback goes into the general feedback.
"""

from __future__ import annotations

from kit.content.schema import CategorizeExercise, OrderExercise
from kit.interop.bank import (
    Bank,
    BankExercise,
    by_statement,
    format_number,
    moodle_percent,
    option_fractions,
)

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """`text` safe inside a GIFT question: special characters escaped, new lines as \\n."""
    out = "".join("\\" + ch if ch in SPECIAL else ch for ch in text.strip())
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def write_gift(bank: Bank) -> str:
    """The whole bank as one GIFT file, a category per module."""
    parts: list[str] = []
    for module_id, title, exercises in bank.modules:
        if not exercises:
            continue
        parts += [f"$CATEGORY: $course$/top/{_category(f'{module_id} {title}')}", ""]
        for exercise in exercises:
            parts += [_question(bank, exercise), ""]
    head = [f"// {bank.title}: question bank written by the Leadership Course Kit"]
    head += ["// What GIFT does not hold:"] if bank.notes else []
    head += [f"//   {note}".replace("\n", " ") for note in bank.notes]
    return "\n".join([*head, "", *parts])


def _category(text: str) -> str:
    return text.replace("/", "-").replace("\n", " ")


def _question(bank: Bank, ex: BankExercise) -> str:
    head = f"// [id:{ex.id}] points: {format_number(ex.points)}\n::{escape(ex.title)}::"
    stem = f"[markdown]{escape(ex.prompt)}"
    if isinstance(ex, CategorizeExercise):
        body = _categorize(bank, ex)
    elif isinstance(ex, OrderExercise):
        body = _order(bank, ex)
    else:
        body = _options(bank, ex)
    return f"{head}{stem}{{\n{body}\n}}"


def _options(bank: Bank, ex: BankExercise) -> str:
    fractions = option_fractions(ex)
    single = ex.kind != "multi"
    lines = []
    for option in ex.options:  # type: ignore[union-attr]
        fraction = fractions[option.id]
        if single and fraction == 1:
            mark = "="
        elif fraction == 0:
            mark = "~"
        else:
            percent = moodle_percent(fraction)
            if percent is None:
                bank.note(ex.id, f"option {option.id}: credit {fraction:.4f} is not one of"
                          " Moodle's grades; the nearest is used on import")  # fmt: skip
                percent = round(fraction * 100, 5)
            mark = f"~%{format_number(percent)}%"
        lines.append(f"{mark}{escape(option.text)}#{escape(option.feedback)}")
    lines.append(f"####{escape(ex.rationale)}")
    return "\n".join(lines)


def _categorize(bank: Bank, ex: CategorizeExercise) -> str:
    labels = {b.id: b.label for b in ex.buckets}
    lines = [f"={escape(i.text)} -> {escape(labels[i.bucket])}" for i in ex.items]
    general = f"{ex.rationale}\n\n{by_statement(ex)}"
    lines.append(f"####{escape(general)}")
    bank.note(ex.id, "a matching question has no feedback per statement: each statement's"
              " feedback is in the general feedback")  # fmt: skip
    unused = [b.label for b in ex.buckets if b.id not in {i.bucket for i in ex.items}]
    if unused:
        bank.note(ex.id, f"buckets no statement belongs to are left out: {', '.join(unused)}")
    return "\n".join(lines)


def _order(bank: Bank, ex: OrderExercise) -> str:
    lines = [f"={escape(item.text)} -> {place}" for place, item in enumerate(ex.items, 1)]
    lines.append(f"####{escape(ex.rationale)}")
    bank.note(ex.id, "GIFT has no ordering question: each step is matched to its place"
              " (1 = first), so credit is per step in its place, not by pairs in order")  # fmt: skip
    return "\n".join(lines)
