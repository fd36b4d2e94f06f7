"""Build handouts from the catalog and the store: workbooks, worksheets and facilitator guides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kit.content.catalog import Catalog, content_hash
from kit.content.schema import Module
from kit.errors import ResponseError
from kit.grading import grade
from kit.handouts import richtext as rt
from kit.handouts.blocks import exercise_block
from kit.handouts.model import MODES, Block, Handout, Kind, Mode, Paper, Section
from kit.result import Result
from kit.store import Store

CHANGED = "This exercise has changed since you answered it; the feedback is for the new version."


@dataclass(frozen=True)
class Answer:
    """A learner's latest answer to one exercise, graded against the current content."""

    response: Any
    result: Result
    notice: str = ""


def answers(catalog: Catalog, store: Store, learner: str) -> dict[str, Answer]:
    """The learner's latest answer per exercise; answers to changed exercises are graded again,
    and dropped if they no longer fit (they stay in the store)."""
    found: dict[str, Answer] = {}
    for exercise_id, (attempt, _count) in store.summary(learner).items():
        exercise = catalog.exercises.get(exercise_id)
        if exercise is None:
            continue
        if attempt.content_hash == content_hash(exercise):
            found[exercise_id] = Answer(attempt.response, attempt.result)
            continue
        try:
            found[exercise_id] = Answer(
                attempt.response, grade(exercise, attempt.response), CHANGED
            )
        except ResponseError:
            continue
    return found


def build(
    kind: Kind,
    catalog: Catalog,
    module: str | None = None,
    *,
    learner: str = "",
    done: dict[str, Answer] | None = None,
    paper: Paper = "a4",
    today: date | None = None,
) -> Handout:
    """A workbook (for `learner`, with their answers `done`), worksheets or a facilitator guide."""
    modules = [catalog.module(module)] if module is not None else list(catalog.course.modules)
    handout = Handout(
        kind=kind,
        course=catalog.course.title,
        scope=_scope(modules[0]) if module is not None else "The whole course",
        date=format_date(today or date.today()),
        paper=paper,
        learner=learner if kind == "workbook" else "",
        contents=module is None,
    )
    mode = MODES[kind]
    done = done or {}
    for m in modules:
        section = module_section(catalog, m, mode)
        section.items = [
            block_for(catalog, exercise, mode, done, handout)
            for exercise in catalog.module_exercises(m.id)
        ]
        if mode == "workbook":
            section.summary = summary_line(section.items)
        handout.sections.append(section)
    if mode == "workbook":
        handout.summary = summary_line([b for s in handout.sections for b in s.items])
    return handout


def module_section(catalog: Catalog, module: Module, mode: Mode) -> Section:
    """A module's heading, plan and key points (and facilitator notes in a guide)."""
    section = Section(id=module.id, title=_scope(module), minutes=module.minutes)
    section.key_points = [rt.inline(p) for p in module.key_points]
    if mode != "workbook":
        section.objectives = [rt.inline(o) for o in module.objectives]
    file = catalog.files.get(module.id)
    if mode == "guide" and file is not None:
        notes = file.facilitator
        section.timings = [
            {"minutes": t.minutes, "activity": rt.inline(t.activity)} for t in notes.timings
        ]
        section.discussion = [rt.inline(d) for d in notes.discussion]
        section.confusions = [rt.inline(c) for c in notes.confusions]
    return section


def block_for(
    catalog: Catalog, exercise: Any, mode: Mode, done: dict[str, Answer], handout: Handout
) -> Block:
    """An exercise's block; in workbook mode with the learner's answer and, for likert
    exercises, the radar chart (added to `handout.images`)."""
    answer = done.get(exercise.id) if mode == "workbook" else None
    if answer is None:
        return exercise_block(exercise, mode)
    block = exercise_block(exercise, mode, answer.response, answer.result, answer.notice)
    if exercise.kind == "likert":
        _add_chart(catalog, exercise, block, done, handout)
    return block


def _add_chart(
    catalog: Catalog, exercise: Any, block: Block, done: dict[str, Answer], handout: Handout
) -> None:
    """The stance radar: the self-assessment with its observer form beside it, where answered."""
    if len(exercise.scales) < 3:
        return
    if exercise.observer_of:
        own = done.get(exercise.observer_of)
        if own is not None:
            title = catalog.exercise(exercise.observer_of).title
            block.chart_note = f"This profile is drawn with yours on the chart for “{title}”."
            return
        profiles = {"A colleague": done[exercise.id].result.profile}
    else:
        observers = [
            e.id
            for e in catalog.exercises.values()
            if getattr(e, "observer_of", None) == exercise.id
        ]
        other = next((done[e] for e in observers if e in done), None)
        profiles = {"You": done[exercise.id].result.profile}
        if other is not None:
            profiles["A colleague"] = other.result.profile
    profiles = {name: p for name, p in profiles.items() if p}
    if not profiles:
        return
    from kit.handouts.charts import radar_png

    name = f"chart-{exercise.id}.png"
    handout.images[name] = radar_png(exercise, profiles)
    block.chart = name


def summary_line(blocks: list[Any]) -> str:
    exercises = [b for b in blocks if isinstance(b, Block)]
    if not exercises:
        return ""
    answered = [b for b in exercises if b.answered]
    score = sum(b.score for b in answered)
    total = sum(b.points for b in exercises)
    return f"{len(answered)} of {len(exercises)} exercises answered · {score:g} of {total:g} points"


def _scope(module: Module) -> str:
    return f"Module {module.id} · {module.title}"


def format_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
