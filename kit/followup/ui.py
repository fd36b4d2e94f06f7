"""Thin forms (ipywidgets) for dated commitments and the follow-up review. They read and
write only through kit.followup; every message is printed into the form."""

from __future__ import annotations

import base64
import html
from datetime import date, timedelta
from typing import Any

import ipywidgets as w

from kit.api import context
from kit.errors import KitError
from kit.followup import api, review
from kit.followup.commitments import STATUSES, Commitment, current

WIDE = w.Layout(width="100%")


def calendar_link() -> str:
    """A link that saves the calendar file, with nothing fetched from elsewhere."""
    data = base64.b64encode(api.calendar_bytes()).decode("ascii")
    return (
        f'<a download="commitments.ics" href="data:text/calendar;base64,{data}">'
        "Download your commitments as a calendar file (.ics)</a>, with a reminder on each date"
        " and the 30- and 90-day follow-ups."
    )


class CommitmentsForm:
    """One row per suggestion: tick it, say it in your words, give it a date; then save."""

    def __init__(self, module: str, today: date | None = None) -> None:
        catalog, store, learner = context()
        self.module = catalog.module(module).id
        saved = current(store, learner)
        self.rows: list[tuple[str, w.Checkbox, w.Text, w.DatePicker]] = []
        boxes = []
        for key, text in api.suggestions(catalog, self.module):
            mine = saved.get(key)
            tick = w.Checkbox(value=bool(mine and mine.active), description="I will", indent=False)
            words = w.Text(
                value=mine.text if mine else text,
                placeholder="What you will do",
                layout=WIDE,
                description="What",
            )
            when = w.DatePicker(
                value=mine.due if mine else api.default_due(today), description="By"
            )
            self.rows.append((key, tick, words, when))
            boxes.append(w.HBox([tick, words, when], layout=WIDE))
        self.save = w.Button(description="Save my commitments", button_style="primary")
        self.save.on_click(lambda _b: self.saved())
        self.message = w.HTML()
        intro = w.HTML(
            "<p>Tick what you will try, in your own words, and the date by which you will"
            " have done it. Your commitments stay in your own answers: nobody else sees them.</p>"
        )
        self.widget = w.VBox([intro, *boxes, self.save, self.message])

    def saved(self) -> list[Commitment]:
        """Save the ticked rows (and drop rows unticked since); say what happened."""
        done: list[Commitment] = []
        problems = []
        _catalog, store, learner = context()
        before = current(store, learner)
        for key, tick, words, when in self.rows:
            try:
                if tick.value:
                    if when.value is None:
                        raise KitError(f"commitment {key}: choose a date")
                    done.append(api.set_commitment(self.module, key, words.value, when.value))
                elif key in before and before[key].active:
                    api.review_commitment(key, "dropped", "Unticked when setting commitments")
            except KitError as exc:
                problems.append(html.escape(str(exc)))
        said = f"<p>Saved {len(done)} commitment{'s' if len(done) != 1 else ''}.</p>"
        if problems:
            said += "".join(f'<p class="kit-problem">{p}</p>' for p in problems)
        if done:
            said += f"<p>{calendar_link()}</p>"
        self.message.value = said
        return done


class FollowUpForm:
    """Each active commitment with how it went, a note and its next date; then save."""

    def __init__(self, today: date | None = None) -> None:
        _catalog, store, learner = context()
        self.today = today or date.today()
        mine = current(store, learner)
        start = review.started(mine.values())
        which = review.due(start, self.today)
        dates = review.follow_ups(start)
        if not mine:
            head = (
                "You have no dated commitments yet: set them under each module's “Try this week”."
            )
        elif which:
            day = dict(review.follow_ups(start))[f"{which}-day follow-up"]
            head = f"This is your {which}-day follow-up (from {day:%d %B %Y}). How did each commitment go?"
        else:
            listed = ", ".join(f"{label} on {day:%d %B %Y}" for label, day in dates)
            head = f"Your follow-ups: {listed}. You can review your commitments any time before."
        self.rows: list[tuple[str, w.Dropdown, w.Text, w.DatePicker]] = []
        boxes: list[Any] = [w.HTML(f"<p>{html.escape(head)}</p>")]
        options = [(label, key) for key, label in STATUSES.items() if key != "open"]
        for c in mine.values():
            if not c.active:
                continue
            label = w.HTML(
                f"<p><b>Module {html.escape(c.module)}:</b> {html.escape(c.text)}"
                f" (by {c.due:%d %B %Y})</p>"
            )
            status = w.Dropdown(options=options, value=None, description="How it went")
            note = w.Text(
                value=c.note, placeholder="What happened", layout=WIDE, description="Note"
            )
            when = w.DatePicker(
                value=max(c.due, self.today) + timedelta(days=30), description="Next"
            )
            self.rows.append((c.key, status, note, when))
            boxes += [label, w.HBox([status, when]), note]
        self.save = w.Button(description="Save my review", button_style="primary")
        self.save.on_click(lambda _b: self.saved())
        self.message = w.HTML()
        self.widget = w.VBox([*boxes, self.save, self.message])

    def saved(self) -> list[Commitment]:
        """Save a review for every commitment given a status; say what happened."""
        done = []
        for key, status, note, when in self.rows:
            if status.value is None:
                continue
            keep = status.value in ("kept", "partly", "not-yet")
            done.append(
                api.review_commitment(
                    key, status.value, note.value, when.value if keep else None, self.today
                )
            )
        said = f"<p>Saved your review of {len(done)} commitment{'s' if len(done) != 1 else ''}.</p>"
        if done:
            said += f"<p>{calendar_link()}</p>"
        self.message.value = said
        return done


def commitments(module: str) -> Any:
    """A form to date what you will try from a module's "Try this week" (and, in the last
    module, your plan's commitments), with a calendar file of reminders."""
    return CommitmentsForm(module).widget


def follow_up() -> Any:
    """The follow-up page's form: review each commitment, and re-date those you keep."""
    return FollowUpForm().widget
