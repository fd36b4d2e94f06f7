"""Learners' answers from a cohort gradebook, for a trainer's batch of workbooks.

Every response is graded again with the cohort's copy of the content, as the gradebook does:
a score in a learner's file is never read.
"""

from __future__ import annotations

import json
from pathlib import Path

from kit.answers import CHANGED, Answer
from kit.errors import ResponseError
from kit.grading import grade

HANDED_IN_NOTHING = "handed in nothing"
NOTHING_FITS = "none of their answers fits the current course content"


def cohort_answers(folder: str | Path) -> tuple[Path, dict[str, dict[str, Answer]]]:
    """The cohort's content folder and each learner's latest answer per exercise."""
    root, found, _skipped = cohort_answers_and_skips(folder)
    return root, found


def cohort_answers_and_skips(
    folder: str | Path,
) -> tuple[Path, dict[str, dict[str, Answer]], dict[str, str]]:
    """The cohort's content folder, each learner's latest answer per exercise, and the
    learners left out (on the roster but with no answer to print), each with the reason."""
    from kit.cohort import load
    from kit.cohort.reports import observer_raters

    data = load(folder)
    observed = observer_raters(data)
    catalog = data.catalog
    found: dict[str, dict[str, Answer]] = {}
    latest = data.latest
    for learner, exercise_id, response, fits, changed in zip(
        latest["learner"],
        latest["exercise_id"],
        latest["response"],
        latest["fits"],
        latest["changed"],
        strict=True,
    ):
        exercise = catalog.exercises.get(exercise_id)
        if exercise is None or not fits:
            continue
        value = json.loads(response)
        try:
            result = grade(exercise, value)
        except ResponseError:
            continue
        raters = observed.get((learner, exercise_id), {})
        answer = Answer(value, result, CHANGED if changed else "", raters)
        found.setdefault(str(learner), {})[exercise_id] = answer
    tried = set(map(str, data.attempts["learner"]))
    skipped = {
        str(learner): NOTHING_FITS if str(learner) in tried else HANDED_IN_NOTHING
        for learner in data.learner_ids
        if str(learner) not in found
    }
    return catalog.root, found, skipped
