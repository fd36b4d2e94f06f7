"""The cohort workbook: sheets of plain rows to one .xlsx file, text always kept as text.

It needs no pandas: a sheet arrives as a name, a header and rows of str, int, float, bool or
None, built one at a time by `kit.cohort.export.write_reports`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xlsxwriter

from kit.private import private_file

Sheet = tuple[str, list[str], list[tuple[Any, ...]]]

MAX_TEXT = 32_767  # Excel's limit for one cell
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in the file's XML
_OPTIONS = {
    "constant_memory": True,  # each row is written out as soon as the next one starts
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
}


def cell_text(text: str) -> str:
    """Text Excel can hold: characters XML forbids dropped, cut to Excel's cell limit."""
    text = _ILLEGAL_XML.sub("", text)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def write_workbook(path: Path, order: list[str], sheets: Iterable[Sheet]) -> Path:
    """One sheet per (name, header, rows), header bold and frozen; returns `path`.

    Sheets may come in any order; the workbook lists them as `order` does. Text is always
    written as text, never as a formula or a link, so no cell can run. The file appears
    whole or not at all (written beside it, then renamed), private to its owner (0600).
    """
    partial = path.with_name(f".{path.name}.partial")
    try:
        private_file(partial)  # xlsxwriter writes into it and keeps its mode
        with xlsxwriter.Workbook(str(partial), _OPTIONS) as book:
            bold = book.add_format({"bold": True})
            named = {name: book.add_worksheet(name[:31]) for name in order}
            for name, header, rows in sheets:
                sheet = named[name]
                sheet.freeze_panes(1, 0)
                sheet.write_row(0, 0, header, bold)
                for n, row in enumerate(rows, start=1):
                    sheet.write_row(n, 0, row)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path
