"""The sign-in sheet: one row per learner on the cohort's roster (or blank rows), to sign at
each session."""

from __future__ import annotations

from pathlib import Path

from kit.content.catalog import Catalog
from kit.handouts import sheets as s
from kit.handouts.sheets import Sheet

BLANK_ROWS = 16


def roster(folder: str | Path) -> list[str]:
    """The names on a cohort's roster (the learner id where no name is given), in order."""
    from kit.cohort.config import load_config
    from kit.cohort.gradebook import open_gradebook

    cohort = load_config(folder)
    with open_gradebook(cohort.gradebook_path) as book:
        rows = book.connection.execute("SELECT learner, name FROM roster").fetchall()
    return sorted((name or learner for learner, name in rows), key=str.casefold)


def sign_in(catalog: Catalog, names: list[str], session: str = "") -> Sheet:
    """A sign-in sheet for one session, listing `names` with a few blank rows for
    newcomers (or only blank rows)."""
    sheet = Sheet(
        title="Sign-in sheet",
        course=catalog.course.title,
        subtitle="Please sign as you arrive",
    )
    when = f"**Session:** {session}" if session else "**Session:** " + "\u2007" * 30
    sheet.add(s.blocks(when + " · **Time:** ____________"))
    rows = [[str(n), name, "", ""] for n, name in enumerate(names, 1)]
    blank = BLANK_ROWS if not names else 3
    rows += [[str(len(rows) + n), "", "", ""] for n in range(1, blank + 1)]
    widths = ["auto", "1fr", "4.2cm", "4.6cm"]
    table = s.table(["", "Name", "Team or organisation", "Signature"], widths, rows)
    table["tall"] = True
    return sheet.add(table)
