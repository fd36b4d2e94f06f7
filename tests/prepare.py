"""What the slower test tiers need from outside PyPI, installed once before the tests run.

The README's test command runs `python -m tests.prepare` before pytest. It installs the
Debian packages (as root, with apt-get), the npm packages (into `.test-tools/`) and the test
LRS (ralph, in its own virtual environment in `.test-tools/ralph`) that are missing, and does nothing for what is already there, so it is safe to run again. The tests
never install anything: they find these tools with the functions below and, where one is
missing, fail and say how to get it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = Path(os.environ.get("KIT_TEST_TOOLS", REPO / ".test-tools"))
NODE_HOME = TOOLS / "node"
CHROMIUM = Path("/usr/bin/chromium")

# Debian package -> the file that shows it is installed.
DEBIAN = {
    "chromium": CHROMIUM,
    "npm": Path("/usr/bin/npm"),
}
# npm package -> the file in NODE_HOME that shows it is installed.
NPM = {
    "configurable-http-proxy": Path("node_modules/.bin/configurable-http-proxy"),
    "gift-pegjs": Path("node_modules/gift-pegjs/package.json"),
}


# A real learning record store for the xAPI tests: ralph (openfun) in a virtual environment of
# its own, so its pinned dependencies never meet the kit's. `requests` is imported by its LRS
# but named by none of the extras used here.
RALPH_HOME = TOOLS / "ralph"
RALPH = ["ralph-malph[cli,lrs]==5.1.0", "requests>=2.31"]


class Missing(Exception):
    """A tool the tests need is not installed; the message says how to install it."""


def npm_bin(name: str) -> Path:
    """An npm package's command, installed into `.test-tools/node` by this module."""
    command = NODE_HOME / "node_modules" / ".bin" / name
    if not command.exists():
        raise Missing(f"{name} is missing: run `python -m tests.prepare` first")
    return command


def debian_file(package: str) -> Path:
    """The file that shows a Debian package is installed, or Missing."""
    path = DEBIAN[package]
    if not path.exists():
        raise Missing(
            f"{path} is missing: install Debian's {package} (`sudo apt-get install {package}`,"
            " or run `python -m tests.prepare` as root)"
        )
    return path


def ralph_python() -> Path:
    """The Python of ralph's own virtual environment, made by this module."""
    python = RALPH_HOME / "bin" / "python"
    if not (RALPH_HOME / "ready").exists():
        raise Missing("ralph (the test LRS) is missing: run `python -m tests.prepare` first")
    return python


def _run(command: list[str], **env: str) -> None:
    print("+", " ".join(command), flush=True)
    done = subprocess.run(command, env={**os.environ, **env}, check=False)
    if done.returncode != 0:
        raise SystemExit(f"prepare: `{' '.join(command)}` failed (exit {done.returncode})")


def install_debian() -> None:
    missing = [package for package, path in DEBIAN.items() if not path.exists()]
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"prepare: not root, so these Debian packages stay missing: {' '.join(missing)}")
        return
    _run(["apt-get", "update", "-q"], DEBIAN_FRONTEND="noninteractive")
    _run(
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
        DEBIAN_FRONTEND="noninteractive",
    )


def install_npm() -> None:
    missing = [package for package, path in NPM.items() if not (NODE_HOME / path).exists()]
    if not missing:
        return
    npm = shutil.which("npm")
    if npm is None:
        print(f"prepare: npm is missing, so these npm packages stay missing: {' '.join(missing)}")
        return
    NODE_HOME.mkdir(parents=True, exist_ok=True)
    _run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(NODE_HOME), *missing])
    os.chmod(TOOLS, 0o755)
    os.chmod(NODE_HOME, 0o755)


def install_ralph() -> None:
    ready = RALPH_HOME / "ready"
    if ready.exists() and ready.read_text() == " ".join(RALPH):
        return
    _run([sys.executable, "-m", "venv", "--clear", str(RALPH_HOME)])
    _run([str(RALPH_HOME / "bin" / "python"), "-m", "pip", "install", "-q", *RALPH])
    ready.write_text(" ".join(RALPH))


STEPS: list[Callable[[], None]] = [install_debian, install_npm, install_ralph]


def main() -> None:
    for step in STEPS:
        step()
    print(f"prepare: done ({sys.executable})")


if __name__ == "__main__":
    main()
