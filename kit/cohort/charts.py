"""Cohort charts: completion, score spread, concept mastery and the cohort's stances.

Each function returns a `Chart`: a matplotlib Figure (`.figure`, `.savefig`) that shows itself
in a notebook as a PNG with a text description for screen readers.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from html import escape
from typing import Any

from kit.charts import profile_figure
from kit.cohort import reports
from kit.cohort.data import CohortData

MAX_LABELLED_LEARNERS = 60


@dataclass(frozen=True, eq=False)
class Chart:
    """A figure and a one-line description of what it shows (its alt text)."""

    figure: Any
    alt: str

    def png(self, dpi: int = 110) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()

    def savefig(self, *args: Any, **kwargs: Any) -> None:
        self.figure.savefig(*args, **kwargs)

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png()).decode()
        return f'<img src="data:image/png;base64,{data}" alt="{escape(self.alt)}">'

    def __repr__(self) -> str:
        return self.alt


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def completion_heatmap(data: CohortData) -> Chart:
    """Learners (rows) by modules (columns), shaded by the share of exercises answered."""
    matrix = reports.completion_matrix(data, "completion")
    fig = _figure(1.6 + 0.7 * max(len(matrix.columns), 1), 1.5 + min(0.18 * len(matrix), 9))
    ax = fig.add_subplot()
    values = matrix.to_numpy(dtype=float)
    if not values.size:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No learners yet", ha="center", va="center")
        return Chart(fig, "Completion heatmap: no learners yet.")
    image = ax.imshow(values, aspect="auto", cmap="Blues", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks(range(len(matrix.columns)), [f"M{m}" for m in matrix.columns])
    if len(matrix) <= MAX_LABELLED_LEARNERS:
        ax.set_yticks(range(len(matrix)), list(matrix.index), fontsize=7)
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{len(matrix)} learners")
    ax.set_title("Share of each module's exercises answered")
    fig.colorbar(image, ax=ax, label="answered", shrink=0.8)
    mean = float(values.mean()) if values.size else 0.0
    alt = (
        f"Completion heatmap: {len(matrix)} learners by {len(matrix.columns)} module(s);"
        f" on average {mean:.0%} of exercises answered."
    )
    return Chart(fig, alt)


def score_distributions(data: CohortData) -> Chart:
    """The spread of learners' scores (%) per module, as box plots over the points."""
    frame = reports.completion(data)
    frame = frame[(frame["answered"] > 0) & (frame["max_score"] > 0)]
    groups = {m: g["percent"].dropna().to_numpy() for m, g in frame.groupby("module", sort=False)}
    groups = {m: v for m, v in groups.items() if len(v)}
    fig = _figure(1.6 + 0.8 * max(len(groups), 1), 3.4)
    ax = fig.add_subplot()
    if groups:
        ax.boxplot(list(groups.values()), tick_labels=[f"M{m}" for m in groups], showfliers=False)
        for n, v in enumerate(groups.values(), start=1):
            ax.scatter([n] * len(v), v, s=6, alpha=0.3, color="#1565c0")
    ax.set_ylim(-5, 105)
    ax.set_ylabel("score (%) of learners who answered")
    ax.set_title("Scores per module")
    medians = ", ".join(f"M{m} {float(sorted(v)[len(v) // 2]):.0f}%" for m, v in groups.items())
    return Chart(fig, f"Score distribution per module; medians: {medians or 'no scores yet'}.")


def concept_mastery_chart(data: CohortData) -> Chart:
    """Mean mastery per concept (bars) and the share of learners who mastered it (dots)."""
    frame = reports.concept_summary(data).iloc[::-1]
    fig = _figure(6.4, 1.2 + 0.28 * max(len(frame), 1))
    ax = fig.add_subplot()
    ax.barh(frame["concept"], frame["mean_mastery"].fillna(0), color="#90caf9", label="mean")
    ax.scatter(
        frame["mastered"].fillna(0),
        frame["concept"],
        color="#0d47a1",
        zorder=3,
        label=f"share at {reports.MASTERED:.0%} or more",
    )
    ax.set_xlim(0, 1)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title("Concept mastery (graded exercises, latest attempts)")
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    weakest = frame.dropna(subset=["mean_mastery"]).sort_values("mean_mastery").head(3)
    names = ", ".join(
        f"{c} ({m:.0%})" for c, m in zip(weakest["concept"], weakest["mean_mastery"], strict=True)
    )
    return Chart(fig, f"Mastery of {len(frame)} concepts; weakest: {names or 'none answered yet'}.")


def stance_radar(data: CohortData, exercise_id: str | None = None) -> Chart | None:
    """The cohort's mean likert profile on one radar, beside its observers' view if answered.

    `exercise_id` is a self-assessment likert exercise; by default the first with three or
    more scales. Returns None if the course has none.
    """
    candidates = [
        e
        for e in data.catalog.exercises.values()
        if e.kind == "likert" and not (e.observer_of or e.rerate_of) and len(e.scales) >= 3
    ]
    exercise = next((e for e in candidates if exercise_id in (None, e.id)), None)
    if exercise is None:
        return None
    frame = reports.stance_profiles(data)
    frame = frame[frame["self_exercise"] == exercise.id]
    means = frame.groupby(["view", "scale"])["value"].mean()
    counts = frame.groupby("view")["learner"].nunique()
    profiles = {}
    views = (
        ("self", "The cohort (self)"),
        ("observer", "Colleagues' view"),
        ("rerate", "The cohort, re-rated"),
    )
    for view, name in views:
        if view in counts:
            profiles[f"{name}, n={counts[view]}"] = means[view].to_dict()
    fig = profile_figure(exercise, profiles, size=5.0)
    fig.suptitle(exercise.title, fontsize=11)
    labels = {s.id: s.label for s in exercise.scales}
    described = "; ".join(
        f"{name}: " + ", ".join(f"{labels.get(s, s)} {v:.1f}" for s, v in p.items())
        for name, p in profiles.items()
    )
    return Chart(fig, f"Stance profiles for {exercise.title}. {described or 'No answers yet.'}")
