"""Build handouts from the catalog and the store: workbooks, worksheets and facilitator guides."""

from __future__ import annotations

from datetime import date
from typing import Any

from kit.answers import Answer
from kit.content.catalog import Catalog
from kit.content.schema import Module
from kit.handouts import richtext as rt
from kit.handouts.blocks import exercise_block
from kit.handouts.model import MODES, Block, Handout, Kind, Paper, Section
from kit.kinds.base import Mode
from kit.kinds.likert import changes, paired_profiles, rated_by
from kit.text import counted, number, quoted


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
        section.objectives = [rt.inline(o.text) for o in module.objectives]
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
        return exercise_block(exercise, mode, learner=handout.learner)
    block = exercise_block(
        exercise, mode, answer.response, answer.result, answer.notice, learner=handout.learner
    )
    if exercise.kind == "likert":
        _add_chart(catalog, exercise, block, done, handout)
    return block


def _add_chart(
    catalog: Catalog, exercise: Any, block: Block, done: dict[str, Answer], handout: Handout
) -> None:
    """The radar: the self-assessment beside its colleagues' mean, or then and now for a
    re-rating. An observer form points to the self-assessment's chart when that is answered."""
    if len(exercise.scales) < 3:
        return
    answer = done[exercise.id]
    if exercise.observer_of and exercise.observer_of in done:
        title = catalog.exercise(exercise.observer_of).title
        who = rated_by(answer)
        block.chart_note = (
            f"{who[0].upper()}{who[1:]}, drawn with yours on the chart for {quoted(title)}."
        )
        return
    profiles = paired_profiles(catalog, exercise, answer.result.profile, done.get)
    profiles = {name: p for name, p in profiles.items() if p}
    if not profiles:
        return
    if exercise.rerate_of and "Then" in profiles:
        title = catalog.exercise(exercise.rerate_of).title
        moved = changes(exercise, profiles["Then"], profiles["Now"])
        block.chart_note = f"Then: your answer to {quoted(title)}. Now: this one. {moved}".strip()
    from kit.handouts.charts import radar_svg

    name = f"chart-{exercise.id}.svg"
    handout.images[name] = radar_svg(exercise, profiles)
    block.chart = name


def summary_line(blocks: list[Any]) -> str:
    exercises = [b for b in blocks if isinstance(b, Block)]
    if not exercises:
        return ""
    answered = [b for b in exercises if b.answered]
    score = sum(b.score for b in answered)
    total = sum(b.points for b in exercises)
    return (
        f"{len(answered)} of {counted(len(exercises), 'exercise')} answered"
        f" · {number(score)} of {counted(total, 'point')}"
    )


def _scope(module: Module) -> str:
    return f"Module {module.id} · {module.title}"


def format_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
