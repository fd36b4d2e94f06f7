"""The facilitator's delivery pack: every sheet a trainer prints to run the course live,
written into one folder, each with the client, cohort, trainer and dates on every page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kit.content.catalog import Catalog
from kit.errors import KitError
from kit.handouts import answerkey, oneday, roleplay, runsheets, signin, texts
from kit.handouts.delivery import Delivery
from kit.handouts.documents import format_date
from kit.handouts.model import Paper
from kit.handouts.sheets import Sheet


@dataclass(frozen=True)
class Context:
    """What the sheets are built from: the course, who it is run for, and the roster."""

    catalog: Catalog
    delivery: Delivery = field(default_factory=Delivery)
    names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Piece:
    """One sheet of the pack: its file, what it is, and how it is built (a builder returns
    None when the course has nothing for it; `absent` then says why). A piece `per_module`
    is one file per module, its name's {module} filled in."""

    file_name: str
    what: str
    build: Callable[[Context, str], Sheet | None]
    absent: str = ""
    per_module: bool = False


def _course(builder: Callable[[Catalog], Sheet | None]) -> Callable[[Context, str], Sheet | None]:
    return lambda context, _module: builder(context.catalog)


PIECES: dict[str, Piece] = {
    "one-day": Piece(
        "run-sheet-one-day.pdf", "run sheet for a one-day workshop", _course(oneday.one_day)
    ),
    "pre-work": Piece(
        "pre-work.pdf", "pre-work for the one-day workshop", _course(oneday.pre_work)
    ),
    "six-weeks": Piece(
        "run-sheet-six-weeks.pdf",
        "run sheet for a six-week programme",
        lambda c, _m: runsheets.six_weeks(c.catalog, c.delivery),
    ),
    "role-play": Piece(
        "role-play-cards.pdf",
        "role-play cards",
        _course(roleplay.cards),
        "no exercise of the course lists the roles of a role play (- **Speaker.** ...)",
    ),
    "agreement": Piece(
        "group-agreement.pdf", "group confidentiality agreement", _course(texts.agreement)
    ),
    "sign-in": Piece(
        "sign-in-sheet.pdf",
        "sign-in sheet",
        lambda c, _m: signin.sign_in(c.catalog, c.names, c.delivery.dates),
    ),
    "managers": Piece(
        "manager-briefing.pdf",
        "briefing for learners' own managers",
        _course(texts.manager_briefing),
    ),
    "evaluation": Piece(
        "evaluation-form.pdf",
        "evaluation form (reaction, learning, behaviour)",
        _course(texts.evaluation),
    ),
    "notes": Piece(
        "trainer-notes.pdf",
        "notes on online delivery, cultural adaptation and trademarks",
        _course(texts.delivery_notes),
    ),
    "answer-keys": Piece(
        "answer-key-{module}.pdf",
        "answer keys",
        lambda c, m: answerkey.answer_key(c.catalog, m),
        per_module=True,
    ),
}


def pack(
    folder: str | Path,
    catalog: Catalog,
    pieces: Iterable[str] = (),
    *,
    paper: Paper = "a4",
    today: date | None = None,
    delivery: Delivery | None = None,
    names: Iterable[str] = (),
    font_paths: Iterable[str | Path] = (),
    say: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Write the pack's sheets (all, or the named `pieces`) into `folder`; `say` hears what
    was left out and why. `delivery` is printed on every page; `names` (a roster) fill the
    sign-in sheet."""
    from kit.handouts.render import render

    wanted = list(pieces) or list(PIECES)
    unknown = [p for p in wanted if p not in PIECES]
    if unknown:
        raise KitError(f"no pack piece {unknown[0]!r}; the pieces are {', '.join(PIECES)}")
    context = Context(catalog, (delivery or Delivery()).with_dates(), list(names))
    out = Path(folder)
    written = []
    for name in wanted:
        piece = PIECES[name]
        modules = [m.id for m in catalog.course.modules] if piece.per_module else [""]
        for module in modules:
            sheet = piece.build(context, module)
            if sheet is None:
                say(f"skipped the {piece.what}: {piece.absent}")
                continue
            sheet.paper = paper
            sheet.date = format_date(today or date.today())
            sheet.delivery = context.delivery.labelled()
            target = out / piece.file_name.format(module=module)
            written.append(render(sheet, target, font_paths))
    return written
