"""The shared base of every exercise view: sync the answer, check it through the API, show
the result, and restore the last answer from the store."""

from __future__ import annotations

import weakref
from importlib.resources import files
from typing import Any, ClassVar

import anywidget
import traitlets

from kit import api
from kit.cohort import privacy
from kit.cohort.privacy import SHARE_HELP, SHARE_LABEL
from kit.errors import KitError
from kit.kinds import kind_of
from kit.result import Result
from kit.store import open_store
from kit.text import inline, markdown, score_text

STATIC = files("kit.ui") / "static"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# The exercises on screen in this kernel, by module, so that checking one updates the
# progress line of all of them.
_LIVE: dict[str, weakref.WeakSet[ExerciseView]] = {}


def _esm(kind_file: str) -> str:
    return (STATIC / "base.js").read_text() + "\n" + (STATIC / kind_file).read_text()


class ExerciseView(anywidget.AnyWidget):
    """One exercise on screen. Subclasses give the kind's JS control and learner-safe spec.

    `spec` carries only what a learner may see before checking: no keys, no feedback, no
    rationale, no facilitator notes. `value` is the response JSON (see `kit.grading`).
    """

    _css = (STATIC / "kit.css").read_text()
    check_label: ClassVar[str] = "Check"
    again_label: ClassVar[str] = "Try again"

    spec = traitlets.Dict().tag(sync=True)
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    result = traitlets.Dict().tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    progress = traitlets.Unicode("").tag(sync=True)
    shared = traitlets.Bool(False).tag(sync=True)

    def __init__(self, exercise: Any, **kwargs: Any) -> None:
        self.exercise = exercise
        spec = {
            "id": exercise.id,
            "kind": exercise.kind,
            "kind_label": kind_of(exercise).label,
            "title": exercise.title,
            "prompt_html": markdown(exercise.prompt),
            "check_label": self.check_label,
            "again_label": self.again_label,
            "private": exercise.private,
            "share_label": SHARE_LABEL,
            "share_help": SHARE_HELP,
            **self.learner_spec(exercise),
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

    # --- per kind -------------------------------------------------------------------------

    def learner_spec(self, exercise: Any) -> dict[str, Any]:
        """What the control needs to draw itself, and nothing that gives the answer away."""
        raise NotImplementedError

    def unfinished(self, value: Any) -> str | None:
        """A friendly reason the answer cannot be checked yet, or None."""
        return None if value not in (None, "", [], {}) else "Choose an answer first."

    def response(self) -> Any:
        """The response JSON to grade for the current value."""
        return self.value

    # --- actions --------------------------------------------------------------------------

    def check(self) -> Result | None:
        """Grade and save the current answer, then show the feedback. Returns the Result."""
        reason = self.unfinished(self.value)
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
            self.shared = privacy.share(self.exercise.id, shared)
        except KitError as exc:
            self.message = f"Not changed: {exc}"

    # --- showing --------------------------------------------------------------------------

    def result_view(self, result: Result, notice: str = "") -> dict[str, Any]:
        """The result as the widget shows it: verdict, feedback and per-item marks."""
        return {
            "status": result.status,
            "label": result.label,
            "score": result.score,
            "max_score": result.max_score,
            "score_text": score_text(result.score, result.max_score),
            "feedback_html": [markdown(line) for line in result.feedback],
            "items": {i.id: i.correct for i in result.items},
            "notice": notice,
            "chart_svg": self.chart(result),
        }

    def chart(self, result: Result) -> str:
        """Optional SVG shown under the feedback (used by likert profiles)."""
        return ""

    def _restore(self) -> None:
        try:
            if self.exercise.private:
                self.shared = privacy.is_shared(open_store(), self.exercise.id)
            previous = api.last_answer(self.exercise.id)
        except KitError as exc:
            self.message = str(exc)
            return
        if previous is not None:
            self.value = previous.response
            self.result = self.result_view(previous.result, previous.notice)
        self._update_progress()

    def _update_progress(self) -> None:
        try:
            self.progress = api.module_progress_line(self.exercise.id[1:3])
        except KitError:
            self.progress = ""


def points(value: float) -> str:
    """A score as people read it: 2, 1.5 or 1.9 (not 1.9048)."""
    return f"{round(value, 1):g}"


def option_specs(options: list[Any]) -> list[dict[str, str]]:
    return [{"id": o.id, "html": inline(o.text)} for o in options]
