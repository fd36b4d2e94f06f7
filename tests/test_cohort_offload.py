"""Work handed to a second process: its items, result and errors are as if it ran here."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kit.cohort import offload
from kit.cohort.excel import write_workbook
from kit.cohort.offload import Offload
from kit.errors import KitError

from .conftest import REPO

TARGETS = "tests.offload_targets"


@pytest.fixture(autouse=True)
def at_the_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second process imports the test targets from the working folder."""
    monkeypatch.chdir(REPO)


@pytest.fixture
def no_second_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offload.sys, "executable", str(REPO / "no-such-python"))


def test_items_reach_the_function_whole_and_in_order_in_another_process() -> None:
    items = [{"n": n, "text": "x" * n} for n in range(300)]  # more than a pipe holds at once
    with Offload(f"{TARGETS}:gather", "tag") as work:
        for item in items:
            work.send(item)
        work.end()
        pid, tag, got = work.finish()
    assert pid != os.getpid()
    assert (tag, got) == ("tag", items)


@pytest.mark.usefixtures("no_second_process")
def test_without_a_second_process_the_same_call_runs_here() -> None:
    with Offload(f"{TARGETS}:gather", "tag") as work:
        work.send(1)
        work.send(2)
        assert work.finish() == (os.getpid(), "tag", [1, 2])


def test_on_a_single_core_the_call_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offload, "usable_cores", lambda: 1)
    with Offload(f"{TARGETS}:gather", "tag") as work:
        work.send(1)
        assert work.finish() == (os.getpid(), "tag", [1])


def test_the_functions_exception_comes_back_with_its_type() -> None:
    with (
        pytest.raises(sqlite3.OperationalError, match="database is locked"),
        Offload(f"{TARGETS}:fail_after", 3) as work,
    ):
        for n in range(1000):  # sending on after the failure neither hangs nor breaks
            work.send(n)
        work.finish()


def test_a_second_process_that_dies_is_one_clear_error() -> None:
    with (
        pytest.raises(KitError, match=r"offload_targets:die stopped \(exit code 3\)"),
        Offload(f"{TARGETS}:die", 3) as work,
    ):
        work.send("x")
        work.finish()


def test_leaving_early_cuts_the_stream_short_so_the_function_cleans_up(tmp_path: Path) -> None:
    marker = tmp_path / "ended"
    with pytest.raises(RuntimeError), Offload(f"{TARGETS}:note_the_end", str(marker)) as work:
        work.send("one")
        raise RuntimeError("the caller failed")
    assert marker.read_text() == "cut short"
    with Offload(f"{TARGETS}:note_the_end", str(marker)) as work:
        work.send("one")
        work.finish()
    assert marker.read_text() == "whole"


def test_a_workbook_cut_short_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    target = f"{write_workbook.__module__}:write_workbook"
    with pytest.raises(RuntimeError), Offload(target, path, ["a", "b"]) as excel:
        excel.send(("a", ["h"], [("v",)]))
        raise RuntimeError("the caller failed")
    assert list(tmp_path.iterdir()) == []


def test_workbook_sheets_keep_their_order_whatever_order_they_come_in(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    sheets = [("b", ["x"], [(2.5,), (None,), ("=1+1",)]), ("a", ["y", "z"], [("t", True)])]
    with Offload("kit.cohort.excel:write_workbook", path, ["a", "b"]) as excel:
        for sheet in sheets:
            excel.send(sheet)
        assert excel.finish() == path
    book = load_workbook(path)
    assert book.sheetnames == ["a", "b"]
    assert [[c.value for c in row] for row in book["b"].iter_rows()] == [
        ["x"],
        [2.5],
        [None],
        ["=1+1"],
    ]
    assert book["b"]["A4"].data_type == "s", "text that looks like a formula stays text"
    assert [c.value for c in book["a"][2]] == ["t", True]


def test_sending_to_a_failed_function_stops_early_with_its_error() -> None:
    deadline = time.monotonic() + 10
    with pytest.raises(sqlite3.OperationalError), Offload(f"{TARGETS}:fail_after", 1) as work:
        while time.monotonic() < deadline:  # without the early stop: 10 s of sending in vain
            work.send("item")
            time.sleep(0.001)
    assert time.monotonic() < deadline
