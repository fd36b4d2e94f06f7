"""Versioned SQLite schemas, shared by the learner store and the cohort gradebook.

A schema is a list of steps: step i upgrades a file from version i to i + 1 (`PRAGMA
user_version`), each in its own transaction, and marks the file as the kit's own (`PRAGMA
application_id`). Append steps, never edit one: files in the field were made by them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# One statement, so one snapshot even while another process is migrating the file.
_STATE = (
    "SELECT v.user_version, a.application_id, (SELECT COUNT(*) FROM sqlite_schema)"
    " FROM pragma_user_version() AS v, pragma_application_id() AS a"
)


@dataclass(frozen=True)
class Schema:
    """What a kit file holds: its kind (for messages), its mark and its upgrade steps."""

    kind: str  # "store", "gradebook"
    application_id: int
    steps: tuple[str, ...]
    unmarked: int = 0  # the versions written before files were marked, still accepted unmarked

    @property
    def version(self) -> int:
        return len(self.steps)


def check(db: sqlite3.Connection, schema: Schema) -> int:
    """The file's schema version; DatabaseError, the file untouched, if it is not one of ours
    or is newer than this kit."""
    version, mark, tables = (int(v) for v in db.execute(_STATE).fetchone())
    empty = not tables
    ours = mark == schema.application_id or (
        mark == 0 and (0 < version <= schema.unmarked or (version == 0 and empty))
    )
    if not ours:
        raise sqlite3.DatabaseError(f"the file is not a kit {schema.kind}")
    if version > schema.version:
        raise sqlite3.DatabaseError(
            f"its schema ({version}) is newer than this kit's ({schema.version}); upgrade the"
            " kit (the file was left untouched)"
        )
    return version


def migrate(db: sqlite3.Connection, schema: Schema) -> int:
    """Bring the file up to `schema.version`, one committed step at a time; return the version.

    `db` is in autocommit mode (`isolation_level=None`) with a busy timeout, so a step waits
    for other writers; another process may have done the step meanwhile.
    """
    version = check(db, schema)
    while version < schema.version:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = check(db, schema)
            if version < schema.version:
                for statement in _statements(schema.steps[version]):
                    db.execute(statement)
                version += 1
                db.execute(f"PRAGMA user_version = {version}")
                db.execute(f"PRAGMA application_id = {schema.application_id}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return version


def _statements(script: str) -> list[str]:
    """The SQL statements of `script`, in order (a `;` inside a string or trigger kept)."""
    statements, current = [], ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \t\n;"):
                statements.append(current.strip())
            current = ""
    if current.strip(" \t\n;"):
        raise ValueError(f"an incomplete SQL statement in a migration: {current.strip()!r}")
    return statements
