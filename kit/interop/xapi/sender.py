"""Deliver the outbox to the LRS (or the hub's relay), oldest first, in batches.

A batch the LRS takes is marked sent. An LRS that answers 5xx, or not at all, leaves every
statement waiting (its try counted) for the next round. A batch the LRS refuses as bad (400,
409) is sent again one statement at a time, so one bad statement cannot hold back the others;
a statement refused on its own stays in the outbox marked refused, never deleted. The LRS
ignores a statement id it already holds with the same content, so a batch sent twice (the
answer lost on the way back) adds nothing.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass

import httpx

from kit.interop.xapi.config import XapiConfig
from kit.store import Store

BATCH = 100
TIMEOUT_S = 10.0
BACKOFF_S = (1, 2, 5, 10, 30, 60)
HEADERS = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}


@dataclass
class Delivery:
    """What one round of sending did."""

    sent: int = 0
    refused: int = 0
    waiting: int = 0
    error: str | None = None  # why the round stopped early

    def line(self) -> str:
        text = f"{self.sent} statement(s) sent to the learning record store"
        if self.refused:
            text += f", {self.refused} refused by it (kept in your store)"
        if self.waiting:
            text += f"; {self.waiting} wait to be sent"
        if self.error:
            text += f": {self.error}"
        return text


class Unavailable(Exception):
    """The LRS did not take a batch for a reason that may pass (5xx, no answer)."""


def _post(client: httpx.Client, config: XapiConfig, body: bytes) -> int:
    headers = dict(HEADERS)
    if config.token:
        headers["Authorization"] = f"token {config.token}"
    try:
        response = client.post(
            config.url, content=body, headers=headers, auth=config.auth or httpx.USE_CLIENT_DEFAULT
        )
    except httpx.HTTPError as exc:
        raise Unavailable(f"{config.url} did not answer ({type(exc).__name__})") from None
    if response.status_code >= 500 or response.status_code in (401, 403, 404, 429):
        where = "the hub's relay" if config.relay else "the LRS"
        raise Unavailable(f"{where} at {config.url} answered {response.status_code}")
    return response.status_code


_SENDING = threading.Lock()  # one sender at a time in a process (the background and a command)


def send_waiting(store: Store, config: XapiConfig, *, limit: int | None = None) -> Delivery:
    """Send waiting statements until none is left (or `limit` were tried), or the LRS stops
    taking them."""
    with _SENDING:
        return _send_waiting(store, config, limit)


def _send_waiting(store: Store, config: XapiConfig, limit: int | None) -> Delivery:
    report = Delivery()
    tried = 0
    with httpx.Client(timeout=TIMEOUT_S) as client:
        while limit is None or tried < limit:
            batch = store.waiting_statements(BATCH)
            if not batch:
                break
            tried += len(batch)
            ids = [i for i, _ in batch]
            body = ("[" + ",".join(text for _, text in batch) + "]").encode()
            try:
                status = _post(client, config, body)
                if status < 300:
                    store.mark_statements(ids, sent=True)
                    report.sent += len(ids)
                    continue
                for one_id, text in batch:  # find the bad one(s); the others go
                    one = _post(client, config, ("[" + text + "]").encode())
                    if one < 300:
                        store.mark_statements([one_id], sent=True)
                        report.sent += 1
                    else:
                        reason = f"the LRS refused it ({one})"
                        store.mark_statements([one_id], sent=False, error=reason, refused=True)
                        report.refused += 1
            except Unavailable as exc:
                store.mark_statements(ids, sent=False, error=str(exc))
                report.error = str(exc)
                break
    report.waiting = store.outbox_counts()[0]
    return report


def parse_ids(body: bytes) -> list[str]:
    """The statement ids in a batch body (for the relay's checks and the tests)."""
    return [s.get("id", "") for s in json.loads(body)]


class Background:
    """One thread per process that sends the outbox after each saved answer, retrying with
    growing pauses while the LRS is away; a daemon, so it never keeps a kernel alive."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.last: Delivery | None = None

    def kick(self, store: Store, config: XapiConfig) -> None:
        with self._lock:
            self._wake.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, args=(store, config), name="kit-xapi", daemon=True
                )
                self._thread.start()

    def _run(self, store: Store, config: XapiConfig) -> None:
        failures = 0
        while True:
            self._wake.clear()
            try:
                self.last = send_waiting(store, config)
            except Exception as exc:  # the store closed or broke: try again on the next kick
                self.last = Delivery(error=str(exc))
                return
            if self.last.error is None and not self.last.waiting:
                with self._lock:
                    if not self._wake.is_set():
                        self._thread = None
                        return
                continue
            pause = BACKOFF_S[min(failures, len(BACKOFF_S) - 1)]
            failures += 1
            self._wake.wait(pause)
            time.sleep(0)


BACKGROUND = Background()
