"""Screenshots of every exercise kind, answered and checked, in the light and the dark theme,
written to test-artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from kit.kinds import KINDS

from .conftest import ARTIFACTS, VIEWPORT, Lab
from .pages import DARK, LIGHT, answer_all

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "screenshots"


def test_screenshots_of_every_kind_in_light_and_dark(
    lab: Lab, page: Page, light_again: None
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    written = []
    for path, exercises in lab.course.every_kind(whole_module=False).items():
        notebook = lab.notebook(page, path).open()
        notebook.run_all()
        # One slip where a kind allows it, so the pictures show right and wrong marks.
        answer_all(notebook, exercises, slip=True)
        for theme, tag in ((LIGHT, "light"), (DARK, "dark")):
            notebook.set_theme(theme)
            for exercise in exercises:
                widget = notebook.exercise(exercise.id)
                # The notebook scrolls inside the page: make the page tall enough to show the
                # whole exercise, or the picture would show the lab around a part of it.
                box = widget.root.bounding_box()
                assert box is not None
                page.set_viewport_size(
                    {**VIEWPORT, "height": max(VIEWPORT["height"], int(box["height"]) + 300)}
                )
                widget.root.scroll_into_view_if_needed()
                page.mouse.move(0, 0)  # no hover effects in the picture
                shot = SHOTS / f"{tag}-{exercise.kind}-{exercise.id}.png"
                widget.root.screenshot(path=shot, animations="disabled")
                written.append(shot)
                page.set_viewport_size(VIEWPORT)
        notebook.set_theme(LIGHT)
    kinds = {p.name.split("-")[1] for p in written}
    assert kinds == set(KINDS)
    assert len(written) == 2 * len(KINDS)
    assert all(p.stat().st_size > 5_000 for p in written)
