"""An LTI 1.3 / Advantage platform simulator on loopback, for the tests and the benchmark.

It plays the LMS: it signs launches (OIDC third-party login, an id_token posted back to the
tool), hands out access tokens by the client-credentials grant only for a JWT the tool signed
with a key from the tool's published JWKS, and serves a course's members (NRPS), line items,
results and scores (AGS), checking every score against the AGS score format and the token's
scopes. It counts requests, and counts a score posted twice for the same user and line item
with the same value as a duplicate.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import secrets
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, HTTPError, RequestHandler

AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCOPES = {AGS + "lineitem", AGS + "lineitem.readonly", AGS + "result.readonly", AGS + "score", NRPS}
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ACTIVITY = {"Initialized", "Started", "InProgress", "Submitted", "Completed"}
GRADING = {"FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"}
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d)$")
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
PAGE = 100


@dataclass
class Course:
    """One LMS course (context): members, line items, and every score posted."""

    id: str
    label: str
    title: str
    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # user_id -> member
    lineitems: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> line item
    scores: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)

    def add_member(self, user_id: str, role: str = "Learner", **fields: Any) -> None:
        roles = [f"http://purl.imsglobal.org/vocab/lis/v2/membership#{role}"]
        self.members[user_id] = {"user_id": user_id, "status": "Active", "roles": roles, **fields}

    def latest(self, lineitem: str, user: str) -> dict[str, Any] | None:
        posted = self.scores.get((lineitem, user))
        return posted[-1] if posted else None


@dataclass
class Platform:
    """The simulator's state; `url` is set once it listens."""

    client_id: str = "kit-tool"
    deployment_id: str = "deployment-1"
    tool_jwks_url: str = ""
    url: str = ""
    courses: dict[str, Course] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    refuse_users: set[str] = field(default_factory=set)  # scores for them are refused (400)
    tokens: dict[str, tuple[set[str], float]] = field(default_factory=dict)
    used_jti: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)  # what the platform refused, and why
    launches: dict[str, dict[str, Any]] = field(default_factory=dict)  # login_hint -> claims
    key: Any = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def issuer(self) -> str:
        return self.url

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"

    def lineitems_url(self, course: str) -> str:
        return f"{self.url}/courses/{course}/lineitems"

    def memberships_url(self, course: str) -> str:
        return f"{self.url}/courses/{course}/memberships"

    def add_course(self, course_id: str, label: str = "", title: str = "") -> Course:
        course = Course(course_id, label or course_id, title or course_id)
        self.courses[course_id] = course
        return course

    @property
    def score_posts(self) -> int:
        return sum(len(v) for c in self.courses.values() for v in c.scores.values())

    # --- launches ---------------------------------------------------------------------------

    def id_token(self, claims: dict[str, Any], nonce: str, *, key: Any = None) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            CLAIM + "deployment_id": self.deployment_id,
            CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "version": "1.3.0",
            **claims,
        }
        signer = key or self.key
        return jwt.encode(payload, signer, algorithm="RS256", headers={"kid": "platform-1"})

    def launch_claims(self, course_id: str, user_id: str, *, role: str = "Learner",
                      custom: dict[str, str] | None = None, **person: Any) -> dict[str, Any]:  # fmt: skip
        course = self.courses[course_id]
        return {
            "sub": user_id,
            CLAIM + "roles": [f"http://purl.imsglobal.org/vocab/lis/v2/membership#{role}"],
            CLAIM + "resource_link": {"id": f"link-{course_id}", "title": "Leadership course"},
            CLAIM + "context": {"id": course.id, "label": course.label, "title": course.title},
            CLAIM + "target_link_uri": "",
            CLAIM + "custom": custom or {},
            "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": {
                "scope": sorted(SCOPES - {NRPS}),
                "lineitems": self.lineitems_url(course_id),
            },
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": self.memberships_url(course_id),
                "service_versions": ["2.0"],
            },
            **person,
        }


class Base(RequestHandler):
    platform: Platform

    def initialize(self, platform: Platform) -> None:
        self.platform = platform

    def check_xsrf_cookie(self) -> None:
        pass

    def prepare(self) -> None:
        with self.platform.lock:
            self.platform.requests[type(self).__name__] += 1

    def refuse(self, status: int, message: str) -> NoReturn:
        with self.platform.lock:
            self.platform.problems.append(message)
        raise Refused(status, message)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None))[1]
        message = exc.message if isinstance(exc, Refused) else self._reason
        kind = "invalid_client" if status_code == 401 else "invalid_request"
        self.finish({"error": kind, "error_description": message})

    def scoped(self, *allowed: str) -> None:
        header = self.request.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ").strip()
        granted = self.platform.tokens.get(token)
        if not header.startswith("Bearer ") or granted is None:
            self.refuse(401, "no valid access token")
        assert granted is not None
        scopes, expires = granted
        if time.time() > expires:
            self.refuse(401, "access token expired")
        if not scopes & {AGS + a if "/" not in a else a for a in allowed}:
            self.refuse(403, f"token lacks scope {allowed}")

    def course(self, course_id: str) -> Course:
        course = self.platform.courses.get(course_id)
        if course is None:
            self.refuse(404, f"no course {course_id}")
        assert course is not None
        return course

    def body(self, media_type: str) -> Any:
        if self.request.headers.get("Content-Type", "").split(";")[0] != media_type:
            self.refuse(415, f"expected Content-Type {media_type}")
        try:
            return json.loads(self.request.body)
        except ValueError:
            self.refuse(400, "body is not JSON")

    def page(self, items: list[Any], container: str) -> None:
        limit = int(self.get_query_argument("limit", str(PAGE)))
        offset = int(self.get_query_argument("offset", "0"))
        chunk = items[offset : offset + limit]
        if offset + limit < len(items):
            base = f"{self.platform.url}{self.request.path}"
            link = f"{base}?{urlencode({'limit': limit, 'offset': offset + limit})}"
            self.set_header("Link", f'<{link}>; rel="next"')
        self.set_header("Content-Type", container)
        self.finish(json.dumps(chunk))


class Refused(HTTPError):
    """A request the platform refuses, with its reason for the tool."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, log_message=message.replace("%", "%%"))
        self.message = message


class Jwks(Base):
    def get(self) -> None:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.platform.key.public_key()))
        self.finish({"keys": [{**jwk, "kid": "platform-1", "use": "sig", "alg": "RS256"}]})


class Token(Base):
    """The client-credentials grant, with the tool's JWT checked against the tool's JWKS."""

    def post(self) -> None:
        p = self.platform
        form = {k: self.get_body_argument(k, "") for k in
                ("grant_type", "client_assertion_type", "client_assertion", "scope")}  # fmt: skip
        if form["grant_type"] != "client_credentials":
            self.refuse(400, "grant_type must be client_credentials")
        if form["client_assertion_type"] != ASSERTION_TYPE:
            self.refuse(400, "client_assertion_type must be jwt-bearer")
        try:
            signing = jwt.PyJWKClient(p.tool_jwks_url).get_signing_key_from_jwt(
                form["client_assertion"]
            )
            claims = jwt.decode(form["client_assertion"], signing.key, algorithms=["RS256"],
                                audience=p.token_url, options={"require": ["iss", "sub", "aud",
                                "iat", "exp", "jti"]})  # fmt: skip
        except jwt.PyJWTError as exc:
            self.refuse(401, f"the client assertion was not accepted: {exc}")
        if claims["iss"] != p.client_id or claims["sub"] != p.client_id:
            self.refuse(401, "iss and sub must be the client id")
        with p.lock:
            if claims["jti"] in p.used_jti:
                self.refuse(400, "jti used before")
            p.used_jti.add(claims["jti"])
        asked = set(form["scope"].split())
        if not asked or asked - SCOPES:
            self.refuse(400, f"unknown scopes {sorted(asked - SCOPES)}")
        token = secrets.token_urlsafe(24)
        p.tokens[token] = (asked, time.time() + 3600)
        self.finish({"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                     "scope": " ".join(sorted(asked))})  # fmt: skip


class Memberships(Base):
    def get(self, course_id: str) -> None:
        self.scoped(NRPS)
        course = self.course(course_id)
        accept = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
        limit = int(self.get_query_argument("limit", str(PAGE)))
        offset = int(self.get_query_argument("offset", "0"))
        members = list(course.members.values())
        if offset + limit < len(members):
            link = f"{self.platform.url}{self.request.path}?limit={limit}&offset={offset + limit}"
            self.set_header("Link", f'<{link}>; rel="next"')
        self.set_header("Content-Type", accept)
        self.finish(json.dumps({
            "id": self.request.full_url(),
            "context": {"id": course.id, "label": course.label, "title": course.title},
            "members": members[offset : offset + limit],
        }))  # fmt: skip


class LineItems(Base):
    def get(self, course_id: str) -> None:
        self.scoped("lineitem", "lineitem.readonly")
        course = self.course(course_id)
        self.page(
            list(course.lineitems.values()), "application/vnd.ims.lis.v2.lineitemcontainer+json"
        )

    def post(self, course_id: str) -> None:
        self.scoped("lineitem")
        course = self.course(course_id)
        body = self.body("application/vnd.ims.lis.v2.lineitem+json")
        maximum = body.get("scoreMaximum")
        if not isinstance(maximum, (int, float)) or maximum <= 0 or not body.get("label"):
            self.refuse(400, "a line item needs a label and scoreMaximum > 0")
        item_id = f"{self.platform.lineitems_url(course_id)}/{uuid.uuid4().hex[:12]}"
        course.lineitems[item_id] = {**body, "id": item_id}
        self.set_status(201)
        self.set_header("Content-Type", "application/vnd.ims.lis.v2.lineitem+json")
        self.finish(json.dumps(course.lineitems[item_id]))


class Results(Base):
    def get(self, course_id: str, item: str) -> None:
        self.scoped("result.readonly")
        course = self.course(course_id)
        item_id = f"{self.platform.lineitems_url(course_id)}/{item}"
        if item_id not in course.lineitems:
            self.refuse(404, f"no line item {item}")
        maximum = course.lineitems[item_id]["scoreMaximum"]
        results = []
        for (lineitem, user), posted in course.scores.items():
            if lineitem == item_id and "scoreGiven" in posted[-1]:
                score = posted[-1]
                results.append({
                    "id": f"{item_id}/results/{user}", "scoreOf": item_id, "userId": user,
                    "resultScore": score["scoreGiven"] / score["scoreMaximum"] * maximum,
                    "resultMaximum": maximum,
                })  # fmt: skip
        self.page(results, "application/vnd.ims.lis.v2.resultcontainer+json")


class Scores(Base):
    """A score, checked against the AGS score format before it is kept."""

    def post(self, course_id: str, item: str) -> None:
        self.scoped("score")
        course = self.course(course_id)
        item_id = f"{self.platform.lineitems_url(course_id)}/{item}"
        if item_id not in course.lineitems:
            self.refuse(404, f"no line item {item}")
        score = self.body("application/vnd.ims.lis.v1.score+json")
        problem = score_problem(score, course)
        if problem:
            self.refuse(400, problem)
        if score["userId"] in self.platform.refuse_users:
            self.refuse(400, f"the platform does not accept scores for {score['userId']}")
        with self.platform.lock:
            posted = course.scores.setdefault((item_id, score["userId"]), [])
            if posted:
                if _time(score["timestamp"]) <= _time(posted[-1]["timestamp"]):
                    self.refuse(409, "timestamp not after the previous score's")
                same = posted[-1].get("scoreGiven") == score.get("scoreGiven")
                self.platform.duplicates += same
            posted.append(score)
        self.set_status(204)
        self.finish()


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def score_problem(score: Any, course: Course) -> str | None:
    """Why `score` is not a valid AGS score for `course`, or None."""
    if not isinstance(score, dict):
        return "a score is a JSON object"
    if not isinstance(score.get("userId"), str) or not score["userId"]:
        return "userId must be a string"
    if score["userId"] not in course.members:
        return f"user {score['userId']} is not in the course"
    if score.get("activityProgress") not in ACTIVITY:
        return f"activityProgress must be one of {sorted(ACTIVITY)}"
    if score.get("gradingProgress") not in GRADING:
        return f"gradingProgress must be one of {sorted(GRADING)}"
    if not isinstance(score.get("timestamp"), str) or not ISO.match(score["timestamp"]):
        return "timestamp must be ISO 8601 with sub-second precision and a time zone"
    if "scoreGiven" in score:
        given, maximum = score["scoreGiven"], score.get("scoreMaximum")
        if not isinstance(given, (int, float)) or isinstance(given, bool) or given < 0:
            return "scoreGiven must be a number >= 0"
        if not isinstance(maximum, (int, float)) or isinstance(maximum, bool) or maximum <= 0:
            return "scoreMaximum must be a number > 0 when scoreGiven is given"
    if "comment" in score and not isinstance(score["comment"], str):
        return "comment must be a string"
    return None


class Auth(Base):
    """OIDC authorization endpoint: checks the tool's request, posts back a signed id_token."""

    async def get(self) -> None:
        p = self.platform
        args = {k: self.get_argument(k, "") for k in ("response_type", "scope", "response_mode",
                "prompt", "client_id", "redirect_uri", "login_hint", "nonce", "state")}  # fmt: skip
        if args["response_type"] != "id_token" or args["scope"] != "openid":
            self.refuse(400, "response_type id_token and scope openid required")
        if args["client_id"] != p.client_id:
            self.refuse(400, "unknown client_id")
        if not args["nonce"] or not args["state"]:
            self.refuse(400, "nonce and state required")
        claims = p.launches.get(args["login_hint"])
        if claims is None:
            self.refuse(400, "unknown login_hint")
        assert claims is not None
        key = claims.pop("_sign_with", None)
        token = p.id_token(claims, args["nonce"], key=key)
        self.finish(
            f'<form id="launch" method="post" action="{html.escape(args["redirect_uri"])}">'
            f'<input type="hidden" name="id_token" value="{html.escape(token)}">'
            f'<input type="hidden" name="state" value="{html.escape(args["state"])}">'
            "</form><script>document.getElementById('launch').submit()</script>"
        )

    post = get


def make_app(platform: Platform) -> Application:
    kw = {"platform": platform}
    item = r"/courses/([^/]+)/lineitems/([0-9a-f]+)"
    return Application([
        (r"/jwks", Jwks, kw),
        (r"/token", Token, kw),
        (r"/auth", Auth, kw),
        (r"/courses/([^/]+)/memberships", Memberships, kw),
        (r"/courses/([^/]+)/lineitems", LineItems, kw),
        (item + "/results", Results, kw),
        (item + "/scores", Scores, kw),
    ])  # fmt: skip


class Running:
    """The simulator serving on a loopback port in a thread of its own."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("the LTI platform simulator did not start")

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        sockets = bind_sockets(0, "127.0.0.1")
        port = sockets[0].getsockname()[1]
        self.platform.url = f"http://127.0.0.1:{port}"
        self._server = HTTPServer(make_app(self.platform))
        self._server.add_sockets(sockets)
        self._loop.call_soon(self._ready.set)
        self._loop.run_forever()

    def stop(self) -> None:
        async def shutdown() -> None:
            self._server.stop()
            await self._server.close_all_connections()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
