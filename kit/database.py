"""Opening the kit's SQLite files: private to their owner, SQLite's busy handler, WAL where
the file system allows it and a rollback journal where it does not (e.g. NFS)."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

from kit.private import private_file

_warned: set[Path] = set()


class JournalWarning(UserWarning):
    """A kit file uses a rollback journal because WAL cannot work where it is."""


def connect(path: Path, busy_timeout_ms: int, *, threads: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode that waits up to `busy_timeout_ms` for other writers.

    The file is made private first: SQLite gives its -wal and -shm files the same mode.
    `threads`: the connection may be used from several threads (the caller serialises).
    """
    for journal in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        if journal.exists():  # left by an older kit: SQLite keeps their mode
            private_file(journal)
    private_file(path)
    db = _open(path, busy_timeout_ms / 1000, not threads)
    db.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
    return db


def _open(path: Path, timeout_s: float, same_thread: bool) -> sqlite3.Connection:
    return sqlite3.connect(
        path, timeout=timeout_s, isolation_level=None, check_same_thread=same_thread
    )


def use_wal(db: sqlite3.Connection, path: Path) -> str:
    """Put the file in WAL mode, else in a rollback journal (said once per file); the mode."""
    try:
        mode = str(db.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        reason = f"SQLite kept the {mode} journal"
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise  # another process holds the file: not a reason to give up on WAL
        mode, reason = "", str(exc)
    if mode == "wal":
        return mode
    mode = str(db.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
    if path not in _warned:
        _warned.add(path)
        warnings.warn(
            f"{path}: WAL does not work on this file system ({reason}), so a rollback journal"
            " is used: saving is as safe, but readers and writers wait for each other more",
            JournalWarning,
            stacklevel=3,
        )
    return mode
