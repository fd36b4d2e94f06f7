"""Benchmark: learners handing in at once through the exchange service on a real JupyterHub.

    .venv/bin/python benchmarks/bench_hub.py                      # 200 learners, 1,000 hand-ins
    .venv/bin/python benchmarks/bench_hub.py --learners 50 --handins 200

A local hub (loopback only, dummy login, no servers spawned) starts with the exchange service,
as the hub tests run it. Users and their tokens are made through the hub's REST API as admin
(not timed). Then every learner hands in one made-up submission of the whole course at the
same moment, each from its own thread with its own token: the script prints the p50, p90,
p99 and largest hand-in latency, and checks that the service holds exactly one hand-in per
learner with the bytes sent (none lost, none twice). More rounds bring the service to
`--handins` hand-ins; then a trainer collects them all with `kit cohort collect --hub` into a
new gradebook (timed), and collects again (all already there: timed).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the hub runner the tests use: tests/hub/hubs.py

from kit.content.catalog import load_catalog  # noqa: E402
from kit.handin.exchange import Exchange  # noqa: E402
from tests.hub.hubs import TRAINERS, Hub, start_hub  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def make_users(hub: Hub, learners: int) -> dict[str, str]:
    """`learners` hub users and a token each (with all of the user's permissions)."""
    names = [f"learner{n:04d}" for n in range(1, learners + 1)]
    for start in range(0, len(names), 100):
        hub.add_users(*names[start : start + 100])
    hub.add_users("trainer")
    hub.add_to_group(TRAINERS, "trainer")
    return {name: hub.token(name) for name in names}


def bodies(names: list[str], round_no: int) -> dict[str, bytes]:
    """One made-up submission of the whole course per learner (a later round, more attempts)."""
    from kit.cohort.synthetic import learner_submission

    catalog = load_catalog()
    now = datetime.now(UTC) - timedelta(minutes=5 - round_no)
    out = {}
    for n, name in enumerate(names):
        rng = random.Random(n * 1000 + round_no)
        out[name] = learner_submission(catalog, name, rng, now).to_json().encode()
    return out


def hand_in_all(url: str, tokens: dict[str, str], sent: dict[str, bytes]) -> list[float]:
    """Every learner hands in at once (one thread each); the latencies in ms."""
    start = threading.Barrier(len(sent))

    def one(name: str) -> float:
        exchange = Exchange(url, tokens[name], timeout=120)
        start.wait()
        t0 = time.perf_counter()
        receipt = exchange.hand_in(sent[name])
        elapsed = (time.perf_counter() - t0) * 1000
        assert receipt["learner"] == name and not receipt["duplicate"], receipt
        return elapsed

    with ThreadPoolExecutor(max_workers=len(sent)) as pool:
        return list(pool.map(one, sent))


def check_held(hub: Hub, trainer: Exchange, sent: list[tuple[str, bytes]]) -> None:
    """The service holds each hand-in sent exactly once, with its bytes."""
    held = trainer.handins(TRAINERS)
    pairs = [(str(e["learner"]), str(e["sha256"])) for e in held]
    expected = [(name, hashlib.sha256(body).hexdigest()) for name, body in sent]
    lost = set(expected) - set(pairs)
    duplicated = len(pairs) - len(set(pairs))
    print(f"  held {len(held)} hand-ins: {len(lost)} lost, {duplicated} duplicated")
    assert not lost and not duplicated and len(pairs) == len(expected)


def kit(*args: str, env: dict[str, str]) -> float:
    import os

    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "kit.cli", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"kit {' '.join(args)} failed:\n{out.stderr}")
    print(f"  {out.stdout.strip().splitlines()[-1]}")
    for line in out.stderr.splitlines()[:3]:
        print(f"  {line}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--handins", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        hub = start_hub(base / "hub")
        try:
            print(f"hub up in {time.perf_counter() - t0:.1f} s")
            tokens = make_users(hub, args.learners)
            trainer = Exchange(hub.exchange_url, hub.token("trainer"), timeout=120)
            names = list(tokens)
            sent: list[tuple[str, bytes]] = []
            round_no = 0
            while len(sent) < args.handins:
                batch = bodies(names[: args.handins - len(sent)], round_no)
                size = statistics.mean(len(b) for b in batch.values()) / 1000
                latencies = hand_in_all(hub.exchange_url, tokens, batch)
                sent += batch.items()
                print(
                    f"round {round_no + 1}: {len(batch)} learners at once ({size:.0f} kB each):"
                    f" p50 {percentile(latencies, 50):.0f} ms, p90 {percentile(latencies, 90):.0f}"
                    f" ms, p99 {percentile(latencies, 99):.0f} ms, max {max(latencies):.0f} ms"
                )
                check_held(hub, trainer, sent)
                round_no += 1
            cohort = base / "cohort"
            env = {"JUPYTERHUB_API_TOKEN": trainer.token, "KIT_EXCHANGE_URL": hub.exchange_url}
            kit("cohort", "init", str(cohort), "--hub-group", TRAINERS, env=env)
            first = kit("cohort", "collect", str(cohort), "--hub", "-q", env=env)
            print(f"collect --hub of {len(sent)} hand-ins: {first:.1f} s")
            again = kit("cohort", "collect", str(cohort), "--hub", "-q", env=env)
            print(f"collect --hub again (all already collected): {again:.1f} s")
        finally:
            hub.stop()


if __name__ == "__main__":
    main()
