"""The trainer's rubric scorer in a real JupyterLab: keys stay in it, scores reach the gradebook."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

from kit.cohort import collect
from kit.cohort.synthetic import demo_cohort

from .conftest import Lab

pytestmark = pytest.mark.browser

NOTEBOOK = "rubric-check.ipynb"


def scorer_notebook(lab: Lab) -> str:
    """A demo cohort (collected) and a notebook that shows its rubric scorer."""
    folder = lab.course.root / "rubric-cohort"
    if not folder.exists():
        demo_cohort(folder, 3, catalog=lab.course.catalog())
        collect(folder)
    cells = ["from kit import cohort", f"cohort.rubric_scorer({str(folder)!r})"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, lab.course.root / NOTEBOOK)
    return str(folder)


def test_rubric_scorer_keeps_keys_and_saves_to_the_gradebook(lab: Lab, page: Page) -> None:
    folder = scorer_notebook(lab)
    notebook = lab.notebook(page, NOTEBOOK).open()
    notebook.run_all()
    scorer = page.locator(".kit-rubric")
    expect(scorer.locator("section[aria-label^='Answer of']")).to_be_visible()
    cells = notebook.cell_count()
    comment = scorer.locator("textarea").first
    points = scorer.locator("input[type=number]").first
    for name, control in {"comment": comment, "points": points}.items():
        control.focus()
        for key in ("a", "b", "d", "d"):
            page.keyboard.press(key)
        expect(control, name).to_be_focused()
        assert notebook.cell_count() == cells, f"a notebook shortcut fired from the {name}"
    assert "abdd" in comment.input_value()

    points.fill("1")
    points.press("Tab")
    comment.fill("Names the meeting <b>and</b> the person.")
    scorer.get_by_role("button", name="Save scores").click()
    expect(scorer.get_by_role("status")).to_contain_text("Saved")
    learner = scorer.locator("section h4").inner_text()
    with sqlite3.connect(Path(folder) / "gradebook.sqlite3") as db:
        saved = db.execute("SELECT learner, points, comment FROM rubric_scores").fetchall()
    assert (learner, 1.0, "Names the meeting <b>and</b> the person.") in saved
