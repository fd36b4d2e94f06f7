"""Real Unix users for a real hub, and a Python environment they can run.

The users are made with `useradd` (homes under a folder of the test), and removed with
`userdel -r` after any process they still run is ended by its pid. The environment is a
virtual environment in a world-readable folder, on a base Python every user can run, with
the kit installed from its built wheel; the other packages come from the test environment
when every user can read it, else they are installed from the package index.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import site
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from ..conftest import REPO


def readable_by_all(path: Path) -> bool:
    """Whether any user can reach `path` (every folder above it searchable, it readable)."""
    path = path.resolve()
    for part in [path, *path.parents]:
        mode = part.stat().st_mode
        if part != path and not mode & 0o001:
            return False
    return bool(path.stat().st_mode & 0o004)


def base_python() -> Path:
    """A Python of this version that every user can run."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [Path(sys.base_prefix) / "bin" / version, Path("/usr/bin") / version,
                  Path("/usr/local/bin") / version]  # fmt: skip
    for candidate in candidates:
        if candidate.exists() and readable_by_all(candidate.resolve()):
            return candidate
    raise RuntimeError(f"no {version} that other users can run (tried {candidates})")


def learner_environment(folder: Path) -> tuple[Path, dict[str, str]]:
    """A venv every user can run, with the kit from its wheel: its python, and the Jupyter
    path settings its servers need."""
    folder.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip"]
    wheels = folder / "wheel"
    subprocess.run(
        [*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
        check=True,
        capture_output=True,
    )
    [wheel] = wheels.glob("leadership_kit-*.whl")
    env_dir = folder / "env"
    subprocess.run([str(base_python()), "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    ours = [Path(p) for p in site.getsitepackages()]
    jupyter_env: dict[str, str] = {}
    if all(readable_by_all(p) for p in ours):
        purelib = subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        (Path(purelib) / "test-deps.pth").write_text("\n".join(map(str, ours)) + "\n")
        subprocess.run([*pip, "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
                       check=True, capture_output=True)  # fmt: skip
        prefix = Path(sysconfig.get_path("data"))
        jupyter_env = {
            "JUPYTER_PATH": str(prefix / "share" / "jupyter"),
            "JUPYTER_CONFIG_PATH": str(prefix / "etc" / "jupyter"),
            "JUPYTERLAB_DIR": str(prefix / "share" / "jupyter" / "lab"),
        }
    else:
        subprocess.run([*pip, "--python", str(python), "install", "-q", str(wheel), "jupyterhub"],
                       check=True, capture_output=True, timeout=1800)  # fmt: skip
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            target = Path(root) / name
            if not target.is_symlink():
                mode = target.stat().st_mode
                target.chmod(mode | (0o005 if target.is_dir() or mode & 0o100 else 0o004))
    folder.chmod(0o755)
    return python, jupyter_env


def create_user(name: str, homes: Path) -> pwd.struct_passwd:
    """A new Unix user with a private home under `homes`."""
    home = homes / name
    subprocess.run(
        ["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
         "--user-group", name],
        check=True, capture_output=True,
    )  # fmt: skip
    home.chmod(0o700)
    return pwd.getpwnam(name)


def give(path: Path, user: pwd.struct_passwd) -> None:
    """Make `path` (a file or a folder tree) belong to `user`."""
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            os.chown(Path(root) / name, user.pw_uid, user.pw_gid)
    os.chown(path, user.pw_uid, user.pw_gid)


def pids_of(user: str) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "-u", user], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def remove_user(name: str) -> None:
    """End what the user still runs (by pid), then delete the user and their home."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids_of(name):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 10
        while pids_of(name) and time.monotonic() < deadline:
            time.sleep(0.2)
    subprocess.run(["userdel", "--remove", name], capture_output=True)


def run_as(
    user: str, python: Path, args: list[str], env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Run the kit's command line as `user`, in their home, with `env` only (plus PATH)."""
    account = pwd.getpwnam(user)
    base = {"PATH": f"{python.parent}:/usr/bin:/bin", "HOME": account.pw_dir, "USER": user,
            "LANG": "C.UTF-8"}  # fmt: skip
    return subprocess.run(
        [str(python), "-m", "kit.cli", *args],
        env={**base, **env},
        cwd=cwd,
        user=account.pw_uid,
        group=account.pw_gid,
        extra_groups=[],
        capture_output=True,
        text=True,
        timeout=300,
    )
