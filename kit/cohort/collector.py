"""Collect submission files into the gradebook, grading every response again.

Each file is read (regular file, size limit, owner where the inbox is shared), checked
(`kit.cohort.submission`), graded with the trainer's content and stored, each whole or not at
all, `BATCH` files to a commit. A bad file is skipped with a reason and changes nothing; the
good files still go in.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

from pydantic_core import PydanticSerializationError, to_json

from kit.cohort.config import CONFIG_FILE, Cohort, cohort_folder, load_config
from kit.cohort.gradebook import Gradebook, Graded, StoredFile, open_gradebook
from kit.cohort.submission import Refused, Submission, parse_submission, short
from kit.content.catalog import Catalog, content_hash, load_catalog
from kit.errors import KitError
from kit.grading import grade

BATCH = 100  # files per commit


@dataclass(frozen=True)
class Collected:
    """One file taken in: whose it is, how many attempts it held and how many were new."""

    path: Path
    learner: str
    attempts: int
    added: int


@dataclass(repr=False)
class CollectReport:
    """What one collect run did: files taken in, files seen before, files refused and why."""

    collected: list[Collected] = field(default_factory=list)
    already: list[Path] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    regraded: int = 0

    @property
    def added(self) -> int:
        return sum(c.added for c in self.collected)

    def summary(self) -> str:
        return (
            f"{len(self.collected)} file(s) collected ({self.added} new attempt(s)),"
            f" {len(self.already)} already collected, {len(self.refused)} refused"
            + (
                f"; {self.regraded} attempt(s) graded again for changed content"
                if self.regraded
                else ""
            )
        )

    def lines(self) -> list[str]:
        out = [
            f"collected {short(c.path.name)}: {short(c.learner)}, {c.attempts} attempt(s),"
            f" {c.added} new"
            for c in self.collected
        ]
        out += [f"already collected {short(p.name)}" for p in self.already]
        out += [f"refused {short(str(p))}: {reason}" for p, reason in self.refused]
        return out

    def __str__(self) -> str:
        return "\n".join([*self.lines(), self.summary()])

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        refused = "".join(
            f"<li><code>{escape(str(p))}</code>: {escape(reason)}</li>"
            for p, reason in self.refused
        )
        more = f"<p>Refused:</p><ul>{refused}</ul>" if refused else ""
        return f'<div role="status"><p>{escape(self.summary())}</p>{more}</div>'


class Grader:
    """Grades responses with one catalog, each distinct (exercise, response) once."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.hashes = {i: content_hash(e) for i, e in catalog.exercises.items()}
        self._cache: dict[tuple[str, str], tuple[Any, ...] | str] = {}

    def grade(self, exercise_id: str, canonical: str, response: Any) -> tuple[Any, ...] | str:
        """(score, max_score, status, profile JSON) or the reason the response does not fit."""
        key = (exercise_id, canonical)
        if (outcome := self._cache.get(key)) is None:
            try:
                r = grade(self.catalog.exercises[exercise_id], response)
            except Exception as exc:  # a hostile response must never stop a collect
                outcome = short(str(exc) or type(exc).__name__)
            else:
                profile = json.dumps(r.profile) if r.profile else None
                outcome = (r.score, r.max_score, r.status, profile)
            self._cache[key] = outcome
        return outcome

    def attempts(self, submission: Submission) -> list[Graded]:
        """Every attempt graded; Refused if one names an unknown exercise or has a bad shape."""
        graded: list[Graded] = []
        for n, a in enumerate(submission.attempts):
            exercise_id = a["exercise_id"]
            current = self.hashes.get(exercise_id)
            if current is None:
                raise Refused(f"attempt {n}: unknown exercise id {short(exercise_id)!r}")
            canonical = canonical_json(a["response"])
            outcome = self.grade(exercise_id, canonical, a["response"])
            fits = not isinstance(outcome, str)
            if not fits:
                if a["content_hash"] == current:
                    raise Refused(
                        f"attempt {n} ({exercise_id}): response of the wrong shape: {outcome}"
                    )
                outcome = (0.0, self.catalog.exercises[exercise_id].points, "ungraded", None)
            row = (exercise_id, exercise_id[1:3], a["time"], canonical, a["content_hash"], current)
            graded.append((*row, fits, *outcome))
        return graded


def canonical_json(value: Any) -> str:
    """The response as compact JSON (an object's keys sorted): equal responses, equal text."""
    if isinstance(value, dict):
        value = dict(sorted(value.items()))
    try:
        return to_json(value).decode()
    except (ValueError, RecursionError, PydanticSerializationError) as exc:
        raise Refused(f"a response cannot be stored: {short(str(exc))}") from None


def collect(
    folder: str | Path | None = None,
    files: list[str | Path] | None = None,
    *,
    now: datetime | None = None,
) -> CollectReport:
    """Collect `files` (default: every submission in the cohort's inbox) into the gradebook.

    `folder` is the cohort folder (default: `KIT_COHORT`, else the working folder).
    """
    cohort = load_config(cohort_folder(folder))
    catalog = load_catalog(cohort.content_root)
    grader = Grader(catalog)
    report = CollectReport()
    paths = [Path(f) for f in files] if files else inbox_files(cohort)
    now = now or datetime.now(UTC)
    target = cohort.gradebook_path
    try:
        with open_gradebook(target) as book:
            report.regraded = regrade_changed(book, grader)
            seen = book.file_hashes()
            batch: list[Checked] = []
            for path in paths:
                try:
                    item = check_file(cohort, grader, path, now, seen)
                except Refused as exc:
                    report.refused.append((path, str(exc)))
                    continue
                if item is None:
                    report.already.append(path)
                    continue
                batch.append(item)
                if len(batch) == BATCH:
                    store(book, batch, report)
                    batch = []
            store(book, batch, report)
    except sqlite3.Error as exc:
        raise KitError(
            f"cannot write to the gradebook {target}: {exc}; run collect again once"
            " that is fixed (what is already in is not added twice)"
        ) from None
    return report


def store(book: Gradebook, batch: list[Checked], report: CollectReport) -> None:
    """Store checked files in one commit, each whole or not at all, and note what went in."""
    added = book.add_files([item.to_store() for item in batch])
    for item, new in zip(batch, added, strict=True):
        if new is None:  # another collect stored these bytes meanwhile
            report.already.append(item.path)
        else:
            s = item.submission
            report.collected.append(Collected(item.path, s.learner, len(item.graded), new))


@dataclass(frozen=True)
class Checked:
    """A submission file read, checked and graded: ready to store."""

    path: Path
    sha256: str
    submission: Submission
    graded: list[Graded]

    def to_store(self) -> StoredFile:
        s = self.submission
        return StoredFile(
            self.sha256, self.path.name, s.learner, s.kit_version, s.created_at, self.graded
        )


def inbox_files(cohort: Cohort) -> list[Path]:
    """Every submission waiting in the cohort's inbox (`*.json`, hidden files left out)."""
    inbox = cohort.inbox
    if not inbox.is_dir():
        raise KitError(
            f"the inbox {inbox} does not exist (see inbox: in {cohort.root / CONFIG_FILE})"
        )
    return sorted(
        p for p in inbox.iterdir() if p.name.endswith(".json") and not p.name.startswith(".")
    )


def check_file(
    cohort: Cohort, grader: Grader, path: Path, now: datetime, seen: set[str]
) -> Checked | None:
    """Read, check and grade one file; None if its bytes are in `seen` (to which it adds them).

    Raises Refused with the reason the file cannot be collected.
    """
    check_owner = cohort.config.verify_owner and _inside(path, cohort.inbox)
    raw, owner = read_file(path, cohort.config.max_file_bytes, check_owner)
    sha = hashlib.sha256(raw).hexdigest()
    if sha in seen:
        return None
    skew = timedelta(seconds=cohort.config.max_clock_skew_seconds)
    submission = parse_submission(raw, now=now, max_skew=skew)
    if check_owner and owner != submission.learner:
        raise Refused(
            f"the file claims learner {short(submission.learner)!r} but belongs to user"
            f" {short(str(owner))!r} (verify_owner is on for this inbox)"
        )
    graded = grader.attempts(submission)
    seen.add(sha)
    return Checked(path, sha, submission, graded)


def read_file(path: Path, max_bytes: int, want_owner: bool) -> tuple[bytes, str | None]:
    """The bytes of a regular file no bigger than `max_bytes`, and its owner's user name."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise Refused(f"cannot read the file: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise Refused("a symbolic link, not a submission file")
    if not stat.S_ISREG(info.st_mode):
        raise Refused("not a regular file")
    if info.st_size > max_bytes:
        raise Refused(f"over the size limit ({info.st_size} bytes; the limit is {max_bytes})")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Refused("not a regular file")
            raw = f.read(max_bytes + 1)
    except OSError as exc:
        raise Refused(f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise Refused(f"over the size limit (more than {max_bytes} bytes)")
    return raw, owner_name(info.st_uid) if want_owner else None


def owner_name(uid: int) -> str:
    """The user name of `uid`; Refused where it cannot be known."""
    try:
        import pwd
    except ImportError:
        raise Refused(
            "file owners cannot be checked on this system; set verify_owner: false"
        ) from None
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        raise Refused(f"the file's owner (uid {uid}) has no user name") from None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve(strict=False).parent.is_relative_to(folder)
    except OSError:
        return True


def regrade_changed(book: Gradebook, grader: Grader) -> int:
    """Grade again the stored attempts whose exercise has changed in the trainer's content."""
    updates = []
    for exercise_id, hashes in book.graded_hashes().items():
        current = grader.hashes.get(exercise_id)
        if current is None:
            continue
        for old in hashes - {current}:
            for attempt_id, canonical in book.responses_graded_with(exercise_id, old):
                outcome = grader.grade(exercise_id, canonical, json.loads(canonical))
                fits = not isinstance(outcome, str)
                if not fits:
                    points = grader.catalog.exercises[exercise_id].points
                    outcome = (0.0, points, "ungraded", None)
                updates.append((current, int(fits), *outcome, attempt_id))
    if updates:
        book.update_grades(updates)
    return len(updates)
