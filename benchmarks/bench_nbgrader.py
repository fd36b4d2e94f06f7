"""Benchmark: nbgrader's autograde beside `kit cohort collect`, on the same learners' answers.

    .venv/bin/python benchmarks/bench_nbgrader.py [--learners 10] [--course real|sample] [--venv DIR]

nbgrader goes into a throwaway virtual environment (or into DIR, kept for the next run). Its
assignment mirrors the course: per exercise, an answer cell and an autograded test cell. Each made-up learner answers every exercise once; their latest answers fill their
notebook, and all their attempts go into their kit submission file. nbgrader's `autograde`
runs every notebook in a kernel; `kit cohort collect` grades every submission file again.
Both run as one command over all learners; the script prints wall seconds per submission.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from kit.cohort.config import init_cohort
from kit.cohort.data import load
from kit.cohort.synthetic import learner_submission
from kit.content.catalog import Catalog, load_catalog
from kit.handin.submission import Submission, file_name, write_submission

REPO = Path(__file__).resolve().parents[1]
COURSES = {
    "real": REPO / "exercises",
    "sample": REPO / "tests" / "fixtures" / "sample" / "exercises",
}
ASSIGNMENT = "ps1"


def nbgrader_venv(folder: Path) -> Path:
    """The `nbgrader` command of a virtual environment in `folder`, installed if missing."""
    command = folder / "bin" / "nbgrader"
    if not command.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "nbgrader", "ipykernel"], check=True)
    return command


def nbgrader_env(command: Path) -> dict[str, str]:
    return {**os.environ, "PATH": f"{command.parent}{os.pathsep}{os.environ['PATH']}"}


def nbgrader(command: Path, course: Path, *args: str) -> None:
    done = subprocess.run(
        [str(command), *args], cwd=course, env=nbgrader_env(command), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def source_notebook(catalog: Catalog) -> Any:
    """Per exercise an answer cell (a solution to fill in) and an autograded test cell."""
    cells = []
    for n, exercise in enumerate(catalog.exercises.values()):
        answer = {"grade": False, "solution": True, "locked": False, "grade_id": f"answer-{n}"}
        test = {"grade": True, "solution": False, "locked": True, "grade_id": f"test-{n}",
                "points": max(exercise.points, 0.5)}  # fmt: skip
        cells += [
            new_code_cell(
                f"### BEGIN SOLUTION\nanswer_{n} = 'an answer'\n### END SOLUTION",
                metadata={"nbgrader": {**answer, "task": False, "schema_version": 3}},
            ),
            new_code_cell(
                f"assert answer_{n} is not None",
                metadata={"nbgrader": {**test, "task": False, "schema_version": 3}},
            ),
        ]
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return new_notebook(cells=cells, metadata={"kernelspec": kernel})


def handed_in(released: Any, catalog: Catalog, submission: Submission) -> Any:
    """The released notebook with a learner's latest answer in each answer cell."""
    latest = {a["exercise_id"]: a["response"] for a in sorted(submission.attempts, key=_time)}
    answers = iter([latest.get(e) for e in catalog.exercises])
    filled = copy.deepcopy(released)
    for n, cell in enumerate(c for c in filled.cells if c.metadata["nbgrader"]["solution"]):
        cell.source = f"answer_{n} = {next(answers)!r}"
    return filled


def _time(attempt: Any) -> str:
    return str(attempt["time"])


def build(root: Path, catalog: Catalog, learners: int, command: Path) -> Path:
    """An nbgrader course and a kit cohort with the same learners; returns the cohort folder."""
    course = root / "nbgrader"
    source = course / "source" / ASSIGNMENT / "ps1.ipynb"
    source.parent.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'bench'\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.db_url = 'sqlite:///{course / 'gradebook.db'}'\n"
    )
    nbformat.write(source_notebook(catalog), source)
    nbgrader(command, course, "db", "assignment", "add", ASSIGNMENT)
    nbgrader(command, course, "generate_assignment", ASSIGNMENT, "--force")
    released = nbformat.read(course / "release" / ASSIGNMENT / "ps1.ipynb", as_version=4)
    cohort = init_cohort(root / "kit", content=catalog.root)
    rng = random.Random(3)
    now = datetime.now(UTC) - timedelta(minutes=1)
    for n in range(learners):
        learner = f"learner{n:04d}"
        submission = learner_submission(catalog, learner, rng, now, completion=1.0)
        write_submission(submission, cohort.inbox / file_name(learner, now))
        nbgrader(command, course, "db", "student", "add", learner)
        folder = course / "submitted" / learner / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(handed_in(released, catalog, submission), folder / "ps1.ipynb")
        (folder / "timestamp.txt").write_text("2025-03-01 10:00:00.000000 UTC")
    return cohort.root


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10)
    parser.add_argument("--course", choices=list(COURSES), default="real")
    parser.add_argument("--venv", type=Path, help="keep nbgrader's environment here")
    args = parser.parse_args()
    catalog = load_catalog(COURSES[args.course])
    with tempfile.TemporaryDirectory(prefix="bench-nbgrader-") as tmp:
        root = Path(tmp)
        command = nbgrader_venv(args.venv or root / "venv")
        cohort = build(root, catalog, args.learners, command)
        autograde = [str(command), "autograde", ASSIGNMENT, "--force"]
        theirs = timed(autograde, root / "nbgrader", nbgrader_env(command))
        graded = list((root / "nbgrader" / "autograded").glob(f"*/{ASSIGNMENT}/ps1.ipynb"))
        assert len(graded) == args.learners, f"nbgrader graded {len(graded)} notebooks"
        collect = [sys.executable, "-m", "kit.cli", "cohort", "collect", str(cohort), "-q"]
        ours = timed(collect, REPO)
        assert len(load(cohort).files) == args.learners, "kit collected too few files"
    n = args.learners
    print(
        f"{n} learners x {len(catalog.exercises)} exercises ({args.course} course)\n"
        f"  nbgrader autograde: {theirs:.1f} s, {theirs / n:.2f} s per submission\n"
        f"  kit cohort collect: {ours:.2f} s, {ours / n:.3f} s per submission"
        f" ({theirs / ours:.0f}x faster), start-up included"
    )


if __name__ == "__main__":
    main()
