"""The `kit` command: a thin layer over the API. Errors are one line and a non-zero exit."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from kit.cohort.cli import cohort, share_command, submit_command
from kit.errors import KitError
from kit.handouts.cli import handout
from kit.interop.lti.cli import lms


class KitGroup(click.Group):
    """Turns every KitError into one clear line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KitError as exc:
            click.echo(f"kit: error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=KitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="leadership-kit")
def main() -> None:
    """Leadership Course Kit: answers and progress, content checks, handouts and cohorts."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Validate the course content: schema, ids, concepts and the notebooks' exercises.

    PATHS are content folders (holding course.yaml), repository roots, exercise files or
    notebooks. With none, the course folder you are in is checked (looking upward, like
    git), else KIT_CONTENT, else the course installed with the kit. Prints one line per
    problem as file:line: exercise-id: field: message and exits 1 if there is any.
    """
    from kit.content.catalog import course_to_check
    from kit.content.check import check_paths

    if not paths:
        root, how = course_to_check()
        click.echo(f"Checking {root} ({how}).", err=True)
    problems = check_paths(list(paths))
    for problem in problems:
        click.echo(str(problem.relative_to(Path.cwd())))
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo("Content OK.", err=True)


@main.command()
@click.option("--module", "module", metavar="NN", help="Only this module, e.g. 01.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def progress(module: str | None, as_json: bool) -> None:
    """Show status, score and attempts per exercise for the current learner."""
    from kit.api import progress as get_progress
    from kit.interop.xapi.status import waiting

    p = get_progress(module)
    count, line = waiting()
    if as_json:
        data = p.to_dict() | ({"statements_waiting": count} if line else {})
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(str(p))
    if line:
        click.echo(line)


@main.command()
@click.argument("exercise_id")
@click.argument("response_json")
def record(exercise_id: str, response_json: str) -> None:
    """Grade and save one answer given as JSON, e.g. kit record m01.x '"b"'."""
    from kit.api import record as record_answer

    try:
        response = json.loads(response_json)
    except json.JSONDecodeError as exc:
        raise KitError(f"RESPONSE_JSON is not valid JSON: {exc}") from None
    click.echo(str(record_answer(exercise_id, response)))


@main.command()
def whoami() -> None:
    """Print the name your answers are saved under, and where they are stored."""
    from kit.api import whoami as who
    from kit.store import STORE_FILE, kit_home

    click.echo(f"{who()}  (store: {kit_home() / STORE_FILE})")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), required=False)
def schema(folder: Path | None) -> None:
    """Write the JSON Schemas of exercise files and the manifest into FOLDER.

    With no FOLDER, into the course folder you are in (looking upward, like git), else
    KIT_CONTENT. The course installed with the kit is never written to.
    """
    from kit.content.jsonschema import schema_folder, write_schemas

    for path in write_schemas(folder or schema_folder()):
        click.echo(f"wrote {path}")


SERVER_ARGS = {"ignore_unknown_options": True, "allow_extra_args": True}


@main.command(context_settings=SERVER_ARGS)
@click.pass_context
def lab(ctx: click.Context) -> None:
    """Open the course in JupyterLab, at the start notebook, set up for learners.

    Other arguments go to `jupyter lab`, e.g. `kit lab --no-browser --port 9999`.
    """
    from kit.serve.lab import run_lab

    sys.exit(run_lab(ctx.args))


@main.command(context_settings=SERVER_ARGS)
@click.option(
    "--hub-config",
    "hub_folder",
    metavar="FOLDER",
    help="Print the Jupyter server config that serves the app on a hub, with the notebooks in "
    "FOLDER (relative to each user's home), and exit.",
)
@click.pass_context
def app(ctx: click.Context, hub_folder: str | None) -> None:
    """Open the course as an app (Voilà): pages with exercises and no code.

    Other arguments go to `voila`, e.g. `kit app --no-browser --port 9999`.
    """
    from kit.serve.app import hub_config, run_app

    if hub_folder is not None:
        click.echo(json.dumps(hub_config(hub_folder), indent=2, ensure_ascii=False))
        return
    sys.exit(run_app(ctx.args))


@main.group("xapi")
def xapi() -> None:
    """xAPI statements for the trainer's learning record store (set up by the trainer)."""


@xapi.command("send")
def xapi_send() -> None:
    """Send the statements waiting in your store now; exits 1 if some still wait or were
    refused."""
    from kit.interop.xapi.status import send_now

    delivery = send_now()
    click.echo(delivery.line())
    if delivery.waiting or delivery.refused:
        sys.exit(1)


@main.command("export")
@click.argument(
    "fmt", metavar="gift|moodle-xml|qti", type=click.Choice(["gift", "moodle-xml", "qti"])
)
@click.option("--module", metavar="NN", help="Only this module, e.g. 01 (default: the course).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File or folder to write (default: course.gift.txt, .moodle.xml or .qti.zip here).")  # fmt: skip
@click.option("--content", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The course's content folder (default: as for kit check).")  # fmt: skip
def export(fmt: str, module: str | None, output: Path | None, content: Path | None) -> None:
    """Write the auto-graded exercises as a question bank for an LMS, with every option's
    feedback; what the format cannot hold is listed after it."""
    from kit.interop.export import export_bank

    for line in export_bank(fmt, output, module, content).lines():
        click.echo(line)


main.add_command(handout)
main.add_command(submit_command)
main.add_command(share_command)
cohort.add_command(lms)
main.add_command(cohort)

if __name__ == "__main__":
    main()
