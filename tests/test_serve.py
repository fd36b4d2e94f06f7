"""`kit lab` and `kit app` without starting them: the settings they write, the command
lines, the contents manager and save hook, and the app's template data."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import webbrowser
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jinja2
import nbformat
import pytest

from kit.serve import app, common, contents, lab, savehook

REPO = Path(__file__).parent.parent
WIDGET = "application/vnd.jupyter.widget-view+json"


def test_lab_settings_go_to_the_kits_own_folder(kit_home: Path) -> None:
    folder = lab.write_lab_config()
    assert folder.is_relative_to(kit_home)
    overrides = json.loads((folder / "labconfig" / "default_setting_overrides.json").read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    page = json.loads((folder / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyterlab/apputils-extension:announcements"] is True
    assert page["disabledExtensions"]["@jupyterlab/cell-toolbar-extension:plugin"] is True
    server = json.loads((folder / "jupyter_server_config.json").read_text())["ServerApp"]
    assert server["contents_manager_class"] == "kit.serve.contents.CourseContentsManager"
    shell = server["terminado_settings"]["shell_command"]
    rc = Path(shell[shell.index("--rcfile") + 1]).read_text()
    assert f"export PATH={common.bin_dir()}:" in rc


def test_the_server_environment_finds_the_kit_first(kit_home: Path) -> None:
    env = common.server_env(kit_home / "cfg")
    assert env["PATH"].split(os.pathsep)[0] == str(common.bin_dir())
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0] == str(kit_home / "cfg")


def test_the_terminal_shell_puts_the_kit_on_path(kit_home: Path, tmp_path: Path) -> None:
    """The shell of JupyterLab's terminals, run for real, with a PATH that lacks the kit."""
    kit_home.mkdir(parents=True)
    command = common.terminal_command(kit_home)
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TERM": "dumb"}
    done = subprocess.run(
        [*command], input="command -v kit\nexit\n", capture_output=True, text=True, env=env
    )
    assert str(common.bin_dir() / "kit") in done.stdout, done.stdout + done.stderr


def test_lab_opens_at_the_start_notebook_and_as_root_without_flags(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    command = lab.lab_command(["--port=1"])
    assert f"--LabApp.default_url=/lab/tree/{common.start_notebook()}" in command
    assert f"--ServerApp.root_dir={common.modules_dir()}" in command  # a checkout: modules/
    assert command[-1] == "--port=1"
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in lab.lab_command()
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab.lab_command()


def notebook_with_widget() -> dict:
    nb = nbformat.v4.new_notebook()
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["widgets"] = {"state": {}}
    out = nbformat.v4.new_output(
        "display_data", data={WIDGET: {"model_id": "x"}, "text/plain": "Exercise m01.x: run"}
    )
    plain = nbformat.v4.new_output("display_data", data={WIDGET: {"model_id": "y"}})
    nb.cells = [nbformat.v4.new_code_cell("kit.show('m01.x')", outputs=[out, plain])]
    return json.loads(json.dumps(nb))


def test_saved_notebooks_keep_the_stand_in_text_and_no_widget_views() -> None:
    model = {"type": "notebook", "content": notebook_with_widget()}
    savehook.drop_widget_views(model)
    nb = model["content"]
    assert "widgets" not in nb["metadata"]
    [output] = nb["cells"][0]["outputs"]
    assert output["data"] == {"text/plain": "Exercise m01.x: run"}


def test_notebooks_are_served_with_the_kernels_language_info() -> None:
    nb = notebook_with_widget()
    contents.complete_language_info(nb)
    info = nb["metadata"]["language_info"]
    assert info["version"] == sys.version.split()[0]
    assert info == contents.kernel_language_info()
    other = {"metadata": {"language_info": {"name": "R"}}}
    contents.complete_language_info(other)
    assert other["metadata"]["language_info"] == {"name": "R"}


def test_the_contents_manager_serves_clean_notebooks_and_saves_none_with_widgets(
    tmp_path: Path,
) -> None:
    # In a thread of its own: another test's event loop may still be set on this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, serve_and_save(tmp_path)).result()


async def serve_and_save(tmp_path: Path) -> None:
    manager = contents.CourseContentsManager(root_dir=str(tmp_path))
    (tmp_path / "a.ipynb").write_text(json.dumps(notebook_with_widget()))
    model = await manager.get("a.ipynb")
    assert model["content"]["metadata"]["language_info"]["version"] == sys.version.split()[0]
    await manager.save(
        {"type": "notebook", "format": "json", "content": notebook_with_widget()}, "b.ipynb"
    )
    saved = json.loads((tmp_path / "b.ipynb").read_text())
    assert WIDGET not in json.dumps(saved)


def test_app_config_names_the_template_and_the_modules_in_order(kit_home: Path) -> None:
    folder = app.write_app_config()
    settings = json.loads((folder / "voila.json").read_text())
    assert settings["VoilaConfiguration"]["template"] == "kit"
    assert settings["TagRemovePreprocessor"]["remove_cell_tags"] == ["kit-notebook-only"]
    modules = settings["VoilaConfiguration"]["resources"]["kit_course"]["modules"]
    files = [f.name for _, _, f in common.notebook_files()]
    assert [m["file"] for m in modules] == [*files, "follow-up.ipynb"]  # the follow-up page last
    assert modules[0]["file"] == common.start_notebook()
    assert (app.template_root() / "voila" / "templates" / "kit" / "conf.json").exists()
    assert (
        app.hub_config("/course/modules/")["VoilaConfiguration"]["resources"]["kit_course"][
            "folder"
        ]
        == "course/modules"
    )


def test_the_app_navigation_links_previous_and_next() -> None:
    """The template's navigation macro, rendered with Jinja as Voilà would."""
    source = (app.template_root() / "voila/templates/kit/index.html.j2").read_text()
    macro = source[source.index("{%- macro course_nav") : source.index("{%- endmacro -%}") + 16]
    template = jinja2.Environment().from_string(
        macro + '{{ course_nav("top") }}{{ course_nav("bottom") }}'
    )
    resources = {**app.course_resources(), "base_url": "/", "metadata": {"name": "01-x"}}
    modules = [{"file": f"{n}-x.ipynb", "label": n} for n in ("00", "01", "02")]
    resources["kit_course"]["modules"] = modules
    html = template.render(resources=resources)
    assert 'href="01-x.ipynb" aria-current="page"' in html
    assert 'rel="prev" href="00-x.ipynb"' in html and 'rel="next" href="02-x.ipynb"' in html
    assert 'href="/voila/tree/"' in html
    assert "cdn" not in source.lower() or "CDN" in source  # only the comment names it


def test_the_app_and_hub_config_on_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kit.cli", "app", "--hub-config", "course"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert (
        json.loads(done.stdout)["VoilaConfiguration"]["resources"]["kit_course"]["folder"]
        == "course"
    )


def test_an_installed_course_is_opened_from_a_copy_the_learner_can_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kit

    packaged = tmp_path / "kit" / "course" / "modules"
    packaged.mkdir(parents=True)
    (packaged / "00-start.ipynb").write_text("{}")
    monkeypatch.setattr(kit, "__file__", str(tmp_path / "kit" / "__init__.py"))
    monkeypatch.setattr(common, "modules_dir", lambda: packaged)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = common.workspace()
    assert folder == tmp_path / "home" / "leadership-course"
    assert (folder / "00-start.ipynb").read_text() == "{}"
    (folder / "00-start.ipynb").write_text('{"mine": 1}')
    assert common.workspace() == folder
    assert (folder / "00-start.ipynb").read_text() == '{"mine": 1}'  # never copied over


def test_the_app_opens_the_printed_address_with_its_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The browser gets the address the server prints, token included."""
    opened = tmp_path / "opened"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # read BROWSER again
    server = "print('Running at:'); print('http://localhost:8866/?token=ab12', flush=True)"
    assert common.run_and_open([sys.executable, "-c", server], os.environ, tmp_path) == 0
    assert "http://localhost:8866/?token=ab12" in capsys.readouterr().out
    for _ in range(50):
        if opened.exists():
            break
        time.sleep(0.1)
    assert opened.read_text().strip() == "http://localhost:8866/?token=ab12"
