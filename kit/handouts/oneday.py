"""The curated one-day workshop and its pre-work, from `texts/one-day.yaml`.

The day keeps whole facilitator activities at their planned minutes (chosen in the plan by
words found in one timing of each module), places the breaks between modules, and lists
what it leaves to the notebooks. The pre-work is a learner's sheet of 2 to 3 hours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kit.content.catalog import Catalog
from kit.content.schema import Module
from kit.errors import KitError
from kit.handouts import sheets as s
from kit.handouts.runsheets import BREAKS, DAY, DAY_START, Step, Timeline, duration, span
from kit.handouts.sheets import Sheet
from kit.handouts.texts import text

PLAN_FILE = "kit/handouts/texts/one-day.yaml"
PRE_WORK_MINUTES = (120, 180)


@dataclass(frozen=True)
class Chosen:
    """A module's part of the day: the activities kept and those left to the notebooks."""

    module: Module
    kept: list[Step]
    left: list[Step]


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def choose(catalog: Catalog, plan: dict[str, Any] | None = None) -> list[Chosen]:
    """Each planned module's activities, kept or left, in course order. KitError, naming the
    plan entry, if a module or an activity the plan names is not in the course."""
    plan = plan or text("one-day")
    chosen = []
    for entry in plan["modules"]:
        module_id = str(entry["module"])
        try:
            module = catalog.module(module_id)
        except KitError:
            raise KitError(f"{PLAN_FILE}: module {module_id} is not in the course") from None
        file = catalog.files.get(module.id)
        timings = list(file.facilitator.timings) if file is not None else []
        kept_at: dict[int, str] = {}
        for keep in entry["keep"]:
            found = [i for i, t in enumerate(timings) if _same(keep["find"]) in _same(t.activity)]
            if len(found) != 1:
                how = "no" if not found else "more than one"
                raise KitError(
                    f"{PLAN_FILE}: module {module_id}: {how} facilitator timing says "
                    f"“{keep['find']}”"
                )
            kept_at[found[0]] = keep.get("note", "")
        steps = [
            Step(t.minutes, " ".join(t.activity.split()), t.minutes, t.practice) for t in timings
        ]
        kept = [
            Step(x.minutes, x.activity + (f" *{kept_at[i]}*" if kept_at[i] else ""), x.planned)
            for i, x in enumerate(steps)
            if i in kept_at
        ]
        left = [x for i, x in enumerate(steps) if i not in kept_at]
        chosen.append(Chosen(module, kept, left))
    order = [m.id for m in catalog.course.modules]
    return sorted(chosen, key=lambda c: order.index(c.module.id))


def first_sentence(activity: str) -> str:
    """An activity's lead, for the list of what the day leaves out."""
    return re.split(r"(?<=[.:!?])\s", activity, maxsplit=1)[0].rstrip(":")


def one_day(catalog: Catalog) -> Sheet:
    """The curated day: opening, the kept activities of each module with breaks between
    modules, and the close; then what was left for the notebooks."""
    plan = text("one-day")
    parts = choose(catalog, plan)
    opening, closing = plan["opening"], plan["closing"]
    breaks = sum(m for _, m, _ in BREAKS)
    content = sum(p.minutes for c in parts for p in c.kept)
    spare = DAY - opening["minutes"] - closing["minutes"] - breaks - content
    if spare < 0:
        raise KitError(
            f"{PLAN_FILE}: the activities kept need {duration(content)}; the day has "
            f"{duration(content + spare)} for them"
        )
    plays = _role_play_modules(catalog)
    line = Timeline(DAY_START)
    line.add(opening["minutes"], " ".join(opening["what"].split()), opening["materials"], True)
    pending = list(BREAKS)
    for part in parts:
        middle = line.now - DAY_START + sum(p.minutes for p in part.kept) / 2
        while pending and middle >= pending[0][0]:  # the boundary nearest the break's time
            _after, minutes, what = pending.pop(0)
            line.add(minutes, what, strong=True)
        materials = f"Slides {part.module.id}"
        if part.module.id in plays:
            materials += f"; role-play cards {part.module.id}"
        title = f"Module {part.module.id} · {part.module.title}"
        line.heading(title, sum(p.minutes for p in part.kept), materials)
        for step in part.kept:
            line.add(step.minutes, step.activity)
    for _after, minutes, what in pending:  # a short plan still breaks for lunch
        line.add(minutes, what, strong=True)
    close = " ".join(closing["what"].split())
    line.add(closing["minutes"] + spare, close, closing["materials"], True)
    total = line.now - DAY_START
    sheet = Sheet(
        title=plan["title"],
        course=catalog.course.title,
        subtitle=f"{span(DAY_START, total)} · {duration(total)} with {duration(breaks)} of breaks",
    )
    sheet.add(s.blocks(" ".join(plan["intro"].split()))).add(line.element())
    left = [
        f"**Module {c.module.id}:** "
        + "; ".join(f"{first_sentence(x.activity)} ({x.minutes} min)" for x in c.left)
        for c in parts
        if c.left
    ]
    planned = {c.module.id for c in parts} | {str(p["module"]) for p in plan["pre_work"]["steps"]}
    skipped = [m for m in catalog.course.modules if m.id not in planned]
    left += [f"**Module {m.id}:** the whole module ({m.minutes} min)" for m in skipped]
    if left:
        sheet.add(s.heading("Left to the notebooks")).add(s.bullets(left))
    return sheet.add(s.blocks(" ".join(plan["after"].split())))


def _role_play_modules(catalog: Catalog) -> set[str]:
    from kit.handouts.roleplay import role_plays

    return {p.module for p in role_plays(catalog)}


def pre_work(catalog: Catalog) -> Sheet:
    """The learner's sheet of what to do before the day, with minutes and a total."""
    plan = text("one-day")["pre_work"]
    rows, total = [], 0
    for step in plan["steps"]:
        module_id = str(step["module"])
        try:
            module = catalog.module(module_id)
        except KitError:
            raise KitError(
                f"{PLAN_FILE}: pre-work: module {module_id} is not in the course"
            ) from None
        for exercise_id in step.get("exercises", []):
            if exercise_id not in catalog.exercises:
                raise KitError(f"{PLAN_FILE}: pre-work: no exercise {exercise_id}")
        total += step["minutes"]
        rows.append(
            [f"{module.id} · {module.title}", " ".join(step["what"].split()), str(step["minutes"])]
        )
    sheet = Sheet(title=plan["title"], course=catalog.course.title, subtitle=plan["subtitle"])
    sheet.add(s.blocks(" ".join(plan["intro"].split())))
    rows.append(["", "**In all**", f"{total} ({duration(total)})"])
    sheet.add(s.table(["Module", "What to do", "Min"], ["4.2cm", "1fr", "auto"], rows))
    return sheet.add(s.blocks(" ".join(plan["closing"].split())))


def pre_work_minutes(catalog: Catalog) -> int:
    return sum(step["minutes"] for step in text("one-day")["pre_work"]["steps"])
