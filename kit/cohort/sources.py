"""Where submissions come from: files (a cohort inbox, or named files) or the hub exchange.

Each source reads its bytes with the limits that fit it and says who the submission is known
to come from, if anyone: the owner of a file in a shared inbox, or the hub user who handed it
in through the exchange service. The collector refuses a submission naming someone else.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.cohort.config import CONFIG_FILE, Cohort
from kit.errors import KitError
from kit.handin.exchange import TOKEN_ENV, URL_ENV, Exchange
from kit.handin.submission import Refused, short


@dataclass(frozen=True)
class Source:
    """One submission to collect: a name for reports and how to read it."""

    path: Path
    read: Callable[[], tuple[bytes, str | None]]  # the bytes and who they come from, if known
    sha256: str | None = None  # known before reading (the exchange lists it)
    from_hub: bool = False

    def mismatch(self, claimed: str, owner: str) -> str:
        """Why a submission naming `claimed` but coming from `owner` is refused."""
        if self.from_hub:
            return (
                f"the hand-in claims learner {short(claimed)!r} but was sent by hub user"
                f" {short(owner)!r}"
            )
        return (
            f"the file claims learner {short(claimed)!r} but belongs to user {short(owner)!r}"
            " (verify_owner is on for this inbox)"
        )


def file_sources(cohort: Cohort, files: list[str | Path] | None) -> list[Source]:
    """`files`, or every submission in the cohort's inbox, as sources."""
    paths = [Path(f) for f in files] if files else inbox_files(cohort)
    limit = cohort.config.max_file_bytes
    out = []
    for path in paths:
        check_owner = cohort.config.verify_owner and _inside(path, cohort.inbox)
        read = _file_reader(path, limit, check_owner)
        out.append(Source(path, read))
    return out


def _file_reader(
    path: Path, limit: int, check_owner: bool
) -> Callable[[], tuple[bytes, str | None]]:
    return lambda: read_file(path, limit, check_owner)


BATCH_ITEMS = 50
BATCH_BYTES = 8_000_000


def hub_sources(cohort: Cohort, seen: set[str]) -> list[Source]:
    """Every hand-in on the hub's exchange service, listed as the trainer (KitError if the
    service cannot be reached or does not take this user as a trainer).

    Hand-ins whose bytes are in `seen` are not downloaded; the others are fetched in batches
    (a few requests for a whole cohort), each batch when its first hand-in is read.
    """
    exchange, group = exchange_for_cohort(cohort)
    limit = cohort.config.max_file_bytes
    batch = _Batch(exchange, group)
    sources = []  # all made before the first is read, so that each batch is whole
    for entry in exchange.handins(group):
        handin_id, learner, sha = int(entry["id"]), str(entry["learner"]), str(entry["sha256"])
        path = Path(f"hub-handin-{handin_id}")
        size = int(entry.get("size", 0))
        if sha in seen:
            sources.append(Source(path, _refuse("already collected"), sha, from_hub=True))
        elif size > limit:
            reason = f"over the size limit ({size} bytes; the limit is {limit})"
            sources.append(Source(path, _refuse(reason)))
        else:
            if batch.full(size):
                batch = _Batch(exchange, group)
            batch.add(handin_id, size)
            sources.append(Source(path, batch.reader(handin_id, learner), sha, from_hub=True))
    return sources


class _Batch:
    """Hand-ins fetched together from the exchange, on the first read of any of them."""

    def __init__(self, exchange: Any, group: str) -> None:
        self.exchange, self.group = exchange, group
        self.ids: list[int] = []
        self.size = 0
        self.bodies: dict[int, bytes] | None = None
        self.failure = "the exchange did not send it"

    def full(self, size: int) -> bool:
        return bool(self.ids) and (len(self.ids) >= BATCH_ITEMS or self.size + size > BATCH_BYTES)

    def add(self, handin_id: int, size: int) -> None:
        self.ids.append(handin_id)
        self.size += size

    def reader(self, handin_id: int, learner: str) -> Callable[[], tuple[bytes, str | None]]:
        def read() -> tuple[bytes, str | None]:
            if self.bodies is None:
                try:
                    self.bodies = self.exchange.fetch_many(self.ids, self.group)
                except KitError as exc:
                    self.bodies = {}
                    self.failure = str(exc)
            body = self.bodies.pop(handin_id, None)
            if body is None:
                raise Refused(f"cannot fetch it from the exchange: {self.failure}")
            return body, learner

        return read


def _refuse(reason: str) -> Callable[[], tuple[bytes, str | None]]:
    def read() -> tuple[bytes, str | None]:
        raise Refused(reason)

    return read


def inbox_files(cohort: Cohort) -> list[Path]:
    """Every submission waiting in the cohort's inbox (`*.json`, hidden files left out)."""
    inbox = cohort.inbox
    if not inbox.is_dir():
        raise KitError(
            f"the inbox {inbox} does not exist (see inbox: in {cohort.root / CONFIG_FILE})"
        )
    return sorted(
        p for p in inbox.iterdir() if p.name.endswith(".json") and not p.name.startswith(".")
    )


def read_file(path: Path, max_bytes: int, want_owner: bool) -> tuple[bytes, str | None]:
    """The bytes of a regular file no bigger than `max_bytes`, and its owner's user name."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise Refused(f"cannot read the file: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise Refused("a symbolic link, not a submission file")
    if not stat.S_ISREG(info.st_mode):
        raise Refused("not a regular file")
    if info.st_size > max_bytes:
        raise Refused(f"over the size limit ({info.st_size} bytes; the limit is {max_bytes})")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Refused("not a regular file")
            raw = f.read(max_bytes + 1)
    except OSError as exc:
        raise Refused(f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise Refused(f"over the size limit (more than {max_bytes} bytes)")
    return raw, owner_name(info.st_uid) if want_owner else None


def owner_name(uid: int) -> str:
    """The user name of `uid`; Refused where it cannot be known."""
    try:
        import pwd
    except ImportError:
        raise Refused(
            "file owners cannot be checked on this system; set verify_owner: false"
        ) from None
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        raise Refused(f"the file's owner (uid {uid}) has no user name") from None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve(strict=False).parent.is_relative_to(folder)
    except OSError:
        return True


def exchange_for_cohort(cohort: Cohort) -> tuple[Exchange, str]:
    """The exchange and trainers' group a cohort collects from (`hub_group`, `exchange_url`)."""
    group = cohort.config.hub_group
    if not group:
        raise KitError(
            f"set hub_group (the hub group of this cohort's trainers) in"
            f" {cohort.root / CONFIG_FILE}, or run `kit cohort init DIR --hub-group NAME`"
        )
    token = os.environ.get(TOKEN_ENV, "").strip()
    url = cohort.config.exchange_url or os.environ.get(URL_ENV, "").strip()
    if not url or not token:
        raise KitError(
            f"collecting from the hub needs {URL_ENV} (or exchange_url in {CONFIG_FILE}) and"
            f" your hub token ({TOKEN_ENV}): run it on your own server on the hub"
        )
    return Exchange(url, token), group
