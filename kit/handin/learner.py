"""The learner side: hand in the attempts from the store as one submission, after a preview.

A hand-in goes to the cohort's hub exchange service when the server names one
(`KIT_EXCHANGE_URL`, see `kit.hub`), else to a file in the cohort inbox (`KIT_INBOX`) or the
working folder. Private exercises stay out unless the learner shares them
(`kit.sharing`); `preview()` says exactly what a hand-in will hold.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from kit.content.catalog import Catalog, content_hash, load_catalog
from kit.errors import KitError
from kit.handin.submission import Submission, file_name, write_submission
from kit.identity import NAME_SETTING, resolve_learner
from kit.sharing import handed_in, shared_private
from kit.store import Store, open_store

INBOX_ENV = "KIT_INBOX"


@dataclass(frozen=True)
class Item:
    """One exercise in a hand-in (or kept out of it): id, title, how many attempts."""

    exercise_id: str
    title: str
    attempts: int
    private: bool = False

    def line(self) -> str:
        shared = " (private, shared by your choice)" if self.private else ""
        return f"{self.exercise_id}: {self.title}, {self.attempts} answer(s){shared}"


@dataclass(frozen=True)
class Preview:
    """Exactly what a hand-in holds, where it goes, and which private answers stay behind."""

    learner: str
    destination: str
    items: list[Item]
    kept: list[Item] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return sum(i.attempts for i in self.items)

    def lines(self, verb: str = "Will hand in") -> list[str]:
        """The preview as lines: `verb`, the count and destination; then one per exercise."""
        head = (
            f"{verb} {self.attempts} answer(s) to {len(self.items)} exercise(s) for"
            f" {self.learner}, to {self.destination}:"
        )
        out = [head, *(f"  {i.line()}" for i in self.items)]
        if self.kept:
            out.append("Private, kept in your own store, not handed in:")
            out += [f"  {i.exercise_id}: {i.title}" for i in self.kept]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        return _html(self.lines())


@dataclass(frozen=True)
class Receipt:
    """What a hand-in sent: whose work, where to, and which exercises."""

    path: Path | None
    learner: str
    attempts: int
    exercises: int
    preview: Preview

    def __str__(self) -> str:
        return "\n".join(self.preview.lines("Handed in"))

    def _repr_html_(self) -> str:
        return _html(self.preview.lines("Handed in"), "kit-submitted")


def _html(lines: list[str], css: str = "kit-preview") -> str:
    items = "".join(f"<li>{escape(line.strip())}</li>" for line in lines[1:])
    return f'<div class="{css}" role="status"><p>{escape(lines[0])}</p><ul>{items}</ul></div>'


def default_folder() -> Path:
    """Where submission files go: the cohort inbox (`KIT_INBOX`) if set, else the working folder."""
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
    """The learner's submission: every attempt at an exercise of the current course, except
    at private exercises the learner has not chosen to share."""
    from kit import __version__

    known = catalog.exercises
    allowed = handed_in(store, catalog)
    attempts = [
        {
            "exercise_id": a.exercise_id,
            "content_hash": a.content_hash,
            "time": a.created_at,
            "response": a.response,
        }
        for a in store.attempts(learner)
        if a.exercise_id in allowed
    ]
    answered = {a["exercise_id"] for a in attempts}
    return Submission.model_validate(
        {
            "learner": learner,
            "kit_version": __version__,
            "created_at": (now or datetime.now(UTC)).isoformat(timespec="microseconds"),
            "course": catalog.course.title,
            "content": {e.id: content_hash(e) for e in known.values()},
            "shared": sorted(shared_private(store, catalog) & answered),
            "attempts": attempts,
        }
    )


@dataclass(frozen=True)
class HandIn:
    """A submission built and previewed, ready to send exactly as previewed."""

    submission: Submission
    preview: Preview
    target: Path | None  # a file, or None for the hub exchange

    def send(self) -> Receipt:
        """Hand the submission in; KitError with a one-line reason if it did not go."""
        s = self.submission
        if self.target is None:
            from kit.handin.exchange import exchange_from_env

            exchange = exchange_from_env()
            if exchange is None:
                raise KitError("the hub exchange service is no longer configured")
            exchange.hand_in(s.to_json().encode())
        else:
            if not self.target.parent.is_dir():
                raise KitError(
                    f"cannot write the submission: folder {self.target.parent} does not exist"
                )
            try:
                write_submission(s, self.target, shared=shared_inbox(self.target.parent))
            except OSError as exc:
                raise KitError(
                    f"cannot write the submission to {self.target}: {exc.strerror or exc}"
                ) from None
        exercises = len({a["exercise_id"] for a in s.attempts})
        return Receipt(self.target, s.learner, len(s.attempts), exercises, self.preview)


def prepare(path: str | os.PathLike[str] | None = None) -> HandIn:
    """Build the hand-in `submit(path)` would send, with its preview; nothing is sent."""
    from kit.handin.exchange import exchange_from_env

    store = open_store()
    catalog = load_catalog()
    learner = resolve_learner(store.get_setting(NAME_SETTING))
    now = datetime.now(UTC)
    submission = build_submission(store, catalog, learner, now)
    exchange = exchange_from_env() if path is None else None
    target: Path | None = None
    if exchange is not None:
        destination = f"your trainer through the hub ({exchange.url})"
    else:
        target = Path(path).expanduser() if path is not None else default_folder()
        if target.is_dir():
            target = target / file_name(learner, now)
        if not target.parent.is_dir():
            raise KitError(f"cannot write the submission: folder {target.parent} does not exist")
        destination = f"the file {target}"
    return HandIn(submission, preview_of(store, catalog, submission, destination), target)


def preview_of(store: Store, catalog: Catalog, submission: Submission, destination: str) -> Preview:
    """The preview of `submission`: its exercises in course order, and the private ones left out."""
    counts: dict[str, int] = {}
    for a in submission.attempts:
        counts[a["exercise_id"]] = counts.get(a["exercise_id"], 0) + 1
    answered = {a.exercise_id for a in store.attempts(submission.learner)}
    items, kept = [], []
    for exercise_id, exercise in catalog.exercises.items():
        if exercise_id in counts:
            items.append(Item(exercise_id, exercise.title, counts[exercise_id], exercise.private))
        elif exercise.private and exercise_id in answered:
            kept.append(Item(exercise_id, exercise.title, 0, True))
    return Preview(submission.learner, destination, items, kept)


def preview(path: str | os.PathLike[str] | None = None) -> Preview:
    """What `kit.submit(path)` would hand in now, and where; nothing is sent."""
    return prepare(path).preview


def submit(path: str | os.PathLike[str] | None = None) -> Receipt:
    """Hand in your answers to your trainer, and say exactly what went where.

    On a hub with the cohort's exchange service they go to the service; otherwise `path` is a
    file or a folder (by default the cohort inbox, `KIT_INBOX`, or the working folder). A
    hand-in holds your answers and when you gave them, never a score, and no answer to a
    private exercise unless you chose to share it (`kit.share`). A file is readable only by
    you, except in a shared inbox, where your trainer can read it too (nobody else can change
    it).
    """
    return prepare(path).send()
