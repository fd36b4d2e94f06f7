"""A "Hand in my answers" button for the start notebook: writes a submission file."""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from kit.errors import KitError
from kit.ui.base import STATIC, _esm


class SubmitButton(anywidget.AnyWidget):
    """A button that calls `kit.submit()` and writes the outcome into the widget.

    Like the exercises, it keeps key presses to itself, so notebook shortcuts cannot fire
    while it has focus.
    """

    _esm = _esm("submit.js")
    _css = (STATIC / "kit.css").read_text()

    busy = traitlets.Bool(False).tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    failed = traitlets.Bool(False).tag(sync=True)

    def __init__(self, path: Any = None) -> None:
        super().__init__()
        self.path = path
        self.on_msg(self._on_frontend_msg)

    def _on_frontend_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.click()

    def click(self) -> None:
        """Press the button (as a learner would)."""
        from kit.cohort.learner import submit

        self.busy = True
        try:
            receipt = submit(self.path)
        except KitError as exc:
            self.failed, self.message = True, f"Not handed in: {exc}"
        else:
            self.failed, self.message = False, str(receipt)
        finally:
            self.busy = False


def submit_button(path: Any = None) -> SubmitButton:
    """A button that hands in your answers (see `kit.submit`); the result shows under it."""
    return SubmitButton(path)
