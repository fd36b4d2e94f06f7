"""A real JupyterLab in headless Chromium: one lab server per session, a fresh page per test.

The server runs the venv's `jupyter lab` on 127.0.0.1 with a free port, a token, and
temporary config, data, runtime, settings, workspace and `KIT_HOME` folders, serving a
temporary copy of the course; tests choose exercises by kind from its content at run time. Chromium is Debian's (`/usr/bin/chromium`), installed with
apt-get when it is missing and the tests run as root; otherwise the tests fail and say why.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from kit.content.catalog import Catalog, load_catalog
from kit.content.schema import Exercise
from kit.kinds import KINDS
from kit.store import STORE_FILE, Attempt, Store

from ..prepare import Missing, debian_file
from .pages import LIGHT, Notebook
from .servers import Server, kit_server, learner_env

HERE = Path(__file__).parent
REPO = HERE.parent.parent
AXE = HERE / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
ARTIFACTS = REPO / "test-artifacts"
# Assertions wait for their condition this long: a busy two-core machine can take more than
# Playwright's 5 s to draw feedback while other tiers run beside it.
expect.set_options(timeout=15_000)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 1000}
SERVER_START_S = 120
MODULE = "01"  # the module the scenarios run in
# Quiet, deterministic JupyterLab defaults for the test server (not the learner's settings).
LAB_DEFAULTS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/apputils-extension:themes": {"theme": LIGHT},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
}


@dataclass(frozen=True)
class Course:
    """The course the lab serves (a temporary copy of the repo's), read at run time."""

    root: Path

    @property
    def exercises(self) -> Path:
        return self.root / "exercises"

    def catalog(self) -> Catalog:
        return load_catalog(self.exercises)

    def notebook_file(self, path: str) -> Path:
        return self.root / path

    def notebook(self, module_id: str) -> str:
        """The notebook of a module, relative to the lab's root."""
        return f"modules/{module_id}-{self.catalog().module(module_id).slug}.ipynb"

    @property
    def start(self) -> str:
        return self.notebook("00")

    @property
    def module(self) -> str:
        return self.notebook(MODULE)

    def module_exercises(self, module_id: str = MODULE) -> list[Exercise]:
        return self.catalog().module_exercises(module_id)

    def first(self, *kinds: str) -> Exercise:
        """Module 01's first exercise of one of `kinds`."""
        for exercise in self.module_exercises():
            if exercise.kind in kinds:
                return exercise
        raise AssertionError(f"module {MODULE} has no exercise of kind {kinds}")

    def every_kind(self, whole_module: bool) -> dict[str, list[Exercise]]:
        """Exercises by notebook that show every kind: module 01's (all of them, or the first
        of each kind), then the first module with each kind module 01 lacks."""
        catalog = self.catalog()
        tour: dict[str, list[Exercise]] = {}
        seen: set[str] = set()
        for module in sorted(catalog.course.modules, key=lambda m: m.id != MODULE):
            for exercise in catalog.module_exercises(module.id):
                if (whole_module and module.id == MODULE) or exercise.kind not in seen:
                    tour.setdefault(self.notebook(module.id), []).append(exercise)
                    seen.add(exercise.kind)
        assert seen == set(KINDS), f"the course shows no {set(KINDS) - seen}"
        return tour


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab server and where it keeps its state."""

    url: str
    token: str
    course: Course
    kit_home: Path
    settings: Path
    log: Path

    def attempts(self, exercise_id: str) -> list[Attempt]:
        """Every stored attempt at an exercise, oldest first, whoever the learner."""
        path = self.kit_home / STORE_FILE
        if not path.exists():
            return []
        store = Store(path)
        try:
            return store.attempts(exercise_id=exercise_id)
        finally:
            store.close()

    def notebook(self, page: Page, path: str) -> Notebook:
        return Notebook(page, self.url, self.token, path, self.course.notebook_file(path))


# --- Chromium --------------------------------------------------------------------------------


def ensure_chromium() -> Path:
    """Debian's Chromium, installed by `tests.prepare`; else fail and say how to get it."""
    try:
        return debian_file("chromium")
    except Missing as exc:
        pytest.fail(str(exc), pytrace=False)


# --- the course copy -------------------------------------------------------------------------


def copy_course(root: Path) -> Course:
    """A copy of the repo's modules and exercises, so nothing the tests do touches them."""
    for folder in ("modules", "exercises"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(".*"))
    return Course(root)


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return copy_course(tmp_path_factory.mktemp("course"))


# --- the lab server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lab_environment(
    base: Path, course: Course, defaults: dict[str, Any] = LAB_DEFAULTS
) -> dict[str, str]:
    """The server's (and so the kernels') environment: everything Jupyter and the kit write
    goes under `base`; no learner name is forced."""
    env = {k: v for k, v in os.environ.items() if k not in ("KIT_LEARNER", "JUPYTERHUB_USER")}
    dirs = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "config/lab/user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "config/lab/workspaces",
        "IPYTHONDIR": "ipython",
        "MPLCONFIGDIR": "matplotlib",
        "KIT_HOME": "kit-home",
    }
    for var, sub in dirs.items():
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    env["KIT_CONTENT"] = str(course.exercises)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    labconfig = base / "config" / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "default_setting_overrides.json").write_text(json.dumps(defaults, indent=2))
    return env


def wait_until_up(url: str, token: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    request = urllib.request.Request(
        f"{url}/api/status", headers={"Authorization": f"token {token}"}
    )
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"jupyter lab exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"jupyter lab did not answer within {SERVER_START_S}s:\n{log.read_text()[-3000:]}")


def stop_lab(url: str, token: str, process: subprocess.Popen) -> None:
    """Shut the server down through its API (it stops its kernels), then make sure."""
    request = urllib.request.Request(
        f"{url}/api/shutdown", method="POST", headers={"Authorization": f"token {token}"}
    )
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory, course: Course) -> Iterator[Lab]:
    base = tmp_path_factory.mktemp("lab")
    shutil.rmtree(ARTIFACTS / "failures", ignore_errors=True)  # pictures of an earlier run
    env = lab_environment(base, course)
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course.root}",
        "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = base / "jupyter-lab.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=course.root, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_until_up(url, token, process, log)
        settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
        yield Lab(url, token, course, Path(env["KIT_HOME"]), settings, log)
    finally:
        stop_lab(url, token, process)
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copy(log, ARTIFACTS / "jupyter-lab.log")


# --- the kit's own servers: kit lab and kit app -----------------------------------------------


@pytest.fixture(scope="session")
def learner_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`kit lab` as a learner starts it: no flags of its own but a port and a token (and, as
    root, no --allow-root), the learner settings the kit writes, and only the theme chosen
    by the tests. It serves its own copy of the course."""
    course = copy_course(tmp_path_factory.mktemp("learner-course"))
    base = tmp_path_factory.mktemp("learner-lab")
    themes = {"@jupyterlab/apputils-extension:themes": {"theme": LIGHT}}
    env = learner_env(lab_environment(base, course, themes))
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    args = [
        "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
    ]  # fmt: skip
    log = base / "kit-lab.log"
    root = course.root / "modules"
    with kit_server("lab", args, env, root, f"{url}/api/status?token={token}", log):
        yield Server(url, token, root, Path(env["KIT_HOME"]), log)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(log, ARTIFACTS / "kit-lab.log")


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`kit app` (Voilà) on its own copy of the course."""
    course = copy_course(tmp_path_factory.mktemp("app-course"))
    base = tmp_path_factory.mktemp("app")
    env = learner_env(lab_environment(base, course, {}))
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}"
    args = ["--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}", f"--token={token}"]
    log = base / "kit-app.log"
    root = course.root / "modules"
    with kit_server("app", args, env, root, f"{url}/?token={token}", log):
        yield Server(url, token, root, Path(env["KIT_HOME"]), log)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(log, ARTIFACTS / "kit-app.log")


# --- the browser -----------------------------------------------------------------------------


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context and page; uncaught page errors fail the test, and a failing
    test leaves a screenshot in test-artifacts/failures/."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    if request.node.stash.get(FAILED, False):
        shots = ARTIFACTS / "failures"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=shots / f"{request.node.name}.png")
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    source = AXE.read_text(encoding="utf-8")
    assert source.startswith(f"/*! axe v{AXE_VERSION}"), "tests/browser/vendor/axe.min.js"
    return source


@pytest.fixture
def light_again(lab: Lab) -> Iterator[None]:
    """Forget a theme a test chose, so the next test starts in the light default."""
    yield
    themes = lab.settings / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"
    themes.unlink(missing_ok=True)
