"""Score reflections on their rubric: a score and a comment per criterion, into the gradebook."""

from __future__ import annotations

import json
import sqlite3
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from kit.cohort.config import cohort_folder, load_config
from kit.cohort.data import load_cohort
from kit.cohort.gradebook import open_gradebook
from kit.errors import KitError

_WIDE = {"description_width": "initial"}


class RubricScorer(widgets.VBox):
    """Pick a reflection and a learner, read the answer, score each criterion, save.

    Scores go straight into the gradebook (`rubric_scores`) and show in the reports.
    """

    def __init__(self, folder: str | Path | None = None, exercise_id: str | None = None) -> None:
        self.cohort = load_config(cohort_folder(folder))
        data = load_cohort(self.cohort)
        self.exercises = {
            e.id: e for e in data.catalog.exercises.values() if e.kind == "reflection" and e.rubric
        }
        latest = data.latest[data.latest["exercise_id"].isin(self.exercises) & data.latest["fits"]]
        self.answers: dict[tuple[str, str], dict[str, str]] = {
            (r.exercise_id, r.learner): json.loads(r.response) for r in latest.itertuples()
        }
        self.status = widgets.HTML()
        self.exercise = widgets.Dropdown(
            description="Reflection",
            options=[(f"{e.id} · {e.title}", e.id) for e in self.exercises.values()],
            value=exercise_id if exercise_id in self.exercises else None,
            style=_WIDE,
        )
        self.learner = widgets.Dropdown(description="Learner", options=[], style=_WIDE)
        self.answer = widgets.HTML()
        self.criteria = widgets.VBox()
        self.save_button = widgets.Button(
            description="Save scores", button_style="primary", tooltip="Save to the gradebook"
        )
        self.next_button = widgets.Button(
            description="Next learner", tooltip="Show the next learner"
        )
        self.save_button.on_click(lambda _b: self.save())
        self.next_button.on_click(lambda _b: self.next())
        self.exercise.observe(lambda _c: self._show_exercise(), names="value")
        self.learner.observe(lambda _c: self._show_learner(), names="value")
        super().__init__(
            [
                widgets.HBox([self.exercise, self.learner]),
                self.answer,
                self.criteria,
                widgets.HBox([self.save_button, self.next_button]),
                self.status,
            ]
        )
        self.add_class("kit-rubric")
        if not self.exercises:
            self._say("No reflection in this course has a rubric to score.")
        elif self.exercise.value is None:
            self.exercise.value = next(iter(self.exercises))
        else:
            self._show_exercise()

    # --- showing ------------------------------------------------------------------------------

    def _show_exercise(self) -> None:
        exercise = self.exercises.get(self.exercise.value)
        if exercise is None:
            return
        self.inputs: dict[str, tuple[widgets.BoundedFloatText, widgets.Textarea]] = {}
        rows = []
        for c in exercise.rubric:
            points = widgets.BoundedFloatText(
                min=0, max=c.max_points, step=0.5, description=f"{c.label} (0-{c.max_points:g})",
                style=_WIDE, tooltip=c.description,
            )  # fmt: skip
            comment = widgets.Textarea(
                description=f"Comment on {c.label}", placeholder="A comment for the learner",
                style=_WIDE, layout=widgets.Layout(width="100%"),
            )  # fmt: skip
            self.inputs[c.id] = (points, comment)
            rows.append(
                widgets.HTML(f"<p><strong>{escape(c.label)}</strong>: {escape(c.description)}</p>")
            )
            rows += [points, comment]
        self.criteria.children = rows
        learners = sorted(learner for ex, learner in self.answers if ex == exercise.id)
        self.learner.options = learners
        self.learner.value = learners[0] if learners else None
        if not learners:
            self.answer.value = ""
            self._say("Nobody has answered this reflection yet.")
        else:
            self._show_learner()

    def _show_learner(self) -> None:
        exercise = self.exercises.get(self.exercise.value)
        learner = self.learner.value
        if exercise is None or learner is None:
            return
        answers = self.answers.get((exercise.id, learner), {})
        parts = "".join(
            f"<dt>{escape(p.label)}</dt><dd>{escape(answers.get(p.id, '')).replace(chr(10), '<br>')}</dd>"
            for p in exercise.prompts
        )
        self.answer.value = (
            f'<section aria-label="Answer of {escape(learner)}"><h4>{escape(learner)}</h4>'
            f"<dl>{parts}</dl></section>"
        )
        with open_gradebook(self.cohort.gradebook_path) as book:
            saved = book.rubric(learner, exercise.id)
        for criterion, (points, comment) in self.inputs.items():
            points.value, comment.value = saved.get(criterion, (0.0, ""))
        self._say("Already scored; saving replaces the scores." if saved else "Not scored yet.")

    def _say(self, text: str, alert: bool = False) -> None:
        role = "alert" if alert else "status"
        self.status.value = f'<p role="{role}" aria-live="polite">{escape(text)}</p>'

    # --- actions ------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the scores and comments shown for the current learner; True if saved."""
        exercise = self.exercises.get(self.exercise.value)
        learner = self.learner.value
        if exercise is None or learner is None:
            self._say("Choose a reflection and a learner first.", alert=True)
            return False
        scores = {
            c: (float(p.value), comment.value.strip()) for c, (p, comment) in self.inputs.items()
        }
        try:
            with open_gradebook(self.cohort.gradebook_path) as book:
                book.set_rubric(learner, exercise, scores)
        except (KitError, sqlite3.Error) as exc:
            self._say(f"Not saved: {exc}", alert=True)
            return False
        total = sum(p for p, _ in scores.values())
        top = sum(c.max_points for c in exercise.rubric)
        self._say(f"Saved {learner}: {total:g} of {top:g} points.")
        return True

    def next(self) -> None:
        """Move to the next learner (after the last, back to the first)."""
        options = list(self.learner.options)
        if options:
            at = options.index(self.learner.value) if self.learner.value in options else -1
            self.learner.value = options[(at + 1) % len(options)]


def rubric_scorer(folder: str | Path | None = None, exercise_id: str | None = None) -> Any:
    """A widget to score reflections on their rubric (folder: default `KIT_COHORT`)."""
    return RubricScorer(folder, exercise_id)
