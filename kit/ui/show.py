"""`kit.show`: an exercise on screen, or a short message saying why it cannot be shown."""

from __future__ import annotations

from html import escape
from typing import Any

from kit.api import shown
from kit.content.catalog import load_catalog
from kit.errors import ContentError, KitError
from kit.ui.base import view_for


def show(exercise_id: str) -> Any:
    """Show an exercise, with your last answer and feedback if you have answered it before."""
    try:
        view = view_for(load_catalog().exercise(exercise_id))
    except ContentError as exc:
        return Problems("The course content has problems (`kit check` shows the same):", exc)
    except KitError as exc:
        return Problems("This exercise cannot be shown:", exc)
    shown(exercise_id)  # xAPI "launched", if the trainer set it up; never raises
    return view


class Problems:
    """An error shown in the notebook as a short message instead of a traceback."""

    def __init__(self, heading: str, error: KitError) -> None:
        self.heading = heading
        self.lines = str(error).splitlines()

    def _repr_html_(self) -> str:
        items = "".join(f"<li><code>{escape(line)}</code></li>" for line in self.lines)
        return (
            '<div class="kit-problems" role="alert" style="border-left:4px solid #c62828;'
            f'padding:0.4em 0.8em"><strong>{escape(self.heading)}</strong><ul>{items}</ul></div>'
        )

    def __repr__(self) -> str:
        return "\n".join([self.heading, *self.lines])
