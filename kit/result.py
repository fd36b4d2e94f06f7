"""The outcome of grading one response: a small frozen value with a notebook face."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from html import escape
from typing import Any, Literal

Status = Literal["correct", "partial", "incorrect", "complete", "incomplete", "ungraded"]

STATUS_LABELS: dict[str, str] = {
    "correct": "Correct",
    "partial": "Partly right",
    "incorrect": "Not yet",
    "complete": "Complete",
    "incomplete": "Not complete yet",
    "ungraded": "Saved",
}


@dataclass(frozen=True)
class ItemResult:
    """How one option, statement, step, rating or prompt of a response fared."""

    id: str
    label: str
    given: Any
    correct: bool | None = None
    expected: Any = None
    feedback: str = ""


@dataclass(frozen=True)
class Result:
    """A graded response.

    score/max_score: points earned and available. status: one of `Status`.
    feedback: lines for the learner, most important first. items: per-item detail.
    profile: for likert exercises, the mean rating per scale (no right answer).
    """

    exercise_id: str
    kind: str
    score: float
    max_score: float
    status: Status
    feedback: tuple[str, ...] = ()
    items: tuple[ItemResult, ...] = ()
    profile: dict[str, float] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; `Result.from_dict` reads it back."""
        data = asdict(self)
        data["feedback"] = list(self.feedback)
        data["items"] = [asdict(i) for i in self.items]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        return cls(
            exercise_id=data["exercise_id"],
            kind=data["kind"],
            score=data["score"],
            max_score=data["max_score"],
            status=data["status"],
            feedback=tuple(data.get("feedback", ())),
            items=tuple(ItemResult(**i) for i in data.get("items", ())),
            profile=dict(data.get("profile", {})),
        )

    def _repr_html_(self) -> str:
        lines = "".join(f"<li>{escape(line)}</li>" for line in self.feedback)
        return (
            f'<div class="kit-result kit-{self.status}" role="status">'
            f"<strong>{escape(self.label)}</strong> · {self.score:g} / {self.max_score:g}"
            f"<ul>{lines}</ul></div>"
        )

    def __str__(self) -> str:
        body = "\n".join(f"  - {line}" for line in self.feedback)
        return f"{self.label} ({self.score:g}/{self.max_score:g})\n{body}".rstrip()
