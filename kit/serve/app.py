"""`kit app`: the course as an app (Voilà): pages with the text and the exercises, no code.

Voilà runs with the kit's template (`kit/serve/share/voila/templates/kit`): a home page
listing the modules, course navigation on every page, a readable line width, and nothing
loaded from outside the machine. Cells tagged `kit-notebook-only` (notebook instructions
such as "run the cell") are left out. The same settings serve the app on a JupyterHub, where
Voilà runs inside each user's server (see `hub_config`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from kit.serve.common import (
    config_root,
    modules_dir,
    notebook_files,
    run_and_open,
    run_server,
    server_env,
    write_json,
)

TEMPLATE = "kit"
NOTEBOOK_ONLY_TAG = "kit-notebook-only"


def template_root() -> Path:
    """The data folder holding voila/templates/kit, to put on JUPYTER_PATH."""
    return Path(str(files("kit.serve") / "share"))


def course_resources(folder: str = "") -> dict[str, Any]:
    """What the template needs to draw the navigation: the modules in order, and the folder
    of the notebooks relative to the server's root (empty when the root is that folder)."""
    return {
        "kit_course": {
            "folder": folder,
            "modules": [
                {"file": name.name, "label": f"{module_id} · {title}"}
                for module_id, title, name in notebook_files()
            ]
            + follow_up_page(),
        }
    }


FOLLOW_UP = "follow-up.ipynb"


def follow_up_page() -> list[dict[str, str]]:
    """The follow-up page after the modules, when the course has one."""
    if not (modules_dir() / FOLLOW_UP).exists():
        return []
    return [{"file": FOLLOW_UP, "label": "Follow-up · 30 and 90 days"}]


def voila_settings(folder: str = "") -> dict[str, Any]:
    """Voilà's settings for the course (the same for `kit app` and a hub's servers)."""
    return {
        "VoilaConfiguration": {
            "template": TEMPLATE,
            "classic_tree": True,
            "resources": course_resources(folder),
        },
        "TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": [NOTEBOOK_ONLY_TAG]},
    }


def hub_config(folder: str) -> dict[str, Any]:
    """A jupyter_server config for each user's server on a hub, with the notebooks in
    `folder` (relative to the user's root): the app is then at /user/<name>/voila/tree/<folder>.
    The template is installed with the kit (share/jupyter/voila/templates/kit)."""
    return voila_settings(folder.strip("/"))


def write_app_config() -> Path:
    """Write Voilà's config into the kit's folder for the app; return the folder."""
    folder = config_root("app")
    write_json(folder / "voila.json", voila_settings())
    return folder


def app_command(extra: Sequence[str] = ()) -> list[str]:
    """The `voila` command line that serves the course, with `extra` arguments last."""
    token = [] if any(a.startswith("--token=") for a in extra) else ["--token"]
    return [sys.executable, "-m", "voila", str(modules_dir()), *token, *extra]


def app_env(config_dir: Path) -> dict[str, str]:
    env = server_env(config_dir)
    paths = [str(template_root()), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def run_app(extra: Sequence[str] = ()) -> int:
    """Serve the course as an app until stopped; returns the server's exit status."""
    folder = write_app_config()
    if "--no-browser" in extra:
        return run_server(app_command(extra), app_env(folder), modules_dir())
    command = app_command([*extra, "--no-browser"])
    return run_and_open(command, app_env(folder), modules_dir())
