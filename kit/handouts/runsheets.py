"""Run sheets for delivering the course live, from the facilitator timings in each exercise
file: the timeline both formats share, and a six-week programme of 90-minute sessions that
open with a check-in on the commitments learners dated the week before. (The curated
one-day workshop is in `kit.handouts.oneday`.)

When a session's modules need more time than it has, practice in which everyone takes a
turn keeps its full time, and every other activity keeps its share of what is left: its
minutes are scaled down alike (never below a minute), and the planned minutes are shown
beside the ones given, so a trainer sees what was shortened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kit.content.catalog import Catalog
from kit.content.schema import Module
from kit.handouts import sheets as s
from kit.handouts.delivery import Delivery
from kit.handouts.sheets import Sheet
from kit.handouts.weekly import short, try_this_week
from kit.text import counted

DAY_START = 9 * 60
DAY = 390  # minutes from start to finish, breaks included
# (after how many minutes of the day, at the next break between modules; how long; what)
BREAKS = ((95, 15, "Break"), (185, 60, "Lunch"), (300, 15, "Break"))
SESSION = 90
CHECK_IN = 15
WRAP_UP = 10
WEEKS = 6


@dataclass(frozen=True)
class Step:
    """One activity: the minutes it is given, what happens, and the minutes it was planned."""

    minutes: int
    activity: str
    planned: int = 0
    practice: bool = False  # everyone takes a turn: never shortened while others can be


def steps(catalog: Catalog, module: Module) -> list[Step]:
    """A module's live session as planned: its facilitator timings, or its length."""
    file = catalog.files.get(module.id)
    timings = file.facilitator.timings if file is not None else []
    if not timings:
        return [Step(module.minutes, "Work through the module together.", module.minutes)]
    return [Step(t.minutes, " ".join(t.activity.split()), t.minutes, t.practice) for t in timings]


def planned(catalog: Catalog, modules: list[Module]) -> int:
    return sum(p.minutes for m in modules for p in steps(catalog, m))


def fit(parts: list[Step], budget: int) -> list[Step]:
    """`parts` in at most `budget` minutes: as planned if they fit; else practice keeps its
    time and the other parts share the rest, each scaled by the same factor (at least a
    minute each), the rounding given to the largest remainders. Only when practice alone
    overruns the budget is it shortened too, alike with the rest."""
    if sum(p.minutes for p in parts) <= budget:
        return parts
    kept = sum(p.minutes for p in parts if p.practice)
    flexible = [i for i, p in enumerate(parts) if not p.practice]
    if kept + len(flexible) > budget:
        flexible, kept = list(range(len(parts))), 0
    share = budget - kept
    total = sum(parts[i].minutes for i in flexible)
    exact = {i: parts[i].minutes * share / total for i in flexible}
    given = {i: max(1, int(x)) for i, x in exact.items()}
    by_remainder = sorted(flexible, key=lambda i: exact[i] - int(exact[i]), reverse=True)
    for i in by_remainder[: max(0, share - sum(given.values()))]:
        given[i] += 1
    return [replace(p, minutes=given.get(i, p.minutes)) for i, p in enumerate(parts)]


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

    def module(self, module: Module, parts: list[Step]) -> None:
        """A module's heading row, then its activities (planned minutes shown if shortened)."""
        given = sum(p.minutes for p in parts)
        planned_here = sum(p.planned for p in parts)
        title = f"Module {module.id} · {module.title}"
        if given < planned_here:
            title += f" ({planned_here} min planned)"
        self.heading(title, given, f"Slides {module.id}; worksheets {module.id}")
        for part in parts:
            note = f" *(planned {part.planned})*" if part.minutes < part.planned else ""
            self.add(part.minutes, part.activity + note)

    def element(self) -> s.Element:
        columns = ["Time", "Min", "What happens", "Materials"]
        return s.table(columns, ["auto", "auto", "1fr", "3.2cm"], self.rows, self.strong)


def _shares(catalog: Catalog, modules: list[Module], budget: int) -> list[list[Step]]:
    """Each module's activities, all fitted together into `budget` minutes."""
    flat = [(m, p) for m in modules for p in steps(catalog, m)]
    fitted = fit([p for _, p in flat], budget)
    return [[f for (mod, _), f in zip(flat, fitted, strict=True) if mod is m] for m in modules]


def _scaled_note(catalog: Catalog, modules: list[Module], budget: int) -> str:
    need = planned(catalog, modules)
    if need <= budget:
        return ""
    return (
        f" The modules' session plans need {duration(need)}; here they have {duration(budget)}. "
        "Practice in which everyone takes a turn keeps its full time; every other activity is "
        "shortened alike (planned minutes in brackets). This plan assumes learners read each "
        "module and do its exercises in the notebooks beforehand, so the room is for "
        "discussion and practice."
    )


def sessions(catalog: Catalog, weeks: int = WEEKS) -> list[list[Module]]:
    """The modules in order, in at most `weeks` sessions: neighbours with the fewest planned
    minutes between them share a session until the modules fit the weeks."""
    groups = [[m] for m in catalog.course.modules]
    while len(groups) > weeks:
        pairs = range(len(groups) - 1)
        i = min(pairs, key=lambda n: planned(catalog, groups[n] + groups[n + 1]))
        groups[i : i + 2] = [groups[i] + groups[i + 1]]
    return groups


def six_weeks(catalog: Catalog, delivery: Delivery | None = None) -> Sheet:
    """Weekly 90-minute sessions, each opening with a check-in on what people tried from the
    week before ("Try this week") and closing with their next experiment; each dated when
    the delivery's first session is known."""
    delivery = delivery or Delivery()
    groups = sessions(catalog)
    room = SESSION - CHECK_IN - WRAP_UP
    sheet = Sheet(
        title="Run sheet: six-week programme",
        course=catalog.course.title,
        subtitle=f"{counted(len(groups), 'session')} of {SESSION} minutes, one a week",
    )
    intro = (
        "One session a week. Between sessions, learners work through the module in the "
        "notebooks and try one experiment at work; the next session opens with what happened."
    )
    longest = max(groups, key=lambda g: planned(catalog, g))
    sheet.add(s.blocks(intro + _scaled_note(catalog, longest, room)))
    previous: list[Module] = []
    for week, group in enumerate(groups, 1):
        line = Timeline(0)
        _opening(line, catalog, previous)
        for module, parts in zip(group, _shares(catalog, group, room), strict=True):
            line.module(module, parts)
        spare = SESSION - WRAP_UP - line.now
        if spare > 0:
            line.add(spare, "Discussion prompts from the facilitator guide, or time in hand.")
        _closing(line, catalog, group, week == len(groups), delivery.session_date(week + 1))
        titles = " and ".join(m.title for m in group)
        when = delivery.session_date(week)
        heading = f"Week {week}" + (f" · {when}" if when else "") + f": {titles}"
        sheet.add(s.heading(heading)).add(line.element())
        previous = group
    return sheet


def _opening(line: Timeline, catalog: Catalog, previous: list[Module]) -> None:
    if not previous:
        what = "Welcome, the aims of the programme, and the group agreement."
        line.add(CHECK_IN, what, "Group agreement; sign-in sheet", strong=True)
        return
    tried = [short(i) for m in previous for i in try_this_week(catalog, m)]
    what = (
        "Check-in on last week's commitments, in pairs, then the room: each person opens the "
        "commitment they dated last session (under “Try this week” in the notebook), says what "
        "they did by its date and what happened, then marks it kept, re-dated or let go."
    )
    if tried:
        what += f" (Last week's options: {'; '.join(tried)}.)"
    line.add(CHECK_IN, what, "Sign-in sheet", strong=True)


def _closing(
    line: Timeline, catalog: Catalog, group: list[Module], last: bool, next_session: str
) -> None:
    if last:
        what = (
            "Close: each person dates the commitments of their leadership plan in the notebook, "
            "downloads the calendar file with the 30- and 90-day follow-ups, and says one "
            "commitment aloud; then the evaluation form."
        )
        line.add(WRAP_UP, what, "Evaluation form", True)
        return
    options = [short(i) for m in group for i in try_this_week(catalog, m)]
    by = f"before the next session ({next_session})" if next_session else "before the next session"
    what = (
        f"Each person ticks one experiment under “Try this week” in the notebook and dates it "
        f"{by}, says it to a partner, and saves the calendar file of reminders"
    )
    what += f" (options: {'; '.join(options)})." if options else "."
    line.add(WRAP_UP, what, strong=True)
