"""One view per exercise kind, each a thin layer over `ExerciseView`."""

from __future__ import annotations

from typing import Any

from kit import api
from kit.content.ordering import shown_options
from kit.content.schema import (
    MAX_RATERS,
    CategorizeExercise,
    ChoiceExercise,
    LikertExercise,
    MultiExercise,
    OrderExercise,
    ReflectionExercise,
)
from kit.errors import KitError
from kit.grading import likert_ratings
from kit.result import Result
from kit.text import inline, markdown
from kit.ui.base import ExerciseView, _esm, option_specs


def _learner() -> str:
    """Whose order of options to show; if the store cannot be read, the view says why."""
    try:
        return api.whoami()
    except KitError:
        return ""


class ChoiceView(ExerciseView):
    _esm = _esm("choice.js")

    def learner_spec(self, exercise: ChoiceExercise) -> dict[str, Any]:
        return {"options": option_specs(shown_options(exercise, _learner()))}


class ScenarioView(ChoiceView):
    """A workplace situation: shown as a choice of responses."""


class MultiView(ExerciseView):
    _esm = _esm("multi.js")

    def learner_spec(self, exercise: MultiExercise) -> dict[str, Any]:
        return {"options": option_specs(shown_options(exercise, _learner()))}

    def unfinished(self, value: Any) -> str | None:
        return None if value else "Tick at least one option first."


class CategorizeView(ExerciseView):
    _esm = _esm("categorize.js")

    def learner_spec(self, exercise: CategorizeExercise) -> dict[str, Any]:
        return {
            "buckets": [{"id": b.id, "label": b.label} for b in exercise.buckets],
            "items": [
                {"id": i.id, "html": inline(i.text)} for i in shown_options(exercise, _learner())
            ],
        }

    def unfinished(self, value: Any) -> str | None:
        left = len(self.exercise.items) - len(value or {})
        return f"Sort every statement first ({left} still to place)." if left else None


class OrderView(ExerciseView):
    _esm = _esm("order.js")

    def learner_spec(self, exercise: OrderExercise) -> dict[str, Any]:
        return {"items": [_order_item(i) for i in exercise.shown_order()]}

    def unfinished(self, value: Any) -> str | None:
        return None

    def response(self) -> Any:
        return self.value if self.value is not None else [i["id"] for i in self.spec["items"]]


def _order_item(item: Any) -> dict[str, str]:
    return {"id": item.id, "html": inline(item.text), "plain": item.text}


class LikertView(ExerciseView):
    """Ratings of statements. An observer form asks which colleague is answering (each one
    saved as their own attempt); the chart shows their mean beside your own view."""

    _esm = _esm("likert.js")
    check_label = "Save and see my profile"
    again_label = "Change my ratings"

    def learner_spec(self, exercise: LikertExercise) -> dict[str, Any]:
        spec: dict[str, Any] = {
            "choices": list(exercise.choices),
            "not_applicable": exercise.not_applicable,
            "items": [{"id": i.id, "text": i.text} for i in exercise.items],
            "raters": MAX_RATERS if exercise.observer_of else 0,
        }
        if exercise.observer_of:
            spec |= {"check_label": "Save this colleague's ratings", "again_label": "Change"}
        return spec

    def unfinished(self, value: Any) -> str | None:
        rated = _ratings(value)
        left = [str(n) for n, i in enumerate(self.exercise.items, 1) if i.id not in rated]
        if not left:
            return None
        if len(left) == 1:
            return f"Rate every statement first: statement {left[0]} is not rated yet."
        numbers = ", ".join(left[:-1]) + " and " + left[-1]
        return f"Rate every statement first: statements {numbers} are not rated yet."

    def result_view(self, result: Result, notice: str = "") -> dict[str, Any]:
        view = super().result_view(result, notice)
        view["feedback_html"] += [markdown(line) for line in self._beside(result)]
        return view

    def _beside(self, result: Result) -> list[str]:
        """A line on the colleagues who answered an observer form, or on then and now."""
        from kit.answers import changes, rated_by

        ex = self.exercise
        try:
            if ex.rerate_of:
                then = api.last_answer(ex.rerate_of)
                moved = changes(ex, then.result.profile, result.profile) if then else ""
                return [moved] if moved else []
            mine = api.last_answer(ex.id) if ex.observer_of else None
        except KitError:
            return []
        if mine is None:
            return []
        rater = likert_ratings(ex, mine.response)[0]
        so_far = ", ".join(str(n) for n in sorted(mine.raters))
        return [
            f"Saved for colleague {rater} (answered so far: {so_far}). The chart shows"
            f" {rated_by(mine)}, beside your own when you have saved them. For another"
            " colleague, press Change and choose a new number: the form starts empty."
        ]

    def chart(self, result: Result) -> str:
        from kit.charts import profile_svg

        return profile_svg(self.exercise, api.profiles_for(self.exercise, result.profile))


def _ratings(value: Any) -> dict[str, Any]:
    """The ratings in a likert value: {item: rating}, or an observer's {"rater", "ratings"}."""
    if isinstance(value, dict) and isinstance(value.get("ratings"), dict):
        return value["ratings"]
    return value if isinstance(value, dict) else {}


class ReflectionView(ExerciseView):
    _esm = _esm("reflection.js")
    check_label = "Save"
    again_label = "Edit"

    def learner_spec(self, exercise: ReflectionExercise) -> dict[str, Any]:
        return {
            "prompts": [
                {
                    "id": p.id,
                    "label_html": inline(p.label),
                    "hint": p.hint,
                    "min_words": p.min_words,
                    "lines": p.lines,
                }
                for p in exercise.prompts
            ]
        }

    def unfinished(self, value: Any) -> str | None:
        if not any(str(v).strip() for v in (value or {}).values()):
            return "Write something first."
        return None

    def response(self) -> Any:
        value = self.value or {}
        return {p.id: str(value.get(p.id, "")) for p in self.exercise.prompts}
