"""A real learning record store for the tests and benchmarks: ralph (openfun's LRS) with its
file-system back end, run with uvicorn from its own virtual environment (made by
`tests.prepare`), on a loopback port; it can be stopped and started again on the same port."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from base64 import b64encode
from pathlib import Path
from typing import Any

from .hub.hubs import free_port
from .prepare import ralph_python

USER, PASSWORD = "kit-lrs", "lrs-secret-for-tests"
HOMEPAGE = "https://lrs.example.org"
START_S = 60
# ralph 5.1's file-system LRS back end writes with its data back end's default, "create": its
# first POST creates the file and every later one fails (500, "already exists and overwrite
# is not allowed"). The test LRS appends instead; everything else (auth, validation, dropping
# statements it holds, 409 on a conflicting id, queries) is ralph's own.
LAUNCH = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


class Ralph:
    """One ralph LRS on 127.0.0.1; `url` is its xAPI base (…/xAPI/)."""

    def __init__(self, folder: Path) -> None:
        self.python = ralph_python()
        self.folder = folder
        self.data = folder / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data),
        }
        subprocess.run(
            [str(self.python), "-m", "ralph", "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
             "-A", USER, HOMEPAGE, "-w"],
            env=self.env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "ralph.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/xAPI/"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(self.python), "-c", LAUNCH, str(self.port)],
                env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + START_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ralph exited:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/__heartbeat__", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"ralph did not start in {START_S}s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def get(self, path: str) -> Any:
        """A GET on ralph's own xAPI API, with its credentials."""
        token = b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(
            f"{self.base}{path}",
            headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def statement(self, statement_id: str) -> dict[str, Any]:
        """One statement by its id (ralph answers with a one-statement result)."""
        data = self.get(f"/xAPI/statements?statementId={statement_id}")
        if "statements" in data:
            [data] = data["statements"]
        return dict(data)

    def statements(self) -> list[dict[str, Any]]:
        """Every statement the LRS holds, through its API, following `more`."""
        out: list[dict[str, Any]] = []
        page = self.get("/xAPI/statements?limit=500")
        while True:
            out += page["statements"]
            more = page.get("more")
            if not more:
                return out
            page = self.get(more)

    def stored_lines(self) -> int:
        """How many statements ralph wrote to its file (a duplicate would be a second line)."""
        return sum(
            1 for f in self.data.glob("*.jsonl") for line in f.read_text().splitlines() if line
        )
