"""Accessibility of the exercise views in the rendered module: axe-core finds no serious or
critical problem, every control has an accessible name, and feedback lands in a live region."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from .conftest import Lab
from .pages import DARK, LIGHT, Notebook

pytestmark = pytest.mark.browser

AXE_RUN = """async selector => {
  const result = await axe.run({ include: [[selector]] }, { resultTypes: ["violations"] });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes
      .map(n => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\\s+/g, " ")}`)
      .join("\\n"));
}"""
CONTROLS = ".kit-exercise input, .kit-exercise button, .kit-exercise textarea, .kit-exercise select"


def axe_problems(notebook: Notebook, exercises: list[Any], state: str) -> list[str]:
    """Serious and critical axe violations, each exercise checked while scrolled into view."""
    problems = []
    for exercise in exercises:
        widget = notebook.exercise(exercise.id)
        widget.root.scroll_into_view_if_needed()
        selector = f'.kit-exercise[data-kit-exercise="{exercise.id}"]'
        found = notebook.page.evaluate(AXE_RUN, selector)
        problems += [f"{state}, {exercise.id}: {p}" for p in found]
    return problems


def applicable_rules(page: Page) -> set[str]:
    """The axe rules that found something to test in the exercises."""
    return set(
        page.evaluate(
            """async () => {
              const result = await axe.run({ include: [[".kit-exercise"]] });
              return [...result.passes, ...result.violations].map(r => r.id);
            }"""
        )
    )


def unnamed_controls(page: Page) -> list[str]:
    """Controls in the exercises that Chromium's accessibility tree gives no name."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node_ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": CONTROLS})
        assert node_ids["nodeIds"], "no controls found in the exercises"
        unnamed = []
        for node_id in node_ids["nodeIds"]:
            ax = cdp.send(
                "Accessibility.getPartialAXTree", {"nodeId": node_id, "fetchRelatives": False}
            )
            node = ax["nodes"][0]
            if node.get("ignored"):
                continue
            if not str(node.get("name", {}).get("value", "")).strip():
                html = cdp.send("DOM.getOuterHTML", {"nodeId": node_id})["outerHTML"]
                unnamed.append(f"{node['role']['value']}: {html[:160]}")
        return unnamed
    finally:
        cdp.detach()


def announced_problems(notebook: Notebook, exercises: list[Any]) -> list[str]:
    """Answer and check each exercise; report feedback that does not land in a live region
    that was on the page before the feedback arrived (else nothing is announced)."""
    problems = []
    for exercise in exercises:
        widget = notebook.exercise(exercise.id).fresh()
        widget.feedback.evaluate("el => el.setAttribute('data-test-before', '')")
        widget.answer(exercise, slip=True)
        widget.check()
        region = widget.root.locator(".kit-feedback[data-test-before]")
        if region.count() != 1 or region.locator(".kit-verdict").count() != 1:
            problems.append(f"{exercise.id}: the feedback replaced its region")
        elif region.get_attribute("aria-live") not in ("polite", "assertive"):
            problems.append(f"{exercise.id}: the feedback region is not aria-live")
        if widget.root.locator(".kit-message").get_attribute("role") != "status":
            problems.append(f"{exercise.id}: messages are not in a status region")
    return problems


def test_exercises_are_accessible_in_light_and_dark(
    lab: Lab, page: Page, axe_source: str, light_again: None
) -> None:
    """Module 01 and an exercise of every kind it lacks: axe in both themes, answered or not;
    every control named; feedback announced."""
    axe, unnamed, announced = [], [], []
    for path, exercises in lab.course.every_kind(whole_module=True).items():
        notebook = lab.notebook(page, path).open()
        notebook.run_all()
        for exercise in exercises:
            notebook.exercise(exercise.id).fresh()
        page.add_script_tag(content=axe_source)
        assert page.evaluate("axe.version") == "4.14.1"
        # JupyterLab's <body> is 0px high with overflow hidden (the shell is placed absolutely),
        # so axe would take every element for clipped and skip the colour contrast rule. Give
        # the body the viewport's height; nothing on screen moves.
        page.add_style_tag(content="body { min-height: 100vh; }")
        assert applicable_rules(page) >= {"color-contrast", "label", "button-name"}

        unnamed += unnamed_controls(page)
        axe += axe_problems(notebook, exercises, "light, unanswered")
        announced += announced_problems(notebook, exercises)
        unnamed += unnamed_controls(page)
        axe += axe_problems(notebook, exercises, "light, checked")
        notebook.set_theme(DARK)
        axe += axe_problems(notebook, exercises, "dark, checked")
        for exercise in exercises:
            notebook.exercise(exercise.id).fresh()
        axe += axe_problems(notebook, exercises, "dark, unanswered")
        notebook.set_theme(LIGHT)
    assert not axe, "axe-core found serious or critical problems:\n" + "\n".join(axe)
    assert not unnamed, "controls without an accessible name:\n" + "\n".join(unnamed)
    assert not announced, "\n".join(announced)
