"""The `kit submit` command and the `kit cohort` group (imports happen inside commands)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

REFUSED_EXIT = 3  # `kit cohort collect`: some files were refused, the others collected


@click.command("submit")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="A file or folder to write to (default: the hub's exchange service if the server has"
    " one, else $KIT_INBOX, else the working folder).",
)
@click.option("-n", "--dry-run", is_flag=True, help="Show what would be handed in; send nothing.")
def submit_command(output: Path | None, dry_run: bool) -> None:
    """Hand in your saved answers to your trainer (private ones only if you share them).

    It first says exactly what goes; after a hand-in it says what went.
    """
    from kit.handin.learner import prepare

    handin = prepare(output)
    click.echo(str(handin.preview))
    if not dry_run:
        click.echo(str(handin.send()))


@click.command("share")
@click.argument("exercise_id")
@click.option("--off", is_flag=True, help="Keep it private again (the default for private ones).")
def share_command(exercise_id: str, off: bool) -> None:
    """Include your answers to one private exercise in your next hand-ins (or, --off, not)."""
    from kit.sharing import share

    shared = share(exercise_id, not off)
    if shared:
        click.echo(f"{exercise_id}: your next hand-ins include every answer you checked here")
    else:
        click.echo(f"{exercise_id}: private again; your next hand-ins leave it out")


@click.group("cohort")
def cohort() -> None:
    """Trainer tools: collect learners' submissions into a gradebook and report on them."""


@cohort.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV with a header: learner (or username/id), name, email.")  # fmt: skip
@click.option("--inbox", type=click.Path(file_okay=False, path_type=Path),
              help="A shared folder learners submit to (default: FOLDER/inbox).")  # fmt: skip
@click.option("--verify-owner/--no-verify-owner", default=None,
              help="Refuse inbox files not owned by the learner they name (default: on with --inbox).")  # fmt: skip
@click.option("--name", help="The cohort's name (default: the folder name).")
@click.option("--content", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Grade with this content folder (default: the kit's own, or $KIT_CONTENT).")  # fmt: skip
@click.option(
    "--hub-group", help="On a hub: the hub group of this cohort's trainers (collect --hub)."
)
def init(
    folder: Path,
    roster: Path | None,
    inbox: Path | None,
    verify_owner: bool | None,
    name: str | None,
    content: Path | None,
    hub_group: str | None,
) -> None:
    """Create a cohort folder (cohort.yaml, gradebook, inbox), or update its roster."""
    from kit.cohort.config import CONFIG_FILE, init_cohort

    existed = (folder / CONFIG_FILE).is_file()
    c = init_cohort(
        folder,
        roster=roster,
        inbox=inbox,
        verify_owner=verify_owner,
        name=name,
        content=content,
        hub_group=hub_group,
    )
    what = "updated the roster of" if existed and roster else "kept" if existed else "created"
    click.echo(f"{what} cohort {c.config.name!r} in {c.root}")
    click.echo(f"inbox: {c.inbox}  (owner check {'on' if c.config.verify_owner else 'off'})")


@cohort.command("collect")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="Print only refusals and the summary.")
@click.option("--hub", is_flag=True, help="Collect from the hub's exchange service (hub_group).")
def collect(folder: Path, files: tuple[Path, ...], quiet: bool, hub: bool) -> None:
    """Grade submission FILES (default: the cohort's inbox) into the gradebook.

    Bad files are skipped with a reason on stderr; the good ones still go in. Attempts at
    private exercises the learner did not share are left out, also with a reason. Exits with
    status 3 if any file was refused, 1 if the collect could not run.
    """
    from kit.cohort.collector import collect as run

    if hub and files:
        raise click.UsageError("name FILES or use --hub, not both")
    report = run(folder, list(files), hub=hub)
    if not quiet:
        for line in report.lines():
            if not line.startswith(("refused", "left out")):
                click.echo(line)
    for path, reason in report.refused:
        click.echo(f"refused {click.format_filename(str(path))}: {reason}", err=True)
    for path, reason in report.dropped:
        click.echo(f"left out of {click.format_filename(str(path))}: {reason}", err=True)
    click.echo(report.summary())
    if report.refused:
        total = len(report.collected) + len(report.already) + len(report.refused)
        click.echo(f"kit: {len(report.refused)} of {total} file(s) refused", err=True)
        sys.exit(REFUSED_EXIT)


@cohort.command("report")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the reports (default: FOLDER/reports).")  # fmt: skip
def report(folder: Path, output: Path | None) -> None:
    """Write every report as CSV, one Excel workbook and an LMS-friendly CSV."""
    from kit.cohort.export import write_reports

    for path in write_reports(folder, output or folder / "reports"):
        click.echo(f"wrote {path}")


@cohort.command("demo")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--learners", default=30, show_default=True, help="How many imaginary learners.")
@click.option("--seed", default=1, show_default=True, help="Seed: the same seed, the same cohort.")
def demo(folder: Path, learners: int, seed: int) -> None:
    """Make a cohort of imaginary learners to try the tools on (then collect and report it)."""
    from kit.cohort.synthetic import demo_cohort

    if folder.exists() and any(folder.iterdir()):
        click.echo(f"kit: error: {folder} is not empty", err=True)
        sys.exit(1)
    c = demo_cohort(folder, learners, seed=seed)
    click.echo(f"created a demo cohort of {learners} learners in {c.root}; now run:")
    click.echo(f"  kit cohort collect {folder} && kit cohort report {folder}")
