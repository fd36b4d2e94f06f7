"""The LMS side of a real JupyterHub: an LTI 1.3 launch from the platform simulator through
jupyterhub-ltiauthenticator (the LMS user becomes the hub user, the course names the cohort,
the server opens JupyterLab or the app as the trainer chose), and learners' xAPI statements
relayed by the exchange service to a real LRS (ralph) with credentials only the service holds.

The hub spawns real servers with SimpleLocalProcessSpawner (as the hub's own user), so no Unix
users are made; LMS user ids start with "lti".
"""

from __future__ import annotations

import html
import os
import re
import secrets
import sys
import time
import urllib.error
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric import rsa

import kit
from kit.cli import main
from kit.hub.hubconfig import access_scope
from kit.interop.xapi.sender import BACKGROUND

from ..cohort_support import private_sample
from ..lrs import HOMEPAGE, PASSWORD, USER, Ralph
from ..lti_platform import Platform, Running
from ..prepare import Missing
from .hubs import TRAINERS, Hub, Unavailable, start_hub

pytestmark = pytest.mark.hub

COURSE = "LEAD-101"
SPAWN_S = 240


@dataclass
class LtiHub:
    hub: Hub
    platform: Platform
    lrs: Ralph


def hub_settings(platform: Platform, lrs: Ralph, homes: Path) -> str:
    return f"""
from kit.interop.lti.hub import add_lti
from kit.interop.xapi.hubconfig import add_xapi

add_lti(c, issuer={platform.issuer!r}, client_id={platform.client_id!r},
        authorize_url={platform.url + "/auth"!r}, jwks_endpoint={platform.url + "/jwks"!r})
add_xapi(c, lrs={lrs.url!r}, username={USER!r}, password={PASSWORD!r}, homepage={HOMEPAGE!r})
c.JupyterHub.spawner_class = "simple"
c.Spawner.cmd = [{sys.executable!r}, "-m", "jupyterhub.singleuser"]
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes) + "/{username}"!r}
c.Spawner.args = ["--allow-root"]
c.Spawner.start_timeout = {SPAWN_S}
c.Spawner.http_timeout = {SPAWN_S}
"""


@pytest.fixture(scope="module")
def lti_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LtiHub]:
    base = tmp_path_factory.mktemp("lti-hub")
    running = Running(Platform())
    platform = running.platform
    platform.add_course(COURSE, label=COURSE, title="Leading people, first steps")
    try:
        lrs = Ralph(base / "lrs")
    except Missing as exc:
        pytest.fail(str(exc), pytrace=False)
    lrs.start()
    env = {"JUPYTERHUB_CRYPT_KEY": secrets.token_hex(32)}
    try:
        hub = start_hub(base / "hub", hub_settings(platform, lrs, base / "homes"), env)
    except Unavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield LtiHub(hub, platform, lrs)
    finally:
        hub.stop()
        lrs.stop()
        running.stop()


OPEN: list[httpx.Client] = []


@pytest.fixture(autouse=True)
def close_browsers() -> Iterator[None]:
    yield
    while OPEN:
        OPEN.pop().close()


def launch(lti: LtiHub, user_id: str, **kw: Any) -> httpx.Client:
    """An LMS user clicks the course: the OIDC third-party login through the simulator.
    Returns the browser (cookies) once the hub has signed them in."""
    platform = lti.platform
    hint = secrets.token_hex(8)
    sign_with = kw.pop("sign_with", None)
    platform.launches[hint] = platform.launch_claims(COURSE, user_id, **kw)
    if sign_with is not None:
        platform.launches[hint]["_sign_with"] = sign_with
    browser = httpx.Client(follow_redirects=False, timeout=60)
    OPEN.append(browser)
    login = browser.post(
        f"{lti.hub.url}/hub/lti13/oauth_login",
        data={"iss": platform.issuer, "login_hint": hint, "client_id": platform.client_id,
              "target_link_uri": f"{lti.hub.url}/hub/", "lti_deployment_id": "deployment-1"},
    )  # fmt: skip
    assert login.status_code == 302, login.text
    form = httpx.get(login.headers["location"], timeout=60)
    assert form.status_code == 200, form.text
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.text))
    action = html.unescape(re.search(r'action="([^"]+)"', form.text)[1])  # type: ignore[index]
    browser.last = browser.post(action, data={k: html.unescape(v) for k, v in fields.items()})  # type: ignore[attr-defined]
    return browser


def wait_for_server(lti: LtiHub, name: str) -> dict[str, Any]:
    deadline = time.monotonic() + SPAWN_S
    while time.monotonic() < deadline:
        model = lti.hub.api("GET", f"users/{name}")
        server = model.get("servers", {}).get("")
        if server and server.get("ready"):
            return dict(model)
        time.sleep(0.5)
    raise AssertionError(f"{name}'s server did not start:\n{lti.hub.log.read_text()[-3000:]}")


def server_environment(name: str) -> dict[str, str]:
    """The environment of `name`'s running single-user server, read from /proc."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            raw = (proc / "environ").read_bytes()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        env = dict(
            item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item
        )
        if env.get("JUPYTERHUB_USER") == name and b"jupyterhub.singleuser" in cmdline:
            return env
    raise AssertionError(f"no server process of {name}")


def test_an_lms_learner_lands_in_their_own_jupyterlab_in_the_course_cohort(lti_hub: LtiHub) -> None:
    browser = launch(lti_hub, "lti-ana-7f3a", email="ana@example.org", name="Ana Souza")
    landed = browser.last  # type: ignore[attr-defined]
    assert landed.status_code == 302 and landed.headers["location"] == "/hub/"
    user = lti_hub.hub.api("GET", "users/lti-ana-7f3a")
    assert user["groups"] == ["cohort-lead-101"]
    assert browser.get(f"{lti_hub.hub.url}/hub/spawn").status_code in (200, 302)
    wait_for_server(lti_hub, "lti-ana-7f3a")
    opened = browser.get(f"{lti_hub.hub.url}/user/lti-ana-7f3a/")
    assert opened.status_code == 302
    assert opened.headers["location"].split("?")[0].endswith("/user/lti-ana-7f3a/lab")
    lab = browser.get(f"{lti_hub.hub.url}/user/lti-ana-7f3a/lab", follow_redirects=True)
    assert lab.status_code == 200 and "JupyterLab" in lab.text
    env = server_environment("lti-ana-7f3a")
    assert env["KIT_COHORT"] == "lead-101" and env["KIT_LTI_CONTEXT"] == COURSE
    assert "KIT_LTI_LINEITEMS" not in env  # only trainers get the course's grade services
    assert env["KIT_XAPI_RELAY"] == lti_hub.hub.exchange_url + "api/xapi"
    assert "KIT_XAPI_LRS_PASSWORD" not in env and PASSWORD not in str(env)


def test_the_trainer_chooses_the_app_and_instructors_become_trainers(lti_hub: LtiHub) -> None:
    browser = launch(lti_hub, "lti-tina-19c2", role="Instructor", custom={"kit_interface": "app"})
    user = lti_hub.hub.api("GET", "users/lti-tina-19c2")
    assert sorted(user["groups"]) == ["cohort-lead-101", TRAINERS]
    browser.get(f"{lti_hub.hub.url}/hub/spawn")
    wait_for_server(lti_hub, "lti-tina-19c2")
    opened = browser.get(f"{lti_hub.hub.url}/user/lti-tina-19c2/")
    assert (
        opened.headers["location"]
        .split("?")[0]
        .endswith("/user/lti-tina-19c2/voila/tree/leadership-course/modules")
    )
    env = server_environment("lti-tina-19c2")
    assert env["KIT_LTI_LINEITEMS"] == lti_hub.platform.lineitems_url(COURSE)
    assert env["KIT_LTI_MEMBERSHIPS"] == lti_hub.platform.memberships_url(COURSE)


def test_a_launch_signed_with_another_key_signs_nobody_in(lti_hub: LtiHub) -> None:
    stranger = rsa.generate_private_key(65537, 2048)
    browser = launch(lti_hub, "lti-mallory-0000", sign_with=stranger)
    refused = browser.last  # type: ignore[attr-defined]
    assert refused.status_code == 400
    with pytest.raises(urllib.error.HTTPError) as missing:
        lti_hub.hub.api("GET", "users/lti-mallory-0000")
    assert missing.value.code == 404
    missing.value.close()


@pytest.fixture
def learner(lti_hub: LtiHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A learner's server on the hub as the relay sees it: hub name, token, relay address."""
    name = f"lti-cy-{secrets.token_hex(3)}"
    lti_hub.hub.add_users(name)
    root = private_sample(tmp_path / "course")
    token = lti_hub.hub.token(name, scopes=[access_scope()])
    monkeypatch.setenv("KIT_CONTENT", str(root))
    monkeypatch.setenv("KIT_LEARNER", name)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", token)
    monkeypatch.setenv("KIT_XAPI_RELAY", lti_hub.hub.exchange_url + "api/xapi")
    monkeypatch.setenv("KIT_XAPI_HOMEPAGE", HOMEPAGE)
    for var in ("KIT_XAPI_ENDPOINT", "KIT_XAPI_USERNAME", "KIT_XAPI_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    # these tests send with `kit xapi send` alone, so its report is all there is to read
    monkeypatch.setattr(BACKGROUND, "kick", lambda store, config: None)
    return name


def test_statements_go_through_the_exchange_without_lrs_credentials(
    lti_hub: LtiHub, learner: str
) -> None:
    assert "KIT_XAPI_PASSWORD" not in os.environ
    kit.record("m01.pick-one", "b")
    kit.record("m01.think", {"when": "one secret-walnut moment last week",
                             "what": "I asked what was going on first"})  # fmt: skip
    sent = CliRunner().invoke(main, ["xapi", "send"])
    assert sent.exit_code == 0, sent.output
    ours = [s for s in lti_hub.lrs.statements() if s["actor"]["account"]["name"] == learner]
    assert len(ours) == 2 and all(s["authority"]["account"]["name"] == USER for s in ours)
    assert "secret-walnut" not in str(ours)


def test_the_relay_refuses_statements_about_someone_else(
    lti_hub: LtiHub, learner: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit.record("m01.pick-one", "a")
    monkeypatch.setenv("KIT_LEARNER", "lti-ana-7f3a")  # the kit believes it is someone else
    kit.record("m01.pick-one", "c")
    sent = CliRunner().invoke(main, ["xapi", "send"])
    assert sent.exit_code == 1
    assert sent.output.strip() == (
        "1 statement(s) sent to the learning record store, 1 refused by it (kept in your store)"
    )
    names = [s["actor"]["account"]["name"] for s in lti_hub.lrs.statements()]
    assert learner in names and "lti-ana-7f3a" not in names
    refused = kit.api.open_store()._read("SELECT learner, last_error FROM outbox WHERE refused = 1")
    assert refused == [("lti-ana-7f3a", "the LRS refused it (422)")]
