"""Functions for tests/test_cohort_offload.py to run in a second process."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from typing import Any


def gather(tag: str, items: Iterator[Any]) -> tuple[int, str, list[Any]]:
    """The process it ran in, the tag it was given, and every item."""
    print("printed output goes to stderr, never into the result")
    return os.getpid(), tag, list(items)


def fail_after(count: int, items: Iterator[Any]) -> None:
    """Raise sqlite3's error once `count` items have come."""
    for n, _ in enumerate(items, start=1):
        if n == count:
            raise sqlite3.OperationalError("database is locked")


def die(code: int, items: Iterator[Any]) -> None:
    """Stop the process at once, as a crash would."""
    next(items)
    os._exit(code)


def note_the_end(marker: str, items: Iterator[Any]) -> None:
    """Write how the stream ended to the file `marker`."""
    try:
        for _ in items:
            pass
    except EOFError:
        with open(marker, "w", encoding="utf-8") as out:
            out.write("cut short")
        raise
    with open(marker, "w", encoding="utf-8") as out:
        out.write("whole")
