"""A cohort read into memory: the gradebook's tables as DataFrames, and the course content."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kit.cohort.config import Cohort, cohort_folder, load_config
from kit.cohort.gradebook import open_gradebook
from kit.content.catalog import Catalog, load_catalog


@dataclass(frozen=True, eq=False)
class CohortData:
    """Everything the reports read. Build it with `load`; the reports never touch the disk."""

    name: str
    catalog: Catalog
    roster: pd.DataFrame  # learner, name, email
    files: pd.DataFrame  # id, sha256, name, learner, kit_version, created_at, collected_at, ...
    attempts: pd.DataFrame  # one row per attempt, by learner, exercise, time; see gradebook.py
    rubric: pd.DataFrame  # learner, exercise_id, criterion, points, comment, scored_at

    @cached_property
    def exercises(self) -> pd.DataFrame:
        """One row per exercise of the course, in course order."""
        rows = [
            {
                "exercise_id": e.id,
                "module": m.id,
                "title": e.title,
                "kind": e.kind,
                "points": float(e.points),
                "concepts": tuple(e.concepts),
            }
            for m in self.catalog.course.modules
            for e in self.catalog.module_exercises(m.id)
        ]
        return pd.DataFrame(
            rows, columns=["exercise_id", "module", "title", "kind", "points", "concepts"]
        )

    @cached_property
    def learner_ids(self) -> list[str]:
        """Everyone on the roster or with a collected attempt, sorted."""
        return sorted(set(self.roster["learner"]) | set(self.attempts["learner"]))

    @cached_property
    def _known(self) -> pd.DataFrame:
        """Attempts at exercises of the current course (in `attempts` order)."""
        known = self.attempts[self.attempts["exercise_id"].isin(self.exercises["exercise_id"])]
        return known.reset_index(drop=True)

    def _edge(self, keep: str) -> pd.DataFrame:
        known = self._known
        learner, exercise = known["learner"].to_numpy(), known["exercise_id"].to_numpy()
        if keep == "first":
            new = (learner[1:] != learner[:-1]) | (exercise[1:] != exercise[:-1])
            mask = np.concatenate([[True], new]) if len(known) else new
        else:
            new = (learner[:-1] != learner[1:]) | (exercise[:-1] != exercise[1:])
            mask = np.concatenate([new, [True]]) if len(known) else new
        return known[mask].reset_index(drop=True)

    @cached_property
    def latest(self) -> pd.DataFrame:
        """Each learner's latest attempt (by time) at each exercise of the current course."""
        return self._edge("last")

    @cached_property
    def first(self) -> pd.DataFrame:
        """Each learner's first attempt at each exercise: what they thought before feedback."""
        return self._edge("first")

    memo: dict[Any, pd.DataFrame] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return (
            f"<cohort {self.name!r}: {len(self.learner_ids)} learners,"
            f" {len(self.files)} files, {len(self.attempts)} attempts>"
        )


def load(folder: str | Path | None = None) -> CohortData:
    """Read a cohort folder (default: `KIT_COHORT`, else the working folder)."""
    cohort = load_config(cohort_folder(folder))
    return load_cohort(cohort)


def load_cohort(cohort: Cohort) -> CohortData:
    catalog = load_catalog(cohort.content_root)
    with open_gradebook(cohort.gradebook_path) as book:
        db = book.connection
        attempts = pd.read_sql_query(
            "SELECT id, learner, exercise_id, module, time, response, fits, score, max_score,"
            " status, profile, content_hash != graded_hash AS changed, file_id FROM attempts"
            " ORDER BY learner, exercise_id, time, response",  # the unique key: a total order
            db,
        )
        frames = {
            table: pd.read_sql_query(f"SELECT * FROM {table}", db)
            for table in ("roster", "files", "rubric_scores")
        }
    attempts[["fits", "changed"]] = attempts[["fits", "changed"]].astype(bool)
    return CohortData(
        name=cohort.config.name or cohort.root.name,
        catalog=catalog,
        roster=frames["roster"],
        files=frames["files"],
        attempts=attempts,
        rubric=frames["rubric_scores"],
    )
