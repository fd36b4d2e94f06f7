"""The trainer dashboard notebook: stored clean, one-line calls, and it runs on a cohort."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kit.cohort.synthetic import demo_cohort

from .cohort_support import hostile_files, sample_catalog
from .conftest import REPO

DASHBOARD = REPO / "trainer" / "cohort-dashboard.ipynb"
ONE_LINE = re.compile(r"^(data = )?cohort\.[a-z_]+\((data|cohort\.load\(\))?\)$")


def test_dashboard_is_stored_clean_with_one_line_cells() -> None:
    notebook = nbformat.read(DASHBOARD, as_version=4)
    nbformat.validate(notebook)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code[0].source == "from kit import cohort"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None
    for cell in code[1:]:
        assert ONE_LINE.match(cell.source), cell.source


@pytest.mark.notebooks
def test_dashboard_runs_on_a_generated_cohort(sample: Path, tmp_path: Path, kit_home: Path) -> None:
    folder = tmp_path / "cohort"
    demo_cohort(folder, 20, catalog=sample_catalog())
    hostile_files(folder / "inbox")
    notebook = nbformat.read(DASHBOARD, as_version=4)
    client = NotebookClient(notebook, timeout=180, kernel_name="python3")
    client.execute(
        env={"KIT_COHORT": str(folder), "KIT_HOME": str(kit_home), "KIT_CONTENT": str(sample)}
    )
    outputs = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            for output in cell.outputs:
                assert output.output_type != "error", f"{cell.source}: {output.get('evalue')}"
                assert output.output_type != "stream" or output.name != "stderr", output.text
            outputs[cell.source] = json.dumps([o.get("data", {}) for o in cell.outputs])
    assert "20 file(s) collected" in outputs["cohort.collect()"]
    assert "refused" in outputs["cohort.collect()"].lower()
    for chart in (
        "completion_heatmap",
        "score_distributions",
        "concept_mastery_chart",
        "stance_radar",
    ):
        text = outputs[f"cohort.{chart}(data)"]
        assert "data:image/png;base64," in text and 'alt=\\"' in text, chart
    assert "application/vnd.jupyter.widget-view+json" in outputs["cohort.rubric_scorer()"]
    assert (folder / "reports" / "cohort-report.xlsx").is_file()
    assert (folder / "reports" / "lms-grades.csv").is_file()
