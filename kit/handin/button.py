"""A "Hand in my answers" button for the start notebook: shows what will go, then hands it in.

The first press shows the preview (`kit.handin.learner.prepare`): every exercise that will be
handed in, the private ones the learner shares, and the private ones kept back. Only "Hand
in exactly this" sends, and it sends exactly what the preview showed.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from kit.errors import KitError
from kit.handin.learner import HandIn
from kit.ui.assets import css, esm


class SubmitButton(anywidget.AnyWidget):
    """The hand-in button and its preview; status lines are written into the widget.

    Like the exercises, it keeps key presses to itself, so notebook shortcuts cannot fire
    while it has focus.
    """

    _esm = esm("submit.js")
    _css = css()

    busy = traitlets.Bool(False).tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    failed = traitlets.Bool(False).tag(sync=True)
    preview = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, path: Any = None) -> None:
        super().__init__()
        self.path = path
        self._pending: HandIn | None = None
        self.on_msg(self._on_frontend_msg)

    def _on_frontend_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        event = content.get("event") if isinstance(content, dict) else None
        if event == "submit":
            self.click()
        elif event == "confirm":
            self.confirm()
        elif event == "cancel":
            self.cancel()

    def click(self) -> None:
        """Press "Hand in my answers": build the hand-in and show exactly what it holds."""
        from kit.handin.learner import prepare

        self.busy = True
        try:
            self._pending = prepare(self.path)
        except KitError as exc:
            self._pending = None
            self.preview, self.failed, self.message = [], True, f"Not handed in: {exc}"
        else:
            self.failed, self.message = False, ""
            self.preview = self._pending.preview.lines("This will hand in")
        finally:
            self.busy = False

    def confirm(self) -> None:
        """Press "Hand in exactly this": send what the preview showed, and say what went."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        self.busy = True
        try:
            receipt = pending.send()
        except KitError as exc:
            self.failed, self.message = True, f"Not handed in: {exc}"
        else:
            self.failed, self.message = False, str(receipt).splitlines()[0].rstrip(":") + "."
        finally:
            self.preview, self.busy = [], False

    def cancel(self) -> None:
        """Press "Cancel": nothing is sent."""
        self._pending, self.preview = None, []
        self.failed, self.message = False, "Nothing was handed in."


def submit_button(path: Any = None) -> SubmitButton:
    """A button that hands in your answers (see `kit.submit`) after showing what will go."""
    return SubmitButton(path)
