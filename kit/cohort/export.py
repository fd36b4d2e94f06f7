"""Write the cohort reports: one CSV per report, one Excel workbook, and an LMS-friendly CSV.

Learner text is exported as text and nothing else: a cell that a spreadsheet would run as a
formula (starting with = + - @) gets a leading apostrophe in CSV and is stored as a string in
Excel; characters Excel cannot hold are dropped. HTML is always escaped (`html_table`).
"""

from __future__ import annotations

import csv
import numbers
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any

import pandas as pd

from kit.cohort import reports
from kit.cohort.config import REPORTS_DIR, cohort_folder
from kit.cohort.data import CohortData, load
from kit.cohort.excel import Sheet, cell_text, write_workbook
from kit.content.schema import ReflectionExercise
from kit.private import open_private, private_folder

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
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_reports(
    data: CohortData | str | Path | None = None, out: str | Path | None = None
) -> list[Path]:
    """Write every report as CSV, all of them as one Excel workbook, and the LMS CSV.

    `data` is a loaded cohort or a cohort folder; `out` defaults to the folder's `reports/`.
    Returns the files written, each readable by its owner only (0600), whatever the umask.
    """
    folder = None if isinstance(data, CohortData) else cohort_folder(data)
    out = Path(out or (folder / REPORTS_DIR if folder else REPORTS_DIR))
    private_folder(out)
    if not isinstance(data, CohortData):
        data = load(folder)
    written = [write_csv(make(data), out / f"{name}.csv") for name, make in REPORTS.items()]
    written.append(write_csv(reports.lms(data), out / LMS_FILE))
    sheets = workbook_sheets(data)
    built = (excel_sheet(name, make()) for name, make in sheets.items())
    written.append(write_workbook(out / WORKBOOK, list(sheets), built))
    return written


def workbook_sheets(data: CohortData) -> dict[str, Callable[[], pd.DataFrame]]:
    """The Excel view of the reports in workbook order, each sheet built when asked for.

    Per-learner tables are wide (one row per learner), and each reflection exercise has a
    sheet with its prompts as columns. The CSV files keep the long form.
    """
    sheets: dict[str, Callable[[], pd.DataFrame]] = {
        "summary": partial(REPORTS["summary"], data),
        "grades": partial(reports.lms, data),
    }
    sheets |= {
        name: partial(make, data)
        for name, make in REPORTS.items()
        if name not in ("summary", "reflections")
    }
    sheets |= {
        "completion": lambda: _wide(
            reports.completion_matrix(data, "completion")
            .mul(100)
            .round(1)
            .add_prefix("M")
            .add_suffix(" answered %")
        ),
        "concept-mastery": lambda: _wide(
            reports.concept_mastery(data).pivot(
                index="learner", columns="concept", values="mastery"
            )
        ),
        "profiles": lambda: _wide(
            reports.stance_profiles(data)
            .assign(column=lambda f: f["exercise_id"] + " " + f["scale_label"])
            .pivot(index="learner", columns="column", values="value")
        ),
    }
    tables = cache(partial(reflection_tables, data))
    sheets |= {e.id: partial(_pick, tables, e.id) for e in _reflection_exercises(data)}
    return sheets


def _pick(tables: Callable[[], dict[str, pd.DataFrame]], exercise_id: str) -> pd.DataFrame:
    return tables()[exercise_id]


def reflection_tables(data: CohortData) -> dict[str, pd.DataFrame]:
    """Per reflection exercise: a row per learner, a column per prompt, then the rubric."""
    frame = reports.reflections(data)
    groups = dict(list(frame.groupby("exercise_id", sort=False)))
    tables = {}
    for exercise in _reflection_exercises(data):
        group = groups.get(exercise.id, frame.iloc[:0])
        prompts = group.pivot(index="learner", columns="prompt", values="text")
        rubric = group.drop_duplicates("learner").set_index("learner")
        table = prompts.reindex(columns=[p.label for p in exercise.prompts]).join(
            rubric[["rubric_points", "rubric_comments"]]
        )
        tables[exercise.id] = _wide(table)
    return tables


def _reflection_exercises(data: CohortData) -> list[ReflectionExercise]:
    return [e for e in data.catalog.exercises.values() if isinstance(e, ReflectionExercise)]


def _wide(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename_axis(columns=None).reset_index()


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """UTF-8 CSV with a header, text cells made formula-safe, private to its owner."""
    out = frame.copy()
    for column in _text_columns(out):
        text = out[column]
        if isinstance(text.dtype, pd.StringDtype):
            risky = text.str.startswith(_FORMULA_START, na=False).astype(bool)
        else:  # mixed values
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_START))
            risky = risky.astype(bool)
        if risky.any():
            out.loc[risky, column] = "'" + text[risky]
    with open_private(path, encoding="utf-8", newline="") as f:
        out.to_csv(f, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return path


def _text_columns(frame: pd.DataFrame) -> list[Any]:
    return [
        c
        for c in frame.columns
        if not pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]


def excel_sheet(name: str, frame: pd.DataFrame) -> Sheet:
    """A report as a workbook sheet: its header and rows of plain cell values."""
    header = [cell_text(str(c)) for c in frame.columns]
    columns = [_excel_column(frame[c]) for c in frame.columns]
    return name, header, list(zip(*columns, strict=True))


def _excel_column(column: pd.Series) -> list[Any]:
    values: list[Any] = column.astype(object).where(column.notna(), None).tolist()
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return values
    return [_excel_value(v) for v in values]


def _excel_value(value: Any) -> Any:
    """A cell of a text or mixed column: numbers stay numbers, anything else becomes text."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, numbers.Real):  # numpy's numbers
        return float(value)
    return cell_text(value if isinstance(value, str) else str(value))


def html_table(frame: pd.DataFrame, **kwargs: Any) -> str:
    """A report as an HTML table, every cell escaped (learner text cannot inject markup)."""
    options = {"index": False, "na_rep": "", "border": 0, "classes": "kit-cohort-table"}
    return str(frame.to_html(escape=True, **{**options, **kwargs}))
