"""The facilitator's delivery pack: every sheet a trainer prints to run the course live,
written into one folder."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kit.content.catalog import Catalog
from kit.errors import KitError
from kit.handouts import roleplay, runsheets, texts
from kit.handouts.documents import format_date
from kit.handouts.model import Paper
from kit.handouts.sheets import Sheet


@dataclass(frozen=True)
class Piece:
    """One sheet of the pack: its file, what it is, and how it is built from the content (a
    builder returns None when the course has nothing for it; `absent` then says why)."""

    file_name: str
    what: str
    build: Callable[[Catalog], Sheet | None]
    absent: str = ""


PIECES: dict[str, Piece] = {
    "one-day": Piece(
        "run-sheet-one-day.pdf", "run sheet for a one-day workshop", runsheets.one_day
    ),
    "six-weeks": Piece(
        "run-sheet-six-weeks.pdf", "run sheet for a six-week programme", runsheets.six_weeks
    ),
    "role-play": Piece(
        "role-play-cards.pdf",
        "role-play cards",
        roleplay.cards,
        "no exercise of the course lists the roles of a role play (- **Speaker.** ...)",
    ),
    "agreement": Piece("group-agreement.pdf", "group confidentiality agreement", texts.agreement),
    "managers": Piece(
        "manager-briefing.pdf", "briefing for learners' own managers", texts.manager_briefing
    ),
    "evaluation": Piece(
        "evaluation-form.pdf", "evaluation form (reaction, learning, behaviour)", texts.evaluation
    ),
}


def pack(
    folder: str | Path,
    catalog: Catalog,
    pieces: Iterable[str] = (),
    *,
    paper: Paper = "a4",
    today: date | None = None,
    font_paths: Iterable[str | Path] = (),
    say: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Write the pack's sheets (all, or the named `pieces`) into `folder`; `say` hears what
    was left out and why."""
    from kit.handouts.render import render

    wanted = list(pieces) or list(PIECES)
    unknown = [p for p in wanted if p not in PIECES]
    if unknown:
        raise KitError(f"no pack piece {unknown[0]!r}; the pieces are {', '.join(PIECES)}")
    out = Path(folder)
    written = []
    for name in wanted:
        piece = PIECES[name]
        sheet = piece.build(catalog)
        if sheet is None:
            say(f"skipped the {piece.what}: {piece.absent}")
            continue
        sheet.paper = paper
        sheet.date = format_date(today or date.today())
        written.append(render(sheet, out / piece.file_name, font_paths))
    return written
