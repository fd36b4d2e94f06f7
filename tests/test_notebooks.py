"""Every course notebook runs top to bottom in a fresh kernel and a fresh store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import REPO

NOTEBOOKS = sorted((REPO / "modules").glob("*.ipynb"))
SHOW_CELL = re.compile(r'^kit\.show\("m\d\d\.[a-z0-9-]+"\)$')


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_a_fresh_kernel(path: Path, kit_home: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute(env={"KIT_HOME": str(kit_home), "KIT_LEARNER": "tester"})
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name}: {output.get('ename')}"
            text = json.dumps(output.get("data", {}))
            assert "kit-problems" not in text, f"{path.name} shows a content problem: {text[:300]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_clean(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and code[0].source == "import kit"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, f"{path.name} has outputs"
        if "kit.show" in cell.source:
            assert SHOW_CELL.match(cell.source), (
                f"{path.name}: not a one-line show cell: {cell.source!r}"
            )


def test_every_module_has_a_notebook() -> None:
    assert len(NOTEBOOKS) >= 7
