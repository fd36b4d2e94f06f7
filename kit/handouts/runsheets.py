"""Run sheets for delivering the course live, from the facilitator timings in each exercise
file: a one-day workshop, and a six-week programme of 90-minute sessions with check-ins on
what learners tried the week before."""

from __future__ import annotations

from dataclasses import dataclass

from kit.content.catalog import Catalog
from kit.content.schema import Module
from kit.handouts import sheets as s
from kit.handouts.sheets import Sheet
from kit.handouts.weekly import short, try_this_week
from kit.text import counted

DAY_START = 9 * 60
OPENING = 20
CLOSING = 25
# (after how many minutes of the day, at the next break between modules; how long; what)
BREAKS = ((100, 15, "Break"), (190, 60, "Lunch"), (300, 15, "Break"))
SESSION = 90
CHECK_IN = 15
WRAP_UP = 10
WEEKS = 6


@dataclass(frozen=True)
class Step:
    minutes: int
    activity: str


def steps(catalog: Catalog, module: Module) -> list[Step]:
    """A module's live session: its facilitator timings, or its length as one step."""
    file = catalog.files.get(module.id)
    timings = file.facilitator.timings if file is not None else []
    if not timings:
        return [Step(module.minutes, "Work through the module together.")]
    return [Step(t.minutes, " ".join(t.activity.split())) for t in timings]


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def span(start: int, minutes: int) -> str:
    return f"{clock(start)}\u2013{clock(start + minutes)}"


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


class Timeline:
    """Rows of a run sheet, timed one after another from `start`."""

    def __init__(self, start: int) -> None:
        self.start = self.now = start
        self.rows: list[list[str]] = []
        self.strong: list[int] = []

    def add(self, minutes: int, what: str, materials: str = "", strong: bool = False) -> None:
        if strong:
            self.strong.append(len(self.rows))
        self.rows.append([span(self.now, minutes), str(minutes), what, materials])
        self.now += minutes

    def heading(self, what: str, minutes: int, materials: str) -> None:
        self.strong.append(len(self.rows))
        self.rows.append([span(self.now, minutes), str(minutes), what, materials])

    def element(self) -> s.Element:
        columns = ["Time", "Min", "What happens", "Materials"]
        return s.table(columns, ["auto", "auto", "1fr", "3.2cm"], self.rows, self.strong)


def _module(line: Timeline, catalog: Catalog, module: Module) -> None:
    parts = steps(catalog, module)
    materials = f"Slides {module.id}; worksheets {module.id}"
    line.heading(f"Module {module.id} · {module.title}", sum(p.minutes for p in parts), materials)
    for part in parts:
        line.add(part.minutes, part.activity)


def one_day(catalog: Catalog) -> Sheet:
    """The whole course in one day, with breaks at the module boundaries nearest their time."""
    line = Timeline(DAY_START)
    line.add(
        OPENING,
        "Welcome, the aims of the day, and the group agreement, read and signed together.",
        "Group agreement",
        strong=True,
    )
    pending, breaks = list(BREAKS), 0
    for module in catalog.course.modules:
        while pending and line.now - DAY_START >= pending[0][0]:
            _after, minutes, what = pending.pop(0)
            line.add(minutes, what, strong=True)
            breaks += minutes
        _module(line, catalog, module)
    line.add(
        CLOSING,
        "Close: each person chooses one experiment from a module's “Try this week” and says it "
        "to a partner; then the evaluation form.",
        "Evaluation form",
        strong=True,
    )
    total = line.now - DAY_START
    sheet = Sheet(
        title="Run sheet: one-day workshop",
        course=catalog.course.title,
        subtitle=f"{span(DAY_START, total)} · {duration(total)} with {duration(breaks)} of breaks",
    )
    sheet.add(
        s.blocks(
            "The whole course in one room. Times follow the facilitator notes of each module; "
            "breaks fall between modules. Print the slides, worksheets and role-play cards "
            "for the modules named, and the group agreement and evaluation form."
        )
    )
    return sheet.add(line.element())


def overrun(minutes: int) -> str:
    """What to say of a session whose module alone is longer than a session."""
    return (
        f"**This session needs {minutes} minutes**, {minutes - SESSION} more than {SESSION}: "
        f"book {minutes} minutes, or shorten its longest activities."
    )


def sessions(catalog: Catalog) -> list[list[Module]]:
    """The modules grouped, in order, into sessions that fit between check-in and wrap-up."""
    room = SESSION - CHECK_IN - WRAP_UP
    groups: list[list[Module]] = []
    used = room
    for module in catalog.course.modules:
        minutes = sum(p.minutes for p in steps(catalog, module))
        if groups and used + minutes <= room:
            groups[-1].append(module)
            used += minutes
        else:
            groups.append([module])
            used = minutes
    return groups


def six_weeks(catalog: Catalog) -> Sheet:
    """A programme of weekly 90-minute sessions, each opening with a check-in on what people
    tried from the week before ("Try this week") and closing with their next experiment."""
    groups = sessions(catalog)
    sheet = Sheet(
        title="Run sheet: six-week programme",
        course=catalog.course.title,
        subtitle=f"{counted(len(groups), 'session')} of {SESSION} minutes, one a week",
    )
    intro = (
        "One session a week. Between sessions, learners work through the module in the "
        "notebooks and try one experiment at work; the next session opens with what happened."
    )
    if len(groups) != WEEKS:
        intro += f" The course fills {counted(len(groups), 'session')} at this length."
    sheet.add(s.blocks(intro))
    previous: list[Module] = []
    for week, group in enumerate(groups, 1):
        line = Timeline(0)
        if previous:
            tried = [short(i) for m in previous for i in try_this_week(catalog, m)]
            line.add(
                CHECK_IN,
                "Check-in in pairs, then the room: what did you try this week, what happened, "
                "what will you keep? "
                + (f"(“Try this week”: {'; '.join(tried)})" if tried else ""),
                strong=True,
            )
        else:
            line.add(
                CHECK_IN,
                "Welcome, the aims of the programme, and the group agreement.",
                "Group agreement",
                strong=True,
            )
        for module in group:
            _module(line, catalog, module)
        spare = SESSION - WRAP_UP - line.now
        if spare > 0:
            line.add(spare, "Discussion prompts from the facilitator guide, or time in hand.")
        nexts = [short(i) for m in group for i in try_this_week(catalog, m)]
        last = week == len(groups)
        line.add(
            WRAP_UP,
            (
                "Close: commitments and the evaluation form."
                if last
                else "Choose this week's experiment and say it to a partner"
                + (f" (“Try this week”: {'; '.join(nexts)})." if nexts else ".")
            ),
            "Evaluation form" if last else "",
            strong=True,
        )
        titles = " and ".join(m.title for m in group)
        sheet.add(s.heading(f"Week {week}: {titles}")).add(line.element())
        if line.now > SESSION:
            sheet.add(s.blocks(overrun(line.now)))
        previous = group
    return sheet
