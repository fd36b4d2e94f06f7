"""`kit handout ...`: PDF workbooks, worksheets and facilitator guides from the command line."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
# The pack's sheets, named here so that `kit --help` needs no import of the pack builders.
PIECE_NAMES = (
    "one-day",
    "pre-work",
    "six-weeks",
    "role-play",
    "agreement",
    "sign-in",
    "managers",
    "evaluation",
    "notes",
    "answer-keys",
)
MODULE = click.option("--module", metavar="NN", help="Only this module, e.g. 01 (default: all).")
FONT_PATH = click.option(
    "--font-path",
    "font_paths",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="FOLDER",
    help="A folder of further fonts, for a script the kit's fonts lack (may be repeated).",
)
PAPER = click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    help="Paper size (default: from the locale; US Letter in e.g. en_US, else A4).",
)


def _output(default: str) -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"The PDF to write (default: {default}).",
    )


@click.group()
def handout() -> None:
    """Make PDF handouts: your workbook, blank worksheets, a facilitator guide, the
    facilitator's delivery pack and slides."""


@handout.command()
@MODULE
@click.option("--learner", metavar="NAME", help="Whose workbook (default: yours).")
@click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read answers from this store file instead of yours.",
)
@PAPER
@FONT_PATH
@_output("workbook.pdf or workbook-NN.pdf")
def workbook(
    module: str | None,
    learner: str | None,
    store: Path | None,
    paper: str | None,
    font_paths: tuple[Path, ...],
    output: Path | None,
) -> None:
    """Your answers, scores and feedback, with key points and charts."""
    _make("workbook", output, module, learner, paper, store, font_paths)


@handout.command()
@MODULE
@PAPER
@FONT_PATH
@_output("worksheets.pdf or worksheets-NN.pdf")
def worksheets(
    module: str | None, paper: str | None, font_paths: tuple[Path, ...], output: Path | None
) -> None:
    """Blank worksheets for a workshop room: prompts, options and space to write."""
    _make("worksheets", output, module, None, paper, None, font_paths)


@handout.command()
@MODULE
@PAPER
@FONT_PATH
@_output("guide.pdf or guide-NN.pdf")
def guide(
    module: str | None, paper: str | None, font_paths: tuple[Path, ...], output: Path | None
) -> None:
    """The facilitator guide: timings, discussion prompts, keys with rationales, confusions."""
    _make("guide", output, module, None, paper, None, font_paths)


@handout.command()
@click.option(
    "--store",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A store file; one workbook per learner in it (default: yours).",
)
@click.option(
    "--cohort",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A cohort folder; one workbook per learner in its gradebook.",
)
@MODULE
@PAPER
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Processes to use, this one included (default: up to the cores, when it pays).",
)
@FONT_PATH
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write the workbooks into.",
)
def workbooks(
    store: Path | None,
    cohort: Path | None,
    module: str | None,
    paper: str | None,
    workers: int | None,
    font_paths: tuple[Path, ...],
    quiet: bool,
    folder: Path,
) -> None:
    """One workbook per learner in a store or a cohort, into a folder."""
    from kit.handouts.api import normalize_module, paper_size
    from kit.handouts.batch import workbooks as make_all
    from kit.store import STORE_FILE, kit_home

    if store is not None and cohort is not None:
        raise click.UsageError("give --store or --cohort, not both")
    left_out: list[str] = []

    def skipped(learner: str, why: str) -> None:
        left_out.append(learner)
        click.echo(f"skipped {learner}: {why}", err=True)

    with missing_glyphs_reported():
        paths = make_all(
            None if cohort else store or kit_home() / STORE_FILE,
            folder,
            normalize_module(module),
            cohort=cohort,
            paper=paper_size(paper) if paper else None,
            workers=workers,
            progress=not quiet,
            font_paths=font_paths,
            skipped=skipped,
        )
    note = f" ({len(left_out)} skipped)" if left_out else ""
    click.echo(f"wrote {len(paths)} workbooks to {folder}{note}")


def _make(
    kind: str,
    output: Path | None,
    module: str | None,
    learner: str | None,
    paper: str | None,
    store: Path | None,
    font_paths: tuple[Path, ...] = (),
) -> None:
    from kit.handouts.api import handout as make

    with missing_glyphs_reported():
        path = make(kind, output, module, learner, paper=paper, store=store, font_paths=font_paths)
    click.echo(f"wrote {path}")


@contextmanager
def missing_glyphs_reported() -> Iterator[None]:
    """Say on stderr, once each, which characters no font could print and how to add one."""
    from kit.handouts.typefaces import MissingGlyphsWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MissingGlyphsWarning)
        yield
    said: set[str] = set()
    for w in caught:
        message = str(w.message)
        if issubclass(w.category, MissingGlyphsWarning) and message not in said:
            said.add(message)
            click.echo(f"warning: {message}", err=True)
        elif not issubclass(w.category, MissingGlyphsWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _delivery_options(function: F) -> F:
    """The options that say who the course is run for, printed on every sheet."""
    options = [
        click.option(
            "--cohort",
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            help="A cohort folder: its name, roster and `delivery:` settings (options win).",
        ),
        click.option("--client", help="The client organisation."),
        click.option("--group", help="The cohort's name (default: the cohort folder's)."),
        click.option("--trainer", help="The trainer's name."),
        click.option("--dates", help="The dates as text, e.g. '6 May to 10 June 2025'."),
        click.option(
            "--start",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help="The first session, YYYY-MM-DD: dates the six weekly sessions.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _delivery(
    cohort: Path | None,
    client: str | None,
    group: str | None,
    trainer: str | None,
    dates: str | None,
    start: Any,
) -> Any:
    from kit.handouts.delivery import Delivery, from_cohort

    given = Delivery(
        client=client or "",
        cohort=group or "",
        trainer=trainer or "",
        dates=dates or "",
        start=start.date() if start is not None else None,
    )
    return given.over(from_cohort(cohort)) if cohort is not None else given


@handout.command(name="pack")
@click.option(
    "--piece",
    "pieces",
    multiple=True,
    type=click.Choice(PIECE_NAMES),
    help="Only this sheet (may be repeated; default: all).",
)
@_delivery_options
@PAPER
@FONT_PATH
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("pack"),
    show_default=True,
    help="The folder to write the sheets into.",
)
def pack_command(
    pieces: tuple[str, ...],
    cohort: Path | None,
    client: str | None,
    group: str | None,
    trainer: str | None,
    dates: str | None,
    start: Any,
    paper: str | None,
    font_paths: tuple[Path, ...],
    folder: Path,
) -> None:
    """The facilitator's delivery pack, one PDF each, built from the course content: run
    sheets for a one-day workshop (with its pre-work) and a six-week programme, role-play
    cards, the group agreement, a sign-in sheet, a briefing for learners' managers, the
    evaluation form, notes for the trainer and an answer key per module. Client, cohort,
    trainer and dates are printed on every page."""
    from kit.content.catalog import load_catalog
    from kit.handouts.api import paper_size
    from kit.handouts.pack import pack
    from kit.handouts.render import default_paper
    from kit.handouts.signin import roster

    delivery = _delivery(cohort, client, group, trainer, dates, start)
    with missing_glyphs_reported():
        paths = pack(
            folder,
            load_catalog(),
            pieces,
            paper=paper_size(paper) if paper else default_paper(),
            delivery=delivery,
            names=roster(cohort) if cohort is not None else (),
            font_paths=font_paths,
            say=lambda line: click.echo(line, err=True),
        )
    for path in paths:
        click.echo(f"wrote {path}")


@handout.command(name="certificates")
@click.option(
    "--cohort",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="The cohort folder whose gradebook decides.",
)
@click.option(
    "--modules",
    metavar="NN,NN",
    help="The modules to complete, e.g. 01,02,03 (default: all).",
)
@click.option(
    "--answered",
    type=click.IntRange(0, 100),
    default=100,
    show_default=True,
    help="Percent of each module's exercises answered (private ones are not counted).",
)
@click.option(
    "--score",
    type=click.IntRange(0, 100),
    default=0,
    show_default=True,
    help="Percent of those exercises' points earned.",
)
@click.option("--client", help="The client organisation.")
@click.option("--trainer", help="The trainer's name.")
@click.option("--dates", help="The dates as text.")
@PAPER
@FONT_PATH
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("certificates"),
    show_default=True,
    help="The folder to write the certificates into.",
)
def certificates_command(
    cohort: Path,
    modules: str | None,
    answered: int,
    score: int,
    client: str | None,
    trainer: str | None,
    dates: str | None,
    paper: str | None,
    font_paths: tuple[Path, ...],
    folder: Path,
) -> None:
    """A certificate of completion for each learner of a cohort who meets your rule."""
    from kit.handouts.api import normalize_module, paper_size
    from kit.handouts.certificates import Rule, certificates
    from kit.handouts.render import default_paper
    from kit.text import counted

    ids = None
    if modules:
        ids = tuple(str(normalize_module(m)) for m in modules.split(",") if m.strip())
    rule = Rule(ids, answered / 100, score / 100)
    delivery = _delivery(None, client, None, trainer, dates, None)
    left = []

    def skipped(learner: str, why: str) -> None:
        left.append(learner)
        click.echo(f"no certificate for {learner}: {why}", err=True)

    with missing_glyphs_reported():
        paths = certificates(
            cohort,
            folder,
            rule,
            delivery=delivery,
            paper=paper_size(paper) if paper else default_paper(),
            font_paths=font_paths,
            skipped=skipped,
        )
    note = f" ({counted(len(left), 'learner')} did not meet the rule)" if left else ""
    click.echo(f"wrote {len(paths)} certificates to {folder}{note}")


@handout.command()
@MODULE
@FONT_PATH
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="The PDF to write with --module (default: slides-NN.pdf); without it, the folder "
    "for one deck per module (default: slides).",
)
def slides(module: str | None, font_paths: tuple[Path, ...], output: Path | None) -> None:
    """Slides for the room, 16:9, one deck per module: objectives, key points, the models
    and their sources, questions to discuss, each exercise's prompt and "Try this week"."""
    from kit.content.catalog import load_catalog
    from kit.handouts.api import normalize_module
    from kit.handouts.render import render
    from kit.handouts.slides import deck

    catalog = load_catalog()
    module_id = normalize_module(module)
    if module_id is not None:
        targets = {module_id: output or Path(f"slides-{module_id}.pdf")}
    else:
        folder = output or Path("slides")
        targets = {m.id: folder / f"slides-{m.id}.pdf" for m in catalog.course.modules}
    with missing_glyphs_reported():
        for module_id, target in targets.items():
            click.echo(f"wrote {render(deck(catalog, module_id), target, font_paths)}")
