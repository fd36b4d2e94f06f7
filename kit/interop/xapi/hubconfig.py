"""Send learners' xAPI statements through the hub's exchange service, from jupyterhub_config.py:

    from kit.hub.hubconfig import add_exchange
    from kit.interop.xapi.hubconfig import add_xapi

    add_exchange(c, data="/srv/kit-exchange")
    add_xapi(c, lrs="https://lrs.example.org/xAPI/", username="kit", password=LRS_SECRET,
             homepage="https://hub.example.org")

The LRS's credentials go into the exchange service's environment only; every learner's server
gets the relay's address (`KIT_XAPI_RELAY`) and the homePage their names belong to.
"""

from __future__ import annotations

from typing import Any

from kit.hub.hubconfig import NAME


def add_xapi(
    c: Any, *, lrs: str, username: str, password: str, homepage: str, name: str = NAME
) -> None:
    """Configure `c` (after `add_exchange`) to relay statements to the LRS at `lrs`."""
    services = [dict(s) for s in c.JupyterHub.services]
    found = [s for s in services if s.get("name") == name]
    if not found:
        raise ValueError(f"call add_exchange(c, ...) before add_xapi: no service {name!r}")
    found[0]["environment"] = {
        **found[0].get("environment", {}),
        "KIT_XAPI_LRS": lrs,
        "KIT_XAPI_LRS_USERNAME": username,
        "KIT_XAPI_LRS_PASSWORD": password,
        "KIT_XAPI_HOMEPAGE": homepage,
    }
    c.JupyterHub.services = services
    env = dict(c.Spawner.get("environment") or {})
    exchange = str(env.get("KIT_EXCHANGE_URL", "")).rstrip("/") + "/"
    env["KIT_XAPI_RELAY"] = exchange + "api/xapi"
    env["KIT_XAPI_HOMEPAGE"] = homepage
    c.Spawner.environment = env
