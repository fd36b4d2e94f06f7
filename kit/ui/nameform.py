"""`kit.name_form()`: a text field and a button to set the name answers are saved under,
for learners who would rather not edit a line of code (and for the app, which shows none)."""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from kit import api
from kit.appmode import in_app
from kit.errors import KitError
from kit.identity import learner_from_env
from kit.ui.assets import css, esm


class NameForm(anywidget.AnyWidget):
    """The name field. `save(name)` does what pressing the button does."""

    _esm = esm("nameform.js")
    _css = css()

    name = traitlets.Unicode("").tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)
    failed = traitlets.Bool(False).tag(sync=True)
    locked = traitlets.Bool(False).tag(sync=True)

    def __init__(self) -> None:
        forced = learner_from_env()
        super().__init__(name=forced or "", locked=bool(forced))
        if forced:
            self.message = f"This server saves your answers under {forced!r}."
        else:
            current = api.whoami()
            self.message = f"Your answers are saved under {current!r} now."
        self.on_msg(self._on_frontend_msg)

    def _on_frontend_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "save":
            self.send({"event": "ack"})
            self.save(str(content.get("name", "")))

    def save(self, name: str) -> None:
        """Save `name` and say what happened, in the widget."""
        self.name = name
        try:
            result = api.set_name(name)
        except KitError as exc:
            self.failed, self.message = True, f"Not saved: {exc}."
            return
        if not isinstance(result, str) or result.startswith("Replace"):
            self.failed, self.message = True, "Type your own name first."
        elif result != name.strip() and "used" in result:
            self.failed, self.message = False, result
        else:
            self.failed, self.message = False, f"Saved. Your answers are saved under {result!r}."


def set_name(name: str) -> Any:
    """Save the name your answers are stored under; returns the name now in use. In the app,
    which shows no code to edit, the start notebook's placeholder shows the name field."""
    if isinstance(name, str) and name.strip().casefold() == api.PLACEHOLDER and in_app():
        return name_form()
    return api.set_name(name)


def name_form() -> NameForm:
    """A field and a button to set the name your answers are saved under."""
    return NameForm()
