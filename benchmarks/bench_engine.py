"""Engine benchmarks: import cost and `kit.record` latency, alone and with concurrent writers.

Run:  .venv/bin/python benchmarks/bench_engine.py [--writers 8] [--answers 500] [--runs 3]

Goals: `import kit` at most 1.5x `import ipywidgets`; record p99 < 20 ms with 8 writer
processes; 0 answers lost; 0 "database is locked". The store polls for the write lock in
short random sleeps; `--compare` also times the writers waiting with SQLite's own busy
handler instead, the two taking turns.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "sample" / "exercises"

WRITER = """
import json, os, sys, time
import kit
from kit.store import Store

def busy_handler(self):
    # Wait for the write lock with SQLite's own busy handler instead of polling for it.
    self._db.execute("BEGIN IMMEDIATE")

if sys.argv[2] == "busy_handler":
    Store._begin = busy_handler
answers = int(sys.argv[1])
responses = [("m01.pick-one", "b"), ("m01.steps", ["second", "first", "third", "fourth"]),
             ("m01.sort-them", {"budget": "manage", "vision": "lead", "staff": "manage"}),
             ("m01.think", {"when": "at the standup today", "what": "I asked what was in the way"})]
kit.record(*responses[0])  # warm the catalog and the connection
times, errors = [], []
for n in range(answers):
    start = time.perf_counter()
    try:
        kit.record(*responses[n % len(responses)])
    except Exception as exc:
        errors.append(str(exc))
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps({"times": times, "errors": errors}))
"""


def import_time(statement: str, runs: int = 7) -> float:
    """Median wall time (ms) of a fresh interpreter running `statement`, minus bare start-up."""

    def once(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return (time.perf_counter() - start) * 1000

    bare = statistics.median(once("pass") for _ in range(runs))
    return statistics.median(once(statement) for _ in range(runs)) - bare


def record_latency(writers: int, answers: int, lock: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as home:
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(answers), lock],
                stdout=subprocess.PIPE,
                text=True,
                env={
                    **os.environ,
                    "KIT_HOME": home,
                    "KIT_CONTENT": str(SAMPLE),
                    "KIT_LEARNER": f"w{n}",
                },
            )
            for n in range(writers)
        ]
        outs = [json.loads(p.communicate()[0]) for p in procs]
        times = sorted(t for o in outs for t in o["times"])
        errors = [e for o in outs for e in o["errors"]]
        from kit.store import Store

        stored = len(Store(Path(home) / "kit.sqlite3").attempts())
    expected = writers * (answers + 1)
    return {
        "lock": lock,
        "writers": writers,
        "answers": writers * answers,
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 2),
        "max_ms": round(times[-1], 2),
        "lost": expected - stored,
        "locked_errors": sum("locked" in e for e in errors),
        "other_errors": sum("locked" not in e for e in errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--answers", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1, help="runs of each writer count")
    parser.add_argument("--compare", action="store_true", help="also time SQLite's busy handler")
    args = parser.parse_args()

    widgets = import_time("import ipywidgets")
    kit_only = import_time("import kit")
    kit_show = import_time(
        f"import os; os.environ['KIT_HOME'] = {tempfile.mkdtemp()!r}; "
        f"os.environ['KIT_CONTENT'] = {str(SAMPLE)!r}; import kit; kit.show('m01.pick-one')"
    )
    print(f"import ipywidgets          {widgets:7.1f} ms")
    print(f"import kit                 {kit_only:7.1f} ms  ({kit_only / widgets:.2f}x ipywidgets)")
    print(f"import kit + first show    {kit_show:7.1f} ms  ({kit_show / widgets:.2f}x ipywidgets)")
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, kit; print(sorted(m for m in ('pandas', 'nbconvert', "
            "'matplotlib', 'typst', 'ipywidgets') if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"heavy modules loaded by `import kit`: {heavy}")
    locks = ["poll", "busy_handler"] if args.compare else ["poll"]
    for writers in (1, args.writers):
        for _ in range(args.runs):
            for lock in locks:  # taking turns, so a change of load hits both
                print(json.dumps(record_latency(writers, args.answers, lock)), flush=True)


if __name__ == "__main__":
    main()
