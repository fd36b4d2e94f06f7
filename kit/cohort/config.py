"""A cohort folder: `cohort.yaml` (settings), the gradebook, an inbox and a reports folder."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.errors import KitError, LearnerError
from kit.handin.submission import MAX_BYTES, MAX_CLOCK_SKEW
from kit.identity import validate_learner
from kit.private import open_private, private_folder

CONFIG_FILE = "cohort.yaml"
COHORT_ENV = "KIT_COHORT"
GRADEBOOK_FILE = "gradebook.sqlite3"
REPORTS_DIR = "reports"

_HEADER = """\
# A Leadership Course Kit cohort. Edit by hand if you like; `kit cohort collect` reads it.
# inbox: where learners' submission files arrive (relative to this folder, or absolute).
# verify_owner: refuse a file in the inbox whose owner (OS user) is not the learner it names.
#   Turn it on for a shared inbox on a JupyterHub, where learner ids are user names.
# content: the course content folder to grade with (null: the kit's own, or KIT_CONTENT).
# hub_group: on a JupyterHub with the kit's exchange service, the hub group of this cohort's
#   trainers; `kit cohort collect --hub` collects as one of them.
# exchange_url: the exchange service's URL (null: KIT_EXCHANGE_URL, set by the hub).
# delivery: client, trainer, dates (as text) and start (the first session, YYYY-MM-DD),
#   printed on every sheet of `kit handout pack --cohort`.
"""

ID_COLUMNS = ("learner", "learner_id", "id", "username", "user", "login")
NAME_COLUMNS = ("name", "full_name", "display_name")
EMAIL_COLUMNS = ("email", "mail", "e-mail")


class DeliveryConfig(BaseModel):
    """Who the course is run for and when, printed on every sheet of the delivery pack."""

    model_config = ConfigDict(extra="forbid")

    client: str = ""
    trainer: str = ""
    dates: str = ""
    start: date | None = None


class CohortConfig(BaseModel):
    """The settings of one cohort, stored as `cohort.yaml` in its folder."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = Field(default=1, ge=1, le=1)
    name: str = ""
    inbox: str = "inbox"
    verify_owner: bool = False
    content: str | None = None
    hub_group: str | None = Field(default=None, min_length=1, max_length=255)
    exchange_url: str | None = None
    max_file_bytes: int = Field(default=MAX_BYTES, gt=0)
    max_clock_skew_seconds: int = Field(default=int(MAX_CLOCK_SKEW.total_seconds()), ge=0)
    delivery: DeliveryConfig = Field(default_factory=DeliveryConfig)


@dataclass(frozen=True)
class Cohort:
    """A cohort folder and its settings, with its paths resolved."""

    root: Path
    config: CohortConfig

    @property
    def inbox(self) -> Path:
        return (self.root / self.config.inbox).expanduser().resolve()

    @property
    def gradebook_path(self) -> Path:
        return self.root / GRADEBOOK_FILE

    @property
    def content_root(self) -> Path | None:
        if self.config.content is None:
            return None
        return (self.root / self.config.content).expanduser().resolve()


def cohort_folder(folder: str | Path | None = None) -> Path:
    """`folder`, else `KIT_COHORT`, else the working folder."""
    if folder is not None:
        return Path(folder)
    return Path(os.environ.get(COHORT_ENV) or ".")


def load_config(folder: str | Path) -> Cohort:
    """The cohort in `folder`; KitError if it is not one (run `kit cohort init` first)."""
    root = Path(folder).expanduser().resolve()
    path = root / CONFIG_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise KitError(
            f"{root} is not a cohort folder (no {CONFIG_FILE}); run `kit cohort init`"
        ) from None
    except (OSError, yaml.YAMLError) as exc:
        raise KitError(f"cannot read {path}: {exc}") from None
    try:
        return Cohort(root, CohortConfig.model_validate(data))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KitError(f"{path}: {where}: {first['msg']}") from None


def init_cohort(
    folder: str | Path,
    *,
    roster: str | Path | None = None,
    inbox: str | Path | None = None,
    verify_owner: bool | None = None,
    name: str | None = None,
    content: str | Path | None = None,
    hub_group: str | None = None,
) -> Cohort:
    """Create a cohort folder (or update an existing one's roster) and return it.

    `verify_owner` defaults to on when `inbox` is given (a shared folder), off for the
    cohort's own `inbox/` folder, into which the trainer copies files. A new cohort's folder
    and its own inbox are private to the trainer (0700), whatever the umask: they hold
    learners' work.
    """
    from kit.cohort.gradebook import open_gradebook

    root = Path(folder).expanduser().resolve()
    rows = read_roster(Path(roster)) if roster is not None else None
    if (root / CONFIG_FILE).is_file():
        cohort = load_config(root)
    else:
        config = CohortConfig(
            name=name if name is not None else root.name,
            inbox=str(Path(inbox).expanduser().resolve()) if inbox is not None else "inbox",
            verify_owner=verify_owner if verify_owner is not None else inbox is not None,
            content=str(Path(content).resolve()) if content is not None else None,
            hub_group=hub_group,
        )
        private_folder(root, tighten=True)  # also a folder made before, e.g. by `kit cohort demo`
        text = _HEADER + yaml.safe_dump(config.model_dump(), sort_keys=False, allow_unicode=True)
        with open_private(root / CONFIG_FILE, encoding="utf-8") as out:
            out.write(text)
        cohort = Cohort(root, config)
        if inbox is None:
            private_folder(cohort.inbox)
    with open_gradebook(cohort.gradebook_path) as book:
        if rows is not None:
            book.set_roster(rows)
    return cohort


def read_roster(path: Path) -> list[tuple[str, str, str]]:
    """(learner id, name, email) rows from a CSV with a header; KitError naming bad lines."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
            id_col = next((header[c] for c in ID_COLUMNS if c in header), None)
            if id_col is None:
                raise KitError(
                    f"{path}: no learner id column; name one of: {', '.join(ID_COLUMNS)}"
                )
            name_col = next((header[c] for c in NAME_COLUMNS if c in header), None)
            email_col = next((header[c] for c in EMAIL_COLUMNS if c in header), None)
            rows, problems, seen = [], [], set()
            for record in reader:
                line = reader.line_num
                try:
                    learner = validate_learner(record.get(id_col) or "")
                except LearnerError as exc:
                    problems.append(f"{path}:{line}: {exc}")
                    continue
                if learner in seen:
                    problems.append(f"{path}:{line}: {learner!r} is listed twice")
                seen.add(learner)
                name_value = (record.get(name_col) or "").strip() if name_col else ""
                email_value = (record.get(email_col) or "").strip() if email_col else ""
                rows.append((learner, name_value, email_value))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise KitError(f"cannot read the roster {path}: {exc}") from None
    if problems:
        raise KitError("the roster has problems:\n" + "\n".join(problems))
    return rows
