"""One exercise as a handout block, in one of three modes.

- workbook: the learner's latest answer, status, score and the feedback they were shown;
- worksheet: prompt, options and space to write; no keys, feedback, rationales or notes;
- guide: keys, per-option feedback, rationale, guidance, rubric and the facilitator note.
"""

from __future__ import annotations

import re
from typing import Any

from kit.handouts import richtext as rt
from kit.handouts.model import Block, Prompt, Row
from kit.handouts.scripts import paragraphs
from kit.kinds import kind_of
from kit.kinds.base import Mode, PaperBody
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
    and options in the order `learner` saw them (see `kit.content.ordering`); the body
    comes from the exercise's kind (`Kind.paper`)."""
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
    paper = kind.paper(exercise, mode, response if answered else None, result, seen_by)
    _fill(block, paper)
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


def _fill(block: Block, paper: PaperBody) -> None:
    """The kind's body on paper as the template draws it: course text as rich text, the
    learner's answers verbatim."""
    block.layout = paper.layout
    block.multi = paper.multi
    block.columns = paper.columns
    block.rows = [
        Row(
            text=rt.inline(line.text),
            ticks=line.ticks,
            keys=line.keys,
            ok=line.ok,
            tag=line.tag,
            note=rt.blocks(line.note) if line.note else [],
        )
        for line in paper.lines
    ]
    for writing in paper.writing:
        prompt = Prompt(label=rt.inline(writing.label), hint=writing.hint, lines=writing.lines)
        prompt.min_words = writing.min_words
        if writing.answer is not None:
            prompt.answer = learner_text(writing.answer)
            prompt.paragraphs = paragraphs(prompt.answer)
            prompt.count = counted(word_count(prompt.answer), "word") + (
                f" (at least {writing.min_words})" if writing.min_words else ""
            )
        block.prompts.append(prompt)
    block.readings = [
        {"label": r["label"], "strong": rt.blocks(r["strong"]), "growth": rt.blocks(r["growth"])}
        for r in paper.readings
    ]
    block.guidance = rt.blocks(paper.guidance) if paper.guidance else []
    block.rubric = [
        {"label": c["label"], "description": rt.blocks(c["description"]), "points": c["points"]}
        for c in paper.rubric
    ]
