"""Dated commitments: what a learner will try from each module's "Try this week" and from
their leadership plan, by when, and how it went at the 30- and 90-day follow-ups.

Commitments live in the learner's own store (never handed in), each change appended as a
version of its own: nothing a learner saved is overwritten. The newest version of each key
is the commitment as it stands.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta

from kit.errors import KitError
from kit.store import Store

STATUSES = {
    "open": "Not reviewed yet",
    "kept": "Doing it, and keeping it up",
    "done": "Done",
    "partly": "Tried it, partly",
    "not-yet": "Not yet",
    "dropped": "Letting it go",
}
MAX_TEXT = 500
_KEY = re.compile(r"^[a-z0-9][a-z0-9.-]{0,63}$")


@dataclass(frozen=True)
class Commitment:
    """One dated commitment as it stands: where it came from, what, by when, how it went."""

    key: str  # e.g. "m01.try-2" (the second "Try this week" item) or "m06.plan-1"
    module: str
    text: str
    due: date
    status: str = "open"
    note: str = ""
    review: str = ""  # "30" or "90": the follow-up that last reviewed it
    set_on: date | None = None  # when it was first saved

    @property
    def active(self) -> bool:
        return self.status not in ("done", "dropped")


def check(commitment: Commitment, today: date | None = None) -> Commitment:
    """The commitment with its text tidied; KitError in one plain line if it cannot be
    saved (no text, text too long, a date out of reach, an unknown status or key)."""
    today = today or date.today()
    text = " ".join(commitment.text.split())
    if not _KEY.match(commitment.key):
        raise KitError(f"commitment {commitment.key!r}: not a commitment key")
    if not text:
        raise KitError(f"commitment {commitment.key}: say what you will do")
    if len(text) > MAX_TEXT:
        raise KitError(f"commitment {commitment.key}: at most {MAX_TEXT} characters")
    if not today - timedelta(days=366) <= commitment.due <= today + timedelta(days=3 * 366):
        raise KitError(f"commitment {commitment.key}: the date {commitment.due} is out of reach")
    if commitment.status not in STATUSES:
        raise KitError(f"commitment {commitment.key}: no status {commitment.status!r}")
    return replace(commitment, text=text, note=" ".join(commitment.note.split())[:MAX_TEXT])


def save(store: Store, learner: str, commitment: Commitment) -> Commitment:
    """Check and append one version of `commitment`; return it as saved."""
    checked = check(commitment)
    data = asdict(checked)
    data["due"] = checked.due.isoformat()
    data.pop("set_on")
    store.add_commitment(learner, checked.key, data)
    return current(store, learner)[checked.key]


def current(store: Store, learner: str) -> dict[str, Commitment]:
    """The learner's commitments as they stand, by key, in the order first set."""
    found: dict[str, Commitment] = {}
    first: dict[str, date] = {}
    for key, data, when in store.commitment_versions(learner):
        first.setdefault(key, datetime.fromisoformat(when).date())
        found[key] = Commitment(
            key=key,
            module=str(data["module"]),
            text=str(data["text"]),
            due=date.fromisoformat(data["due"]),
            status=str(data.get("status", "open")),
            note=str(data.get("note", "")),
            review=str(data.get("review", "")),
            set_on=first[key],
        )
    return found


def history(store: Store, learner: str, key: str) -> list[tuple[str, dict[str, object]]]:
    """Every saved version of one commitment, oldest first: (when, what was saved)."""
    return [(when, data) for k, data, when in store.commitment_versions(learner) if k == key]
