"""Benchmark: 10,000 xAPI statements from a learner's outbox to a real LRS (ralph, file-system
back end) that is stopped part way and started again.

    .venv/bin/python benchmarks/bench_xapi.py                  # 10,000 statements
    .venv/bin/python benchmarks/bench_xapi.py --statements 2000

A store is filled with attempts at the sample course's exercises and their statements queued
(not timed). Then the kit's sender delivers the outbox in batches (`send_waiting`, again after
a 0.5 s pause whenever the LRS is away) while the LRS is stopped once a third has gone and
started again 3 s later. Printed: seconds, statements a second, and, read back through the
LRS's API and its file, how many were lost and how many stored twice. Needs
`python -m tests.prepare` (ralph in its own virtual environment).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        os.environ.update(
            KIT_HOME=str(base / "home"),
            KIT_LEARNER="bench-learner",
            KIT_CONTENT=str(REPO / "tests" / "fixtures" / "sample" / "exercises"),
        )
        from kit import __version__
        from kit.content.catalog import content_hash, load_catalog
        from kit.grading import grade
        from kit.interop.xapi.config import xapi_config
        from kit.interop.xapi.queue import queue_new
        from kit.interop.xapi.sender import send_waiting
        from kit.store import open_store
        from tests.lrs import HOMEPAGE, PASSWORD, USER, Ralph

        lrs = Ralph(base / "lrs")
        os.environ.update(KIT_XAPI_ENDPOINT=lrs.url, KIT_XAPI_USERNAME=USER,
                          KIT_XAPI_PASSWORD=PASSWORD, KIT_XAPI_HOMEPAGE=HOMEPAGE)  # fmt: skip
        config = xapi_config()
        assert config is not None
        catalog = load_catalog()
        store = open_store()
        exercise = catalog.exercise("m01.situation")
        responses = [o.id for o in exercise.options]
        start = datetime.now(UTC) - timedelta(days=1)
        t0 = time.perf_counter()
        store._db.execute("PRAGMA synchronous = NORMAL")  # filling only; the kit uses FULL
        for n in range(args.statements):
            response = responses[n % len(responses)]
            moment = (start + timedelta(milliseconds=n)).isoformat(timespec="microseconds")
            store.add_attempt("bench-learner", exercise.id, content_hash(exercise), response,
                              grade(exercise, response), __version__, moment)  # fmt: skip
        store._db.execute("PRAGMA synchronous = FULL")
        queued = queue_new(store, catalog, "bench-learner", config)
        print(f"{queued} statements queued in {time.perf_counter() - t0:.1f} s (not timed)")

        lrs.start()
        done = threading.Event()
        outages: list[str] = []

        def deliver() -> None:
            while True:
                report = send_waiting(store, config)
                if report.error:
                    outages.append(report.error)
                    time.sleep(0.5)
                elif not report.waiting:
                    done.set()
                    return

        t0 = time.perf_counter()
        sender = threading.Thread(target=deliver, daemon=True)
        sender.start()
        while store.outbox_counts()[2] < queued // 3:
            time.sleep(0.05)
        lrs.stop()
        stopped = time.perf_counter() - t0
        time.sleep(3)
        lrs.start()
        restarted = time.perf_counter() - t0
        done.wait(3600)
        seconds = time.perf_counter() - t0
        held = {s["id"] for s in lrs.statements()}
        ours = {row[0] for row in store._read("SELECT id FROM outbox")}
        lines = lrs.stored_lines()
        lrs.stop()
        print(
            f"{queued} statements delivered in {seconds:.1f} s ({queued / seconds:.0f} a second,"
            f" the LRS down from {stopped:.1f} s to {restarted:.1f} s; {len(outages)} rounds"
            f" found it away)"
        )
        print(f"lost: {len(ours - held)}; stored twice: {lines - len(held)};"
              f" in the LRS: {len(held)}; outbox waiting: {store.outbox_counts()[0]}")  # fmt: skip
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
