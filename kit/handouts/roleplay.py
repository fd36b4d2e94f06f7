"""Role-play cards from the course content: one card per role, the observer's with the
module's observer checklist, and a rotation so that everyone plays every role.

A role play is an exercise whose prompt speaks of roles and lists at least two of them as
"- **Role.** what this person does". Its observer checklist is a likert exercise of the same
module whose title names an observer (not a colleague's form of a self-assessment). Its
timing is the facilitator timing that names the exercise's id.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

from kit.content.catalog import Catalog
from kit.handouts import sheets as s
from kit.handouts.sheets import Sheet
from kit.text import counted

_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+", re.M)
_NOTEBOOK_ONLY = re.compile(r"private|handed in|below|your notes|change your mind", re.I)
_ROLE = re.compile(r"^\*\*(?P<role>[^*]+?)\.?\*\*\.?\s*(?P<text>.*)$", re.S)


@dataclass
class RolePlay:
    """A role play found in the content."""

    exercise: Any
    module: str
    roles: list[tuple[str, str]]  # (role, what this person does)
    rules: list[str] = field(default_factory=list)  # the prompt's paragraphs about timing
    checklist: list[str] = field(default_factory=list)
    checklist_title: str = ""
    timing: tuple[int, str] | None = None


def roles_of(prompt: str) -> list[tuple[str, str]]:
    """The "- **Role.** text" items of a prompt, in order."""
    found = []
    for item in _ITEM.split(prompt)[1:]:
        item = item.split("\n\n")[0]
        match = _ROLE.match(" ".join(item.split()))
        if match:
            found.append((match.group("role").strip(), match.group("text").strip()))
    return found


def _for_the_room(paragraph: str) -> str:
    """A paragraph without its sentences about the learner's own notes or their privacy,
    which belong to the notebook, not to a card."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(paragraph.split()))
    return " ".join(x for x in sentences if not _NOTEBOOK_ONLY.search(x))


def role_plays(catalog: Catalog) -> list[RolePlay]:
    """Every role play in the course, in course order."""
    found = []
    for module in catalog.course.modules:
        exercises = catalog.module_exercises(module.id)
        for exercise in exercises:
            roles = roles_of(exercise.prompt)
            if len(roles) < 2 or "role" not in exercise.prompt.lower():
                continue
            play = RolePlay(exercise, module.id, roles)
            play.rules = [_for_the_room(p) for p in exercise.prompt.split("\n\n") if "minute" in p]
            play.rules = [r for r in play.rules if r and not _ITEM.match(r)]
            file = catalog.files.get(module.id)
            timings = file.facilitator.timings if file is not None else []
            play.timing = next(
                (
                    (t.minutes, " ".join(t.activity.split()))
                    for t in timings
                    if exercise.id in t.activity
                ),
                None,
            )
            checklist = _checklist(exercises, exercise, play.timing)
            if checklist is not None:
                play.checklist = [i.text for i in checklist.items]
                play.checklist_title = checklist.title
            found.append(play)
    return found


def _checklist(exercises: list[Any], play: Any, timing: tuple[int, str] | None) -> Any:
    """The observer checklist of a role play: the one its prompt or timing names, else the
    first after it in the module, else the module's first."""
    lists = [
        e
        for e in exercises
        if e.kind == "likert"
        and not getattr(e, "observer_of", None)
        and "observer" in e.title.lower()
    ]
    said = play.prompt + (timing[1] if timing else "")
    named = [e for e in lists if e.id in said]
    after = [e for e in lists if exercises.index(e) > exercises.index(play)]
    return next(iter(named or after or lists), None)


def rotation(n: int) -> list[list[int]]:
    """For each round, the role each person plays (by index): everyone plays every role."""
    return [[(person + round_) % n for person in range(n)] for round_ in range(n)]


def cards(catalog: Catalog) -> Sheet | None:
    """The role-play cards of the course, or None if the course has no role play."""
    plays = role_plays(catalog)
    if not plays:
        return None
    sheet = Sheet(
        title="Role-play cards",
        course=catalog.course.title,
        subtitle=counted(len(plays), "role play"),
    )
    for n, play in enumerate(plays):
        if n:
            sheet.add(s.page_break())
        _play(sheet, play)
    return sheet


def _play(sheet: Sheet, play: RolePlay) -> None:
    names = [r for r, _ in play.roles]
    people = list(string.ascii_uppercase[: len(names)])
    sheet.add(s.heading(f"Module {play.module} · {play.exercise.title}"))
    intro = (
        f"Groups of {len(names)}: {', '.join(people)}. In each round everyone has one role; "
        "after each round the roles move on, so that everyone plays every role once."
    )
    sheet.add(s.blocks(intro))
    rows = [
        [f"Round {r + 1}", *[names[role] for role in roles]]
        for r, roles in enumerate(rotation(len(names)))
    ]
    widths = ["2.2cm", *["1fr"] * len(people)]
    sheet.add(s.table(["", *[f"Person {p}" for p in people]], widths, rows))
    if play.timing is not None:
        minutes, activity = play.timing
        each = minutes // len(names)
        sheet.add(
            s.blocks(
                f"**Timing:** {counted(minutes, 'minute')} in all, about {each} a round. {activity}"
            )
        )
    for rule in play.rules:
        sheet.add(s.blocks(rule))
    for role, text in play.roles:
        observer = "observ" in role.lower()
        sheet.add(
            s.card(
                role,
                f"{play.exercise.title} · Module {play.module}",
                text,
                checklist=play.checklist if observer else None,
                lines=2 if observer else 0,
            )
        )
        if observer and play.checklist:
            sheet.elements[-1]["subtitle"] += f" · tick what you see: {play.checklist_title}"
