"""Where statements go, as the trainer (or the hub admin) sets it in the environment.

- `KIT_XAPI_ENDPOINT`: the LRS's xAPI base URL (ending in `/xAPI/` or similar), with
  `KIT_XAPI_USERNAME` and `KIT_XAPI_PASSWORD` (HTTP basic) for one machine or a trainer's
  own set-up.
- `KIT_XAPI_RELAY`: on a hub, the exchange service's xAPI address (set for every server by
  `kit.interop.xapi.hubconfig.add_xapi`); statements go there with the server's hub token and
  the service forwards them with credentials learners never see.
- `KIT_XAPI_HOMEPAGE`: the system learners' names belong to (the actor's account homePage;
  default: the endpoint's origin). `KIT_XAPI_ACTIVITIES`: the IRI the course's activity ids
  start with (default: homePage + `/leadership-course`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from kit.errors import KitError


class XapiError(KitError):
    """The xAPI settings are wrong, or the LRS (or relay) refused or did not answer."""


@dataclass(frozen=True)
class XapiConfig:
    """Where and how statements are sent, and how learners and activities are named."""

    url: str  # the statements resource: {endpoint}statements or {relay}statements
    relay: bool
    auth: tuple[str, str] | None  # basic auth for an LRS
    token: str | None  # the hub token, through the relay
    homepage: str
    activities: str


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def xapi_config() -> XapiConfig | None:
    """The settings from the environment, or None when statements are not wanted."""
    relay = os.environ.get("KIT_XAPI_RELAY", "").strip()
    endpoint = os.environ.get("KIT_XAPI_ENDPOINT", "").strip()
    if not relay and not endpoint:
        return None
    base = relay or endpoint
    if urlsplit(base).scheme not in ("http", "https"):
        which = "KIT_XAPI_RELAY" if relay else "KIT_XAPI_ENDPOINT"
        raise XapiError(f"{which} must be an http(s) URL, not {base!r}")
    homepage = os.environ.get("KIT_XAPI_HOMEPAGE", "").strip() or _origin(base)
    activities = (
        os.environ.get("KIT_XAPI_ACTIVITIES", "").strip()
        or homepage.rstrip("/") + "/leadership-course"
    )
    url = base.rstrip("/") + "/statements"
    if relay:
        token = os.environ.get("JUPYTERHUB_API_TOKEN", "").strip()
        if not token:
            raise XapiError("KIT_XAPI_RELAY is set but this server has no hub token")
        return XapiConfig(url, True, None, token, homepage, activities.rstrip("/"))
    user = os.environ.get("KIT_XAPI_USERNAME", "")
    password = os.environ.get("KIT_XAPI_PASSWORD", "")
    auth = (user, password) if user else None
    return XapiConfig(url, False, auth, None, homepage, activities.rstrip("/"))
