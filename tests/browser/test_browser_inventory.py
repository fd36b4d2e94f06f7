"""A colleague's inventory in a real JupyterLab: "can't say", and one colleague after another."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import Lab

pytestmark = pytest.mark.browser


def test_colleagues_answer_one_after_another_with_cant_say(lab: Lab, page: Page) -> None:
    form = next(
        e
        for m in lab.course.catalog().course.modules
        for e in lab.course.module_exercises(m.id)
        if e.kind == "likert" and e.observer_of and e.not_applicable
    )
    notebook = lab.notebook(page, lab.course.notebook(form.id[1:3])).open()
    notebook.run_all()
    widget = notebook.exercise(form.id).fresh()
    picker = widget.root.locator("select.kit-rater")
    before = len(lab.attempts(form.id))

    picker.select_option("2")
    first, *rest = form.items
    widget.row(first.id).locator('input[value="na"]').check()
    for item in rest:
        widget.row(item.id).locator('input[value="2"]').check()
    widget.check()
    saved = lab.attempts(form.id)[-1]
    assert saved.response == {"rater": 2, "ratings": {first.id: None, **{i.id: 2 for i in rest}}}
    assert "Saved for colleague 2" in widget.feedback_text()

    widget.again_button.click()
    expect(picker).to_be_enabled()
    picker.select_option("3")
    for item in form.items:  # a new colleague starts from an empty form
        expect(widget.row(item.id).locator("input:checked")).to_have_count(0)
    expect(widget.root.locator(".kit-count")).to_have_text(
        f"0 of {len(form.items)} statements rated."
    )
    for item in form.items:
        widget.row(item.id).locator('input[value="4"]').check()
    widget.check()
    assert [a.response["rater"] for a in lab.attempts(form.id)[before:]] == [2, 3]
    assert "2 colleagues" in widget.feedback_text()
