"""The notebook and command-line face of the follow-up: set dated commitments, export them
as a calendar file, review them at 30 and 90 days, see the stance ratings over time."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kit.api import context
from kit.content.catalog import Catalog
from kit.followup import review
from kit.followup.calendar import calendar
from kit.followup.commitments import Commitment, current, save
from kit.handouts.weekly import short, try_this_week

PLAN_ROWS = 3  # dated commitments of the leadership plan
WEEK = timedelta(days=7)


def suggestions(catalog: Catalog, module_id: str) -> list[tuple[str, str]]:
    """(key, text) of what a module suggests committing to: its "Try this week" items, and
    for the module with the leadership plan, rows for the plan's own commitments."""
    module = catalog.module(module_id)
    found = [
        (f"m{module.id}.try-{n}", short(item).rstrip("."))
        for n, item in enumerate(try_this_week(catalog, module), 1)
    ]
    if any(e.id.endswith("leadership-plan") for e in catalog.module_exercises(module.id)):
        found += [(f"m{module.id}.plan-{n}", "") for n in range(1, PLAN_ROWS + 1)]
    return found


def set_commitment(module: str, key: str, text: str, due: date) -> Commitment:
    """Save a dated commitment (or a new version of one) for you."""
    _catalog, store, learner = context()
    existing = current(store, learner).get(key)
    base = existing or Commitment(key, module, text, due)
    return save(
        store, learner, Commitment(key, module, text, due, base.status, base.note, base.review)
    )


def review_commitment(
    key: str, status: str, note: str = "", due: date | None = None, today: date | None = None
) -> Commitment:
    """Record how a commitment went at the follow-up that is due (and, if given, its next date)."""
    _catalog, store, learner = context()
    mine = current(store, learner)
    if key not in mine:
        from kit.errors import KitError

        raise KitError(f"no commitment {key!r}; set it first")
    c = mine[key]
    which = review.due(review.started(mine.values()), today) or c.review
    return save(
        store, learner, Commitment(c.key, c.module, c.text, due or c.due, status, note, which)
    )


def my_commitments() -> list[Commitment]:
    """Your commitments as they stand, in the order you set them."""
    _catalog, store, learner = context()
    return list(current(store, learner).values())


def calendar_bytes() -> bytes:
    """Your active commitments and the follow-ups as an .ics file's bytes."""
    catalog, store, learner = context()
    mine = list(current(store, learner).values())
    dates = review.follow_ups(review.started(mine))
    return calendar(learner, mine, dates, catalog.course.title)


def commitments_calendar(path: str | Path = "commitments.ics") -> Path:
    """Write your commitments as a calendar file of reminders; return its path."""
    target = Path(path)
    target.write_bytes(calendar_bytes())
    return target


def stance_history() -> Any:
    """Your stance profile at each rating, as a table (pandas)."""
    import pandas as pd

    catalog, store, learner = context()
    rows = review.stance_history(catalog, store, learner)
    return pd.DataFrame(rows).set_index(["rating", "date"]) if rows else pd.DataFrame()


def default_due(today: date | None = None) -> date:
    return (today or date.today()) + WEEK
