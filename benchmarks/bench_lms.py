"""Benchmark: the grades of N learners pushed to an LMS (LTI AGS), then pushed again.

    .venv/bin/python benchmarks/bench_lms.py                 # 1,000 learners, the real course
    .venv/bin/python benchmarks/bench_lms.py --learners 200

A made-up cohort is generated and collected first (not timed). The LTI platform simulator of
the tests runs on loopback in this process and publishes the tool's JWKS; every token request
is checked against it and every score against the AGS format. Timed: `kit cohort lms push`'s
work (members, line items, results, scores), the first push and a second one, which must post
nothing. Printed: seconds, requests, scores posted and duplicates.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.lms_support import course_of, lms_cohort, publish, tool_jwks  # noqa: E402
from tests.lti_platform import Platform, Running  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=1000)
    args = parser.parse_args()
    from kit.interop.lti.ags import push

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        os.environ["KIT_HOME"] = str(base / "home")
        running = Running(Platform())
        www = base / "www"
        www.mkdir()
        served = publish(www)
        try:
            t0 = time.perf_counter()
            cohort = lms_cohort(base / "cohort", running.platform, args.learners)
            tool_jwks(cohort, www)
            running.platform.tool_jwks_url = f"{served.url}/jwks.json"
            print(f"cohort of {args.learners} learners made and collected in"
                  f" {time.perf_counter() - t0:.1f} s (not timed below)")  # fmt: skip
            for run in ("first", "second"):
                before = sum(running.platform.requests.values())
                posts = running.platform.score_posts
                t0 = time.perf_counter()
                report = push(cohort.root)
                seconds = time.perf_counter() - t0
                served_requests = sum(running.platform.requests.values()) - before
                print(
                    f"{run} push: {seconds:.2f} s, {report.requests} requests"
                    f" ({served_requests} served), {running.platform.score_posts - posts}"
                    f" scores posted, {report.unchanged} up to date,"
                    f" {running.platform.duplicates} duplicates,"
                    f" {len(report.refused)} refused, {len(report.unknown)} unknown"
                )
            problems = running.platform.problems
            print(f"platform refusals: {len(problems)}; line items:"
                  f" {len(course_of(running.platform).lineitems)}")  # fmt: skip
            print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        finally:
            served.stop()
            running.stop()


if __name__ == "__main__":
    main()
