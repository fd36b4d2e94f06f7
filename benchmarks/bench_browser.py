"""What a learner waits for, in JupyterLab (`kit lab`) and in the app (`kit app`), measured
in headless Chromium (Debian's, driven by Playwright) against the real servers.

Run:  .venv/bin/python benchmarks/bench_browser.py [--runs 3] [--module 01]

For each run, a fresh page (and, in JupyterLab, a fresh kernel):
- load: from opening the module's page to its kernel being idle (in the app: to the page
  being shown, which Voilà does once every cell ran and the kernel is idle);
- run all: JupyterLab's Run All Cells until every exercise is drawn and its Check button
  enabled (in the app this is part of loading: Voilà runs every cell before showing the page);
- check: pressing Check on a choice exercise until its feedback is on screen.
Medians in milliseconds; the servers start once, with temporary KIT_HOME and Jupyter folders.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

KIT = Path(sys.executable).with_name("kit")
PANEL = "window.jupyterapp.shell.currentWidget"
SHOW = re.compile(r"""kit\.show\(\s*["']([^"']+)["']\s*\)""")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(verb: str, args: list[str], probe: str, home: Path) -> Iterator[None]:
    env = {**os.environ, "KIT_HOME": str(home / "kit"), "JUPYTER_CONFIG_DIR": str(home / "cfg")}
    env |= {"JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "run")}
    env["KIT_LEARNER"] = "bench"
    log = (home / f"{verb}.log").open("w")
    process = subprocess.Popen([str(KIT), verb, *args], env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(probe, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(f"kit {verb} did not start; see {log.name}") from None
                time.sleep(0.3)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        log.close()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def exercise_ids(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        m for c in cells if c["cell_type"] == "code" for m in SHOW.findall("".join(c["source"]))
    ]


ALL_DRAWN = """ids => ids.every(id => {
  const el = document.querySelector(`.kit-exercise[data-kit-exercise="${id}"]:not([data-stale])`);
  const button = el && el.querySelector('.kit-actions button');
  return button && !button.disabled;
})"""


def check_once(page: Page, choice_id: str) -> float:
    root = page.locator(f'.kit-exercise[data-kit-exercise="{choice_id}"]')
    root.scroll_into_view_if_needed()
    again = root.locator(".kit-actions .kit-button:not(.kit-primary)")
    if again.is_visible():
        again.click()
    root.locator(".kit-options input").first.check()
    return timed(lambda: (root.locator(".kit-actions .kit-primary").click(),
                          root.locator(".kit-verdict").wait_for()))  # fmt: skip


def bench_lab(page: Page, url: str, token: str, name: str, ids: list[str], choice: str) -> dict:
    page.goto(f"{url}/lab?reset&token={token}")  # warm the front end's caches once
    page.locator(".jp-LabShell").wait_for()
    for session in json.load(urllib.request.urlopen(f"{url}/api/sessions?token={token}")):
        request = urllib.request.Request(
            f"{url}/api/sessions/{session['id']}?token={token}", method="DELETE"
        )
        urllib.request.urlopen(request).close()
    idle = (
        f"{PANEL}?.sessionContext?.session?.kernel?.connectionStatus === 'connected'"
        f" && {PANEL}.sessionContext.session.kernel.status === 'idle'"
    )
    load = timed(lambda: (page.goto(f"{url}/lab/tree/{name}?reset&token={token}"),
                          page.wait_for_function(idle, timeout=120_000)))  # fmt: skip
    page.evaluate("document.querySelectorAll('.kit-exercise').forEach(e => e.dataset.stale = 1)")
    run_all = timed(lambda: (page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')"),
                             page.wait_for_function(ALL_DRAWN, arg=ids, timeout=120_000)))  # fmt: skip
    return {"load": load, "run all": run_all, "check": check_once(page, choice)}


def bench_app(page: Page, url: str, token: str, name: str, ids: list[str], choice: str) -> dict:
    load = timed(lambda: (page.goto(f"{url}/voila/render/{name}?token={token}"),
                          page.wait_for_function(ALL_DRAWN, arg=ids, timeout=120_000)))  # fmt: skip
    return {"load": load, "run all": 0.0, "check": check_once(page, choice)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--module", default="01")
    args = parser.parse_args()
    from kit.content.catalog import load_catalog

    catalog = load_catalog()
    module = catalog.module(args.module)
    name = f"{module.id}-{module.slug}.ipynb"
    ids = exercise_ids(catalog.modules_dir / name)
    choice = next(e.id for e in catalog.module_exercises(module.id) if e.kind == "choice")
    results: dict[str, list[dict]] = {"JupyterLab": [], "app": []}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        home = Path(tmp)
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        token, lab_port, app_port = secrets.token_hex(8), free_port(), free_port()
        lab_args = ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={lab_port}",
                    f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True"]  # fmt: skip
        lab_url, app_url = f"http://127.0.0.1:{lab_port}", f"http://127.0.0.1:{app_port}"
        with server("lab", lab_args, f"{lab_url}/api/status?token={token}", home):
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                results["JupyterLab"].append(bench_lab(page, lab_url, token, name, ids, choice))
                page.close()
        app_args = [
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={app_port}",
            f"--token={token}",
        ]
        with server("app", app_args, f"{app_url}/?token={token}", home):
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                results["app"].append(bench_app(page, app_url, token, name, ids, choice))
                page.close()
        browser.close()
    print(f"module {module.id}, {len(ids)} exercises, median of {args.runs} runs (ms)")
    print(f"{'':12}{'load to idle':>14}{'run all':>10}{'check':>8}")
    for where, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("load", "run all", "check")}
        run_all = "(in load)" if where == "app" else f"{med['run all']:.0f}"
        print(f"{where:12}{med['load']:>14.0f}{run_all:>10}{med['check']:>8.0f}")


if __name__ == "__main__":
    main()
