"""The gradebook file: upgrades from older schemas, rubric checks, and private trainer data."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit import migrations
from kit.cohort import collect, init_cohort, write_reports
from kit.cohort import gradebook as gradebook_module
from kit.cohort.gradebook import open_gradebook
from kit.content.schema import ReflectionExercise
from kit.errors import KitError

from .cohort_support import sample_catalog, submission, write

THINK = {"when": "at the standup today", "what": "I asked what was in the way of the work"}


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def think() -> ReflectionExercise:
    exercise = sample_catalog().exercises["m01.think"]
    assert isinstance(exercise, ReflectionExercise)
    return exercise


@pytest.fixture
def cohort(sample: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "c"
    init_cohort(folder)
    write(folder / "inbox" / "ana.json", submission("ana", [("m01.think", THINK)]))
    collect(folder)
    return folder


def test_a_version_1_gradebook_is_upgraded_and_keeps_its_rows(sample: Path, tmp_path: Path) -> None:
    path = tmp_path / "c" / "gradebook.sqlite3"
    path.parent.mkdir()
    db = sqlite3.connect(path, isolation_level=None)
    v1 = migrations.Schema(
        "gradebook", gradebook_module.APPLICATION_ID, tuple(gradebook_module.MIGRATIONS[:1])
    )
    assert migrations.migrate(db, v1) == 1
    db.execute("INSERT INTO roster VALUES ('ana', 'Ana', 'ana@example.org')")
    db.close()
    with open_gradebook(path) as book:
        assert book.counts()["roster"] == 1
        version = book.connection.execute("PRAGMA user_version").fetchone()[0]
        indexes = {
            name
            for (name,) in book.connection.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'index'"
            )
        }
        plan = " ".join(
            str(row[-1])
            for row in book.connection.execute(
                "EXPLAIN QUERY PLAN SELECT DISTINCT exercise_id, graded_hash FROM attempts"
            )
        )
    assert version == gradebook_module.SCHEMA_VERSION == 2
    assert "attempts_by_graded_hash" in indexes and "attempts_by_graded_hash" in plan


def test_a_newer_gradebook_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "gradebook.sqlite3"
    open_gradebook(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {gradebook_module.SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(KitError, match="newer than this kit"):
        open_gradebook(path)
    assert path.read_bytes() == before


def test_a_gradebook_is_not_taken_for_a_store(tmp_path: Path) -> None:
    from kit.errors import StoreError
    from kit.store import Store

    path = tmp_path / "gradebook.sqlite3"
    open_gradebook(path).close()
    with pytest.raises(StoreError, match="not a kit store"):
        Store(path)


def test_rubric_scores_are_checked_before_anything_is_saved(cohort: Path) -> None:
    exercise = think()
    with open_gradebook(cohort / "gradebook.sqlite3") as book:
        for scores, problem in [
            ({"specific": (2.5, "")}, "not within 0-2"),
            ({"specific": (-0.5, "")}, "not within 0-2"),
            ({"specific": (float("nan"), "")}, "not within 0-2"),
            ({"specific": (1.0, ""), "tone": (1.0, "")}, "no rubric criterion 'tone'"),
        ]:
            with pytest.raises(KitError, match=problem):
                book.set_rubric("ana", exercise, scores)
        with pytest.raises(KitError, match="'zed' is not on the roster"):
            book.set_rubric("zed", exercise, {"specific": (1.0, "")})
        assert book.counts()["rubric_scores"] == 0
        book.set_rubric("ana", exercise, {"specific": (2.0, "Named the standup.")})
        assert book.rubric("ana", "m01.think") == {"specific": (2.0, "Named the standup.")}


def test_trainer_data_is_private_whatever_the_umask(
    sample: Path, tmp_path: Path, umask_000: None
) -> None:
    folder = tmp_path / "c"
    init_cohort(folder)
    write(folder / "inbox" / "ana.json", submission("ana", [("m01.think", THINK)]))
    collect(folder)
    written = write_reports(folder)
    assert {p.name for p in written} >= {"cohort-report.xlsx", "lms-grades.csv", "learners.csv"}
    book = folder / "gradebook.sqlite3"
    files = [
        book,
        folder / "gradebook.sqlite3-wal",
        folder / "gradebook.sqlite3-shm",
        folder / "cohort.yaml",
        *written,
    ]
    with open_gradebook(book):  # the -wal and -shm files exist while it is open
        assert {p.name: oct(mode(p)) for p in files} == {p.name: "0o600" for p in files}
    folders = [folder, folder / "inbox", folder / "reports"]
    assert {p.name: oct(mode(p)) for p in folders} == {p.name: "0o700" for p in folders}


def test_reports_written_over_readable_old_ones_become_private(
    cohort: Path, umask_000: None
) -> None:
    out = cohort / "reports"
    write_reports(cohort)
    for path in out.iterdir():
        os.chmod(path, 0o666)
    written = write_reports(cohort)
    assert {oct(mode(p)) for p in written} == {"0o600"}


def test_a_cohort_folder_made_before_init_becomes_private(
    sample: Path, tmp_path: Path, umask_000: None
) -> None:
    folder = tmp_path / "made-by-hand"
    folder.mkdir(mode=0o777)
    init_cohort(folder)
    assert mode(folder) == 0o700


def test_without_wal_collect_uses_a_rollback_journal_and_says_so_once(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit import database

    def no_shared_memory(path: Path, timeout_s: float, same_thread: bool) -> sqlite3.Connection:
        """As on a network file system: a VFS without shared memory, where WAL cannot work."""
        uri = f"file:{path}?vfs=unix-dotfile"
        return sqlite3.connect(uri, uri=True, timeout=timeout_s, isolation_level=None)

    monkeypatch.setattr(database, "_open", no_shared_memory)
    monkeypatch.setattr(database, "_warned", set())
    cohort = tmp_path / "c"
    with pytest.warns(database.JournalWarning, match="rollback journal") as caught:
        init_cohort(cohort)
        for learner in ("ana", "bo"):
            write(cohort / "inbox" / f"{learner}.json", submission(learner, [("m01.think", THINK)]))
        report = collect(cohort)
        again = collect(cohort)
    assert len(caught) == 1
    assert len(report.collected) == 2 and len(again.already) == 2
    with open_gradebook(cohort / "gradebook.sqlite3") as book:
        assert book.journal == "delete"
        assert book.counts()["files"] == 2
