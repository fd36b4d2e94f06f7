"""Categorize: sort statements into buckets (e.g. management or leadership); credit per
statement, and every misplaced statement says why."""

from __future__ import annotations

import random
from typing import Any

from kit.content.schema import CategorizeExercise
from kit.errors import ResponseError
from kit.kinds.base import Kind, Line, Mode, OptionRow, PaperBody, Slide, scored, status_for
from kit.kinds.shapes import mapping
from kit.result import ItemResult, Result
from kit.text import inline, quoted

HALF = 5  # more statements than this go on a slide in two columns


class Categorize(Kind[CategorizeExercise]):
    name = "categorize"
    model = CategorizeExercise
    label = "Sort"
    scored = True
    control = "categorize.js"
    form = "grid"

    def grade(self, ex: CategorizeExercise, response: Any) -> Result:
        placed = mapping(response, [i.id for i in ex.items], "statement")
        buckets = {b.id: b.label for b in ex.buckets}
        for item_id, bucket in placed.items():
            if not isinstance(bucket, str) or bucket not in buckets:
                raise ResponseError(f"statement {item_id!r}: unknown bucket {bucket!r}")
        items = tuple(
            ItemResult(i.id, i.text, placed[i.id], placed[i.id] == i.bucket, i.bucket, i.feedback)
            for i in ex.items
        )
        right = sum(bool(i.correct) for i in items)
        fraction = right / len(items)
        feedback = [f"{right} of {len(items)} statements sorted as the course would."]
        feedback += [f"{quoted(i.label)}: {i.feedback}" for i in items if not i.correct]
        if right == len(items):
            feedback.append(ex.rationale)
        return scored(ex, fraction, status_for(fraction), feedback, items=items)

    def learner_spec(self, ex: CategorizeExercise, learner: str | None) -> dict[str, Any]:
        return {
            "buckets": [
                {"id": token, "label": b.label}
                for b, token in zip(ex.buckets, self.choice_tokens(ex).values(), strict=True)
            ],
            "items": [
                {"id": token, "html": inline(i.text)}
                for token, i in self.shown_with_tokens(ex, learner)
            ],
        }

    def unfinished(self, ex: CategorizeExercise, value: Any) -> str | None:
        left = len(ex.items) - len(value or {})
        return f"Sort every statement first ({left} still to place)." if left else None

    def shuffled(self, ex: CategorizeExercise) -> list[Any]:
        return list(ex.items)

    def choices(self, ex: CategorizeExercise) -> list[Any]:
        return list(ex.buckets)

    def paper(
        self,
        ex: CategorizeExercise,
        mode: Mode,
        response: Any,
        result: Result | None,
        learner: str | None,
    ) -> PaperBody:
        ids = [b.id for b in ex.buckets]
        paper = PaperBody("grid", columns=[b.label for b in ex.buckets])
        placed = response if isinstance(response, dict) else {}
        marks = {i.id: i.correct for i in result.items} if result and placed else {}
        statements = list(ex.items) if mode == "guide" else self.shown(ex, learner)
        for statement in statements:
            line = Line(statement.text, ticks=[placed.get(statement.id) == b for b in ids])
            line.ok = marks.get(statement.id)
            if mode == "guide":
                line.keys = [statement.bucket == b for b in ids]
                line.note = statement.feedback
            paper.lines.append(line)
        return paper

    def slide(self, ex: CategorizeExercise) -> Slide:
        items = [i.text for i in self.shown(ex, None)]
        half = (len(items) + 1) // 2 if len(items) > HALF else len(items)
        buckets = " · ".join(b.label for b in ex.buckets)
        return Slide(items[:half], items[half:], f"Sort into: {buckets}")

    def synthetic(self, ex: CategorizeExercise, rng: random.Random, skill: float) -> dict[str, str]:
        buckets = [b.id for b in ex.buckets]
        return {i.id: i.bucket if rng.random() < skill else rng.choice(buckets) for i in ex.items}

    def option_rows(self, ex: CategorizeExercise) -> list[OptionRow]:
        return [
            (i.id, i.text, b.id, b.label, float(b.id == i.bucket))
            for i in ex.items
            for b in ex.buckets
        ]

    def sample(self, ex: CategorizeExercise, slip: bool = False) -> dict[str, str]:
        placed = {i.id: i.bucket for i in ex.items}
        if slip:
            first = ex.items[0]
            placed[first.id] = next(b.id for b in ex.buckets if b.id != first.bucket)
        return placed

    def doing_minutes(self, ex: CategorizeExercise) -> float:
        return 1 + 0.3 * len(ex.items)  # a minute to start, then each statement
