"""Run a real local JupyterHub with the kit's exchange service, for the tests and benchmarks.

The hub listens on loopback ports chosen at run time, keeps its database, cookie secret and
the service's folder under one base folder, and uses `configurable-http-proxy` from npm,
installed by `tests.prepare` when it is not on PATH. An admin
service token (`Hub.admin`) lets the caller create users, groups and tokens.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..prepare import Missing, npm_bin

START_S = 90
TRAINERS = "trainers"


class Unavailable(Exception):
    """Something the hub needs cannot be had here; the message says what and how to fix it."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_proxy() -> str:
    """The `configurable-http-proxy` command: on PATH, or installed by `tests.prepare`."""
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    try:
        return str(npm_bin("configurable-http-proxy"))
    except Missing as exc:
        raise Unavailable(str(exc)) from None


@dataclass
class Hub:
    """A running hub: its public URL (the proxy), the exchange's URL and an admin token."""

    url: str
    exchange_url: str
    admin: str
    base: Path
    process: subprocess.Popen[bytes]
    log: Path
    users: list[str] = field(default_factory=list)

    def api(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        """Call the hub's REST API (as the admin service unless `token` is given)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}/hub/api/{path.lstrip('/')}",
            data=data,
            method=method,
            headers={"Authorization": f"token {token or self.admin}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def add_users(self, *names: str) -> None:
        self.api("POST", "users", {"usernames": list(names)})
        self.users += names

    def add_to_group(self, group: str, *names: str) -> None:
        try:
            self.api("POST", f"groups/{group}", {})
        except urllib.error.HTTPError as exc:
            if exc.code != 409:  # it exists already
                raise
        self.api("POST", f"groups/{group}/users", {"users": list(names)})

    def token(
        self, user: str, *, expires_in: int | None = None, scopes: list[str] | None = None
    ) -> str:
        """A new API token of `user` (by default with all of the user's permissions)."""
        body: dict[str, Any] = {"note": "kit tests"}
        if expires_in is not None:
            body["expires_in"] = expires_in
        if scopes is not None:
            body["scopes"] = scopes
        return str(self.api("POST", f"users/{user}/tokens", body)["token"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def hub_config(base: Path, ports: dict[str, int], admin: str, extra: str = "") -> str:
    """A jupyterhub_config.py: loopback only, state under `base`, the exchange service added
    with `kit.hub.hubconfig.add_exchange` (as docs/jupyterhub.md shows), plus `extra`."""
    return f"""
from kit.hub.hubconfig import add_exchange

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports["public"]}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports["hub"]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports["proxy_api"]}"
c.ConfigurableHTTPProxy.command = [{ensure_proxy()!r}]
c.ConfigurableHTTPProxy.pid_file = {str(base / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{base / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(base / "cookie_secret")!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.services = [{{"name": "test-admin", "api_token": {admin!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "test-admin", "services": ["test-admin"],
      "scopes": ["admin:users", "admin:groups", "tokens", "admin:servers", "access:servers",
                 "read:services"]}},
]
add_exchange(c, data={str(base / "exchange")!r}, trainers=[{TRAINERS!r}],
             port={ports["service"]}, command=[{sys.executable!r}, "-m", "kit.hub"])
{extra}
"""


def start_hub(base: Path, extra: str = "", env: dict[str, str] | None = None) -> Hub:
    """Start a hub in `base` and wait until it and its exchange service answer."""
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o700)  # the config holds the admin token
    ports = {k: free_port() for k in ("public", "hub", "proxy_api", "service")}
    admin = secrets.token_hex(24)
    config = base / "jupyterhub_config.py"
    config.write_text(hub_config(base, ports, admin, extra))
    log = base / "jupyterhub.log"
    run_env = {**os.environ, **(env or {})}
    run_env.pop("JUPYTERHUB_API_TOKEN", None)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=base,
            env=run_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{ports['public']}"
    hub = Hub(
        url,
        f"http://127.0.0.1:{ports['service']}/services/kit-exchange/",
        admin,
        base,
        process,
        log,
    )
    try:
        wait_for(hub, f"{url}/hub/api/", 200)
        wait_for(hub, hub.exchange_url + "api/me", 401)
    except BaseException:
        hub.stop()
        raise
    return hub


def wait_for(hub: Hub, url: str, status: int) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise RuntimeError(f"jupyterhub exited:\n{hub.log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                code = response.status
        except urllib.error.HTTPError as exc:
            code = exc.code
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            code = 0
        if code == status:
            return
        time.sleep(0.2)
    raise RuntimeError(
        f"{url} did not answer {status} in {START_S}s:\n{hub.log.read_text()[-4000:]}"
    )
