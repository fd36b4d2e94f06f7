"""A learner's progress: one row per exercise, with a notebook table and a pandas frame."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from html import escape
from typing import Any

from kit.text import counted, score_text


@dataclass(frozen=True)
class ProgressRow:
    module: str
    exercise_id: str
    title: str
    kind: str
    status: str
    score: float
    max_score: float
    attempts: int
    last_answered: str | None
    content_changed: bool


@dataclass(frozen=True)
class Progress:
    """Progress of `learner` over the exercises in `rows` (every exercise, tried or not)."""

    learner: str
    rows: tuple[ProgressRow, ...]

    @property
    def answered(self) -> int:
        return sum(r.attempts > 0 for r in self.rows)

    @property
    def score(self) -> float:
        return round(sum(r.score for r in self.rows), 4)

    @property
    def max_score(self) -> float:
        return round(sum(r.max_score for r in self.rows), 4)

    def to_frame(self) -> Any:
        """A pandas DataFrame with one row per exercise."""
        import pandas as pd

        return pd.DataFrame(
            [asdict(r) for r in self.rows], columns=list(ProgressRow.__annotations__)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "learner": self.learner,
            "answered": self.answered,
            "exercises": len(self.rows),
            "score": self.score,
            "max_score": self.max_score,
            "rows": [asdict(r) for r in self.rows],
        }

    def summary(self) -> str:
        return (
            f"{self.learner}: {self.answered} of {len(self.rows)} exercises answered, "
            f"{score_text(self.score, self.max_score)}"
        )

    def _repr_html_(self) -> str:
        body = "".join(
            "<tr>"
            f"<td>{escape(r.module)}</td><td>{escape(r.title)}</td><td>{escape(r.status)}"
            f"{' (content changed)' if r.content_changed else ''}</td>"
            f"<td>{r.score:g} / {r.max_score:g}</td><td>{r.attempts}</td>"
            "</tr>"
            for r in self.rows
        )
        return (
            f'<div class="kit-progress-table"><p><strong>{escape(self.summary())}</strong></p>'
            "<table><thead><tr><th>Module</th><th>Exercise</th><th>Status</th><th>Score</th>"
            f"<th>Attempts</th></tr></thead><tbody>{body}</tbody></table></div>"
        )

    def __str__(self) -> str:
        lines = [self.summary()]
        lines += [
            f"  {r.module}  {r.exercise_id:<40} {r.status:<12} {r.score:g}/{r.max_score:g}"
            f"  ({counted(r.attempts, 'attempt')})"
            for r in self.rows
        ]
        return "\n".join(lines)
