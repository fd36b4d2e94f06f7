"""The learner side: export every attempt from the store into one submission file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from kit.cohort.submission import Submission, file_name, write_submission
from kit.content.catalog import Catalog, content_hash, load_catalog
from kit.errors import KitError
from kit.identity import NAME_SETTING, resolve_learner
from kit.store import Store, open_store

INBOX_ENV = "KIT_INBOX"


@dataclass(frozen=True)
class Receipt:
    """What `submit` wrote: the file, whose work it is, and how much it holds."""

    path: Path
    learner: str
    attempts: int
    exercises: int

    def __str__(self) -> str:
        return (
            f"Saved {self.attempts} answer(s) to {self.exercises} exercise(s) for {self.learner}"
            f" in {self.path}"
        )

    def _repr_html_(self) -> str:
        return f'<p class="kit-submitted" role="status">{escape(str(self))}</p>'


def default_folder() -> Path:
    """Where submissions go: the cohort inbox (`KIT_INBOX`) if set, else the working folder."""
    inbox = os.environ.get(INBOX_ENV, "").strip()
    return Path(inbox).expanduser() if inbox else Path.cwd()


def shared_inbox(folder: Path) -> bool:
    """Whether `folder` is a shared inbox: `KIT_INBOX`, or a folder of another user's."""
    inbox = os.environ.get(INBOX_ENV, "").strip()
    try:
        if inbox and Path(inbox).expanduser().resolve() == folder.resolve():
            return True
        return hasattr(os, "getuid") and folder.stat().st_uid != os.getuid()
    except OSError:
        return False


def build_submission(
    store: Store, catalog: Catalog, learner: str, now: datetime | None = None
) -> Submission:
    """The learner's submission: every attempt at an exercise of the current course."""
    from kit import __version__

    known = catalog.exercises
    attempts = [
        {
            "exercise_id": a.exercise_id,
            "content_hash": a.content_hash,
            "time": a.created_at,
            "response": a.response,
        }
        for a in store.attempts(learner)
        if a.exercise_id in known
    ]
    return Submission.model_validate(
        {
            "learner": learner,
            "kit_version": __version__,
            "created_at": (now or datetime.now(UTC)).isoformat(timespec="microseconds"),
            "course": catalog.course.title,
            "content": {e.id: content_hash(e) for e in known.values()},
            "attempts": attempts,
        }
    )


def submit(path: str | os.PathLike[str] | None = None) -> Receipt:
    """Write your answers to one submission file for your trainer, and say where it went.

    `path` is a file or a folder; by default the cohort inbox (`KIT_INBOX`) or the working
    folder. The file holds your answers and when you gave them, never a score: your trainer's
    copy of the course grades them again. Only you can read it, except in a shared inbox,
    where your trainer can too (nobody else can change it).
    """
    store = open_store()
    learner = resolve_learner(store.get_setting(NAME_SETTING))
    now = datetime.now(UTC)
    submission = build_submission(store, load_catalog(), learner, now)
    target = Path(path).expanduser() if path is not None else default_folder()
    if target.is_dir():
        target = target / file_name(learner, now)
    if not target.parent.is_dir():
        raise KitError(f"cannot write the submission: folder {target.parent} does not exist")
    try:
        write_submission(submission, target, shared=shared_inbox(target.parent))
    except OSError as exc:
        raise KitError(f"cannot write the submission to {target}: {exc.strerror or exc}") from None
    exercises = len({a["exercise_id"] for a in submission.attempts})
    return Receipt(target, learner, len(submission.attempts), exercises)
