"""Helpers for the cohort tests: submission dicts by hand, and a set of hostile files."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kit.content.catalog import Catalog, content_hash, load_catalog

from .conftest import SAMPLE

NOW = datetime.now(UTC)


def sample_catalog() -> Catalog:
    return load_catalog(SAMPLE / "exercises")


def at(minutes_ago: float) -> str:
    return (NOW - timedelta(minutes=minutes_ago)).isoformat(timespec="microseconds")


def submission(learner: str, attempts: list[tuple[str, Any]], **extra: Any) -> dict[str, Any]:
    """A valid submission dict: attempts are (exercise id, response), a minute apart."""
    catalog = sample_catalog()
    data: dict[str, Any] = {
        "format": "leadership-kit-submission",
        "version": 1,
        "learner": learner,
        "kit_version": "0.1.0",
        "created_at": at(1),
        "course": catalog.course.title,
        "content": {e.id: content_hash(e) for e in catalog.exercises.values()},
        "attempts": [
            {
                "exercise_id": exercise_id,
                "content_hash": catalog.hash_of(exercise_id)
                if exercise_id in catalog.exercises
                else "0" * 16,
                "time": at(100 - n),
                "response": response,
            }
            for n, (exercise_id, response) in enumerate(attempts)
        ],
    }
    data.update(extra)
    return data


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


GOOD = [("m01.pick-one", "b"), ("m01.situation", "wait")]


def hostile_files(folder: Path) -> dict[str, str]:
    """Write bad submission files into `folder`; return {file name: expected reason part}."""
    expected: dict[str, str] = {}

    def bad(name: str, reason: str, data: Any = None, raw: bytes | None = None) -> None:
        path = folder / f"{name}.json"
        if raw is not None:
            path.write_bytes(raw)
        else:
            write(path, data)
        expected[path.name] = reason

    def raw(rating: float) -> bytes:
        """A file whose likert rating is `rating`, as json.dumps writes it (NaN, Infinity)."""
        scores = {"x1": rating, "y1": 2, "z1": 1, "x2": 1}
        return json.dumps(submission("mallory", [("m01.profile", scores)])).encode()

    def attempt_edit(**changes: Any) -> dict[str, Any]:
        data = submission("mallory", GOOD)
        data["attempts"][0].update(changes)
        return data

    bad("not-json", "invalid JSON", raw=b'{"format": "leadership-kit-submission",')
    bad("not-utf8", "not UTF-8", raw=b'{"learner": "\xff\xfe"}')
    bad("a-list", "not a JSON object", raw=b"[1, 2, 3]")
    bad("deep", "invalid JSON", raw=b"[" * 100_000 + b"]" * 100_000)
    bad("huge-number", "invalid JSON", raw=b'{"version": ' + b"9" * 5000 + b"}")
    bad("other-format", "not a submission file", {"format": "nbgrader", "version": 1})
    bad("version-2", "unknown submission format version 2", submission("mallory", GOOD, version=2))
    bad("extra-field", "unknown field 'score'", submission("mallory", GOOD, score=100))
    bad("attempt-score", "unknown field 'score' at attempts.0.score", attempt_edit(score=1))
    bad("slash", "bad learner id", submission("../etc/passwd", GOOD))
    bad("backslash", "bad learner id", submission("a\\b", GOOD))
    bad("control", "bad learner id", submission("bob\x1b[31m", GOOD))
    bad("bidi", "bad learner id", submission("bob\u202eevil", GOOD))
    bad("long", "bad learner id", submission("x" * 65, GOOD))
    bad("padded", "bad learner id", submission(" bob", GOOD))
    bad("not-text", "bad learner id", submission(["bob"], GOOD))
    dup = submission("mallory", GOOD)
    dup["attempts"].append(dict(dup["attempts"][0]))
    bad("duplicate", "duplicate attempt 2", dup)
    bad(
        "unknown-exercise",
        "unknown exercise id 'm09.nope'",
        submission("mallory", [("m09.nope", "a")]),
    )
    bad("wrong-shape", "wrong shape", submission("mallory", [*GOOD, ("m01.pick-one", ["b"])]))
    bad("unhashable", "wrong shape", submission("mallory", [("m01.sort-them", {"budget": [], "vision": "lead", "staff": "manage"})]))  # fmt: skip
    bad("future", "in the future", attempt_edit(time=(NOW + timedelta(days=1)).isoformat()))
    bad("future-file", "in the future", submission("mallory", GOOD, created_at="2999-01-01T00:00:00+00:00"))  # fmt: skip
    bad("no-zone", "no time zone", attempt_edit(time="2024-01-01T10:00:00"))
    bad("bad-time", "bad time", attempt_edit(time="yesterday"))
    bad("bad-hash", "invalid attempts.0.content_hash", attempt_edit(content_hash="../../x"))
    nan = {"x1": float("nan"), "y1": 2, "z1": 1, "x2": 1}  # NaN passes every range check
    bad("nan", "NaN is not a number JSON allows", submission("mallory", [("m01.profile", nan)]))
    bad("infinity", "Infinity is not a number JSON allows", raw=raw(-float("inf")))
    bad(
        "overflow",
        "the number 1e999 is out of range",
        raw=raw(1e999).replace(b"Infinity", b"1e999"),
    )
    big = submission("mallory", [("m01.think", {"when": "x " * 3_000_000, "what": "y"})])
    bad("too-big", "over the size limit", big)

    target = folder / "symlink-target.txt"
    target.write_text(json.dumps(submission("learner0001", GOOD)))
    (folder / "symlink.json").symlink_to(target)
    expected["symlink.json"] = "symbolic link"
    (folder / "a-folder.json").mkdir()
    expected["a-folder.json"] = "not a regular file"
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.json")
        expected["fifo.json"] = "not a regular file"
    return expected


def mark_private(exercises: Path, ids: set[str]) -> None:
    """Mark the exercises `ids` private in the exercise files of a content folder (a line
    `private: true` after each one's id, so the files keep their layout), unless they are."""
    import re

    already = {i for i, e in load_catalog(exercises).exercises.items() if e.private}
    found: set[str] = set(ids & already)
    for path in sorted(exercises.glob("[0-9][0-9]-*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        out = []
        for line in lines:
            out.append(line)
            match = re.fullmatch(r"(\s*)- id: ['\"]?([\w.-]+)['\"]?\s*", line)
            if match and match[2] in ids - already:
                out.append(f"{match[1]}  private: true\n")
                found.add(match[2])
        path.write_text("".join(out), encoding="utf-8")
    assert found == ids, f"no such exercises: {ids - found}"
    marked = {i for i, e in load_catalog(exercises).exercises.items() if e.private}
    assert ids <= marked, f"not marked: {ids - marked}"


PRIVATE = {"m01.profile", "m01.think"}  # in the sample course


def private_sample(root: Path) -> Path:
    """A copy of the sample course with PRIVATE marked private; returns its exercises folder."""
    import shutil

    shutil.copytree(SAMPLE, root, dirs_exist_ok=True)
    mark_private(root / "exercises", PRIVATE)
    return root / "exercises"
