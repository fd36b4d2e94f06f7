"""The widget of every exercise: sync the answer, check it through the API, show the result,
and restore the last answer from the store. What each kind draws, and how its answer is read,
comes from the kind (`kit/kinds/<name>.py`)."""

from __future__ import annotations

import weakref
from functools import cache
from typing import Any, ClassVar

import anywidget
import traitlets

from kit import api, sharing
from kit.content.catalog import load_catalog
from kit.errors import KitError
from kit.kinds import kind_of
from kit.kinds.base import Kind
from kit.result import Result
from kit.sharing import SHARE_HELP, SHARE_LABEL
from kit.store import open_store
from kit.text import markdown, score_text
from kit.ui.assets import css, kind_esm
from kit.ui.saved import last_answer, module_progress_line

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# The exercises on screen in this kernel, by module, so that checking one updates the
# progress line of all of them.
_LIVE: dict[str, weakref.WeakSet[ExerciseView]] = {}


class ExerciseView(anywidget.AnyWidget):
    """One exercise on screen, drawn by its kind's control (`view_for` picks the class).

    `spec` carries only what a learner may see before checking: no keys, no feedback, no
    rationale, no facilitator notes, and the parts that have a key named by tokens in the
    learner's own order. `value` is the control's answer: the response JSON (see the README),
    with those parts named by their tokens.
    """

    _css = css()
    kind: ClassVar[Kind[Any]]

    spec = traitlets.Dict().tag(sync=True)
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    result = traitlets.Dict().tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    progress = traitlets.Unicode("").tag(sync=True)
    shared = traitlets.Bool(False).tag(sync=True)

    def __init__(self, exercise: Any, **kwargs: Any) -> None:
        self.exercise = exercise
        self.learner = _learner()
        kind = self.kind
        spec = {
            "id": exercise.id,
            "kind": exercise.kind,
            "kind_label": kind.label,
            "title": exercise.title,
            "prompt_html": markdown(exercise.prompt),
            "check_label": kind.check_label,
            "again_label": kind.again_label,
            "private": exercise.private,
            "share_label": SHARE_LABEL,
            "share_help": SHARE_HELP,
            **kind.learner_spec(exercise, self.learner),
        }
        super().__init__(spec=spec, **kwargs)
        self.on_msg(self._on_frontend_msg)
        _LIVE.setdefault(self.module_id, weakref.WeakSet()).add(self)
        self._restore()

    @property
    def module_id(self) -> str:
        return str(self.exercise.id)[1:3]

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The widget view, with a plain-text stand-in for where widgets cannot be shown
        (saved notebooks, exports): it says how to bring the exercise back."""
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        if isinstance(data, dict) and WIDGET_VIEW in data:
            data["text/plain"] = (
                f"Exercise {self.exercise.id}: {self.exercise.title}. Run this cell to show "
                "it, with your last saved answer."
            )
        return bundle

    # --- the answer -----------------------------------------------------------------------

    def response(self) -> Any:
        """The response JSON to grade for the current value."""
        answer = self.kind.from_control(self.exercise, self.value)
        return self.kind.response(self.exercise, answer, self.learner)

    def answer(self, response: Any) -> None:
        """Fill in `response` (plain JSON, as `kit.record` takes it), as the learner would."""
        self.value = self.kind.to_control(self.exercise, response)

    # --- actions --------------------------------------------------------------------------

    def check(self) -> Result | None:
        """Grade and save the current answer, then show the feedback. Returns the Result."""
        reason = self.kind.unfinished(
            self.exercise, self.kind.from_control(self.exercise, self.value)
        )
        if reason:
            self.message = reason
            return None
        try:
            result = api.record(self.exercise.id, self.response())
        except KitError as exc:
            self.message = f"Not saved: {exc}"
            return None
        self.message = ""
        self.result = self.result_view(result)
        self._update_progress()
        for view in list(_LIVE.get(self.module_id, ())):
            if view is not self and view.comm is not None:  # still on screen somewhere
                view.progress = self.progress
        return result

    def try_again(self) -> None:
        """Unlock the answer for another go; earlier attempts stay in the store."""
        self.result = {}
        self.message = ""

    def _on_frontend_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        event = content.get("event") if isinstance(content, dict) else None
        if event in ("check", "try_again", "ping"):
            # The page waits for this to know that Python still holds the exercise.
            self.send({"event": "ack"})
        if event == "check":
            if "value" in content:
                self.value = content["value"]
            self.check()
        elif event == "try_again":
            self.try_again()
        elif event == "share":
            self.share(bool(content.get("value")))

    def share(self, shared: bool) -> None:
        """Choose whether this private exercise's answers go into your next hand-ins."""
        try:
            self.shared = sharing.share(self.exercise.id, shared)
        except KitError as exc:
            self.message = f"Not changed: {exc}"

    # --- showing --------------------------------------------------------------------------

    def result_view(self, result: Result, notice: str = "") -> dict[str, Any]:
        """The result as the widget shows it: verdict, feedback, per-item marks (by token)
        and, for some kinds, lines and a chart drawn from other saved answers."""
        tokens = self.kind.tokens(self.exercise)
        notes, chart = self._extras(result)
        return {
            "status": result.status,
            "label": result.label,
            "score": result.score,
            "max_score": result.max_score,
            "score_text": score_text(result.score, result.max_score),
            "feedback_html": [markdown(line) for line in [*result.feedback, *notes]],
            "items": {tokens.get(i.id, i.id): i.correct for i in result.items},
            "notice": notice,
            "chart_svg": chart,
        }

    def _extras(self, result: Result) -> tuple[list[str], str]:
        try:
            catalog = load_catalog()
            notes = self.kind.notes(self.exercise, result, last_answer, catalog)
            return notes, self.kind.chart(self.exercise, result, last_answer, catalog)
        except KitError:
            return [], ""

    def _restore(self) -> None:
        try:
            if self.exercise.private:
                self.shared = sharing.is_shared(open_store(), self.exercise.id)
            previous = last_answer(self.exercise.id)
        except KitError as exc:
            self.message = str(exc)
            return
        if previous is not None:
            self.answer(previous.response)
            self.result = self.result_view(previous.result, previous.notice)
        self._update_progress()

    def _update_progress(self) -> None:
        try:
            self.progress = module_progress_line(self.module_id)
        except KitError:
            self.progress = ""


def _learner() -> str:
    """Whose order of options to show; if the store cannot be read, the view says why."""
    try:
        return api.whoami()
    except KitError:
        return ""


@cache
def view_class(kind: Kind[Any]) -> type[ExerciseView]:
    """The widget class of a kind: `ExerciseView` with the kind's control."""
    name = kind.name.capitalize() + "View"
    return type(name, (ExerciseView,), {"kind": kind, "_esm": kind_esm(kind.control)})


def view_for(exercise: Any) -> ExerciseView:
    """The widget for an exercise of any kind."""
    return view_class(kind_of(exercise))(exercise)
