"""What the option kinds share (choice, scenario, multi): a list of options, each with its
feedback, shown in each learner's own order."""

from __future__ import annotations

from typing import Any, TypeVar

from kit.content.schema import ChoiceExercise, MultiExercise, Option, ScenarioExercise
from kit.kinds.base import Kind, Line, Mode, OptionRow, PaperBody, Slide
from kit.result import Result
from kit.text import inline

Opt = TypeVar("Opt", ChoiceExercise, MultiExercise, ScenarioExercise)


def credit(option: Any) -> float:
    """An option's credit: a scenario's own, else 1 for a key and 0 for the rest."""
    return float(option.credit) if hasattr(option, "credit") else float(option.correct)


class OptionKind(Kind[Opt]):
    """A kind whose learner picks from `options`."""

    def learner_spec(self, ex: Opt, learner: str | None) -> dict[str, Any]:
        shown = self.shown_with_tokens(ex, learner)
        return {"options": [{"id": token, "html": inline(o.text)} for token, o in shown]}

    def shuffled(self, ex: Opt) -> list[Any]:
        return list(ex.options)

    def paper(
        self, ex: Opt, mode: Mode, response: Any, result: Result | None, learner: str | None
    ) -> PaperBody:
        paper = PaperBody("options", multi=ex.kind == "multi")
        chosen = set(response if isinstance(response, list) else [response] if response else [])
        marks = {i.id: i.correct for i in result.items} if result and response is not None else {}
        options = list(ex.options) if mode == "guide" else self.shown(ex, learner)
        for option in options:
            line = Line(option.text, ticks=[option.id in chosen])
            if option.id in chosen or (paper.multi and option.id in marks):
                line.ok = marks.get(option.id)
            if mode == "guide":
                line.keys = [credit(option) == 1]
                line.tag = _credit_tag(option)
                line.note = option.feedback
            paper.lines.append(line)
        return paper

    def slide(self, ex: Opt) -> Slide:
        return Slide(items=[o.text for o in self.shown(ex, None)], lettered=True)

    def option_rows(self, ex: Opt) -> list[OptionRow]:
        return [("", "", o.id, o.text, credit(o)) for o in ex.options]

    def doing_minutes(self, ex: Opt) -> float:
        return 1.0


def _credit_tag(option: Option | Any) -> str:
    if not hasattr(option, "credit"):
        return "Key" if option.correct else ""
    if option.credit == 1:
        return "Best"
    return f"Partial credit ({option.credit:.0%})" if option.credit else "No credit"
