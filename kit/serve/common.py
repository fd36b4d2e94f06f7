"""What both ways of serving the course share: where the kit keeps the servers' config, the
course's notebooks, the environment of the server process and the flags every server needs."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import webbrowser
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kit.content.catalog import load_catalog
from kit.store import kit_home


def config_root(name: str) -> Path:
    """A kit-owned folder for one server's config files (never the user's own Jupyter config)."""
    folder = kit_home() / "servers" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def modules_dir() -> Path:
    """The folder of the course's notebooks."""
    return load_catalog().modules_dir


def workspace() -> Path:
    """The folder JupyterLab opens: the course's notebooks where they can be edited and saved.

    A checkout (or an editable install) has them in modules/. A kit installed from its wheel
    carries them inside the package, which a learner must not edit (and on a shared server
    cannot): they are copied once to ~/leadership-course, and never copied over again, so
    the learner's own notes in them stay."""
    import kit

    source = modules_dir()
    if not source.resolve().is_relative_to(Path(kit.__file__).resolve().parent):
        return source
    target = Path.home() / "leadership-course"
    target.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(source.glob("*.ipynb")):
        if not (target / notebook.name).exists():
            shutil.copyfile(notebook, target / notebook.name)
    return target


def notebook_files() -> list[tuple[str, str, Path]]:
    """(module id, title, notebook file name) for each module, in course order."""
    catalog = load_catalog()
    folder = catalog.modules_dir
    return [
        (m.id, m.title, Path(f"{m.id}-{m.slug}.ipynb"))
        for m in catalog.course.modules
        if (folder / f"{m.id}-{m.slug}.ipynb").exists()
    ]


def start_notebook() -> str:
    """The file name of the first module's notebook (the start page)."""
    files = notebook_files()
    if not files:
        from kit.errors import KitError

        raise KitError(f"no course notebooks in {modules_dir()}")
    return files[0][2].name


def bin_dir() -> Path:
    """The folder of the Python running the kit, where `kit` and `jupyter` are installed."""
    return Path(sys.executable).parent


def server_env(config_dir: Path) -> dict[str, str]:
    """The server's environment: the kit's config folder first on Jupyter's config path and
    this Python's scripts first on PATH, so kernels and terminals find `kit`."""
    env = dict(os.environ)
    paths = [str(config_dir), *filter(None, env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep))]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    env["PATH"] = os.pathsep.join([str(bin_dir()), env.get("PATH", os.defpath)])
    if sys.prefix != sys.base_prefix:
        env["VIRTUAL_ENV"] = sys.prefix
    return env


def terminal_command(config_dir: Path) -> list[str]:
    """The shell of JupyterLab's terminals: the user's usual start-up files, then this Python's
    scripts first on PATH (a login shell would put the system's PATH back)."""
    bash = shutil.which("bash")
    if bash is None:
        return [os.environ.get("SHELL") or shutil.which("sh") or "/bin/sh"]
    rc = config_dir / "bashrc"
    rc.write_text(
        "[ -f /etc/bash.bashrc ] && . /etc/bash.bashrc\n"
        '[ -f "$HOME/.bashrc" ] && . "$HOME/.bashrc"\n'
        f'export PATH={shlex.quote(str(bin_dir()))}:"$PATH"\n',
        encoding="utf-8",
    )
    return [bash, "--rcfile", str(rc), "-i"]


def root_flags() -> list[str]:
    """`--allow-root` when running as root (containers), where Jupyter refuses to start without it."""
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def run_server(command: list[str], env: Mapping[str, str], cwd: Path) -> int:
    """Run a server in the foreground. On POSIX the kit's process becomes the server (so
    Ctrl+C and signals reach it directly); elsewhere it waits for it."""
    if os.name == "posix":
        os.chdir(cwd)
        os.execve(command[0], command, dict(env))
    try:
        return subprocess.call(command, env=dict(env), cwd=cwd)
    except KeyboardInterrupt:
        return 130


TOKEN_URL = re.compile(r"https?://\S+[?&]token=[0-9a-f]+")


def run_and_open(command: list[str], env: Mapping[str, str], cwd: Path) -> int:
    """Run a server that prints its address with its token, pass its output through, and
    open that address in the browser once it is printed (a server's own browser launch may
    drop the token, which leaves the learner at a login page). Stopping the kit stops it."""
    process = subprocess.Popen(
        command, env=dict(env), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    opened = False
    try:
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            found = None if opened else TOKEN_URL.search(line)
            if found:
                opened = True
                threading.Thread(target=webbrowser.open, args=(found.group(0),)).start()
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return process.wait()
