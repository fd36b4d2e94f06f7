"""Write the cohort reports: one CSV per report, one Excel workbook, and an LMS-friendly CSV.

Learner text is exported as text and nothing else: a cell that a spreadsheet would run as a
formula (starting with = + - @) gets a leading apostrophe in CSV and is stored as a string in
Excel; characters Excel cannot hold are dropped. HTML is always escaped (`html_table`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from kit.cohort import reports
from kit.cohort.config import REPORTS_DIR, cohort_folder
from kit.cohort.data import CohortData, load

REPORTS: dict[str, Callable[[CohortData], pd.DataFrame]] = {
    "summary": lambda d: reports.summary(d).reset_index(names="measure"),
    "learners": reports.learners,
    "completion": reports.completion,
    "exercises": reports.exercise_stats,
    "options": reports.option_counts,
    "concepts": reports.concept_summary,
    "concept-mastery": reports.concept_mastery,
    "profiles": reports.stance_profiles,
    "reflections": reports.reflections,
    "rubric": reports.rubric_scores,
    "flags": reports.flags,
}
WORKBOOK = "cohort-report.xlsx"
LMS_FILE = "lms-grades.csv"
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML
EXCEL_MAX_TEXT = 32_767
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def build_reports(data: CohortData) -> dict[str, pd.DataFrame]:
    """Every report of the cohort, by name."""
    return {name: make(data) for name, make in REPORTS.items()}


def write_reports(
    data: CohortData | str | Path | None = None, out: str | Path | None = None
) -> list[Path]:
    """Write every report as CSV, all of them as one Excel workbook, and the LMS CSV.

    `data` is a loaded cohort or a cohort folder; `out` defaults to the folder's `reports/`.
    Returns the files written.
    """
    if not isinstance(data, CohortData):
        folder = cohort_folder(data)
        data = load(folder)
        out = out or folder / REPORTS_DIR
    out = Path(out or REPORTS_DIR)
    out.mkdir(parents=True, exist_ok=True)
    frames = build_reports(data)
    written = [write_csv(frame, out / f"{name}.csv") for name, frame in frames.items()]
    written.append(write_excel(workbook_sheets(data, frames), out / WORKBOOK))
    written.append(write_csv(reports.lms(data), out / LMS_FILE))
    return written


def workbook_sheets(data: CohortData, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The Excel view of the reports: per-learner tables wide (one row per learner), and one
    sheet per reflection with the prompts as columns. The CSV files keep the long form."""
    wide = {
        "completion": reports.completion_matrix(data, "percent").add_prefix("M").add_suffix(" %"),
        "concept-mastery": frames["concept-mastery"].pivot(
            index="learner", columns="concept", values="mastery"
        ),
        "profiles": frames["profiles"]
        .assign(column=lambda f: f["exercise_id"] + " " + f["scale_label"])
        .pivot(index="learner", columns="column", values="value"),
    }
    sheets = {"summary": frames["summary"], "grades": reports.lms(data)}
    for name, frame in frames.items():
        if name in wide:
            frame = wide[name].rename_axis(columns=None).reset_index()
        if name not in ("summary", "reflections"):
            sheets[name] = frame
    reflections = frames["reflections"]
    for exercise_id, group in reflections.groupby("exercise_id", sort=False):
        table = group.pivot(index="learner", columns="prompt", values="text")
        extra = group.drop_duplicates("learner").set_index("learner")
        columns = ["rubric_points", "rubric_comments"]
        sheets[str(exercise_id)] = (
            table.join(extra[columns]).rename_axis(columns=None).reset_index()
        )
    return sheets


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """UTF-8 CSV with a header, text cells made formula-safe."""
    out = frame.copy()
    for column in _text_columns(out):
        text = out[column]
        risky = text.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_START)).astype(bool)
        if risky.any():
            out.loc[risky, column] = "'" + text[risky]
    out.to_csv(path, index=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return path


def _text_columns(frame: pd.DataFrame) -> list[Any]:
    return [
        c
        for c in frame.columns
        if not pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]


def write_excel(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """One sheet per report (XlsxWriter, streaming), header row bold and frozen.

    Text is always written as text, never as a formula or a link, so no cell can run.
    """
    import xlsxwriter

    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": False,
    }
    with xlsxwriter.Workbook(str(path), options) as book:
        bold = book.add_format({"bold": True})
        for name, frame in frames.items():
            sheet = book.add_worksheet(name[:31])
            sheet.freeze_panes(1, 0)
            sheet.write_row(0, 0, [_excel_text(str(c)) for c in frame.columns], bold)
            columns = [frame[c].tolist() for c in frame.columns]
            for n, row in enumerate(zip(*columns, strict=True), start=1):
                sheet.write_row(n, 0, [_excel_value(v) for v in row])
    return path


def _excel_value(value: Any) -> Any:
    if isinstance(value, str):
        return _excel_text(value)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (bool, int, float)):
        return value
    return _excel_text(str(value))


def _excel_text(text: str) -> str:
    text = _ILLEGAL_XML.sub("", text)
    return text if len(text) <= EXCEL_MAX_TEXT else text[: EXCEL_MAX_TEXT - 1] + "…"


def html_table(frame: pd.DataFrame, **kwargs: Any) -> str:
    """A report as an HTML table, every cell escaped (learner text cannot inject markup)."""
    options = {"index": False, "na_rep": "", "border": 0, "classes": "kit-cohort-table"}
    return frame.to_html(escape=True, **{**options, **kwargs})
