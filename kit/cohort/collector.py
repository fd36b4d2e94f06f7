"""Collect submission files into the gradebook, grading every response again.

Each file is read (`kit.cohort.sources`: regular file, size limit, owner where the inbox is
shared; or a hand-in from the hub's exchange service, under the hub user who sent it), checked
(`kit.handin.submission`), graded with the trainer's content and stored, each whole or not at
all, `BATCH` files to a commit. A bad file is skipped with a reason and changes nothing; the
good files still go in.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

from pydantic_core import PydanticSerializationError, to_json

from kit.cohort.config import Cohort, cohort_folder, load_config
from kit.cohort.gradebook import Gradebook, Graded, StoredFile, open_gradebook
from kit.cohort.sources import Source, file_sources, hub_sources
from kit.content.catalog import Catalog, content_hash, load_catalog
from kit.errors import KitError
from kit.grading import grade
from kit.handin.submission import Refused, Submission, parse_submission, short

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
    dropped: list[tuple[Path, str]] = field(default_factory=list)
    regraded: int = 0

    @property
    def added(self) -> int:
        return sum(c.added for c in self.collected)

    def summary(self) -> str:
        return (
            f"{len(self.collected)} file(s) collected ({self.added} new attempt(s)),"
            f" {len(self.already)} already collected, {len(self.refused)} refused"
            + (f", {len(self.dropped)} with private answers left out" if self.dropped else "")
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
        out += [f"left out of {short(str(p))}: {reason}" for p, reason in self.dropped]
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
        dropped = "".join(
            f"<li><code>{escape(str(p))}</code>: {escape(reason)}</li>"
            for p, reason in self.dropped
        )
        more = f"<p>Refused:</p><ul>{refused}</ul>" if refused else ""
        more += f"<p>Private answers left out:</p><ul>{dropped}</ul>" if dropped else ""
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
    hub: bool = False,
) -> CollectReport:
    """Collect `files` (default: every submission in the cohort's inbox) into the gradebook.

    `folder` is the cohort folder (default: `KIT_COHORT`, else the working folder). With
    `hub`, the hand-ins come from the hub's exchange service instead (see `kit.hub`), with
    the same checks.
    """
    cohort = load_config(cohort_folder(folder))
    catalog = load_catalog(cohort.content_root)
    grader = Grader(catalog)
    report = CollectReport()
    now = now or datetime.now(UTC)
    target = cohort.gradebook_path
    try:
        with open_gradebook(target) as book:
            report.regraded = regrade_changed(book, grader)
            seen = book.file_hashes()
            sources = hub_sources(cohort, seen) if hub else file_sources(cohort, files)
            batch: list[Checked] = []
            for source in sources:
                if source.sha256 in seen:
                    report.already.append(source.path)
                    continue
                try:
                    item = check_source(cohort, grader, source, now, seen)
                except Refused as exc:
                    report.refused.append((source.path, str(exc)))
                    continue
                if item is None:
                    report.already.append(source.path)
                    continue
                if item.left_out:
                    report.dropped.append((source.path, item.left_out))
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
    left_out: str = ""

    def to_store(self) -> StoredFile:
        s = self.submission
        return StoredFile(
            self.sha256, self.path.name, s.learner, s.kit_version, s.created_at, self.graded
        )


def check_source(
    cohort: Cohort, grader: Grader, source: Source, now: datetime, seen: set[str]
) -> Checked | None:
    """Read, check and grade one submission; None if its bytes are in `seen` (to which it
    adds them). Raises Refused with the reason it cannot be collected.

    Attempts at exercises that are private in the trainer's content, and that the learner did
    not list as shared, are left out: only an old or altered kit hands them in.
    """
    raw, owner = source.read()
    sha = hashlib.sha256(raw).hexdigest()
    if sha in seen:
        return None
    if source.sha256 is not None and source.sha256 != sha:
        raise Refused("the exchange sent other bytes than it listed; collect again")
    skew = timedelta(seconds=cohort.config.max_clock_skew_seconds)
    submission = parse_submission(raw, now=now, max_skew=skew)
    if owner is not None and owner != submission.learner:
        raise Refused(source.mismatch(submission.learner, owner))
    submission, left_out = without_private(submission, grader.catalog)
    graded = grader.attempts(submission)
    seen.add(sha)
    return Checked(source.path, sha, submission, graded, left_out)


def without_private(submission: Submission, catalog: Catalog) -> tuple[Submission, str]:
    """The submission without attempts at private exercises it does not list as shared, and
    a reason naming what was left out ("" if nothing was)."""
    known = catalog.exercises
    shared = set(submission.shared)

    def private(exercise_id: str) -> bool:
        exercise = known.get(exercise_id)
        return exercise is not None and exercise.private and exercise_id not in shared

    dropped = sorted({a["exercise_id"] for a in submission.attempts if private(a["exercise_id"])})
    if not dropped:
        return submission, ""
    kept = [a for a in submission.attempts if not private(a["exercise_id"])]
    reason = (
        f"{len(submission.attempts) - len(kept)} attempt(s) at private exercise(s)"
        f" {', '.join(dropped)} that the learner did not share (an old or altered kit)"
    )
    return submission.model_copy(update={"attempts": kept}), short(reason, 400)


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
