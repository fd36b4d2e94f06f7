"""The exchange service's own store of hand-ins: one SQLite file in a folder only it can read.

Each hand-in is kept as the exact bytes the learner's kit sent, under the hub user who sent
it; the same bytes from the same user are kept once. Nothing is ever overwritten or deleted.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DB_FILE = "handins.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS handins (
    id INTEGER PRIMARY KEY,
    learner TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    body BLOB NOT NULL,
    UNIQUE (learner, sha256)
);
"""


@dataclass(frozen=True)
class Stored:
    """A hand-in as kept: its id, whose it is, its hash, and whether it was there already."""

    id: int
    learner: str
    sha256: str
    size: int
    received_at: str
    duplicate: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "learner": self.learner,
            "sha256": self.sha256,
            "size": self.size,
            "received_at": self.received_at,
            "duplicate": self.duplicate,
        }


class HandinStore:
    """Hand-ins in `folder/handins.sqlite3`; the folder is made private (0700) to its owner."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        path = folder / DB_FILE
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        os.chmod(path, 0o600)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(SCHEMA)

    def add(self, learner: str, body: bytes) -> Stored:
        """Keep `body` as a hand-in by `learner` (once: the same bytes again return the first)."""
        sha = hashlib.sha256(body).hexdigest()
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        with self._db:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO handins (learner, sha256, size, received_at, body)"
                " VALUES (?, ?, ?, ?, ?)",
                (learner, sha, len(body), now, body),
            )
        duplicate = cursor.rowcount == 0
        row = self._db.execute(
            "SELECT id, learner, sha256, size, received_at FROM handins"
            " WHERE learner = ? AND sha256 = ?",
            (learner, sha),
        ).fetchone()
        return Stored(row[0], row[1], row[2], row[3], row[4], duplicate)

    def list(self) -> list[Stored]:
        """Every hand-in, oldest first (without the bytes)."""
        rows = self._db.execute(
            "SELECT id, learner, sha256, size, received_at FROM handins ORDER BY id"
        ).fetchall()
        return [Stored(*row) for row in rows]

    def body(self, handin_id: int) -> bytes | None:
        """The bytes of one hand-in, or None if there is none with that id."""
        row = self._db.execute("SELECT body FROM handins WHERE id = ?", (handin_id,)).fetchone()
        return bytes(row[0]) if row else None

    def close(self) -> None:
        self._db.close()
