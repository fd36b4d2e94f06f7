"""The response store: one SQLite file, every attempt appended, committed before feedback."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit import migrations
from kit.database import connect, use_wal
from kit.errors import StoreError
from kit.private import private_folder
from kit.result import Result

STORE_FILE = "kit.sqlite3"
COLUMNS = "id, learner, exercise_id, content_hash, response, result, created_at, kit_version"
BUSY_TIMEOUT_MS = 10_000
WRITE_POLL_SECONDS = (0.0001, 0.001)
APPLICATION_ID = 0x4B495453  # "KITS": marks the file as a learner store

# Each entry upgrades the schema from version i to i + 1; append, never edit.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        learner TEXT NOT NULL,
        exercise_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        response TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at TEXT NOT NULL,
        kit_version TEXT NOT NULL
    );
    CREATE INDEX attempts_by_learner ON attempts (learner, exercise_id, id);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: only the mark (application_id, set with every step): a store is never taken for a
    # gradebook, nor a gradebook for a store.
    "",
    # 3: the learner's dated commitments (kit.followup), appended and never overwritten:
    # each change of a commitment is a row of its own, the newest per key is current.
    """
    CREATE TABLE commitments (
        id INTEGER PRIMARY KEY,
        learner TEXT NOT NULL,
        key TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX commitments_by_learner ON commitments (learner, key, id);
    """,
    # 4: the outbox of xAPI statements waiting for the learning record store (kit.interop.xapi):
    # kept until the LRS has them; `id` is the statement's id, derived from what it records.
    """
    CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        learner TEXT NOT NULL,
        statement TEXT NOT NULL,
        created_at TEXT NOT NULL,
        tries INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        sent_at TEXT,
        refused INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX outbox_waiting ON outbox (sent_at, refused, created_at);
    """,
]
SCHEMA = migrations.Schema("store", APPLICATION_ID, tuple(MIGRATIONS), unmarked=1)
SCHEMA_VERSION = SCHEMA.version


def kit_home() -> Path:
    """Where the store lives: `KIT_HOME` if set, else the platform's user data folder."""
    env = os.environ.get("KIT_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("leadership-kit", appauthor=False))


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Attempt:
    """One stored answer: what was submitted, how it graded, when, against which content."""

    id: int
    learner: str
    exercise_id: str
    content_hash: str
    response: Any
    result: Result
    created_at: str
    kit_version: str


class Store:
    """A learner store in one SQLite file (WAL, busy timeout, versioned schema), private to
    its owner."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            private_folder(self.path.parent)
            # One connection per process, shared by the kernel's threads (comm messages from
            # widgets arrive on another thread than cell execution); `_lock` serialises its use.
            self._lock = threading.RLock()
            self._db = connect(self.path, BUSY_TIMEOUT_MS, threads=True)
            migrations.check(self._db, SCHEMA)  # a file not ours is left untouched
            self.journal = use_wal(self._db, self.path)
            self._db.execute("PRAGMA synchronous = FULL")
            migrations.migrate(self._db, SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise self._error("cannot open", exc) from None

    def _error(self, doing: str, exc: Exception) -> StoreError:
        reason = str(exc)
        if "locked" in reason or "busy" in reason:
            reason += " (another program is holding the store; try again in a moment)"
        elif "not a database" in reason or "malformed" in reason or "not a kit" in reason:
            reason += " (the file is damaged or is not a kit store; it was left untouched)"
        return StoreError(f"{doing} the store at {self.path}: {reason}")

    def _begin(self) -> None:
        """Take the write lock, polling in short random steps.

        SQLite's own busy handler backs off to sleeps of up to 100 ms, and a waiter that
        sleeps loses the lock to writers that come later: with 8 learners saving at once its
        p99 was 3-5x that of polling (benchmarks/bench_engine.py --compare).
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        self._db.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    self._db.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    busy = "locked" in str(exc) or "busy" in str(exc)
                    if not busy or time.monotonic() > deadline:
                        raise
                    time.sleep(random.uniform(*WRITE_POLL_SECONDS))
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._begin()
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- attempts -----------------------------------------------------------------------------

    def add_attempt(
        self,
        learner: str,
        exercise_id: str,
        content_hash: str,
        response: Any,
        result: Result,
        kit_version: str,
        created_at: str | None = None,
    ) -> Attempt:
        """Append one attempt and commit it; return it once it is on disk."""
        created_at = created_at or utc_now()
        try:
            row = (
                learner,
                exercise_id,
                content_hash,
                json.dumps(response, ensure_ascii=False, allow_nan=False),
                json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False),
                created_at,
                kit_version,
            )
        except ValueError as exc:  # NaN or Infinity: not JSON, never stored
            raise StoreError(f"cannot save to the store at {self.path}: {exc}") from None
        try:
            with self._write() as db:
                cursor = db.execute(
                    "INSERT INTO attempts (learner, exercise_id, content_hash, response, result,"
                    " created_at, kit_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
        except sqlite3.Error as exc:
            raise self._error("cannot save to", exc) from None
        attempt_id = cursor.lastrowid
        assert attempt_id is not None
        return Attempt(
            attempt_id,
            learner,
            exercise_id,
            content_hash,
            response,
            result,
            created_at,
            kit_version,
        )

    def attempts(self, learner: str | None = None, exercise_id: str | None = None) -> list[Attempt]:
        """Attempts, oldest first, optionally for one learner and/or one exercise."""
        where, args = [], []
        if learner is not None:
            where.append("learner = ?")
            args.append(learner)
        if exercise_id is not None:
            where.append("exercise_id = ?")
            args.append(exercise_id)
        sql = f"SELECT {COLUMNS} FROM attempts" + (" WHERE " + " AND ".join(where) if where else "")
        return [self._attempt(row) for row in self._read(sql + " ORDER BY id", args)]

    def latest(self, learner: str, exercise_id: str) -> Attempt | None:
        rows = self._read(
            f"SELECT {COLUMNS} FROM attempts WHERE learner = ? AND exercise_id = ?"
            " ORDER BY id DESC LIMIT 1",
            (learner, exercise_id),
        )
        return self._attempt(rows[0]) if rows else None

    def summary(self, learner: str) -> dict[str, tuple[Attempt, int]]:
        """For each exercise the learner tried: (latest attempt, number of attempts)."""
        rows = self._read(
            f"SELECT {COLUMNS}, n FROM attempts JOIN (SELECT MAX(id) AS last, COUNT(*) AS n"
            " FROM attempts WHERE learner = ? GROUP BY exercise_id) ON id = last",
            (learner,),
        )
        return {row[2]: (self._attempt(row[:8]), row[8]) for row in rows}

    def learners(self) -> list[str]:
        return [r[0] for r in self._read("SELECT DISTINCT learner FROM attempts ORDER BY learner")]

    # --- settings -----------------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        try:
            with self._write() as db:
                db.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value)
                )
        except sqlite3.Error as exc:
            raise self._error("cannot save to", exc) from None

    # --- commitments (kit.followup) ------------------------------------------------------------

    def add_commitment(self, learner: str, key: str, data: dict[str, Any]) -> str:
        """Append one version of a commitment and commit it; return when it was saved."""
        created_at = utc_now()
        try:
            text = json.dumps(data, ensure_ascii=False, allow_nan=False)
            with self._write() as db:
                db.execute(
                    "INSERT INTO commitments (learner, key, data, created_at) VALUES (?, ?, ?, ?)",
                    (learner, key, text, created_at),
                )
        except (sqlite3.Error, ValueError) as exc:
            raise self._error("cannot save to", exc) from None
        return created_at

    def commitment_versions(self, learner: str) -> list[tuple[str, dict[str, Any], str]]:
        """Every saved version of the learner's commitments, oldest first: (key, data, when)."""
        rows = self._read(
            "SELECT key, data, created_at FROM commitments WHERE learner = ? ORDER BY id",
            (learner,),
        )
        return [(key, json.loads(data), when) for key, data, when in rows]

    # --- the xAPI outbox (kit.interop.xapi) ----------------------------------------------------

    def queue_statements(
        self, rows: list[tuple[str, str, str, str]], settings: dict[str, str] | None = None
    ) -> int:
        """Add (id, learner, statement JSON, created_at) rows not already queued, and save
        `settings` in the same transaction; return how many were new."""
        try:
            with self._write() as db:
                before = db.total_changes
                db.executemany(
                    "INSERT OR IGNORE INTO outbox (id, learner, statement, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    rows,
                )
                new = db.total_changes - before
                for key, value in (settings or {}).items():
                    db.execute(
                        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value)
                    )
        except sqlite3.Error as exc:
            raise self._error("cannot save to", exc) from None
        return new

    def waiting_statements(self, limit: int) -> list[tuple[str, str]]:
        """(id, statement JSON) of up to `limit` statements not yet sent, oldest first."""
        return [
            (row[0], row[1])
            for row in self._read(
                "SELECT id, statement FROM outbox WHERE sent_at IS NULL AND refused = 0"
                " ORDER BY created_at, id LIMIT ?",
                (limit,),
            )
        ]

    def mark_statements(
        self, ids: list[str], *, sent: bool, error: str | None = None, refused: bool = False
    ) -> None:
        """Record a try: sent (kept, with when), or not (the error, and whether the LRS
        refused it for good)."""
        now = utc_now()
        try:
            with self._write() as db:
                db.executemany(
                    "UPDATE outbox SET tries = tries + 1, last_error = ?, refused = ?,"
                    " sent_at = ? WHERE id = ?",
                    [(error, int(refused), now if sent else None, i) for i in ids],
                )
        except sqlite3.Error as exc:
            raise self._error("cannot save to", exc) from None

    def outbox_counts(self) -> tuple[int, int, int]:
        """(waiting, refused by the LRS, sent) statements."""
        rows = self._read(
            "SELECT COALESCE(SUM(sent_at IS NULL AND refused = 0), 0),"
            " COALESCE(SUM(refused), 0), COALESCE(SUM(sent_at IS NOT NULL), 0) FROM outbox"
        )
        waiting, refused, sent = rows[0]
        return int(waiting), int(refused), int(sent)

    # --- helpers ------------------------------------------------------------------------------

    def _read(self, sql: str, args: Any = ()) -> list[tuple[Any, ...]]:
        try:
            with self._lock:
                return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise self._error("cannot read", exc) from None

    @staticmethod
    def _attempt(row: tuple[Any, ...]) -> Attempt:
        id_, learner, exercise_id, content_hash, response, result, created_at, version = row
        return Attempt(
            id_,
            learner,
            exercise_id,
            content_hash,
            json.loads(response),
            Result.from_dict(json.loads(result)),
            created_at,
            version,
        )


_open: dict[tuple[int, Path], Store] = {}


def open_store(path: Path | None = None) -> Store:
    """The store at `path` (default: in `kit_home()`), one connection per process."""
    path = (path or kit_home() / STORE_FILE).resolve()
    key = (os.getpid(), path)
    if key not in _open:
        _open[key] = Store(path)
    return _open[key]
