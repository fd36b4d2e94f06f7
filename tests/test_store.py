"""The SQLite store: append-only attempts, durability, migrations, and damaged or busy files."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit import database, migrations
from kit import store as store_module
from kit.errors import StoreError
from kit.result import Result
from kit.store import SCHEMA_VERSION, STORE_FILE, Store, open_store

RESULT = Result("m01.pick-one", "choice", 1.0, 1.0, "correct", ("Right.",))


def add(store: Store, learner: str = "ana", exercise: str = "m01.pick-one", response: object = "b"):
    return store.add_attempt(learner, exercise, "hash1", response, RESULT, "0.1.0")


def test_attempts_are_appended_never_overwritten(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    first = add(store, response="a")
    second = add(store, response="b")
    assert [a.response for a in store.attempts("ana", "m01.pick-one")] == ["a", "b"]
    assert store.latest("ana", "m01.pick-one") == second
    assert first.id < second.id
    assert store.summary("ana") == {"m01.pick-one": (second, 2)}


def test_an_attempt_is_on_disk_when_add_returns(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    attempt = add(Store(path), response={"ünïcode": "Zoë <b>"})
    other = sqlite3.connect(path)  # a second connection, as another process would see it
    row = other.execute(
        "SELECT learner, response, created_at, kit_version FROM attempts"
    ).fetchone()
    assert row == ("ana", '{"ünïcode": "Zoë <b>"}', attempt.created_at, "0.1.0")
    assert attempt.created_at.endswith("+00:00")  # UTC


def test_wal_busy_timeout_and_schema_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    db = store._db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_reopening_keeps_data_and_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    add(Store(path))
    assert len(Store(path).attempts()) == 1


def test_a_newer_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer than this kit"):
        Store(path)
    assert path.read_bytes() == before


def test_a_damaged_store_gives_a_clear_error_and_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="damaged or is not a kit store; it was left untouched"):
        Store(path)
    assert path.read_bytes() == before


def test_a_locked_store_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kit.store.BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "s.sqlite3"
    store = Store(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="another program is holding the store"):
            add(store)
    finally:
        blocker.execute("ROLLBACK")
    add(store)
    assert len(store.attempts()) == 1


def test_settings(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    assert store.get_setting("learner_name") is None
    store.set_setting("learner_name", "Zoë")
    store.set_setting("learner_name", "Zoë Ngũgĩ")
    assert Store(tmp_path / "s.sqlite3").get_setting("learner_name") == "Zoë Ngũgĩ"


def test_location_follows_kit_home(kit_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert store_module.kit_home() == kit_home
    assert open_store().path == (kit_home / STORE_FILE).resolve()
    monkeypatch.delenv("KIT_HOME")
    assert "leadership-kit" in str(store_module.kit_home())


WRITER = """
import sys
from kit.result import Result
from kit.store import Store
store = Store(sys.argv[1])
result = Result("m01.x", "choice", 1.0, 1.0, "correct")
for n in range(int(sys.argv[3])):
    store.add_attempt(sys.argv[2], "m01.x", "h", n, result, "0.1.0")
"""


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"w{n}", "60"]) for n in range(4)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    attempts = Store(path).attempts()
    assert len(attempts) == 240
    for n in range(4):
        assert [a.response for a in attempts if a.learner == f"w{n}"] == list(range(60))


def test_a_store_opened_in_one_thread_serves_another(tmp_path: Path) -> None:
    """In a kernel, a widget's store is opened while a cell runs and used again when its
    Check message arrives, on another thread."""
    from concurrent.futures import ThreadPoolExecutor

    store = Store(tmp_path / STORE_FILE)
    add(store, response="a")
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda n: add(store, response=str(n)), range(20)))
        seen = pool.submit(lambda: len(store.attempts("ana"))).result()
    assert seen == 21
    store.close()


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_store_and_its_wal_files_are_private_whatever_the_umask(
    kit_home: Path, umask_000: None
) -> None:
    store = open_store()
    add(store)
    wal, shm = (kit_home / f"{STORE_FILE}-wal", kit_home / f"{STORE_FILE}-shm")
    assert wal.exists() and shm.exists()
    assert {p.name: mode(p) for p in (kit_home / STORE_FILE, wal, shm)} == {
        STORE_FILE: 0o600,
        f"{STORE_FILE}-wal": 0o600,
        f"{STORE_FILE}-shm": 0o600,
    }
    assert mode(kit_home) == 0o700, "KIT_HOME made by the kit"


def test_a_store_made_readable_before_is_made_private(tmp_path: Path, umask_000: None) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    path = folder / STORE_FILE
    add(Store(path))
    os.chmod(path, 0o644)
    assert len(Store(path).attempts()) == 1
    assert mode(path) == 0o600
    assert mode(folder) == 0o755, "a folder the kit did not make is left alone"


def old_store(path: Path, version: int, mark: int = 0) -> None:
    """A store as the kit made it at schema `version` (before stores were marked: mark 0)."""
    db = sqlite3.connect(path, isolation_level=None)
    steps = tuple(store_module.MIGRATIONS[:version])
    old = migrations.Schema("store", mark, steps, unmarked=0 if mark else version)
    migrations.migrate(db, old)
    db.execute(
        "INSERT INTO attempts (learner, exercise_id, content_hash, response, result,"
        " created_at, kit_version) VALUES ('ana', 'm01.pick-one', 'h', '\"b\"', ?, 't', '0.1')",
        (json.dumps(RESULT.to_dict()),),
    )
    db.close()


def test_a_version_1_store_is_upgraded_and_keeps_its_answers(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    old_store(path, 1)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert db.execute("PRAGMA application_id").fetchone()[0] == 0
    db.close()
    store = Store(path)
    [attempt] = store.attempts("ana")
    assert attempt.response == "b" and attempt.result == RESULT
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == store_module.APPLICATION_ID


def test_a_version_3_store_gets_an_empty_outbox_and_keeps_its_answers(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    old_store(path, 3, store_module.APPLICATION_ID)
    store = Store(path)
    [attempt] = store.attempts("ana")
    assert attempt.response == "b"
    assert store.outbox_counts() == (0, 0, 0)
    assert store.queue_statements([("s1", "ana", "{}", "t")]) == 1
    assert store.queue_statements([("s1", "ana", "{}", "t")]) == 0  # queued once
    assert store.outbox_counts() == (1, 0, 0)


def test_a_file_that_is_not_a_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (text TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a kit store"):
        Store(path)
    assert path.read_bytes() == before


def test_without_wal_the_store_uses_a_rollback_journal_and_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_shared_memory(path: Path, timeout_s: float, same_thread: bool) -> sqlite3.Connection:
        """As on a network file system: a VFS without shared memory, where WAL cannot work."""
        return sqlite3.connect(
            f"file:{path}?vfs=unix-dotfile",
            uri=True,
            timeout=timeout_s,
            isolation_level=None,
            check_same_thread=same_thread,
        )

    monkeypatch.setattr(database, "_open", no_shared_memory)
    path = tmp_path / STORE_FILE
    with pytest.warns(database.JournalWarning, match="WAL does not work") as caught:
        store = Store(path)
        again = Store(path)
    assert len(caught) == 1
    assert store.journal == again.journal == "delete"
    add(store)
    add(again)
    assert len(Store(path).attempts()) == 2
    assert not (tmp_path / f"{STORE_FILE}-wal").exists()


def test_nan_is_never_written_to_the_store(tmp_path: Path) -> None:
    store = Store(tmp_path / STORE_FILE)
    with pytest.raises(StoreError, match="Out of range float"):
        add(store, exercise="m01.profile", response={"x1": float("nan")})
    assert store.attempts() == []
