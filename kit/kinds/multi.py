"""Multi: pick every option that applies; credit per option, floored at 0."""

from __future__ import annotations

import random
from typing import Any

from kit.content.schema import MultiExercise
from kit.kinds.base import scored, status_for
from kit.kinds.options import OptionKind
from kit.kinds.shapes import ids
from kit.result import ItemResult, Result


class Multi(OptionKind[MultiExercise]):
    name = "multi"
    model = MultiExercise
    label = "Choose all that apply"
    scored = True
    control = "multi.js"
    form = "several"

    def grade(self, ex: MultiExercise, response: Any) -> Result:
        chosen = set(ids(response, [o.id for o in ex.options], "option"))
        n_correct = sum(o.correct for o in ex.options)
        hits = sum(o.correct for o in ex.options if o.id in chosen)
        misses = sum(not o.correct for o in ex.options if o.id in chosen)
        fraction = max(0.0, (hits - misses) / n_correct)
        items = tuple(
            ItemResult(
                o.id, o.text, o.id in chosen, (o.id in chosen) == o.correct, o.correct, o.feedback
            )
            for o in ex.options
        )
        feedback = [f"“{o.text}”: {o.feedback}" for o in ex.options if o.id in chosen]
        if hits < n_correct:
            feedback.append(f"You found {hits} of the {n_correct} options that apply.")
        status = "correct" if hits == n_correct and not misses else status_for(fraction)
        if status == "correct":
            feedback.append(ex.rationale)
        return scored(ex, fraction, status, feedback, items=items)

    def unfinished(self, ex: MultiExercise, value: Any) -> str | None:
        return None if value else "Tick at least one option first."

    def synthetic(self, ex: MultiExercise, rng: random.Random, skill: float) -> list[str]:
        chosen = [o.id for o in ex.options if (rng.random() < skill) == o.correct]
        return chosen or [ex.options[0].id]

    def sample(self, ex: MultiExercise, slip: bool = False) -> list[str]:
        chosen = [o.id for o in ex.options if o.correct]
        wrong = [o.id for o in ex.options if not o.correct]
        if slip:
            return [*chosen, wrong[0]] if wrong else chosen[1:]
        return chosen

    def doing_minutes(self, ex: MultiExercise) -> float:
        return 1.5  # decide on every option
