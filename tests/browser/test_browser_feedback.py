"""Feedback a learner can read: options named, counts in words, saved reflections that look
saved, unrated statements pointed out, and a radar chart with its numbers in words."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.content.catalog import load_catalog
from kit.text import inline

from .pages import DARK, LIGHT, Notebook, plain
from .servers import Server
from .test_browser_learner import exercises, open_module

pytestmark = pytest.mark.browser


def first_module_with(server: Server, kind: str, scales: int = 0) -> tuple[str, Any]:
    """The first exercise of `kind` (with at least `scales` scales) and its module."""
    catalog = load_catalog(server.root.parent / "exercises")
    for module in catalog.course.modules:
        for exercise in catalog.module_exercises(module.id):
            if exercise.kind == kind and len(getattr(exercise, "scales", ())) >= scales:
                return module.id, exercise
    raise AssertionError(f"the course has no {kind} exercise")


def test_multi_feedback_names_the_options_and_counts_read_as_words(
    learner_lab: Server, page: Page
) -> None:
    exercise = exercises(learner_lab, "multi")[0]
    notebook = open_module(learner_lab, page)
    notebook.run_all()
    widget = notebook.exercise(exercise.id).fresh()
    chosen = widget.answer(exercise, slip=True)
    widget.check()
    text = widget.feedback_text()
    for option in exercise.options:
        if option.id in chosen:
            assert f"“{plain(inline(option.text))}”:" in text, text
    verdict = widget.feedback.locator(".kit-verdict").inner_text()
    points = exercise.points
    assert re.search(rf"of {points:g} {'point' if points == 1 else 'points'}$", verdict), verdict
    progress = widget.root.locator(".kit-progress").inner_text()
    assert not re.search(r"\b1 points\b|\b1 attempts\b", progress + verdict), progress


def test_a_saved_reflection_reads_as_saved_until_edit(learner_lab: Server, page: Page) -> None:
    exercise = exercises(learner_lab, "reflection")[0]
    notebook = open_module(learner_lab, page)
    notebook.run_all()
    widget = notebook.exercise(exercise.id).fresh()
    widget.answer(exercise)
    widget.check()
    box = widget.root.locator("textarea").first
    expect(box).not_to_be_editable()
    assert box.evaluate("b => getComputedStyle(b).borderTopStyle") == "dashed"
    expect(widget.root.locator(".kit-saved-note").first).to_have_text(re.compile("Press Edit"))
    widget.again_button.click()
    expect(box).to_be_editable()
    assert box.evaluate("b => getComputedStyle(b).borderTopStyle") == "solid"
    expect(widget.root.locator(".kit-saved-note").first).to_be_empty()


def chart_colours(page: Page, root: Any) -> tuple[str, str]:
    """The colour of the chart's text and of the page's text around it."""
    svg_text = root.locator(".kit-chart svg text").first
    return svg_text.evaluate("t => getComputedStyle(t).fill"), root.evaluate(
        "r => getComputedStyle(r).color"
    )


def test_likert_points_out_unrated_statements_then_draws_a_described_chart(
    learner_lab: Server, page: Page
) -> None:
    module_id, exercise = first_module_with(learner_lab, "likert", scales=3)  # with a chart
    notebook = open_module(learner_lab, page, module_id)
    notebook.run_all()
    widget = notebook.exercise(exercise.id).fresh()
    skipped = {1, len(exercise.items)}  # statements 1 and the last one, as numbered on screen
    for n, item in enumerate(exercise.items, 1):
        if n not in skipped:
            widget.row(item.id).locator('input[value="2"]').check()
    widget.check_button.click()
    message = widget.root.locator(".kit-message")
    expect(message).to_contain_text(f"statements 1 and {len(exercise.items)} are not rated yet")
    unrated = widget.root.locator("fieldset.kit-unrated")
    expect(unrated).to_have_count(len(skipped))
    expect(unrated.first).to_contain_text("(not rated yet)")

    for n in skipped:
        widget.cell(exercise.items[n - 1].id, len(exercise.choices)).check()
    widget.check()
    expect(unrated).to_have_count(0)
    svg = widget.root.locator(".kit-chart svg")
    expect(svg).to_have_attribute("role", "img")
    title_id, desc_id = (svg.get_attribute("aria-labelledby") or "").split()
    desc = widget.root.locator(f"[id='{desc_id}']").text_content() or ""
    for scale in exercise.scales:
        assert re.search(rf"{re.escape(scale.label)} \d+(\.\d)? of {len(exercise.choices)}", desc)
    assert widget.root.locator(f"[id='{title_id}']").count() == 1

    fill, text = chart_colours(page, widget.root)
    assert fill == text, (fill, text)
    try:
        Notebook.set_theme(notebook, DARK)
        fill, text = chart_colours(page, widget.root)
        assert fill == text, (fill, text)
        assert fill != "rgb(0, 0, 0)", "the chart's text stays black in the dark theme"
    finally:
        Notebook.set_theme(notebook, LIGHT)
