"""The learner's commitments as an iCalendar file (RFC 5545): one all-day event on each
commitment's date with a reminder that morning, and the 30- and 90-day follow-ups. Made
with the `icalendar` library; UIDs are stable, so importing a newer file updates events."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from kit.followup.commitments import Commitment

PRODID = "-//Leadership Course Kit//commitments//EN"
REMINDER = timedelta(hours=9)  # from the start of the day: 09:00 on the date


def _uid(learner: str, key: str) -> str:
    who = hashlib.sha256(learner.encode("utf-8")).hexdigest()[:16]
    return f"{key}-{who}@leadership-course-kit"


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", REMINDER)
    event.add_component(alarm)
    return event


def calendar(
    learner: str,
    commitments: Iterable[Commitment],
    follow_ups: Iterable[tuple[str, date]] = (),
    course: str = "Leadership course",
    now: datetime | None = None,
) -> bytes:
    """The .ics file: the commitments still active, then the follow-ups (label, date)."""
    stamp = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{course}: my commitments")
    for c in commitments:
        if c.active:
            summary = f"{course} · module {c.module}: {c.text}"
            description = "A commitment from the course. Afterwards, note how it went."
            cal.add_component(_event(_uid(learner, c.key), c.due, summary, description, stamp))
    for label, day in follow_ups:
        summary = f"{course}: {label}"
        description = "Open the follow-up page of the course: review your commitments and re-rate your stances."
        cal.add_component(
            _event(_uid(learner, f"follow-up-{label[:2]}"), day, summary, description, stamp)
        )
    return bytes(cal.to_ical())
