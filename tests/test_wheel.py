"""The kit as a user installs it: a wheel built from the repo, used from a folder outside it.

The wheel goes into a fresh virtual environment with `--no-deps`; its dependencies come from
the test environment through a path entry, so the test needs no network and stays quick, and
the kit itself can only come from the wheel (the editable install is not on that path).
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh environment with the kit installed from its wheel."""
    build = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip"]
    wheel_args = ["wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(build), str(REPO)]
    subprocess.run([*pip, *wheel_args], check=True, capture_output=True)
    [wheel] = build.glob("leadership_kit-*.whl")
    env_dir = tmp_path_factory.mktemp("env")
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = "\n".join(site.getsitepackages())
    (Path(purelib) / "test-deps.pth").write_text(deps + "\n")
    install = ["--python", str(python), "install", "-q", "--no-deps", str(wheel)]
    subprocess.run([*pip, *install], check=True, capture_output=True)
    return env_dir / "bin"


def run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KIT_CONTENT"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_installed_kit_finds_its_course_from_any_folder(
    installed: Path, tmp_path: Path
) -> None:
    out = run(installed, tmp_path, "kit", "check")
    assert out.returncode == 0, out.stderr
    assert "the course installed with the kit" in out.stderr
    assert str(installed.parent) in out.stderr, "the packaged course is checked"

    where = run(installed, tmp_path, "python", "-c", "import kit; print(kit.__file__)")
    assert where.stdout.startswith(str(installed.parent)), "kit comes from the wheel"

    shown = run(
        installed,
        tmp_path,
        "python",
        "-c",
        "import kit; v = kit.show('m01.appointed-or-chosen'); print(type(v).__name__)",
    )
    assert shown.stdout.strip() == "ChoiceView", shown.stdout + shown.stderr


def test_the_installed_kit_records_reports_and_prints(installed: Path, tmp_path: Path) -> None:
    assert (
        run(installed, tmp_path, "kit", "record", "m01.appointed-or-chosen", '"a"').returncode == 0
    )
    progress = json.loads(run(installed, tmp_path, "kit", "progress", "--json").stdout)
    assert progress["answered"] == 1 and len(progress["rows"]) > 50

    out = run(installed, tmp_path, "kit", "handout", "workbook", "--module", "01", "-o", "wb.pdf")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "wb.pdf").read_bytes().startswith(b"%PDF")


def test_kit_schema_outside_a_course_is_one_line_not_a_traceback(
    installed: Path, tmp_path: Path
) -> None:
    out = run(installed, tmp_path, "kit", "schema")
    assert out.returncode == 1
    assert out.stderr.startswith("kit: error: no course folder here")
    assert "Traceback" not in out.stderr and len(out.stderr.splitlines()) == 1
