"""Project hygiene: the two README commands, CI, dependencies in step, and lint."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

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


def imported_packages(folder: Path) -> set[str]:
    """The top-level names every module under `folder` imports, in functions too."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"kit", "tests", "__future__"}


def distributions(names: set[str]) -> set[str]:
    """The distributions that provide the import names `names`, as pip spells them."""
    provided = importlib.metadata.packages_distributions()
    return {
        Requirement(dist).name.lower().replace("_", "-")
        for name in names
        for dist in provided.get(name, [name])
    }


def declared(*groups: str) -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for group in groups:
        specs += project["optional-dependencies"][group]
    return {Requirement(s).name.lower().replace("_", "-") for s in specs}


def test_every_package_the_kit_imports_is_declared() -> None:
    needed = distributions(imported_packages(REPO / "kit"))
    assert needed <= declared("hub"), f"not declared: {sorted(needed - declared('hub'))}"


def test_every_package_the_tests_import_is_a_test_dependency() -> None:
    needed = distributions(imported_packages(REPO / "tests"))
    assert needed <= declared("test"), f"not declared: {sorted(needed - declared('test'))}"


def import_graph(package: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (in functions too)."""
    modules = {
        ".".join(p.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__"): p
        for p in package.rglob("*.py")
    }

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                targets = [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for target in targets:
                found = resolve(target)
                if found and found != module and not module.startswith(found + "."):
                    graph[module].add(found)
    return graph


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (top := stack.pop()) != node:
                group.append(top)
            if group:
                found.append(sorted([node, *group]))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_file_or_folder_imports_one_that_imports_it_back() -> None:
    assert loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    graph = import_graph(REPO / "kit")
    assert loops(graph) == [], "files import each other"

    def folder(module: str) -> str:
        parts = module.split(".")
        return ".".join(parts[:2]) if (REPO / "/".join(parts[:2])).is_dir() else "kit"

    folders: dict[str, set[str]] = {}  # subpackages; kit's own files are checked above
    for module, targets in graph.items():
        folders.setdefault(folder(module), set()).update(
            folder(t) for t in targets if folder(t) not in (folder(module), "kit")
        )
    folders.pop("kit", None)
    assert loops(folders) == [], "folders import each other"
