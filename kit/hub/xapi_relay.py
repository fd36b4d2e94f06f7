"""The exchange service's xAPI relay: learners' statements to the LRS, with credentials only
the service holds.

A learner's server posts its statements with its own hub token to `api/xapi/statements`; the
service checks the token with the hub (as for hand-ins: identity before the body), checks that
every statement is about that hub user (the actor's account name, under the configured
homePage; otherwise 422, so the learner's kit keeps that statement aside and sends the rest), and forwards the batch to the LRS with its own credentials. So learners never hold
the LRS's credentials and nobody can send statements about anyone else.

Settings come from the service's environment (set by `kit.interop.xapi.hubconfig.add_xapi`):
`KIT_XAPI_LRS` (the LRS's xAPI base URL), `KIT_XAPI_LRS_USERNAME`, `KIT_XAPI_LRS_PASSWORD`,
`KIT_XAPI_HOMEPAGE`. Without `KIT_XAPI_LRS` the relay is not mounted.
"""

from __future__ import annotations

import json
import os
from base64 import b64encode
from dataclasses import dataclass
from typing import Any

from tornado.httpclient import AsyncHTTPClient

MAX_BODY = 2_000_000
MAX_STATEMENTS = 500
TIMEOUT_S = 20.0


@dataclass(frozen=True)
class Relay:
    lrs: str  # …/xAPI/
    auth: str  # the Authorization header for the LRS
    homepage: str


def relay_from_env() -> Relay | None:
    lrs = os.environ.get("KIT_XAPI_LRS", "").strip()
    if not lrs:
        return None
    user = os.environ.get("KIT_XAPI_LRS_USERNAME", "")
    password = os.environ.get("KIT_XAPI_LRS_PASSWORD", "")
    token = b64encode(f"{user}:{password}".encode()).decode()
    homepage = os.environ.get("KIT_XAPI_HOMEPAGE", "").strip()
    return Relay(lrs.rstrip("/") + "/", f"Basic {token}", homepage)


class StatementsRelay:
    """`POST` a batch of the caller's own statements; the LRS's answer comes back.

    Mixed into the service's own request handler (`relay_routes`), which has checked the
    caller's hub token (`self.user`) before this reads the body.
    """

    relay: Relay
    refusal: type[Exception]  # the service's Refusal(status, message)
    user: str
    request: Any

    def initialize(self, state: Any, relay: Relay) -> None:
        super().initialize(state)  # type: ignore[misc]
        self.relay = relay

    def reply(self, status: int, data: dict[str, Any]) -> None:
        super().reply(status, data)  # type: ignore[misc]

    async def post(self) -> None:
        body = self.request.body
        if len(body) > MAX_BODY:
            raise self.refusal(413, f"the batch is {len(body)} bytes; the limit is {MAX_BODY}")
        try:
            statements = json.loads(body)
        except ValueError:
            raise self.refusal(400, "the batch is not JSON") from None
        if not isinstance(statements, list) or not 0 < len(statements) <= MAX_STATEMENTS:
            raise self.refusal(400, f"send a list of 1 to {MAX_STATEMENTS} statements")
        for statement in statements:
            self._check(statement)
        headers = {
            "Authorization": self.relay.auth,
            "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
        }
        try:
            response = await AsyncHTTPClient().fetch(
                self.relay.lrs + "statements", method="POST", body=body, headers=headers,
                request_timeout=TIMEOUT_S, raise_error=False,
            )  # fmt: skip
        except OSError as exc:
            raise self.refusal(502, f"the learning record store is not answering ({exc})") from None
        if response.code >= 500 or response.code in (401, 403, 599):
            raise self.refusal(502, f"the learning record store answered {response.code}")
        if response.code >= 300:
            raise self.refusal(
                400, f"the learning record store refused the batch ({response.code})"
            )
        self.reply(200, {"sent": len(statements)})

    def _check(self, statement: Any) -> None:
        account = (
            statement.get("actor", {}).get("account", {}) if isinstance(statement, dict) else {}
        )
        if not isinstance(account, dict) or account.get("name") != self.user:
            raise self.refusal(422, f"statements sent as {self.user!r} must be about {self.user!r}")
        if self.relay.homepage and account.get("homePage") != self.relay.homepage:
            raise self.refusal(422, f"the actor's homePage must be {self.relay.homepage}")


def relay_routes(prefix: str, state: Any, base: type[Any], refusal: type[Exception]) -> list[Any]:
    """The relay's route under the service's prefix, if an LRS is configured: a handler made
    of the service's `base` handler (which checks the hub token) and `StatementsRelay`."""
    relay = relay_from_env()
    if relay is None:
        return []
    handler = type("StatementsRelayHandler", (StatementsRelay, base), {"refusal": refusal})
    return [(prefix + "api/xapi/statements", handler, {"state": state, "relay": relay})]
