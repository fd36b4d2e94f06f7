"""Calls to an LTI Advantage platform: an access token from the OAuth 2 client-credentials
grant with the tool's signed JWT (RFC 7523, IMS Security Framework 4.1), then JSON requests
with it. Every failure becomes one `LmsError` line naming what was asked and what came back."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from kit.errors import KitError
from kit.interop.lti.keys import ALGORITHM, key_id, load_key
from kit.interop.lti.settings import Lms

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME_S = 300
SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
)


class LmsError(KitError):
    """The LMS refused a request or could not be reached; one line for people."""


@dataclass
class Platform:
    """An LTI Advantage platform as one cohort's settings describe it; counts its requests."""

    lms: Lms
    requests: int = 0
    _token: str | None = None
    _expires: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)  # the token
    _count_lock: threading.Lock = field(default_factory=threading.Lock)
    _http: httpx.Client | None = None

    def __post_init__(self) -> None:
        s = self.lms.settings
        limits = httpx.Limits(max_connections=s.workers, max_keepalive_connections=s.workers)
        self._http = httpx.Client(timeout=s.timeout_seconds, limits=limits)
        self._key = load_key(self.lms.key_path)

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    # --- the token ------------------------------------------------------------------------

    def assertion(self) -> str:
        """The tool's signed JWT asking for a token."""
        import jwt

        s = self.lms.settings
        now = int(time.time())
        claims = {
            "iss": s.client_id,
            "sub": s.client_id,
            "aud": s.token_audience or s.token_url,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME_S,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(
            claims, self._key, algorithm=ALGORITHM, headers={"kid": key_id(self._key)}
        )

    def token(self, *, renew: bool = False) -> str:
        with self._lock:
            if self._token and not renew and time.monotonic() < self._expires:
                return self._token
            form = {
                "grant_type": "client_credentials",
                "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": self.assertion(),
                "scope": " ".join(SCOPES),
            }
            url = self.lms.settings.token_url
            response = self._send("POST", url, data=form, what="an access token")
            if response.status_code != 200:
                raise LmsError(
                    f"the LMS refused the tool an access token at {url} ({response.status_code}"
                    f" {_reason(response)}): check client_id in lms.yaml and that the LMS holds"
                    " the tool's public key (`kit cohort lms jwks`). Nothing was sent."
                )
            data = _json(response, url)
            token = data.get("access_token")
            if not isinstance(token, str) or not token:
                raise LmsError(f"the LMS at {url} sent no access token. Nothing was sent.")
            granted = set(str(data.get("scope", " ".join(SCOPES))).split())
            missing = [s.rsplit("/", 1)[-1] for s in SCOPES if s not in granted]
            if missing:
                raise LmsError(
                    f"the LMS did not grant the tool these scopes: {', '.join(missing)}; allow"
                    " them in the tool's LMS settings. Nothing was sent."
                )
            expires_in = float(data.get("expires_in", 3600))
            self._token, self._expires = token, time.monotonic() + max(expires_in - 30, 1)
            return token

    # --- requests -------------------------------------------------------------------------

    def call(
        self, method: str, url: str, *, what: str, accept: str, **kwargs: Any
    ) -> httpx.Response:
        """A request with the access token (renewed once if the LMS says it expired)."""
        for attempt in (1, 2):
            headers = {
                "Authorization": f"Bearer {self.token(renew=attempt == 2)}",
                "Accept": accept,
            }
            headers.update(kwargs.pop("headers", {}))
            response = self._send(method, url, headers=headers, what=what, **kwargs)
            if response.status_code != 401:
                return response
        return response

    def _send(self, method: str, url: str, *, what: str, **kwargs: Any) -> httpx.Response:
        assert self._http is not None
        with self._count_lock:
            self.requests += 1
        try:
            return self._http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise LmsError(
                f"the LMS at {url} did not answer when asked for {what}"
                f" ({type(exc).__name__}: {exc}). Nothing more was sent; run it again later."
            ) from None


def _reason(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.reason_phrase or ""
    if isinstance(data, dict):
        parts = [str(data[k]) for k in ("error", "error_description", "message") if data.get(k)]
        if parts:
            return ": ".join(parts)[:300]
    return response.reason_phrase or ""


def _json(response: httpx.Response, url: str) -> Any:
    try:
        return response.json()
    except ValueError:
        raise LmsError(f"the LMS at {url} answered with something that is not JSON") from None


def reason(response: httpx.Response) -> str:
    """The LMS's own words for a refusal, short."""
    return _reason(response)


def json_of(response: httpx.Response, url: str) -> Any:
    return _json(response, url)
