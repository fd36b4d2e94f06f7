"""Certificates of completion, one per learner of a cohort who meets the trainer's rule,
from the cohort's gradebook (every answer graded again with the cohort's content).

The rule counts only what a trainer can see: exercises that are not private. A learner
qualifies when, in every module the rule names, they answered at least `answered` of those
exercises, and earned at least `score` of their points across those modules.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from kit.content.catalog import Catalog
from kit.errors import KitError
from kit.handouts.delivery import Delivery
from kit.handouts.documents import format_date
from kit.handouts.model import Paper
from kit.text import counted


@dataclass(frozen=True)
class Rule:
    """What completion means: the modules (None: all), the share of each module's
    exercises answered, and the share of the points earned (0 to 1)."""

    modules: tuple[str, ...] | None = None
    answered: float = 1.0
    score: float = 0.0

    def __post_init__(self) -> None:
        for name in ("answered", "score"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise KitError(f"the rule's {name} share must be from 0 to 1, not {value}")

    def describe(self, catalog: Catalog) -> str:
        ids = self.modules or tuple(m.id for m in catalog.course.modules)
        text = f"at least {self.answered:.0%} of the exercises of module"
        text += f"s {', '.join(ids)}" if len(ids) > 1 else f" {ids[0]}"
        if self.score:
            text += f", with {self.score:.0%} of their points or more"
        return text


@dataclass
class Certificate:
    """One learner's certificate as the template sets it."""

    course: str
    name: str
    modules: list[str]
    rule: str
    delivery: list[list[str]]
    date: str
    paper: Paper = "a4"
    images: dict[str, bytes] = field(default_factory=dict)
    template: ClassVar[str] = "certificate.typ"

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        del data["images"]
        return data


@dataclass(frozen=True)
class Verdict:
    learner: str
    name: str
    passed: bool
    why: str = ""


def verdicts(
    catalog: Catalog, latest: Iterable[tuple[str, str, float]], learners: dict[str, str], rule: Rule
) -> list[Verdict]:
    """For each learner (id → name), whether their latest answers (learner, exercise id,
    score) meet the rule, and if not, the first reason."""
    ids = rule.modules or tuple(m.id for m in catalog.course.modules)
    for module_id in ids:
        catalog.module(module_id)  # an unknown module is named before anything is made
    counted_ids = {m: [e for e in catalog.module_exercises(m) if not e.private] for m in ids}
    done: dict[str, dict[str, float]] = {}
    for learner, exercise_id, score in latest:
        done.setdefault(learner, {})[exercise_id] = float(score)
    found = []
    for learner, name in sorted(learners.items()):
        answers = done.get(learner, {})
        why = ""
        for module_id, exercises in counted_ids.items():
            need = math.ceil(rule.answered * len(exercises))
            got = sum(1 for e in exercises if e.id in answers)
            if got < need:
                why = f"module {module_id}: {got} of {len(exercises)} answered, needs {need}"
                break
        every = [e for exercises in counted_ids.values() for e in exercises]
        points = sum(e.points for e in every)
        earned = sum(answers.get(e.id, 0.0) for e in every)
        if not why and points and earned / points < rule.score:
            why = f"{earned / points:.0%} of the points, needs {rule.score:.0%}"
        found.append(Verdict(learner, name or learner, not why, why))
    return found


def cohort_verdicts(folder: str | Path, rule: Rule) -> tuple[Catalog, list[Verdict]]:
    """Each learner of the cohort (roster and hand-ins) judged by the rule."""
    from kit.cohort import load

    data = load(folder)
    latest = data.latest
    rows = zip(latest["learner"], latest["exercise_id"], latest["score"], strict=True)
    names = dict(zip(data.roster["learner"], data.roster["name"], strict=True))
    learners = {str(x): str(names.get(x) or "") for x in data.learner_ids}
    return data.catalog, verdicts(data.catalog, rows, learners, rule)


def certificates(
    folder: str | Path,
    output: str | Path,
    rule: Rule,
    *,
    delivery: Delivery | None = None,
    paper: Paper = "a4",
    today: date | None = None,
    font_paths: Iterable[str | Path] = (),
    skipped: Callable[[str, str], None] = lambda _learner, _why: None,
) -> list[Path]:
    """One certificate PDF per learner of the cohort in `folder` who meets `rule`, into the
    folder `output`; `skipped` hears each learner who does not, and why."""
    from kit.handouts.batch import file_names
    from kit.handouts.delivery import from_cohort
    from kit.handouts.render import render

    catalog, found = cohort_verdicts(folder, rule)
    details = (delivery or Delivery()).over(from_cohort(folder)).with_dates()
    ids = rule.modules or tuple(m.id for m in catalog.course.modules)
    modules = [f"{m} · {catalog.module(m).title}" for m in ids]
    passed = [v for v in found if v.passed]
    files = file_names([v.learner for v in passed])
    written = []
    for verdict in found:
        if not verdict.passed:
            skipped(verdict.learner, verdict.why)
            continue
        certificate = Certificate(
            course=catalog.course.title,
            name=verdict.name,
            modules=modules,
            rule=f"Completed {rule.describe(catalog)} ({counted(len(ids), 'module')}).",
            delivery=[pair for pair in details.labelled() if pair[1]],
            date=format_date(today or date.today()),
            paper=paper,
        )
        target = Path(output) / files[verdict.learner].replace("-workbook.pdf", "-certificate.pdf")
        written.append(render(certificate, target, font_paths))
    return written
