"""The kit's own servers for the browser tests: `kit lab` and `kit app`, started with the
real `kit` command (as a learner would), on a free port, with everything they write in a
temporary folder."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from kit.store import STORE_FILE, Attempt, Store

START_S = 120
KIT = Path(sys.executable).with_name("kit")


@dataclass(frozen=True)
class Server:
    """A running `kit lab` or `kit app`: where it answers and where it keeps its state."""

    url: str
    token: str
    root: Path  # the folder of the notebooks it serves
    kit_home: Path
    log: Path

    def attempts(self, exercise_id: str) -> list[Attempt]:
        path = self.kit_home / STORE_FILE
        if not path.exists():
            return []
        store = Store(path)
        try:
            return store.attempts(exercise_id=exercise_id)
        finally:
            store.close()

    def setting(self, key: str) -> str | None:
        store = Store(self.kit_home / STORE_FILE)
        try:
            return store.get_setting(key)
        finally:
            store.close()

    def printed_urls(self) -> list[str]:
        return re.findall(r"https?://\S+", self.log.read_text())


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"the server did not answer within {START_S}s:\n{log.read_text()[-3000:]}")


@contextmanager
def kit_server(
    verb: str, args: list[str], env: dict[str, str], root: Path, probe: str, log: Path
) -> Iterator[subprocess.Popen]:
    """Run `kit <verb> <args>` until the context ends; `probe` is a URL that answers 200
    once it is up. Stopped with SIGTERM, like a learner's Ctrl+C, then killed if need be."""
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(KIT), verb, *args], cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_for(probe, process, log)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def learner_env(env: dict[str, str]) -> dict[str, str]:
    """The environment of a learner's shell: no kit folder on PATH, as on a fresh clone
    where the learner typed .venv/bin/kit."""
    bin_dir = str(KIT.parent)
    path = [p for p in env.get("PATH", os.defpath).split(os.pathsep) if p != bin_dir]
    return {**env, "PATH": os.pathsep.join(path)}
