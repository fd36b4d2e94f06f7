"""`kit app`: the course in Voilà, as a learner who never sees a notebook meets it."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.content.catalog import load_catalog
from kit.identity import NAME_SETTING

from .pages import Widget, shown_exercises
from .servers import Server
from .test_browser_a11y import AXE_RUN

pytestmark = pytest.mark.browser

MODULE = "01"
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")


def catalog(app: Server) -> Any:
    return load_catalog(app.root.parent / "exercises")


def notebook_name(app: Server, module_id: str) -> str:
    module = catalog(app).module(module_id)
    return f"{module.id}-{module.slug}.ipynb"


def open_page(app: Server, page: Page, module_id: str, theme: str = "") -> list[str]:
    """Open a module's page and wait until every cell ran and every exercise is drawn;
    returns the exercise ids it shows."""
    name = notebook_name(app, module_id)
    query = f"token={app.token}" + (f"&theme={theme}" if theme else "")
    page.goto(f"{app.url}/voila/render/{name}?{query}")
    wait_for_page(app, page, name)
    return shown_exercises(app.root / name)


def wait_for_page(app: Server, page: Page, name: str) -> None:
    ids = shown_exercises(app.root / name)
    page.wait_for_function(
        """ids => document.querySelector('#rendered_cells')?.style.display !== 'none'
             && !document.querySelector('#loading')
             && ids.every(id => document.querySelector(`.kit-exercise[data-kit-exercise="${id}"]`))""",
        arg=ids,
        timeout=120_000,
    )


def test_the_home_page_lists_the_modules_in_order(app: Server, page: Page) -> None:
    page.goto(f"{app.url}/?token={app.token}")
    links = page.locator("main .kit-home-list a")
    modules = catalog(app).course.modules
    expect(links).to_have_count(len(modules) + 1)  # the follow-up page comes after them
    expect(links.last).to_have_text(re.compile(r"^Follow.up"))
    for n, module in enumerate(modules):
        link = links.nth(n)
        expect(link).to_have_text(re.compile(rf"^{module.id} · "))
        assert link.get_attribute("target") is None, "a module opens in a new tab"
    links.first.click()
    wait_for_page(app, page, notebook_name(app, modules[0].id))
    expect(page.locator(".kit-app-header [aria-current=page]")).to_contain_text(modules[0].title)


def test_the_start_page_has_no_code_and_sets_the_name_with_a_field(app: Server, page: Page) -> None:
    open_page(app, page, "00")
    expect(page.locator(".jp-CodeCell .jp-InputArea, .cm-editor, .jp-InputPrompt")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Replace “Your name”")
    expect(page.locator("body")).not_to_contain_text("kit.set_name")
    expect(page.locator("body")).not_to_contain_text("kit.show(")

    form = page.locator(".kit-name-form")
    expect(form).to_have_count(1)
    name = "Grace Hopper-Ng"
    form.get_by_label("Your name").fill(name)
    form.get_by_label("Your name").press("Enter")
    expect(form.get_by_role("status")).to_contain_text(
        f"Saved. Your answers are saved under '{name}'"
    )
    assert app.setting(NAME_SETTING) == name


def test_pages_link_to_the_previous_and_next_module(app: Server, page: Page) -> None:
    modules = catalog(app).course.modules
    open_page(app, page, modules[0].id)
    pager = page.locator(".kit-app-pager")
    expect(pager.locator("a[rel=prev]")).to_have_count(0)
    pager.locator("a[rel=next]").click()
    wait_for_page(app, page, notebook_name(app, modules[1].id))
    expect(page.locator(".kit-app-header [aria-current=page]")).to_contain_text(modules[1].title)
    expect(pager.locator("a[rel=prev]")).to_contain_text(modules[0].title)
    expect(pager.locator("a[rel=next]")).to_contain_text(modules[2].title)


def test_text_for_the_notebook_only_is_left_out(app: Server, page: Page) -> None:
    """A cell tagged kit-notebook-only (say, how to run cells) is not in the app."""
    path = app.root / notebook_name(app, "00")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = next(
        c
        for c in notebook["cells"]
        if c["cell_type"] == "markdown" and "Shift+Enter" in "".join(c["source"])
    )
    heading = "".join(cell["source"]).splitlines()[0].lstrip("# ")
    cell.setdefault("metadata", {})["tags"] = ["kit-notebook-only"]
    original = path.read_text(encoding="utf-8")
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    try:
        open_page(app, page, "00")
        expect(page.locator("#rendered_cells")).not_to_contain_text(heading)
        expect(page.locator("#rendered_cells")).to_contain_text("Set your name")
    finally:
        path.write_text(original, encoding="utf-8")


def test_answers_are_checked_and_saved_with_nothing_fetched_from_outside(
    app: Server, page: Page
) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(LOCAL) else None)
    page.goto(f"{app.url}/?token={app.token}")
    ids = open_page(app, page, MODULE)
    exercise = next(
        catalog(app).exercise(i) for i in ids if catalog(app).exercise(i).kind == "choice"
    )
    widget = Widget(page, exercise.id).fresh()
    before = len(app.attempts(exercise.id))
    response = widget.answer(exercise)
    widget.check()
    assert app.attempts(exercise.id)[-1].response == response
    assert len(app.attempts(exercise.id)) == before + 1
    assert not outside, f"requests off the machine: {outside}"


def test_the_text_keeps_a_readable_line_width(app: Server, page: Page) -> None:
    open_page(app, page, MODULE)
    widest = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('.jp-RenderedMarkdown p')].map(p =>
             p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize)))"""
    )
    assert 20 < widest <= 42, f"paragraphs are {widest:.0f} em wide"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_app_pages_are_accessible(app: Server, page: Page, axe_source: str, theme: str) -> None:
    problems = []
    page.goto(f"{app.url}/?token={app.token}&theme={theme}")
    page.add_script_tag(content=axe_source)
    problems += [f"home: {p}" for p in page.evaluate(AXE_RUN, "body")]
    for module_id in ("00", MODULE):
        open_page(app, page, module_id, theme)
        page.add_script_tag(content=axe_source)
        problems += [f"{module_id}: {p}" for p in page.evaluate(AXE_RUN, "body")]
    assert not problems, "axe-core found serious or critical problems:\n" + "\n".join(problems)


def test_an_exercise_whose_kernel_stopped_says_to_reload_the_page(app: Server, page: Page) -> None:
    ids = open_page(app, page, MODULE)
    exercise = next(
        catalog(app).exercise(i) for i in ids if catalog(app).exercise(i).kind == "choice"
    )
    widget = Widget(page, exercise.id).fresh()
    kernel = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    request = urllib.request.Request(
        f"{app.url}/voila/api/shutdown/{kernel}",
        method="POST",
        headers={"Authorization": f"token {app.token}"},
    )
    urllib.request.urlopen(request, timeout=30).close()
    before = len(app.attempts(exercise.id))
    widget.answer(exercise)
    # The page may already know (and hide the button): press it the way a click would anyway.
    widget.check_button.dispatch_event("click")
    expect(widget.root.locator(".kit-lost")).to_contain_text("Reload the page", timeout=20_000)
    expect(widget.root.locator(".kit-lost")).not_to_contain_text("cell")
    assert len(app.attempts(exercise.id)) == before
