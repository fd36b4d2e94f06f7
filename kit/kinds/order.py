"""Order: put steps in order; credit by the pairs of steps in the right order, and every
step out of place is named with where it belongs and why."""

from __future__ import annotations

import random
from bisect import bisect_left
from itertools import combinations
from typing import Any

from kit.content.schema import OrderExercise, OrderItem
from kit.errors import ResponseError
from kit.kinds.base import Kind, Line, Mode, PaperBody, Slide, scored, status_for
from kit.kinds.shapes import ids
from kit.result import ItemResult, Result
from kit.text import inline, quoted

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


class Order(Kind[OrderExercise]):
    name = "order"
    model = OrderExercise
    label = "Put in order"
    scored = True
    control = "order.js"
    form = "sequence"

    def grade(self, ex: OrderExercise, response: Any) -> Result:
        known = [i.id for i in ex.items]
        order = ids(response, known, "item")
        if len(order) != len(known):
            raise ResponseError(f"expected all {len(known)} items in order, got {len(order)}")
        rank = {item_id: n for n, item_id in enumerate(known)}
        pairs = list(combinations(order, 2))
        in_order = sum(rank[a] < rank[b] for a, b in pairs)
        fraction = in_order / len(pairs)
        by_id = {i.id: i for i in ex.items}
        items = tuple(
            ItemResult(
                item_id, by_id[item_id].text, pos + 1, rank[item_id] == pos, rank[item_id] + 1
            )
            for pos, item_id in enumerate(order)
        )
        feedback = [f"{in_order} of {len(pairs)} pairs of steps are in the right order."]
        feedback += [_moved(ex, by_id[i], order.index(i)) for i in out_of_place(order, rank)]
        if fraction == 1:
            feedback.append(ex.rationale)
        return scored(ex, fraction, status_for(fraction), feedback, items=items)

    def learner_spec(self, ex: OrderExercise, learner: str | None) -> dict[str, Any]:
        return {
            "items": [
                {"id": token, "html": inline(i.text), "plain": i.text}
                for token, i in self.shown_with_tokens(ex, learner)
            ]
        }

    def unfinished(self, ex: OrderExercise, value: Any) -> str | None:
        return None  # the steps as shown are an answer too

    def response(self, ex: OrderExercise, value: Any, learner: str | None) -> Any:
        """Untouched, the steps are answered in the order the learner sees them."""
        return value if value is not None else [i.id for i in self.shown(ex, learner)]

    def shuffled(self, ex: OrderExercise) -> list[Any]:
        return list(ex.items)

    def paper(
        self, ex: OrderExercise, mode: Mode, response: Any, result: Result | None,
        learner: str | None,
    ) -> PaperBody:  # fmt: skip
        paper = PaperBody("order")
        if mode == "guide":
            paper.lines = [
                Line(i.text, tag=str(n), note=i.feedback or "") for n, i in enumerate(ex.items, 1)
            ]
        elif isinstance(response, list) and result is not None:
            text = {i.id: i.text for i in ex.items}
            placed = {i.id: i.correct for i in result.items}
            paper.lines = [
                Line(text[i], tag=str(n), ok=placed.get(i)) for n, i in enumerate(response, 1)
            ]
        else:
            paper.lines = [Line(i.text) for i in self._on_paper(ex, learner)]
        return paper

    def slide(self, ex: OrderExercise) -> Slide:
        return Slide([i.text for i in self._on_paper(ex, None)], lettered=True)

    def _on_paper(self, ex: OrderExercise, learner: str | None) -> list[OrderItem]:
        """The steps as printed: the learner's order; a blank sheet or slide, which nobody
        works anything out from, is never printed in the right order."""
        steps: list[OrderItem] = self.shown(ex, learner)
        if learner is None and steps == list(ex.items):
            return steps[1:] + steps[:1]
        return steps

    def synthetic(self, ex: OrderExercise, rng: random.Random, skill: float) -> list[str]:
        order = [i.id for i in ex.items]
        for _ in range(round((1 - skill) * len(order))):
            a, b = rng.randrange(len(order)), rng.randrange(len(order))
            order[a], order[b] = order[b], order[a]
        return order

    def sample(self, ex: OrderExercise, slip: bool = False) -> list[str]:
        order = [i.id for i in ex.items]
        if slip:
            order[-2:] = order[-1], order[-2]
        return order

    def doing_minutes(self, ex: OrderExercise) -> float:
        return 1.5  # try an order, move steps


def out_of_place(order: list[str], rank: dict[str, int]) -> list[str]:
    """The fewest steps that, moved, put `order` right: those outside its longest run of
    steps already in the right order relative to each other."""
    ranks = [rank[i] for i in order]
    tails: list[int] = []  # tails[k]: index in `order` ending the best run of length k + 1
    before: list[int | None] = [None] * len(order)
    for n, r in enumerate(ranks):
        k = bisect_left([ranks[t] for t in tails], r)
        before[n] = tails[k - 1] if k else None
        if k == len(tails):
            tails.append(n)
        else:
            tails[k] = n
    keep: set[int] = set()
    at = tails[-1] if tails else None
    while at is not None:
        keep.add(at)
        at = before[at]
    return [i for n, i in enumerate(order) if n not in keep]


def _moved(ex: OrderExercise, step: OrderItem, given: int) -> str:
    """Where a step out of place belongs, said by its neighbour in the right order."""
    right = ex.items.index(step)
    if right == 0:
        where = "It comes first."
    else:
        where = f"It comes straight after {quoted(ex.items[right - 1].text)}"
    place = ORDINALS[given] if given < len(ORDINALS) else f"number {given + 1}"
    why = f" {step.feedback}" if step.feedback else ""
    return f"{quoted(step.text)}: you put it {place}. {where}{why}"
