"""Benchmark: collect, grade and report a cohort of N learners x every exercise of a course.

    .venv/bin/python benchmarks/bench_cohort.py                  # 1,000 learners, sample + real course
    .venv/bin/python benchmarks/bench_cohort.py --learners 300 --course sample

For each course, submission files are generated first (not timed); then a fresh process
collects them into a new gradebook (every response graded again), writes every report (CSV,
Excel, LMS CSV), and collects the same files again (all already collected). It prints wall and
CPU seconds per phase and the peak memory (the largest RSS sum over the process tree, imports
included). In the same run it measures a floor: reading every submission's JSON and inserting
its attempts with `executemany`, with no checks and no grading.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tree_memory import wait_with_peak_rss

REPO = Path(__file__).resolve().parents[1]
COURSES = {
    "sample": REPO / "tests" / "fixtures" / "sample" / "exercises",
    "real": REPO / "exercises",
}


def generate(folder: Path, content: Path, learners: int) -> int:
    """Write a cohort folder with `learners` submission files; return the number of attempts."""
    from kit.cohort.config import init_cohort
    from kit.cohort.synthetic import learner_submission
    from kit.content.catalog import load_catalog
    from kit.handin.submission import file_name, write_submission

    catalog = load_catalog(content)
    cohort = init_cohort(folder, content=content)
    rng = random.Random(7)
    now = datetime.now(UTC) - timedelta(minutes=1)
    attempts = 0
    for n in range(learners):
        learner = f"learner{n:04d}"
        submission = learner_submission(catalog, learner, rng, now, completion=1.0)
        write_submission(submission, cohort.inbox / file_name(learner, now))
        attempts += len(submission.attempts)
    return attempts


def floor(folder: Path) -> int:
    """The least a collect can do: read every submission's JSON and insert its attempts with
    `executemany` into a fresh gradebook, no checks and no grading; return the rows inserted."""
    from kit.cohort.gradebook import ATTEMPT_COLUMNS, open_gradebook

    rows = 0
    with open_gradebook(folder / "floor.sqlite3") as book, book.transaction() as db:
        for n, path in enumerate(sorted((folder / "inbox").glob("*.json"))):
            data = json.loads(path.read_bytes())
            db.execute(
                "INSERT INTO files (sha256, name, learner, kit_version, created_at,"
                " collected_at, attempts, added) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                (str(n), path.name, data["learner"], data["kit_version"], data["created_at"],
                 data["created_at"], len(data["attempts"])),
            )  # fmt: skip
            attempts = [
                (data["learner"], a["exercise_id"], a["exercise_id"][1:3], a["time"],
                 json.dumps(a["response"]), a["content_hash"], a["content_hash"], 1, 0.0, 1.0,
                 "ungraded", None, n + 1)
                for a in data["attempts"]
            ]  # fmt: skip
            db.executemany(
                f"INSERT INTO attempts ({ATTEMPT_COLUMNS}) VALUES ({', '.join('?' * 13)})",
                attempts,
            )
            rows += len(attempts)
    return rows


def timed_run(folder: Path) -> dict[str, float]:
    """Collect, report and collect again in this process; print timings as JSON."""
    marks: dict[str, float] = {}

    def cpu_time() -> float:
        used = os.times()
        return used.user + used.system + used.children_user + used.children_system

    def mark(name: str, wall: float, cpu: float) -> None:
        marks[f"{name}_wall_s"] = round(time.perf_counter() - wall, 3)
        marks[f"{name}_cpu_s"] = round(cpu_time() - cpu, 3)

    wall, cpu = time.perf_counter(), cpu_time()
    from kit.cohort.collector import collect
    from kit.cohort.export import write_reports

    mark("import", wall, cpu)
    wall, cpu = time.perf_counter(), cpu_time()
    report = collect(folder)
    assert not report.refused, report.refused[:3]
    marks["attempts_added"] = report.added
    mark("collect", wall, cpu)
    wall, cpu = time.perf_counter(), cpu_time()
    write_reports(folder)
    mark("report", wall, cpu)
    wall, cpu = time.perf_counter(), cpu_time()
    again = collect(folder)
    assert again.added == 0 and len(again.already) == len(report.collected)
    mark("recollect", wall, cpu)
    wall, cpu = time.perf_counter(), cpu_time()
    assert floor(folder) == report.added
    mark("floor", wall, cpu)
    return marks


def timed_in_fresh_process(template: Path, work: Path) -> tuple[dict[str, float], float]:
    """Copy the generated cohort to `work`, run `timed_run` there in a new process; return its
    marks and the peak memory of its process tree (MiB)."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(template, work)
    run = subprocess.Popen(
        [sys.executable, __file__, "--run", str(work / "cohort")],
        stdout=subprocess.PIPE,
        env={"KIT_HOME": str(work / "home"), "PATH": "/usr/bin:/bin"},
    )
    peak = wait_with_peak_rss(run)
    out, _ = run.communicate()
    if run.returncode != 0:
        raise SystemExit(f"the timed run failed (exit code {run.returncode})")
    return json.loads(out), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--course", choices=["sample", "real", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the median is shown")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(timed_run(args.run)))
        return
    names = ["sample", "real"] if args.course == "both" else [args.course]
    for name in names:
        content = COURSES[name]
        if not (content / "course.yaml").is_file() or not list(content.glob("[0-9][0-9]-*.yaml")):
            print(f"{name}: no course content at {content}; skipped")
            continue
        with tempfile.TemporaryDirectory(prefix="bench-cohort-") as tmp:
            template = Path(tmp) / "template"
            t0 = time.perf_counter()
            attempts = generate(template / "cohort", content, args.learners)
            gen = time.perf_counter() - t0
            runs = [timed_in_fresh_process(template, Path(tmp) / "run") for _ in range(args.runs)]
        from kit.content.catalog import load_catalog

        exercises = len(load_catalog(content).exercises)
        print(
            f"{name}: {args.learners} learners x {exercises} exercises = {attempts} attempts"
            f" (generated in {gen:.1f} s); median of {args.runs} run(s)"
        )
        report_line(runs)


def report_line(runs: list[tuple[dict[str, float], float]]) -> None:
    """Print the median run, by collect + report wall time."""
    totals = [m["collect_wall_s"] + m["report_wall_s"] for m, _ in runs]
    marks, peak = runs[totals.index(statistics.median_low(totals))]
    total = marks["collect_wall_s"] + marks["report_wall_s"]
    total_cpu = marks["collect_cpu_s"] + marks["report_cpu_s"]
    floors = sorted(m["floor_wall_s"] for m, _ in runs)
    print(
        f"  totals {', '.join(f'{t:.2f}' for t in totals)} s\n"
        f"  collect+grade {marks['collect_wall_s']:.2f} s wall / {marks['collect_cpu_s']:.2f} s CPU,"
        f" report (CSV+Excel+LMS) {marks['report_wall_s']:.2f} s / {marks['report_cpu_s']:.2f} s,"
        f" total {total:.2f} s wall / {total_cpu:.2f} s CPU\n"
        f"  collect again (nothing new) {marks['recollect_wall_s']:.2f} s,"
        f" imports {marks['import_wall_s']:.2f} s, peak memory {peak:.0f} MiB\n"
        f"  floor (read JSON + executemany, no checks or grading)"
        f" {statistics.median(floors):.2f} s; collect is"
        f" {marks['collect_wall_s'] / statistics.median(floors):.1f}x the floor"
    )


if __name__ == "__main__":
    main()
