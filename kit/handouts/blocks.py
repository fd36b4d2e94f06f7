"""One exercise as a handout block, in one of three modes.

- workbook: the learner's latest answer, status, score and the feedback they were shown;
- worksheet: prompt, options and space to write; no keys, feedback, rationales or notes;
- guide: keys, per-option feedback, rationale, guidance, rubric and the facilitator note.
"""

from __future__ import annotations

import re
from typing import Any

from kit.content.ordering import shown_options
from kit.grading import likert_ratings
from kit.handouts import richtext as rt
from kit.handouts.model import Block, Mode, Prompt, Row
from kit.handouts.scripts import paragraphs
from kit.kinds import kind_of
from kit.result import Result
from kit.text import counted, number, word_count

NOT_ANSWERED = "Not answered yet"
# Invisible characters that can only garble a page: control characters other than line ends,
# and the bidirectional embeddings and overrides that reorder the rest of a line.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def learner_text(text: str) -> str:
    """A learner's answer as it is to be printed: every visible character kept as typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _INVISIBLE.sub("", text)


def exercise_block(
    exercise: Any,
    mode: Mode,
    response: Any = None,
    result: Result | None = None,
    notice: str = "",
    learner: str | None = None,
) -> Block:
    """The block for `exercise`; in workbook mode, with `response` and its `result` if any,
    and options in the order `learner` saw them (see `kit.content.ordering`)."""
    answered = mode == "workbook" and result is not None
    kind = kind_of(exercise)
    block = Block(
        id=exercise.id,
        kind=exercise.kind,
        kind_label=kind.label,
        title=exercise.title,
        points=exercise.points,
        points_text=counted(exercise.points, "point"),
        prompt=rt.blocks(exercise.prompt),
        layout="options",
    )
    seen_by = learner if mode == "workbook" else None
    kind.part("layout")(block, exercise, mode, response if answered else None, result, seen_by)
    if answered:
        assert result is not None
        block.answered = True
        block.status = result.status
        block.status_label = result.label
        block.score = result.score
        block.score_text = f"{number(result.score)} of {counted(result.max_score, 'point')}"
        block.notice = notice
        block.feedback = [rt.blocks(line) for line in result.feedback]
    elif mode == "workbook":
        block.status = "not-started"
        block.status_label = NOT_ANSWERED
    if mode == "guide":
        block.rationale = rt.blocks(exercise.rationale)
        block.facilitator_note = rt.blocks(exercise.facilitator_note or "")
    return block


def _in_order(ex: Any, mode: Mode, learner: str | None) -> list[Any]:
    """Options as the guide lists them (as written) or as the learner saw them."""
    if mode == "guide":
        return list(ex.items if ex.kind == "categorize" else ex.options)
    return shown_options(ex, learner)


def options_layout(
    block: Block, ex: Any, mode: Mode, response: Any, result: Result | None, learner: str | None
) -> None:
    block.multi = ex.kind == "multi"
    chosen = set(response if isinstance(response, list) else [response] if response else [])
    marks = {i.id: i.correct for i in result.items} if result and response is not None else {}
    for option in _in_order(ex, mode, learner):
        row = Row(text=rt.inline(option.text), ticks=[option.id in chosen])
        if option.id in chosen or (block.multi and option.id in marks):
            row.ok = marks.get(option.id)
        if mode == "guide":
            row.keys = [_is_key(option)]
            row.tag = _credit(option)
            row.note = rt.blocks(option.feedback)
        block.rows.append(row)


def _is_key(option: Any) -> bool:
    return bool(getattr(option, "correct", False) or getattr(option, "credit", 0) == 1)


def _credit(option: Any) -> str:
    if not hasattr(option, "credit"):
        return "Key" if option.correct else ""
    if option.credit == 1:
        return "Best"
    return f"Partial credit ({option.credit:.0%})" if option.credit else "No credit"


def categorize_layout(
    block: Block, ex: Any, mode: Mode, response: Any, result: Result | None, learner: str | None
) -> None:
    block.layout = "grid"
    ids = [b.id for b in ex.buckets]
    block.columns = [b.label for b in ex.buckets]
    placed = response if isinstance(response, dict) else {}
    marks = {i.id: i.correct for i in result.items} if result and placed else {}
    for item in _in_order(ex, mode, learner):
        row = Row(text=rt.inline(item.text), ticks=[placed.get(item.id) == b for b in ids])
        row.ok = marks.get(item.id)
        if mode == "guide":
            row.keys = [item.bucket == b for b in ids]
            row.note = rt.blocks(item.feedback)
        block.rows.append(row)


def order_layout(
    block: Block, ex: Any, mode: Mode, response: Any, result: Result | None, learner: str | None
) -> None:
    block.layout = "order"
    text = {i.id: i.text for i in ex.items}
    if mode == "guide":
        for n, item in enumerate(ex.items, 1):
            block.rows.append(Row(text=rt.inline(item.text), tag=str(n)))
        return
    if isinstance(response, list) and result is not None:
        rank = {item.id: item.correct for item in result.items}
        for n, item_id in enumerate(response, 1):
            block.rows.append(Row(text=rt.inline(text[item_id]), tag=str(n), ok=rank.get(item_id)))
        return
    for item in ex.shown_order():
        block.rows.append(Row(text=rt.inline(item.text)))


def likert_layout(
    block: Block, ex: Any, mode: Mode, response: Any, result: Result | None, learner: str | None
) -> None:
    block.layout = "grid"
    block.columns = [*ex.choices, *([ex.not_applicable] if ex.not_applicable else [])]
    ratings = likert_ratings(ex, response)[1] if response is not None else {}
    scales = {s.id: s.label for s in ex.scales}
    for item in ex.items:
        ticks = [ratings.get(item.id) == n for n in range(1, len(ex.choices) + 1)]
        if ex.not_applicable:
            ticks.append(item.id in ratings and ratings[item.id] is None)
        row = Row(text=rt.inline(item.text), ticks=ticks)
        if mode == "guide":
            row.tag = scales[item.scale] + (" · reverse-worded" if item.reverse else "")
        block.rows.append(row)
    if mode == "guide":
        block.readings = [
            {"label": s.label, "strong": rt.blocks(s.strong), "growth": rt.blocks(s.growth)}
            for s in ex.scales
        ]


def reflection_layout(
    block: Block, ex: Any, mode: Mode, response: Any, result: Result | None, learner: str | None
) -> None:
    block.layout = "prompts"
    answers = response if isinstance(response, dict) else {}
    for p in ex.prompts:
        answer = answers.get(p.id) if response is not None else None
        prompt = Prompt(label=rt.inline(p.label), hint=p.hint or "", lines=p.lines)
        prompt.min_words = p.min_words
        if answer is not None:
            prompt.answer = learner_text(str(answer))
            prompt.paragraphs = paragraphs(prompt.answer)
            words = word_count(prompt.answer)
            prompt.count = counted(words, "word") + (
                f" (at least {p.min_words})" if p.min_words else ""
            )
        block.prompts.append(prompt)
    if mode == "guide":
        block.guidance = rt.blocks(ex.guidance)
        block.rubric = [
            {"label": c.label, "description": rt.blocks(c.description), "points": c.max_points}
            for c in ex.rubric
        ]
