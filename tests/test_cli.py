"""The `kit` command through a real subprocess: help, output, and one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SAMPLE

KIT = [sys.executable, "-m", "kit.cli"]


def kit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KIT, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


@pytest.mark.parametrize(
    "verb",
    [
        "check",
        "progress",
        "record",
        "whoami",
        "schema",
        "submit",
        "share",
        "handout",
        "cohort",
        "handout workbook",
        "cohort collect",
        "lab",
        "app",
    ],
)
def test_every_verb_has_help(verb: str) -> None:
    out = kit(*verb.split(), "--help")
    assert out.returncode == 0 and "Usage:" in out.stdout


def test_record_then_progress_as_json(sample: Path) -> None:
    out = kit("record", "m01.situation", '"wait"')
    assert out.returncode == 0 and out.stdout.startswith("Partly right (1/2)")
    data = json.loads(kit("progress", "--json").stdout)
    assert data["learner"] == "tester" and data["answered"] == 1
    [row] = [r for r in data["rows"] if r["exercise_id"] == "m01.situation"]
    assert (row["status"], row["score"], row["attempts"]) == ("partial", 1.0, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["record", "m01.situaton", '"ask"'],
            "no exercise 'm01.situaton'; did you mean m01.situation",
        ),
        (["record", "m01.situation", '"nope"'], "unknown option 'nope'"),
        (["record", "m01.situation", "{not json"], "RESPONSE_JSON is not valid JSON"),
        (
            ["record", "m01.profile", '{"x1": NaN, "y1": 2, "z1": 1, "x2": 1}'],
            "this answer cannot be saved: Out of range float values",
        ),
        (["progress", "--module", "09"], "no module '09'"),
    ],
)
def test_errors_are_one_line_and_non_zero(sample: Path, args: list[str], message: str) -> None:
    out = kit(*args)
    assert out.returncode != 0
    assert message in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) <= 3


def test_check_passes_on_the_sample_and_fails_on_a_broken_copy(tmp_path: Path) -> None:
    assert kit("check", str(SAMPLE / "exercises")).returncode == 0
    shutil.copytree(SAMPLE, tmp_path / "course")
    path = tmp_path / "course" / "exercises" / "01-sample.yaml"
    lines = path.read_text().splitlines()
    n = next(i for i, line in enumerate(lines) if "prompt: Put the steps in order." in line)
    lines[n] = "    prompt: ''"
    path.write_text("\n".join(lines) + "\n")
    out = kit("check", str(tmp_path / "course"))
    assert out.returncode == 1
    assert out.stdout.strip() == (
        f"{path}:{n + 1}: m01.steps: prompt: String should have at least 1 character"
    )


def test_a_damaged_store_is_one_line_error(sample: Path, kit_home: Path) -> None:
    kit_home.mkdir(parents=True)
    (kit_home / "kit.sqlite3").write_text("not sqlite" * 100)
    out = kit("progress")
    assert out.returncode == 1 and "damaged" in out.stderr and "Traceback" not in out.stderr
