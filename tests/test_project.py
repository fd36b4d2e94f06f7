"""Project hygiene: the two README commands, CI, dependencies in step, and lint."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from packaging.requirements import Requirement

from .conftest import REPO


def quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S)
    assert block, "the Quick start section has a code block"
    return [
        line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")
    ]


def test_readme_quick_start_has_exactly_two_commands() -> None:
    open_course, run_tests = quick_start_commands()
    assert open_course.endswith(" && .venv/bin/kit lab")
    assert run_tests.endswith("-m pytest")
    for command in (open_course, run_tests):
        assert command.startswith("python3 -m venv .venv && ")


def test_ci_runs_the_readme_test_command() -> None:
    assert quick_start_commands()[1] in (REPO / ".ci" / "run").read_text()


def requirement_names(specs: list[str]) -> dict[str, str]:
    out = {}
    for spec in specs:
        req = Requirement(spec)
        out[req.name.lower()] = str(req.specifier)
    return out


def test_environment_yml_matches_pyproject() -> None:
    import yaml

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = requirement_names(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted |= requirement_names(extra)
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = [
        d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))
    ]
    pip_extra = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    have = requirement_names(conda + [p for p in pip_extra if not p.startswith("-e")])
    assert have == wanted


def test_ruff_is_clean() -> None:
    for args in (["check", "."], ["format", "--check", "."]):
        out = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stdout + out.stderr


def test_types_check() -> None:
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
