"""Who a pack is printed for: the client, the cohort, the trainer and the dates, shown on
every sheet. They come from options, or from a cohort's settings (`delivery:` in its
`cohort.yaml`), options first; what is not given prints as a line to fill in by hand."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from kit.handouts.documents import format_date

FIELDS = ("client", "cohort", "trainer", "dates")


@dataclass(frozen=True)
class Delivery:
    """The details printed on every sheet of a pack. `start` (the first session's date)
    dates the run sheets' sessions when it is known."""

    client: str = ""
    cohort: str = ""
    trainer: str = ""
    dates: str = ""
    start: date | None = None

    def labelled(self) -> list[list[str]]:
        """(label, value) pairs for the sheets; a value not given is empty, to fill in."""
        return [[name.capitalize(), getattr(self, name)] for name in FIELDS]

    def session_date(self, week: int) -> str:
        """The date of session `week` (1 for the first) of a weekly programme, if known."""
        if self.start is None:
            return ""
        return format_date(self.start + timedelta(weeks=week - 1))

    def over(self, other: Delivery) -> Delivery:
        """These details, with those missing taken from `other`."""
        return replace(
            other,
            **{n: getattr(self, n) for n in (*FIELDS, "start") if getattr(self, n)},
        )

    def with_dates(self) -> Delivery:
        """The dates, said from `start` when no text was given for them."""
        if self.dates or self.start is None:
            return self
        return replace(self, dates=format_date(self.start))


def from_cohort(folder: str | Path) -> Delivery:
    """The delivery details in a cohort's settings; its name stands for the cohort."""
    from kit.cohort.config import load_config

    cohort = load_config(folder)
    given = cohort.config.delivery
    return Delivery(
        client=given.client,
        cohort=cohort.config.name or cohort.root.name,
        trainer=given.trainer,
        dates=given.dates,
        start=given.start,
    )
