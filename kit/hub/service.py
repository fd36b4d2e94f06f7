"""The exchange service: a JupyterHub service that takes learners' hand-ins and gives them to
trainers.

The hub starts it (`c.JupyterHub.services`, see docs/jupyterhub.md) and it asks the hub,
through `jupyterhub.services.auth.HubAuth`, whose token each request carries:

- `POST api/handins`: a learner hands in one submission; it is kept under the hub user who
  sent it, and refused if it names anyone else.
- `GET api/handins?group=G`, `GET api/handins/<id>?group=G` and
  `GET api/handins/bodies?group=G&ids=1,2`: the list and the bytes of every hand-in, for
  members of `G`, one of the service's trainers' groups (the hub says who is in it).
- `GET api/me`: who the service takes the caller to be.

Learners can read nothing back. Hand-ins live in the service's own folder (0700), so no
shared file system is needed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

from jupyterhub.services.auth import HubAuth
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from tornado.web import Application, HTTPError, RequestHandler

from kit.handin.submission import MAX_BYTES, Refused, parse_submission, short
from kit.hub.storage import HandinStore

GROUPS_TTL_S = 15.0  # how long a group's members are trusted before asking the hub again
TOKEN_CACHE_S = 30  # how long the hub's answer about a token is trusted
MAX_IDS = 200  # hand-ins per request for their bytes


class Refusal(HTTPError):
    """A request the service refuses, with a one-line reason for the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, log_message=message)
        self.message = message


@dataclass
class State:
    """What every request handler shares: the hub client, the store and the settings."""

    auth: HubAuth
    store: HandinStore
    trainer_groups: frozenset[str]
    max_bytes: int
    _groups: dict[str, tuple[float, frozenset[str]]] = field(default_factory=dict)

    async def members(self, group: str) -> frozenset[str]:
        """The hub users in `group`, asked of the hub with the service's own token."""
        cached = self._groups.get(group)
        if cached and time.monotonic() - cached[0] < GROUPS_TTL_S:
            return cached[1]
        url = f"{self.auth.api_url.rstrip('/')}/groups/{quote(group, safe='')}"
        headers = {"Authorization": f"token {self.auth.api_token}"}
        try:
            response = await AsyncHTTPClient().fetch(url, headers=headers)
        except HTTPClientError as exc:
            if exc.code == 404:
                raise Refusal(403, f"the hub has no group {group!r}") from None
            raise Refusal(502, f"the hub did not say who is in {group!r} ({exc.code})") from None
        users = frozenset(json.loads(response.body).get("users", []))
        self._groups[group] = (time.monotonic(), users)
        return users


class Base(RequestHandler):
    """JSON in, JSON out, and the caller identified by the hub from their token."""

    state: State
    user: str

    def initialize(self, state: State) -> None:
        self.state = state

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    def check_xsrf_cookie(self) -> None:
        """Requests carry a token, never cookies: there is nothing to forge across sites."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        error = kwargs.get("exc_info", (None, None))[1]
        message = error.message if isinstance(error, Refusal) else self._reason
        self.finish(json.dumps({"error": message}))

    async def prepare(self) -> None:
        auth = self.state.auth
        token = auth.get_token(self, in_cookie=False)
        if not token:
            raise Refusal(401, "no hub token in the request")
        model = await auth.user_for_token(token, sync=False)
        if not model:
            raise Refusal(403, "your hub token was not accepted (expired or revoked)")
        if model.get("kind", "user") != "user":
            raise Refusal(403, "only hub users hand in or collect, not services")
        if not auth.check_scopes(auth.access_scopes, model):
            needed = max(auth.access_scopes, key=len)  # the scope naming this service
            raise Refusal(403, f"your hub token does not allow this service (needs {needed})")
        self.user = str(model["name"])

    async def trainer(self) -> str:
        """The trainers' group named in `?group=`, once the hub says the caller is in it."""
        group = self.get_query_argument("group", "")
        if group not in self.state.trainer_groups:
            raise Refusal(403, f"{short(group)!r} is not a trainers' group of this service")
        if self.user not in await self.state.members(group):
            raise Refusal(403, f"{self.user} is not in the hub group {group!r} of trainers")
        return group

    def reply(self, status: int, data: dict[str, Any]) -> None:
        self.set_status(status)
        self.finish(json.dumps(data))


class HandinsHandler(Base):
    """`POST` a hand-in (any user, as themselves); `GET` the list (trainers)."""

    async def post(self) -> None:
        body = self.request.body
        limit = self.state.max_bytes
        if len(body) > limit:
            raise Refusal(413, f"the hand-in is {len(body)} bytes; the limit is {limit}")
        try:
            submission = parse_submission(body)
        except Refused as exc:
            raise Refusal(400, f"not a valid hand-in: {exc}") from None
        if submission.learner != self.user:
            raise Refusal(
                403,
                f"you are signed in to the hub as {self.user!r}; a hand-in naming"
                f" {short(submission.learner)!r} is not accepted",
            )
        stored = self.state.store.add(self.user, body)
        data = {**stored.to_json(), "attempts": len(submission.attempts)}
        self.reply(200 if stored.duplicate else 201, data)

    async def get(self) -> None:
        await self.trainer()
        self.reply(200, {"handins": [s.to_json() for s in self.state.store.list()]})


class HandinHandler(Base):
    """`GET` the exact bytes of one hand-in (trainers)."""

    async def get(self, handin_id: str) -> None:
        await self.trainer()
        body = self.state.store.body(int(handin_id))
        if body is None:
            raise Refusal(404, f"no hand-in {handin_id}")
        self.finish(body)


class BodiesHandler(Base):
    """`GET` the bytes of up to MAX_IDS hand-ins at once, as text (trainers)."""

    async def get(self) -> None:
        await self.trainer()
        raw = self.get_query_argument("ids", "")
        try:
            ids = [int(i) for i in raw.split(",") if i]
        except ValueError:
            raise Refusal(400, "ids must be hand-in numbers separated by commas") from None
        if len(ids) > MAX_IDS:
            raise Refusal(400, f"at most {MAX_IDS} hand-ins at once")
        bodies = {}
        for handin_id in ids:
            body = self.state.store.body(handin_id)
            if body is not None:  # kept only after it read as a UTF-8 submission
                bodies[str(handin_id)] = body.decode()
        self.reply(200, {"bodies": bodies})


class MeHandler(Base):
    """`GET` who the caller is, and which trainers' groups they are in."""

    async def get(self) -> None:
        groups = [g for g in sorted(self.state.trainer_groups) if self.user in await self._in(g)]
        self.reply(200, {"name": self.user, "trainer_of": groups})

    async def _in(self, group: str) -> frozenset[str]:
        try:
            return await self.state.members(group)
        except Refusal:
            return frozenset()


def make_app(state: State, prefix: str) -> Application:
    """The service's routes under `prefix` (e.g. /services/kit-exchange/)."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    routes: list[Any] = [
        (prefix + "api/handins", HandinsHandler, {"state": state}),
        (prefix + r"api/handins/(\d{1,18})", HandinHandler, {"state": state}),
        (prefix + "api/handins/bodies", BodiesHandler, {"state": state}),
        (prefix + "api/me", MeHandler, {"state": state}),
    ]
    from kit.hub.xapi_relay import relay_routes  # learners' xAPI statements, if an LRS is set

    routes += relay_routes(prefix, state, Base, Refusal)
    return Application(routes, max_body_size=max(4 * state.max_bytes, 1 << 20))


def bind_address(host: str | None) -> str:
    """Where to listen: a loopback host as given; any other name (such as a Kubernetes
    service's) on every address of this machine or pod."""
    return host if host in ("127.0.0.1", "localhost", "::1") else ""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kit-exchange", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("KIT_EXCHANGE_DATA", "kit-exchange")),
        help="folder for the hand-ins (made 0700; default $KIT_EXCHANGE_DATA or ./kit-exchange)",
    )
    parser.add_argument(
        "--trainers",
        default=os.environ.get("KIT_TRAINER_GROUPS", "trainers"),
        help="comma-separated hub groups whose members may collect (default: trainers)",
    )
    parser.add_argument("--max-bytes", type=int, default=MAX_BYTES, help="largest hand-in")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Run the service where the hub says (`JUPYTERHUB_SERVICE_URL`) until it is stopped."""
    auth = HubAuth(cache_max_age=TOKEN_CACHE_S)
    groups = frozenset(g.strip() for g in args.trainers.split(",") if g.strip())
    state = State(auth, HandinStore(args.data), groups, args.max_bytes)
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    app = make_app(state, os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/"))
    app.listen(url.port or 80, bind_address(url.hostname), xheaders=True)
    await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    """`kit-exchange` (or `python -m kit.hub`): the command the hub runs for the service."""
    os.umask(0o077)
    asyncio.run(serve(parse_args(argv)))
