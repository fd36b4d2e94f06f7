"""The course in a real JupyterLab: name, keyboard answers, retries, restarts and shortcuts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.grading import grade
from kit.kinds.options import credit
from kit.text import markdown

from .conftest import Lab
from .pages import Notebook, Widget, plain, squash

pytestmark = pytest.mark.browser


FOCUSED_RADIO = "inputs => inputs.indexOf(document.activeElement)"


def expected_feedback(exercise: Any, response: Any) -> list[str]:
    """The feedback lines the kit gives for `response`, as plain text."""
    return [plain(markdown(line)) for line in grade(exercise, response).feedback]


def module(lab: Lab, page: Page) -> Notebook:
    notebook = lab.notebook(page, lab.course.module).open()
    notebook.run_all()
    return notebook


def test_start_notebook_sets_the_name_shown_in_progress(lab: Lab, page: Page) -> None:
    notebook = lab.notebook(page, lab.course.start).open()
    cell = notebook.cell("set_name(")
    source = cell.locator(".cm-content").inner_text()
    name = "Ada Lovelace-Byron"
    assert name not in source
    edited, found = re.subn(r"""set_name\(\s*(["']).*?\1""", f'set_name("{name}"', source)
    assert found == 1, source

    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(edited)
    expect(cell.locator(".cm-content")).to_have_text(edited)
    page.keyboard.press("Escape")
    notebook.run_all()

    table = page.locator(".kit-progress-table")
    expect(table).to_contain_text(f"{name}:")
    expect(cell.locator(".jp-OutputArea")).to_contain_text(name)


def test_the_hand_in_button_keeps_keys_and_hands_in(lab: Lab, page: Page) -> None:
    notebook = lab.notebook(page, lab.course.start).open()
    notebook.run_all()
    cells = notebook.cell_count()
    hand_in = page.locator(".kit-submit")
    button = hand_in.get_by_role("button", name="Hand in my answers")
    # JupyterLab may still move the focus to the active cell after Run All (slowly, on one
    # core): focus the button once the focus has stayed on it for half a second.
    for _ in range(20):
        button.focus()
        page.wait_for_timeout(500)
        if button.evaluate("b => document.activeElement === b"):
            break
    for key in ("a", "b", "d", "d"):
        page.keyboard.press(key)
    expect(button).to_be_focused()
    assert notebook.cell_count() == cells, "a notebook shortcut fired from the hand-in button"
    page.keyboard.press("Enter")
    preview = hand_in.locator(".kit-preview")
    expect(preview).to_contain_text("This will hand in")
    confirm = hand_in.get_by_role("button", name="Hand in exactly this")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    expect(hand_in.locator("[role=status]")).to_contain_text("Handed in")
    expect(preview).to_be_hidden()
    expect(button).to_be_focused()


def test_choice_with_the_keyboard_only(lab: Lab, page: Page) -> None:
    exercise = lab.course.first("choice")
    notebook = module(lab, page)
    widget = notebook.exercise(exercise.id).fresh()
    radios = widget.root.locator(".kit-options input[type=radio]")
    values = radios.evaluate_all("inputs => inputs.map(i => i.value)")
    right = next(o.id for o in exercise.options if o.correct)

    # Put the focus on the exercise's cell (command mode), then only keys from here on.
    widget.root.locator(".kit-title").click()
    focused = FOCUSED_RADIO
    for _ in range(6):
        if radios.evaluate_all(focused) >= 0:
            break
        page.keyboard.press("Tab")
    start = radios.evaluate_all(focused)
    assert start >= 0, "Tab never reached the options"

    # A full turn round the group (the arrow keys wrap and check as they go), then on to the
    # right option: many quick changes, and Check must still grade the last one.
    target = values.index(widget.token(right))
    for _ in range(len(values) + (target - start) % len(values)):
        page.keyboard.press("ArrowDown")
    expect(radios.nth(target)).to_be_checked()
    expect(radios.nth(target)).to_be_focused()

    page.keyboard.press("Tab")
    expect(widget.check_button).to_be_focused()
    page.keyboard.press("Enter")
    widget.wait_for_feedback()
    expect(widget.again_button).to_be_focused()
    assert widget.status() == "correct"
    for line in expected_feedback(exercise, right):
        assert line in widget.feedback_text()
    expect(widget.root.locator(".kit-right")).to_have_count(1)

    # Try again with Enter puts the focus back on the chosen option.
    page.keyboard.press("Enter")
    expect(widget.check_button).to_be_visible()
    expect(radios.nth(target)).to_be_focused()


def test_categorize_and_order_without_dragging(lab: Lab, page: Page) -> None:
    notebook = module(lab, page)
    for kind in ("categorize", "order"):
        exercise = lab.course.first(kind)
        widget = notebook.exercise(exercise.id).fresh()
        response = widget.answer(exercise)
        widget.check()
        assert widget.status() == "correct", widget.feedback_text()
        assert lab.attempts(exercise.id)[-1].response == response
        marks = widget.root.locator(".kit-right")
        expect(marks).to_have_count(len(exercise.items))


def test_order_moves_are_announced(lab: Lab, page: Page) -> None:
    exercise = lab.course.first("order")
    widget = module(lab, page).exercise(exercise.id).fresh()
    first, second = widget.order_now()[:2]
    widget.root.locator(f"[data-item='{widget.token(second)}'][data-dir='up']").click()
    assert widget.order_now()[:2] == [second, first]
    text = next(i.text for i in exercise.items if i.id == second)
    live = widget.root.locator(".kit-order [aria-live]")
    expect(live).to_have_text(f"{squash(text)} moved to position 1 of {len(exercise.items)}.")
    expect(
        widget.root.locator(f"[data-item='{widget.token(second)}'][data-dir='down']")
    ).to_be_focused()


def test_wrong_then_try_again_then_right_keeps_both_attempts(lab: Lab, page: Page) -> None:
    exercise = lab.course.first("choice", "scenario")
    widget = module(lab, page).exercise(exercise.id).fresh()
    before = len(lab.attempts(exercise.id))
    ranked = sorted(exercise.options, key=credit)
    wrong, right = ranked[0].id, ranked[-1].id

    widget.option(wrong).check()
    widget.check()
    assert widget.status() == "incorrect"
    expect(widget.option(wrong)).to_be_disabled()
    expect(widget.root.locator(".kit-wrong")).to_have_count(1)

    widget.again_button.click()
    expect(widget.feedback).to_be_empty()
    expect(widget.option(right)).to_be_enabled()
    widget.option(right).check()
    widget.check()
    assert widget.status() == "correct"

    attempts = lab.attempts(exercise.id)
    assert len(attempts) == before + 2
    assert [a.response for a in attempts[-2:]] == [wrong, right]
    assert [a.result.status for a in attempts[-2:]] == ["incorrect", "correct"]


def test_restart_and_run_all_shows_the_last_answers_again(lab: Lab, page: Page) -> None:
    catalog = lab.course.catalog()
    exercises = [lab.course.first(kind) for kind in ("multi", "categorize", "reflection")]
    notebook = module(lab, page)
    shown: dict[str, tuple[str, str]] = {}
    for exercise in exercises:
        widget = notebook.exercise(exercise.id).fresh()
        widget.answer(exercise, slip=True)
        widget.check()
        shown[exercise.id] = (widget.status(), widget.feedback_text())

    notebook.restart_kernel()
    notebook.run_all()

    for exercise in exercises:
        widget = notebook.exercise(exercise.id)
        expect(widget.again_button).to_be_visible()
        status, text = shown[exercise.id]
        assert widget.status() == status
        widget.root.scroll_into_view_if_needed()  # off-screen cells skip layout, and innerText
        expect(widget.feedback).to_have_text(text, use_inner_text=True)
        last = lab.attempts(exercise.id)[-1].response
        assert_shows(widget, catalog.exercise(exercise.id), last)


def assert_shows(widget: Widget, exercise: Any, response: Any) -> None:
    """The controls show `response` (and are locked until Try again)."""
    match exercise.kind:
        case "multi":
            for option in exercise.options:
                box = widget.option(option.id)
                expect(box).to_be_checked(checked=option.id in response)
                expect(box).to_be_disabled()
        case "reflection":
            for n, prompt in enumerate(exercise.prompts):
                box = widget.root.locator("textarea").nth(n)
                expect(box).to_have_value(response[prompt.id])
                expect(box).not_to_be_editable()
        case "categorize":
            for item in exercise.items:
                bucket = widget.cell(item.id, response[item.id])
                expect(bucket).to_be_checked()
                expect(bucket).to_be_disabled()
        case kind:
            raise AssertionError(f"no check for {kind}")


def test_notebook_shortcuts_do_not_fire_inside_an_exercise(lab: Lab, page: Page) -> None:
    notebook = module(lab, page)
    cells = notebook.cell_count()
    choice = notebook.exercise(lab.course.first("choice").id).fresh()

    # The shortcuts work in this page: with the cell selected, `b` adds a cell, `d d` deletes it.
    choice.root.locator(".kit-title").click()
    page.keyboard.press("b")
    notebook.wait_for_cell_count(cells + 1)
    page.keyboard.press("d")
    page.keyboard.press("d")
    notebook.wait_for_cell_count(cells)

    order = notebook.exercise(lab.course.first("order").id).fresh()
    reflection = notebook.exercise(lab.course.first("reflection").id).fresh()
    controls = {
        "radio": choice.root.locator("input[type=radio]").first,
        "check button": choice.check_button,
        "order button": order.root.locator(".kit-order-item button:not([disabled])").first,
        "textarea": reflection.root.locator("textarea").first,
    }
    for name, control in controls.items():
        control.focus()
        for key in ("a", "b", "d", "d"):
            page.keyboard.press(key)
        expect(control, name).to_be_focused()
        assert notebook.cell_count() == cells, f"a notebook shortcut fired from the {name}"
    assert "abdd" in reflection.root.locator("textarea").first.input_value()
