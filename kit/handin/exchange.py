"""The client of the hub exchange service: `kit submit` hands in through it, and
`kit cohort collect --hub` (`kit.cohort.sources`) collects through it.

A learner's or trainer's server on the hub has its own hub token (`JUPYTERHUB_API_TOKEN`);
the hub admin sets `KIT_EXCHANGE_URL` for every server (see docs/jupyterhub.md). The service
asks the hub whose token it is, so nobody can hand in as someone else. Standard library only:
a learner's server needs nothing beyond the kit.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from kit.errors import KitError
from kit.handin.submission import MAX_BYTES

URL_ENV = "KIT_EXCHANGE_URL"
TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
TIMEOUT_S = 30.0
SAFE = "Nothing already handed in is lost, and your answers stay in your own store."


class ExchangeError(KitError):
    """The exchange service refused a request or could not be reached; one line, for people."""


@dataclass(frozen=True)
class Exchange:
    """The exchange service at `url`, called with the hub token `token`."""

    url: str
    token: str
    timeout: float = TIMEOUT_S

    def hand_in(self, body: bytes) -> dict[str, Any]:
        """Hand in one submission (its JSON bytes); the service's receipt."""
        if len(body) > MAX_BYTES:
            raise ExchangeError(
                f"this hand-in is {len(body)} bytes, over the limit of {MAX_BYTES}; tell your"
                f" trainer. {SAFE}"
            )
        return self._json("POST", "api/handins", body)

    def me(self) -> dict[str, Any]:
        """Who the service takes the caller to be."""
        return self._json("GET", "api/me")

    def handins(self, group: str) -> list[dict[str, Any]]:
        """Every hand-in (id, learner, sha256, size, received_at), as a trainer in `group`."""
        data = self._json("GET", "api/handins?" + urllib.parse.urlencode({"group": group}))
        return list(data["handins"])

    def fetch(self, handin_id: int, group: str) -> bytes:
        """The bytes of one hand-in, as a trainer in `group`."""
        query = urllib.parse.urlencode({"group": group})
        return self._request("GET", f"api/handins/{int(handin_id)}?{query}")

    def fetch_many(self, ids: list[int], group: str) -> dict[int, bytes]:
        """The bytes of several hand-ins in one request, as a trainer in `group`."""
        query = urllib.parse.urlencode({"group": group, "ids": ",".join(map(str, ids))})
        data = self._json("GET", f"api/handins/bodies?{query}")
        return {int(i): str(body).encode() for i, body in data["bodies"].items()}

    # --- plumbing -------------------------------------------------------------------------

    def _json(self, method: str, path: str, body: bytes | None = None) -> dict[str, Any]:
        raw = self._request(method, path, body)
        try:
            data = json.loads(raw)
        except ValueError:
            raise ExchangeError(
                f"the exchange at {self.url} sent a reply that is not JSON"
            ) from None
        if not isinstance(data, dict):
            raise ExchangeError(f"the exchange at {self.url} sent an unexpected reply")
        return data

    def _request(self, method: str, path: str, body: bytes | None = None) -> bytes:
        url = self.url.rstrip("/") + "/" + path
        headers = {"Authorization": f"token {self.token}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as exc:
            raise ExchangeError(explain(exc.code, _reason(exc))) from None
        except (urllib.error.URLError, OSError) as exc:
            why = getattr(exc, "reason", exc)
            raise ExchangeError(
                f"the hand-in service at {self.url} is not answering ({why}); try again in a"
                f" minute, or tell your trainer. {SAFE}"
            ) from None


def _reason(exc: urllib.error.HTTPError) -> str:
    try:
        data = json.loads(exc.read(10_000) or b"{}")
    except (ValueError, OSError):
        return ""
    error = data.get("error") if isinstance(data, dict) else None
    return str(error)[:300] if error else ""


def explain(status: int, reason: str) -> str:
    """One line for a refusal by the service (or by the hub's proxy in front of it)."""
    if status == 401:
        return (
            "the hub did not say who you are (no hub token reached the service); run this on"
            f" your hub server, or restart it from the hub's home page. {SAFE}"
        )
    if status == 403 and not reason:
        reason = "your hub token was not accepted (expired or revoked)"
    if status == 403 and "token" in reason:
        return f"{reason}: restart your server from the hub's home page, then try again. {SAFE}"
    if status == 413:
        return f"the service refused it: {reason or 'too large'}. {SAFE}"
    if status >= 500:
        return f"the hand-in service failed ({status}); tell your trainer. {SAFE}"
    return f"the service refused it: {reason or f'HTTP {status}'}"


def exchange_from_env() -> Exchange | None:
    """The exchange this server is set up for (`KIT_EXCHANGE_URL` and the hub token), or None."""
    url = os.environ.get(URL_ENV, "").strip()
    if not url:
        return None
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise ExchangeError(
            f"{URL_ENV} is set but there is no hub token ({TOKEN_ENV}); hand in from your"
            " server on the hub"
        )
    return Exchange(url, token)
