"""Each learner's score per module and for the course, from a cohort's gradebook.

The same numbers as `kit cohort report`'s completion and LMS tables: the sum of each
learner's latest scores, out of the points of the module's (or course's) exercises.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.cohort.data import CohortData
from kit.cohort.reports import completion

COURSE = "course"
TAG = "leadership-kit"


@dataclass(frozen=True)
class Grade:
    """One score to send: a learner's, for one module (resource "module-NN") or the course."""

    learner: str
    resource: str
    label: str
    score: float
    maximum: float
    answered: int
    exercises: int

    @property
    def progress(self) -> str:
        """AGS activityProgress: Completed once every exercise is answered."""
        return "Completed" if self.answered >= self.exercises else "InProgress"


def resource_id(module: str) -> str:
    return f"module-{module}"


def grades(data: CohortData) -> list[Grade]:
    """Every score to send: per module the learner answered something in, and the course."""
    frame = completion(data)
    out: list[Grade] = []
    for learner, rows in frame.groupby("learner", sort=True):
        rows = rows[rows["max_score"] > 0]
        if not rows["answered"].sum():
            continue
        for row in rows.itertuples():
            if row.answered:
                out.append(
                    Grade(str(learner), resource_id(str(row.module)),
                          f"{row.module} {row.module_title}", round(float(row.score), 4),
                          float(row.max_score), int(row.answered), int(row.exercises))
                )  # fmt: skip
        out.append(
            Grade(str(learner), COURSE, data.catalog.course.title,
                  round(float(rows["score"].sum()), 4), float(rows["max_score"].sum()),
                  int(rows["answered"].sum()), int(rows["exercises"].sum()))
        )  # fmt: skip
    return out


def line_items(data: CohortData) -> dict[str, tuple[str, float]]:
    """The line items the cohort's grades go to: resource id -> (label, score maximum)."""
    frame = completion(data)
    modules = frame.drop_duplicates("module")
    items = {
        resource_id(str(r.module)): (f"{r.module} {r.module_title}", float(r.max_score))
        for r in modules.itertuples()
        if r.max_score > 0
    }
    items[COURSE] = (data.catalog.course.title, sum(m for _, m in items.values()))
    return items
