"""`kit.handout()`: make a PDF workbook, worksheets or facilitator guide from Python."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kit.errors import KitError
from kit.handouts.model import KINDS, Kind, Paper

if TYPE_CHECKING:
    from kit.store import Store

PAPERS = ("a4", "letter")


def handout(
    kind: str = "workbook",
    output: str | Path | None = None,
    module: str | int | None = None,
    learner: str | None = None,
    *,
    paper: str | None = None,
    store: str | Path | None = None,
    today: date | None = None,
    font_paths: Iterable[str | Path] = (),
) -> Path:
    """Make a PDF handout and return its path.

    kind: "workbook" (your answers, scores and feedback), "worksheets" (blank, for a workshop
    room) or "guide" (for facilitators: keys, rationales, timings). module: e.g. "01"; the
    whole course if None. learner: whose workbook (default: you). paper: "a4" or "letter"
    (default: from the locale). store: a store file other than yours. output: the PDF path
    (default: e.g. workbook-01.pdf in the working folder). font_paths: folders of further
    fonts, for scripts the kit's fonts lack (a `MissingGlyphsWarning` names them).
    """
    from kit.answers import latest_answers
    from kit.content.catalog import load_catalog
    from kit.handouts.documents import build
    from kit.handouts.render import default_paper, render

    checked = _kind(kind)
    module_id = normalize_module(module)
    catalog = load_catalog()
    if module_id is not None:
        catalog.module(module_id)
    name, done = "", None
    if checked == "workbook":
        name, opened = learner_and_store(learner, store)
        done = latest_answers(catalog, opened, name)
    target = Path(output) if output is not None else default_output(checked, module_id)
    document = build(
        checked,
        catalog,
        module_id,
        learner=name,
        done=done,
        paper=paper_size(paper) if paper else default_paper(),
        today=today,
    )
    return render(document, target, font_paths)


def default_output(kind: str, module: str | None) -> Path:
    return Path(f"{kind}-{module}.pdf" if module else f"{kind}.pdf")


def normalize_module(module: str | int | None) -> str | None:
    """'1', 1 and '01' all name module 01."""
    if module is None:
        return None
    text = str(module).strip()
    return text.zfill(2) if text.isdigit() else text


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise KitError(f"no handout kind {kind!r}; the kinds are {', '.join(KINDS)}")
    return kind  # type: ignore[return-value]


def paper_size(paper: str) -> Paper:
    if paper not in PAPERS:
        raise KitError(f"no paper size {paper!r}; use a4 or letter")
    return paper  # type: ignore[return-value]


def learner_and_store(learner: str | None, store: str | Path | None) -> tuple[str, Store]:
    from kit.identity import NAME_SETTING, resolve_learner, validate_learner
    from kit.store import open_store

    if store is not None and not Path(store).is_file():
        raise KitError(f"no store at {store}")
    opened = open_store(Path(store)) if store is not None else open_store()
    if learner:
        name = validate_learner(learner)
        known = opened.learners()
        if name not in known:
            where = f" in {store}" if store is not None else ""
            listed = ", ".join(known[:10]) + (" ..." if len(known) > 10 else "")
            raise KitError(
                f"no answers from {name!r}{where}"
                + (f"; learners with answers: {listed}" if known else "; it has no answers yet")
            )
        return name, opened
    return resolve_learner(opened.get_setting(NAME_SETTING)), opened
