"""A cohort on a real JupyterHub: real Unix users, LocalProcessSpawner, headless Chromium.

One learner logs in through the hub's login page, answers in module 01 and in two private
exercises, and hands in with the start notebook's button; a second hands in with `kit submit`
in their own account; a third tries to hand in under the first one's name and to collect;
the trainer collects from the exchange service and reports. Nothing the trainer gets holds a
private answer. The course is a copy of the repo's with the self-assessments and personal
reflections marked private, so the assertions hold whatever the repo's files say.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import Browser, Page, expect

from kit.content.catalog import Catalog, load_catalog
from kit.handin.exchange import Exchange, ExchangeError
from kit.hub.hubconfig import access_scope

from ..browser.conftest import LAB_DEFAULTS, VIEWPORT
from ..browser.pages import Notebook
from ..cohort_support import mark_private
from ..conftest import REPO
from .hubs import TRAINERS, Hub, Unavailable, start_hub
from .unix import create_user, give, learner_environment, remove_user, run_as

pytestmark = pytest.mark.hub

PRIVATE = {
    "m02.stance-inventory",
    "m02.stance-inventory-colleague",
    "m03.reactive-inventory",
    "m03.my-reactive-moment",
    "m05.planner",
    "m06.true-vows",
}
PASSWORD = secrets.token_urlsafe(12)
SECRETS = ("zebra-umbrella-confession", "quartz-lantern-worry")
INVENTORY = "my-private-work.ipynb"
SPAWN_MS = 240_000


@dataclass
class RealHub:
    """The hub, the learners' Python, the course copy, and who is who."""

    hub: Hub
    python: Path
    course: Path
    learners: list[str]
    trainer: str

    def catalog(self) -> Catalog:
        return load_catalog(self.course / "exercises")

    def home(self, user: str) -> Path:
        return Path(os.path.expanduser(f"~{user}"))

    def server_env(self, user: str) -> dict[str, str]:
        """What the user's server on the hub would have: their name, a token, the exchange."""
        return {
            "JUPYTERHUB_USER": user,
            "JUPYTERHUB_API_TOKEN": self.hub.token(user, scopes=[access_scope()]),
            "KIT_EXCHANGE_URL": self.hub.exchange_url,
            "KIT_CONTENT": str(self.course / "exercises"),
        }


def hub_settings(python: Path, jupyter_env: dict[str, str], course: Path, users: list[str]) -> str:
    """The hub's login, spawner and server settings (added to those of `start_hub`)."""
    labconfig = course.parent / "jupyter-config"
    (labconfig / "labconfig").mkdir(parents=True, exist_ok=True, mode=0o755)
    overrides = labconfig / "labconfig" / "default_setting_overrides.json"
    overrides.write_text(json.dumps(LAB_DEFAULTS))
    overrides.chmod(0o644)
    paths = [str(labconfig), *filter(None, [jupyter_env.get("JUPYTER_CONFIG_PATH")])]
    env = {**jupyter_env, "KIT_CONTENT": str(course / "exercises"),
           "JUPYTER_CONFIG_PATH": os.pathsep.join(paths)}  # fmt: skip
    return f"""
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {PASSWORD!r}
c.Authenticator.allowed_users = set({users!r})
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [{str(python)!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.environment = {{**c.Spawner.environment, **{env!r}}}
c.Spawner.args = ["--LabApp.expose_app_in_browser=True"]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = {SPAWN_MS // 1000}
c.Spawner.http_timeout = {SPAWN_MS // 1000}
"""


def private_notebook(path: Path) -> None:
    cells = ["import kit", 'kit.show("m02.stance-inventory")', 'kit.show("m03.my-reactive-moment")']
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def real() -> Iterator[RealHub]:
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("the real-hub tests create Unix users with useradd: run the suite as root")
    base = Path(tempfile.mkdtemp(prefix="kit-hub-"))
    base.chmod(0o755)
    made: list[str] = []
    hub: Hub | None = None
    try:
        python, jupyter_env = learner_environment(base / "learner-env")
        course = base / "course"
        for folder in ("modules", "exercises"):
            shutil.copytree(REPO / folder, course / folder)
        mark_private(course / "exercises", PRIVATE)
        for path in [course, *course.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        homes = base / "homes"
        homes.mkdir(mode=0o755)
        tag = secrets.token_hex(2)
        learners, trainer = [f"kitl{n}{tag}" for n in (1, 2, 3)], f"kitt{tag}"
        for name in [*learners, trainer]:
            account = create_user(name, homes)
            made.append(name)
            shutil.copytree(course / "modules", homes / name / "modules")
            private_notebook(homes / name / INVENTORY)
            give(homes / name, account)
        settings = hub_settings(python, jupyter_env, course, [*learners, trainer])
        hub = start_hub(base / "hub", settings)  # it adds the allowed users
        hub.add_to_group(TRAINERS, trainer)
        yield RealHub(hub, python, course, learners, trainer)
    except Unavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    finally:
        if hub is not None:
            hub.stop()
        for name in made:
            remove_user(name)
        shutil.rmtree(base, ignore_errors=True)


def log_in(page: Page, real: RealHub, user: str) -> str:
    """Log in on the hub's login page; returns the user's server URL once JupyterLab is up."""
    page.goto(f"{real.hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(re.compile(f"/user/{user}/lab"), timeout=SPAWN_MS)
    return f"{real.hub.url}/user/{user}"


def reflection_text(exercise: Any, secret: str) -> dict[str, str]:
    return {p.id: " ".join([secret, *["word"] * p.min_words]) for p in exercise.prompts}


def test_learners_hand_in_on_a_real_hub_and_the_trainer_gets_no_private_answer(
    real: RealHub, browser: Browser
) -> None:
    catalog = real.catalog()
    first, second, _ = real.learners
    home = real.home(first)
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(90_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        server = log_in(page, real, first)

        module = f"modules/01-{catalog.module('01').slug}.ipynb"
        notebook = Notebook(page, server, "", module, home / module).open()
        notebook.run_all()
        choice = next(e for e in catalog.module_exercises("01") if e.kind == "choice")
        widget = notebook.exercise(choice.id).fresh()
        widget.answer(choice)
        widget.check()

        notebook = Notebook(page, server, "", INVENTORY, home / INVENTORY).open()
        notebook.run_all()
        inventory = notebook.exercise("m02.stance-inventory").fresh()
        share = inventory.root.locator(".kit-private")
        expect(share).to_contain_text("kept in your own store and are not handed in")
        expect(share.get_by_label("Share this with my trainer")).not_to_be_checked()
        inventory.answer(catalog.exercise("m02.stance-inventory"))
        inventory.check()
        moment = notebook.exercise("m03.my-reactive-moment").fresh()
        texts = reflection_text(catalog.exercise("m03.my-reactive-moment"), SECRETS[0])
        for n, text in enumerate(texts.values()):
            moment.root.locator("textarea").nth(n).fill(text)
        moment.check()

        start = "modules/00-start-here.ipynb"
        notebook = Notebook(page, server, "", start, home / start).open()
        notebook.run_all()
        hand_in = page.locator(".kit-submit")
        hand_in.get_by_role("button", name="Hand in my answers").click()
        preview = hand_in.locator(".kit-preview")
        expect(preview).to_contain_text(f"for {first}, to your trainer through the hub")
        expect(preview).to_contain_text(f"{choice.id}: {choice.title}, 1 answer(s)")
        expect(preview).to_contain_text("Private, kept in your own store, not handed in:")
        expect(preview).to_contain_text("m02.stance-inventory: Your stance profile")
        expect(preview).to_contain_text("m03.my-reactive-moment")
        hand_in.get_by_role("button", name="Hand in exactly this").click()
        expect(hand_in.locator("[role=status]")).to_contain_text(
            f"Handed in 1 answer(s) to 1 exercise(s) for {first}, to your trainer through the hub"
        )
    finally:
        context.close()
    assert not errors, f"uncaught errors in the page: {errors}"

    # A second learner hands in from a terminal in their own account, with a private answer.
    env = real.server_env(second)
    vows = catalog.exercise("m06.true-vows")
    answers = [(choice.id, json.dumps(choice.options[0].id)),
               (vows.id, json.dumps(reflection_text(vows, SECRETS[1])))]  # fmt: skip
    for exercise_id, response in answers:
        out = run_as(second, real.python, ["record", exercise_id, response], env, real.home(second))
        assert out.returncode == 0, out.stderr
    out = run_as(second, real.python, ["submit"], env, real.home(second))
    assert out.returncode == 0, out.stderr
    assert f"Handed in 1 answer(s) to 1 exercise(s) for {second}" in out.stdout
    assert "Private, kept in your own store, not handed in:\n  m06.true-vows" in out.stdout

    # The trainer collects from the exchange and reports, in their own account.
    trainer, home = real.trainer, real.home(real.trainer)
    env = real.server_env(trainer)
    steps = [
        ["cohort", "init", "cohort", "--hub-group", TRAINERS, "--content", env["KIT_CONTENT"]],
        ["cohort", "collect", "cohort", "--hub"],
        ["cohort", "report", "cohort"],
    ]
    outputs = [run_as(trainer, real.python, step, env, home) for step in steps]
    for out in outputs:
        assert out.returncode == 0, out.stderr
    collected = outputs[1].stdout
    assert "2 file(s) collected (2 new attempt(s)), 0 already collected, 0 refused" in collected
    gotten = [p for p in (home / "cohort").rglob("*") if p.is_file()]
    assert any(p.suffix == ".xlsx" for p in gotten) and any(p.suffix == ".csv" for p in gotten)
    for path in gotten:
        raw = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in raw, path
    exchange = Exchange(real.hub.exchange_url, env["JUPYTERHUB_API_TOKEN"])
    for entry in exchange.handins(TRAINERS):
        body = exchange.fetch(int(entry["id"]), TRAINERS)
        assert not any(secret.encode() in body for secret in SECRETS)
        attempts = json.loads(body)["attempts"]
        assert not {a["exercise_id"] for a in attempts} & PRIVATE
    with sqlite3.connect(home / "cohort" / "gradebook.sqlite3") as db:
        stored = {row[0] for row in db.execute("SELECT DISTINCT exercise_id FROM attempts")}
    assert stored == {choice.id}


def test_a_forged_hand_in_and_a_learners_collect_are_refused(real: RealHub) -> None:
    third, first = real.learners[2], real.learners[0]
    env = real.server_env(third)
    home = real.home(third)
    forged = home / "forged.json"
    out = run_as(third, real.python, ["submit", "-o", str(forged)], env, home)
    assert out.returncode == 0, out.stderr
    data = json.loads(forged.read_text())
    data["learner"] = first
    with pytest.raises(ExchangeError, match=f"signed in to the hub as '{third}'"):
        Exchange(real.hub.exchange_url, env["JUPYTERHUB_API_TOKEN"]).hand_in(
            json.dumps(data).encode()
        )
    steps = [
        ["cohort", "init", "cohort", "--hub-group", TRAINERS, "--content", env["KIT_CONTENT"]],
        ["cohort", "collect", "cohort", "--hub"],
    ]
    init, collect = (run_as(third, real.python, step, env, home) for step in steps)
    assert init.returncode == 0, init.stderr
    assert collect.returncode == 1
    assert collect.stderr.strip() == (
        f"kit: error: the service refused it: {third} is not in the hub group"
        f" '{TRAINERS}' of trainers"
    )
