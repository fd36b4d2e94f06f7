"""`kit cohort lms init|jwks|push`: a cohort's grades to its LMS (imports happen inside)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

PARTIAL_EXIT = 3  # some learners unknown to the LMS or some scores refused; the others went

FOLDER = click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))


@click.group("lms")
def lms() -> None:
    """Grades back to the LMS the course lives in (LTI Advantage; see docs/lti.md)."""


@lms.command("init")
@FOLDER
@click.option("--issuer", required=True, help="The platform's issuer id (from the LMS).")
@click.option("--client-id", required=True, help="The tool's client id in the LMS.")
@click.option("--deployment-id", default="", help="The deployment id in the LMS.")
@click.option("--token-url", required=True, help="The platform's OAuth 2 token URL.")
@click.option("--lineitems", required=True, help="The course's AGS line items URL.")
@click.option("--memberships", required=True, help="The course's NRPS memberships URL.")
@click.option("--learner-field", default="user_id", show_default=True,
              type=click.Choice(["user_id", "email", "ext_user_username", "lis_person_sourcedid"]),
              help="The member field equal to the kit's learner ids.")  # fmt: skip
def init(folder: Path, **values: str) -> None:
    """Save the LMS settings of the cohort in FOLDER and make the tool's key (once)."""
    from kit.cohort.config import load_config
    from kit.interop.lti.keys import generate_key, jwks, load_key
    from kit.interop.lti.settings import Lms, LmsSettings, save_lms
    from kit.private import open_private

    cohort = load_config(folder)
    settings = LmsSettings.model_validate(values)
    lms_ = Lms(cohort.root, settings)
    click.echo(f"wrote {save_lms(cohort.root, settings)}")
    existed = lms_.key_path.exists()
    generate_key(lms_.key_path)
    click.echo(f"{'kept' if existed else 'made'} the tool's private key {lms_.key_path} (0600)")
    with open_private(lms_.jwks_path, "w", encoding="utf-8") as out:
        json.dump(jwks(load_key(lms_.key_path)), out, indent=2)
    click.echo(f"wrote {lms_.jwks_path}: enter it (or the URL it is published at) in the LMS")


@lms.command("jwks")
@FOLDER
def jwks_command(folder: Path) -> None:
    """Print the tool's public keys (JWKS) for the LMS's tool settings."""
    from kit.cohort.config import load_config
    from kit.interop.lti.keys import jwks, load_key
    from kit.interop.lti.settings import load_lms

    lms_ = load_lms(load_config(folder).root)
    click.echo(json.dumps(jwks(load_key(lms_.key_path)), indent=2))


@lms.command("push")
@FOLDER
@click.option("-n", "--dry-run", is_flag=True, help="Show what would be posted; post nothing.")
def push_command(folder: Path, dry_run: bool) -> None:
    """Post each learner's score per module and for the course to the LMS's line items.

    Only new or changed scores are posted, so running it again is safe. Learners the LMS
    does not know are named and skipped; exits with status 3 if there were any, or if the LMS
    refused a score, and 1 if nothing could be sent.
    """
    from kit.interop.lti.ags import push

    report = push(folder, dry_run=dry_run)
    for line in report.lines():
        problem = line.startswith(("not in the LMS", "refused", "not sent"))
        click.echo(line, err=problem)
    if not report.ok:
        sys.exit(PARTIAL_EXIT)
