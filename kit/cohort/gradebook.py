"""The cohort gradebook: one SQLite file in the cohort folder, with a versioned schema.

Tables: `files` (every collected submission, by SHA-256), `attempts` (every attempt, graded
with the trainer's content; unique on learner + exercise + time + response), `roster`, and
`rubric_scores` (a trainer's score and comment per reflection rubric criterion).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from kit import migrations
from kit.content.schema import ReflectionExercise
from kit.database import connect, use_wal
from kit.errors import KitError
from kit.store import utc_now

APPLICATION_ID = 0x4B495447  # "KITG": marks the file as a kit gradebook
BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 256 * 1024  # page cache at most; a large collect then spills no pages mid-batch

# Each entry upgrades the schema from version i to i + 1; append, never edit.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        learner TEXT NOT NULL,
        kit_version TEXT NOT NULL,
        created_at TEXT NOT NULL,
        collected_at TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        added INTEGER NOT NULL
    );
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        learner TEXT NOT NULL,
        exercise_id TEXT NOT NULL,
        module TEXT NOT NULL,
        time TEXT NOT NULL,
        response TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        graded_hash TEXT NOT NULL,
        fits INTEGER NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        status TEXT NOT NULL,
        profile TEXT,
        file_id INTEGER NOT NULL REFERENCES files (id),
        UNIQUE (learner, exercise_id, time, response)
    );
    CREATE TABLE roster (
        learner TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL
    );
    CREATE TABLE rubric_scores (
        learner TEXT NOT NULL,
        exercise_id TEXT NOT NULL,
        criterion TEXT NOT NULL,
        points REAL NOT NULL,
        comment TEXT NOT NULL,
        scored_at TEXT NOT NULL,
        PRIMARY KEY (learner, exercise_id, criterion)
    );
    """,
    # 2: every collect asks which content each exercise's attempts were graded with.
    """
    CREATE INDEX attempts_by_graded_hash ON attempts (exercise_id, graded_hash);
    """,
]
SCHEMA = migrations.Schema("gradebook", APPLICATION_ID, tuple(MIGRATIONS))
SCHEMA_VERSION = SCHEMA.version

ATTEMPT_COLUMNS = (
    "learner, exercise_id, module, time, response, content_hash, graded_hash, fits, score,"
    " max_score, status, profile, file_id"
)


# One attempt of a submission, graded with the trainer's content, ready to store: the
# columns of ATTEMPT_COLUMNS between learner and file_id, that is exercise_id, module, time,
# response (compact JSON), content_hash, graded_hash, fits, score, max_score, status and
# profile (JSON, likert only).
Graded = tuple[str, str, str, str, str, str, bool, float, float, str, str | None]


class Gradebook:
    """The gradebook of one cohort (WAL, busy timeout, one transaction per collected file),
    private to its owner."""

    def __init__(self, path: Path, busy_timeout_ms: int | None = None) -> None:
        self.path = Path(path)
        try:
            busy = BUSY_TIMEOUT_MS if busy_timeout_ms is None else busy_timeout_ms
            self._db = connect(self.path, busy)
            migrations.check(self._db, SCHEMA)  # a file not ours is left untouched
            self.journal = use_wal(self._db, self.path)
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            migrations.migrate(self._db, SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise KitError(f"cannot open the gradebook {self.path}: {exc}") from None

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @property
    def connection(self) -> sqlite3.Connection:
        return self._db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error.

        Inside another transaction it is a savepoint: its changes go in whole or not at all,
        and are committed with the outer transaction.
        """
        nested = self._db.in_transaction
        self._db.execute("SAVEPOINT nested" if nested else "BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            if nested:
                self._db.execute("ROLLBACK TO nested")
                self._db.execute("RELEASE nested")
            else:
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("RELEASE nested" if nested else "COMMIT")

    # --- files and attempts -------------------------------------------------------------------

    def file_hashes(self) -> set[str]:
        """The SHA-256 of every file collected so far."""
        return {sha for (sha,) in self._db.execute("SELECT sha256 FROM files")}

    def has_file(self, sha256: str) -> bool:
        return bool(self._db.execute("SELECT 1 FROM files WHERE sha256 = ?", (sha256,)).fetchone())

    def add_file(
        self,
        sha256: str,
        name: str,
        learner: str,
        kit_version: str,
        created_at: str,
        attempts: list[Graded],
    ) -> int:
        """Store one submission and its new attempts in one transaction; return how many were new."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO files (sha256, name, learner, kit_version, created_at, collected_at,"
                " attempts, added) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                (sha256, name, learner, kit_version, created_at, utc_now(), len(attempts)),
            )
            file_id = cursor.lastrowid
            before = db.total_changes
            db.executemany(
                f"INSERT OR IGNORE INTO attempts ({ATTEMPT_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((learner, *a, file_id) for a in attempts),
            )
            added = db.total_changes - before
            db.execute("UPDATE files SET added = ? WHERE id = ?", (added, file_id))
        return added

    def add_files(self, files: Iterable[StoredFile]) -> list[int | None]:
        """Store files in one commit, each whole or not at all. For each: how many of its
        attempts were new, None if these exact bytes were collected before."""
        with self.transaction():
            return [None if self.has_file(f.sha256) else self.add_file(*f) for f in files]

    def graded_hashes(self) -> dict[str, set[str]]:
        """For each exercise, the content hashes its stored attempts were graded with."""
        hashes: dict[str, set[str]] = {}
        for exercise_id, graded in self._db.execute(
            "SELECT DISTINCT exercise_id, graded_hash FROM attempts"
        ):
            hashes.setdefault(exercise_id, set()).add(graded)
        return hashes

    def responses_graded_with(self, exercise_id: str, graded_hash: str) -> list[tuple[int, str]]:
        return self._db.execute(
            "SELECT id, response FROM attempts WHERE exercise_id = ? AND graded_hash = ?",
            (exercise_id, graded_hash),
        ).fetchall()

    def update_grades(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Rows of (graded_hash, fits, score, max_score, status, profile, attempt id)."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE attempts SET graded_hash = ?, fits = ?, score = ?, max_score = ?,"
                " status = ?, profile = ? WHERE id = ?",
                rows,
            )

    # --- roster and rubric --------------------------------------------------------------------

    def set_roster(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Replace the roster with (learner id, name, email) rows."""
        with self.transaction() as db:
            db.execute("DELETE FROM roster")
            db.executemany("INSERT INTO roster (learner, name, email) VALUES (?, ?, ?)", rows)

    def set_rubric(
        self, learner: str, exercise: ReflectionExercise, scores: dict[str, tuple[float, str]]
    ) -> None:
        """Save a score and a comment per rubric criterion for one learner's reflection.

        KitError, nothing saved, for a learner the gradebook does not know, a criterion not
        in the exercise's rubric, or points outside 0 to the criterion's maximum.
        """
        known = self._db.execute(
            "SELECT 1 FROM roster WHERE learner = ? UNION SELECT 1 FROM attempts WHERE learner = ?",
            (learner, learner),
        ).fetchone()
        if not known:
            raise KitError(f"{learner!r} is not on the roster and has handed nothing in")
        criteria = {c.id: c for c in exercise.rubric}
        rows = []
        for criterion, (points, comment) in scores.items():
            if criterion not in criteria:
                raise KitError(
                    f"{exercise.id} has no rubric criterion {criterion!r}"
                    f" (it has: {', '.join(criteria) or 'none'})"
                )
            top = criteria[criterion].max_points
            if not 0 <= float(points) <= top:  # NaN is refused too
                raise KitError(
                    f"{exercise.id} {criterion}: {points} points is not within 0-{top:g}"
                )
            rows.append((learner, exercise.id, criterion, float(points), comment, utc_now()))
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO rubric_scores (learner, exercise_id, criterion, points,"
                " comment, scored_at) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    def rubric(self, learner: str, exercise_id: str) -> dict[str, tuple[float, str]]:
        rows = self._db.execute(
            "SELECT criterion, points, comment FROM rubric_scores WHERE learner = ? AND exercise_id = ?",
            (learner, exercise_id),
        )
        return {criterion: (points, comment) for criterion, points, comment in rows}

    def counts(self) -> dict[str, int]:
        """Rows per table, for summaries and tests."""
        tables = ("files", "attempts", "roster", "rubric_scores")
        return {t: self._db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def open_gradebook(path: Path, busy_timeout_ms: int | None = None) -> Gradebook:
    """Open (creating or upgrading) the gradebook at `path`."""
    return Gradebook(path, busy_timeout_ms)


class StoredFile(NamedTuple):
    """A collected submission file as `Gradebook.add_files` takes it."""

    sha256: str
    name: str
    learner: str
    kit_version: str
    created_at: str
    attempts: list[Graded]
