"""The learner's saved answers as the widgets show them: the last answer to an exercise, and
the progress line under each exercise."""

from __future__ import annotations

from kit.answers import Answer, stored_answer
from kit.api import context, progress
from kit.text import score_text


def last_answer(exercise_id: str) -> Answer | None:
    """Your last answer to an exercise, graded again if the exercise has changed since."""
    catalog, store, learner = context()
    return stored_answer(catalog.exercise(exercise_id), store, learner)


def module_progress_line(module: str) -> str:
    """One line for the foot of each exercise, e.g. 'Module 01: 4 of 12 answered · ...'."""
    p = progress(module)
    return (
        f"Module {module} progress: {p.answered} of {len(p.rows)} answered · "
        f"{score_text(p.score, p.max_score)}"
    )
