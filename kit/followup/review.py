"""The follow-ups at 30 and 90 days: when they fall, which one is due, and the learner's
stance ratings over time (the first rating, then every re-rating)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from kit.content.catalog import Catalog
from kit.followup.commitments import Commitment
from kit.store import Store

DAYS = (30, 90)
EARLY = 7  # a follow-up may be done this many days before its date


def started(commitments: Iterable[Commitment]) -> date | None:
    """The day the follow-ups count from: when the leadership plan's commitments were first
    set (module 06), else the first commitment of all; None before any."""
    dated = [(c.module, c.set_on) for c in commitments if c.set_on is not None]
    plan = [day for module, day in dated if module == "06"]
    days = plan or [day for _, day in dated]
    return min(days) if days else None


def follow_ups(start: date | None) -> list[tuple[str, date]]:
    """(label, date) of the 30- and 90-day follow-ups."""
    if start is None:
        return []
    return [(f"{n}-day follow-up", start + timedelta(days=n)) for n in DAYS]


def due(start: date | None, today: date | None = None) -> str:
    """Which follow-up is due today ("30", "90"), or "" when none is yet."""
    today = today or date.today()
    if start is None:
        return ""
    open_ = [n for n in DAYS if today >= start + timedelta(days=n - EARLY)]
    return str(open_[-1]) if open_ else ""


def rerating(catalog: Catalog) -> tuple[Any, Any] | None:
    """(the stance inventory, its re-rating): the first likert exercise that re-rates
    another, and the one it re-rates."""
    for exercise in catalog.exercises.values():
        target = getattr(exercise, "rerate_of", None)
        if exercise.kind == "likert" and target:
            return catalog.exercise(target), exercise
    return None


def stance_history(catalog: Catalog, store: Store, learner: str) -> list[dict[str, Any]]:
    """The learner's stance profile at each rating, oldest first: the first rating's latest
    answer, then every re-rating (the end of the course and each follow-up)."""
    pair = rerating(catalog)
    if pair is None:
        return []
    first, again = pair
    labels = {s.id: s.label for s in first.scales}
    rows = []
    latest = store.latest(learner, first.id)
    attempts = ([latest] if latest else []) + store.attempts(learner, again.id)
    for n, attempt in enumerate(attempts):
        when = datetime.fromisoformat(attempt.created_at).date()
        row: dict[str, Any] = {"rating": "First rating" if n == 0 and latest else "Again"}
        row["date"] = when.isoformat()
        for scale, value in attempt.result.profile.items():
            row[labels.get(scale, scale)] = round(value, 1)
        rows.append(row)
    return rows
