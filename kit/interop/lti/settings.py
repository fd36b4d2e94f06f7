"""A cohort's LMS settings: `lms.yaml` in the cohort folder, written by `kit cohort lms init`.

Everything here is public (URLs and ids the LMS shows when the tool is registered) except the
tool's private key, which lives beside it in `lms-key.pem` (0600).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.errors import KitError
from kit.private import open_private

SETTINGS_FILE = "lms.yaml"
KEY_FILE = "lms-key.pem"
JWKS_FILE = "lms-jwks.json"

_HEADER = """\
# How `kit cohort lms push` reaches the LMS (LTI Advantage). The values come from the LMS's
# registration of the tool (issuer, client id, deployment id, token URL) and from the course
# (its line items and memberships URLs: the launch's AGS and NRPS claims; docs/lti.md).
# learner_field: the member field that equals the kit's learner id (user_id: the LTI `sub`,
#   as the hub's LTI login uses by default; or email, or ext_user_username where sent).
"""


class LmsSettings(BaseModel):
    """The settings of one cohort's LMS course."""

    model_config = ConfigDict(extra="forbid")

    issuer: str = Field(min_length=1, description="The platform's issuer id (iss).")
    client_id: str = Field(min_length=1)
    deployment_id: str = ""
    token_url: str = Field(min_length=1, description="The platform's OAuth 2 token endpoint.")
    token_audience: str | None = Field(
        default=None, description="The aud of the tool's JWT (default: token_url)."
    )
    lineitems: str = Field(min_length=1, description="AGS line items URL of the course.")
    memberships: str = Field(min_length=1, description="NRPS memberships URL of the course.")
    learner_field: Literal["user_id", "email", "ext_user_username", "lis_person_sourcedid"] = (
        "user_id"
    )
    timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    workers: int = Field(default=8, ge=1, le=32)


@dataclass(frozen=True)
class Lms:
    """A cohort's LMS settings with the paths of its key files resolved."""

    root: Path
    settings: LmsSettings

    @property
    def key_path(self) -> Path:
        return self.root / KEY_FILE

    @property
    def jwks_path(self) -> Path:
        return self.root / JWKS_FILE


def load_lms(root: Path) -> Lms:
    """The LMS settings of the cohort in `root`; KitError if there are none or they are wrong."""
    path = root / SETTINGS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise KitError(
            f"{root} has no LMS settings ({SETTINGS_FILE}); run `kit cohort lms init` first"
        ) from None
    except (OSError, yaml.YAMLError) as exc:
        raise KitError(f"cannot read {path}: {exc}") from None
    try:
        return Lms(root, LmsSettings.model_validate(data))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KitError(f"{path}: {where}: {first['msg']}") from None


def save_lms(root: Path, settings: LmsSettings) -> Path:
    path = root / SETTINGS_FILE
    text = yaml.safe_dump(settings.model_dump(), sort_keys=False, allow_unicode=True)
    with open_private(path, "w", encoding="utf-8") as out:
        out.write(_HEADER + text)
    return path
