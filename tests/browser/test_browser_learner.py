"""`kit lab` as a learner meets it: the printed link, the first Tab, a clean notebook, the
`kit` command in the terminal, and no silent failure after a kernel or server restart."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tornado.websocket import websocket_connect

from kit.content.catalog import load_catalog

from .pages import PANEL, Notebook
from .servers import Server

pytestmark = pytest.mark.browser

MODULE = "01"


def module_path(server: Server, module_id: str = MODULE) -> str:
    module = load_catalog(server.root.parent / "exercises").module(module_id)
    return f"{module.id}-{module.slug}.ipynb"


def exercises(server: Server, *kinds: str, module_id: str = MODULE) -> list[Any]:
    catalog = load_catalog(server.root.parent / "exercises")
    return [e for e in catalog.module_exercises(module_id) if not kinds or e.kind in kinds]


def open_module(server: Server, page: Page, module_id: str = MODULE) -> Notebook:
    path = module_path(server, module_id)
    return Notebook(page, server.url, server.token, path, server.root / path).open()


def api(server: Server, method: str, path: str) -> Any:
    request = urllib.request.Request(
        f"{server.url}{path}", method=method, headers={"Authorization": f"token {server.token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


def test_the_printed_link_opens_the_start_notebook(learner_lab: Server, page: Page) -> None:
    """The server started as a learner starts it (as root here, with no flag added by us),
    and the link it prints, followed on a machine without a display, opens module 00."""
    start = module_path(learner_lab, "00")
    with contextlib.suppress(urllib.error.HTTPError):  # as on first start: no saved layout
        api(learner_lab, "DELETE", "/lab/api/workspaces/default")
    links = [u for u in learner_lab.printed_urls() if u.startswith("http://127.0.0.1")]
    assert links and all(f"/lab/tree/{start}?token=" in u for u in links), links
    page.goto(links[0].replace("token=...", f"token={learner_lab.token}"))
    tab = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first
    tab.wait_for()
    expect(
        page.locator(".lm-TabBar-tab.lm-mod-current[data-type='document-title']")
    ).to_contain_text(start)


def test_no_news_pop_up_and_the_first_tab_goes_into_the_exercise(
    learner_lab: Server, page: Page
) -> None:
    notebook = open_module(learner_lab, page)
    notebook.run_all()
    # The news question comes from one plugin: switched off, it can never arrive.
    news = "@jupyterlab/apputils-extension:announcements"
    assert (
        page.evaluate(
            f"async () => {{ await jupyterapp.started; return jupyterapp.isPluginActivated({news!r}) }}"
        )
        is False
    )
    expect(page.locator(".jp-Notification-Toast, .Toastify__toast")).to_have_count(0)
    assert page.locator(".jp-cell-toolbar button").count() == 0

    exercise = exercises(learner_lab, "choice")[0]
    widget = notebook.exercise(exercise.id).fresh()
    widget.root.locator(".kit-title").click()  # the cell is selected, in command mode
    page.keyboard.press("Tab")
    first = widget.root.locator(".kit-options input").first
    expect(first).to_be_focused()
    cells = notebook.cell_count()
    page.keyboard.press("Space")  # what the start notebook tells learners to do
    assert notebook.cell_count() == cells, "a key meant for the exercise changed the notebook"


@pytest.mark.parametrize("module_id", ["00", MODULE])
def test_opening_a_notebook_does_not_mark_it_unsaved(
    learner_lab: Server, page: Page, module_id: str
) -> None:
    notebook = open_module(learner_lab, page, module_id)
    # The kernel's own description of its language is the last thing that could change the
    # notebook on opening: once it has arrived, a clean notebook stays clean.
    page.evaluate(f"async () => {{ await {PANEL}.sessionContext.session.kernel.info }}")
    assert page.evaluate(f"{PANEL}.context.model.dirty") is False
    current = page.locator(".lm-TabBar-tab.lm-mod-current[data-type='document-title']")
    expect(current).not_to_have_class(re.compile(r"jp-mod-dirty"))
    assert notebook.cell_count() > 0


async def terminal_output(server: Server, command: str) -> str:
    """Run `command` in a new JupyterLab terminal (the server's own terminal service, as
    File > New > Terminal uses it) and return what it printed."""
    name = api(server, "POST", "/api/terminals")["name"]
    ws_url = server.url.replace("http", "ws") + f"/terminals/websocket/{name}?token={server.token}"
    socket = await websocket_connect(ws_url)
    out = ""
    try:
        socket.write_message(json.dumps(["stdin", f"{command}; echo END-$((6*7))\r"]))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60
        while "END-42" not in out and loop.time() < deadline:
            message = await asyncio.wait_for(socket.read_message(), deadline - loop.time())
            if message is None:
                break
            kind, *data = json.loads(message)
            if kind == "stdout":
                out += data[0]
    finally:
        socket.close()
        api(server, "DELETE", f"/api/terminals/{name}")
    return out


def test_the_kit_command_works_in_the_terminal(learner_lab: Server) -> None:
    """The server was started from a shell without the kit on PATH (see `learner_env`)."""
    # In a thread of its own: Playwright's sync API holds this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        out = pool.submit(asyncio.run, terminal_output(learner_lab, "kit whoami")).result()
    assert "command not found" not in out, out
    assert f"(store: {learner_lab.kit_home / 'kit.sqlite3'})" in re.sub(r"\r?\n", "", out), out


def test_after_a_kernel_restart_check_says_to_run_the_cell_and_saves_nothing(
    learner_lab: Server, page: Page
) -> None:
    exercise = exercises(learner_lab, "choice")[0]
    notebook = open_module(learner_lab, page)
    notebook.run_all()
    widget = notebook.exercise(exercise.id).fresh()
    before = len(learner_lab.attempts(exercise.id))

    notebook.restart_kernel()
    lost = widget.root.locator(".kit-lost")
    expect(lost).to_contain_text("Run this cell again")  # said without being asked
    expect(widget.root).to_have_attribute("data-kit-live", "false")
    expect(widget.check_button).to_be_hidden()
    widget.answer(exercise)
    assert len(learner_lab.attempts(exercise.id)) == before

    # Running the cell again brings back a working exercise.
    notebook.run_all()
    widget = notebook.exercise(exercise.id).fresh()
    expect(widget.root.locator(".kit-lost")).to_be_empty()
    widget.answer(exercise)
    widget.check()
    assert len(learner_lab.attempts(exercise.id)) == before + 1


def test_a_notebook_saved_and_reopened_after_its_kernel_is_gone_shows_no_errors(
    learner_lab: Server, page: Page
) -> None:
    """What a server restart does: the saved notebook is opened with a new kernel."""
    notebook = open_module(learner_lab, page)
    notebook.run_all()
    page.keyboard.press("Control+s")
    page.wait_for_function(f"!{PANEL}.context.model.dirty")
    saved = json.loads(notebook.file.read_text(encoding="utf-8"))
    outputs = [o for c in saved["cells"] for o in c.get("outputs", [])]
    shown = [
        o
        for o in outputs
        if "Run this cell to show it" in "".join(o.get("data", {}).get("text/plain", ""))
    ]
    assert shown, "the exercises' outputs were not saved with their stand-in text"
    assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)

    for session in api(learner_lab, "GET", "/api/sessions"):
        api(learner_lab, "DELETE", f"/api/sessions/{session['id']}")
    notebook.open()
    expect(
        page.locator(".jp-OutputArea-output").filter(has_text="Run this cell to show it")
    ).to_have_count(len(shown))
    expect(page.locator(".jp-Notebook")).not_to_contain_text("model not found")


def test_checking_one_exercise_updates_the_progress_line_of_every_exercise(
    learner_lab: Server, page: Page
) -> None:
    notebook = open_module(learner_lab, page)
    notebook.run_all()
    first, *others = exercises(learner_lab)
    before = {
        e.id: notebook.exercise(e.id).root.locator(".kit-progress").inner_text() for e in others
    }
    widget = notebook.exercise(first.id).fresh()
    widget.answer(first)
    widget.check()
    line = widget.root.locator(".kit-progress")
    for exercise in others:
        other = notebook.exercise(exercise.id).root.locator(".kit-progress")
        expect(other).to_have_text(line.inner_text())
    assert (
        any(before[e.id] != line.inner_text() for e in others)
        or len(learner_lab.attempts(first.id)) > 1
    )
