"""Add the exchange service to a JupyterHub configuration, in one call from jupyterhub_config.py.

    from kit.hub.hubconfig import add_exchange
    add_exchange(c, data="/srv/kit-exchange", trainers=["trainers"])

It registers the service (the hub starts it), lets every user's server token call it
(`access:services!service=kit-exchange`, in the user role and the server token's scopes),
lets the service ask the hub who is in a group (`read:groups`), and tells every server where
the service is (`KIT_EXCHANGE_URL`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

NAME = "kit-exchange"
PORT = 10101
# The scopes JupyterHub gives a server token by default (the `server` role), and ours.
SERVER_SCOPES = ["users:activity!user", "access:servers!server"]


def access_scope(name: str = NAME) -> str:
    return f"access:services!service={name}"


def add_exchange(
    c: Any,
    *,
    data: str | Path,
    trainers: list[str] | tuple[str, ...] = ("trainers",),
    name: str = NAME,
    host: str = "127.0.0.1",
    port: int = PORT,
    command: list[str] | None = None,
    public_url: str | None = None,
) -> None:
    """Configure the hub config object `c` to run the exchange service.

    `data` is the service's folder (made 0700); `trainers` the hub groups whose members may
    collect; `host`/`port` where the service listens; `command` the Python that runs it
    (default: this one); `public_url` where servers reach it (default: http://host:port).
    """
    prefix = f"/services/{name}/"
    run = command or [sys.executable, "-m", "kit.hub"]
    c.JupyterHub.services = [
        *_list(c.JupyterHub, "services"),
        {
            "name": name,
            "url": f"http://{host}:{port}",
            "command": [*run, "--data", str(data), "--trainers", ",".join(trainers)],
            "display": False,
        },
    ]
    c.JupyterHub.load_roles = [
        *_list(c.JupyterHub, "load_roles"),
        {"name": "user", "scopes": ["self", access_scope(name)]},
        {"name": name, "scopes": ["read:groups"], "services": [name]},
    ]
    c.Spawner.server_token_scopes = [
        *(_list(c.Spawner, "server_token_scopes") or SERVER_SCOPES),
        access_scope(name),
    ]
    env = dict(c.Spawner.get("environment") or {})
    env.setdefault("KIT_EXCHANGE_URL", (public_url or f"http://{host}:{port}").rstrip("/") + prefix)
    c.Spawner.environment = env


def _list(section: Any, key: str) -> list[Any]:
    """A list already set in a config section (a traitlets Config, a dict), else []."""
    value = section.get(key)
    return list(value) if isinstance(value, (list, tuple)) else []
