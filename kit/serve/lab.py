"""`kit lab`: JupyterLab set up for learners, opened at the start notebook.

The settings live in a kit-owned folder put first on Jupyter's config path for this server
only; the user's own Jupyter config is never written.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kit.serve.common import (
    config_root,
    root_flags,
    run_server,
    server_env,
    start_notebook,
    terminal_command,
    workspace,
    write_json,
)

# JupyterLab plugins a learner does not need: the news and update pop-up, and the cell
# toolbar, whose buttons take the first Tab stop before an exercise.
DISABLED_PLUGINS = (
    "@jupyterlab/apputils-extension:announcements",
    "@jupyterlab/cell-toolbar-extension:plugin",
)
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Widget state is never saved into the notebooks: it is dead without its kernel.
    "@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": False},
}
CONTENTS_MANAGER = "kit.serve.contents.CourseContentsManager"


def write_lab_config() -> Path:
    """Write the learner settings into the kit's config folder for JupyterLab; return it."""
    folder = config_root("lab")
    write_json(folder / "labconfig" / "default_setting_overrides.json", LAB_SETTINGS)
    write_json(
        folder / "labconfig" / "page_config.json",
        {"disabledExtensions": dict.fromkeys(DISABLED_PLUGINS, True)},
    )
    write_json(
        folder / "jupyter_server_config.json",
        {
            "ServerApp": {
                "terminado_settings": {"shell_command": terminal_command(folder)},
                "contents_manager_class": CONTENTS_MANAGER,
            },
        },
    )
    return folder


def lab_command(extra: Sequence[str] = ()) -> list[str]:
    """The `jupyter lab` command line that serves the course, with `extra` arguments last."""
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={workspace()}",
        f"--LabApp.default_url=/lab/tree/{start_notebook()}",
        *root_flags(),
        *extra,
    ]


def run_lab(extra: Sequence[str] = ()) -> int:
    """Serve the course in JupyterLab until stopped; returns the server's exit status."""
    folder = write_lab_config()
    return run_server(lab_command(extra), server_env(folder), workspace())
