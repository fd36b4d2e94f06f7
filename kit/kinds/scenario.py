"""Scenario: a workplace situation; the best response earns full credit, defensible ones part
of it, and every response says why."""

from __future__ import annotations

import random
from typing import Any

from kit.content.schema import ScenarioExercise
from kit.kinds.base import scored, status_for
from kit.kinds.options import OptionKind
from kit.kinds.shapes import one_of
from kit.result import ItemResult, Result


class Scenario(OptionKind[ScenarioExercise]):
    name = "scenario"
    model = ScenarioExercise
    label = "Scenario"
    scored = True
    control = "choice.js"
    form = "one"

    def grade(self, ex: ScenarioExercise, response: Any) -> Result:
        option = one_of(response, {o.id: o for o in ex.options}, "option")
        feedback = [option.feedback] + ([ex.rationale] if option.credit == 1 else [])
        item = ItemResult(option.id, option.text, True, option.credit == 1, None, option.feedback)
        return scored(ex, option.credit, status_for(option.credit), feedback, items=(item,))

    def synthetic(self, ex: ScenarioExercise, rng: random.Random, skill: float) -> str:
        best = max(ex.options, key=lambda o: o.credit).id
        return best if rng.random() < skill else rng.choice(ex.options).id

    def sample(self, ex: ScenarioExercise, slip: bool = False) -> str:
        ranked = sorted(ex.options, key=lambda o: o.credit, reverse=True)
        return ranked[1 if slip else 0].id

    def doing_minutes(self, ex: ScenarioExercise) -> float:
        return 1.5  # weigh the situation, then the options
