"""A "Hand in my answers" button for the start notebook: writes a submission file."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from kit.errors import KitError


class SubmitButton(widgets.VBox):
    """A button that calls `kit.submit()` and writes the outcome into the widget."""

    def __init__(self, path: Any = None) -> None:
        self.path = path
        self.button = widgets.Button(
            description="Hand in my answers",
            tooltip="Write all your saved answers to one file for your trainer",
            icon="paper-plane",
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.status = widgets.HTML(value="")
        self.button.on_click(self._clicked)
        super().__init__([self.button, self.status])
        self.add_class("kit-submit")

    def _clicked(self, _button: Any = None) -> None:
        from kit.cohort.learner import submit

        self.button.disabled = True
        try:
            receipt = submit(self.path)
        except KitError as exc:
            self._say(f"Not handed in: {exc}", alert=True)
        else:
            self._say(str(receipt))
        finally:
            self.button.disabled = False

    def click(self) -> None:
        """Press the button (as a learner would)."""
        self.button.click()

    def _say(self, text: str, alert: bool = False) -> None:
        role = "alert" if alert else "status"
        self.status.value = f'<p role="{role}" aria-live="polite">{escape(text)}</p>'


def submit_button(path: Any = None) -> SubmitButton:
    """A button that hands in your answers (see `kit.submit`); the result shows under it."""
    return SubmitButton(path)
