"""Choice: pick the one right option of several; every option says why."""

from __future__ import annotations

import random
from typing import Any

from kit.content.schema import ChoiceExercise
from kit.kinds.base import scored, status_for
from kit.kinds.options import OptionKind
from kit.kinds.shapes import one_of
from kit.result import ItemResult, Result


class Choice(OptionKind[ChoiceExercise]):
    name = "choice"
    model = ChoiceExercise
    label = "Choose one"
    scored = True
    control = "choice.js"
    form = "one"

    def grade(self, ex: ChoiceExercise, response: Any) -> Result:
        option = one_of(response, {o.id: o for o in ex.options}, "option")
        feedback = [option.feedback] + ([ex.rationale] if option.correct else [])
        item = ItemResult(option.id, option.text, True, option.correct, None, option.feedback)
        fraction = float(option.correct)
        return scored(ex, fraction, status_for(fraction), feedback, items=(item,))

    def synthetic(self, ex: ChoiceExercise, rng: random.Random, skill: float) -> str:
        right = next(o.id for o in ex.options if o.correct)
        return right if rng.random() < skill else rng.choice(ex.options).id

    def sample(self, ex: ChoiceExercise, slip: bool = False) -> str:
        return next(o.id for o in ex.options if o.correct != slip)
