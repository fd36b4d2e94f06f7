"""The kit's error types: each carries a message fit to show a learner or trainer as is."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path


class KitError(Exception):
    """Base of every error the kit raises on purpose; the CLI prints these as one line."""


@dataclass(frozen=True)
class Problem:
    """One content problem, located as precisely as the file allows."""

    file: str
    line: int
    exercise_id: str
    field: str
    message: str

    def relative_to(self, folder: Path) -> Problem:
        """The same problem with its file named relative to `folder` when it is inside it."""
        path = Path(self.file)
        if not path.is_relative_to(folder):
            return self
        return replace(self, file=str(path.relative_to(folder)))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.exercise_id or '-'}: {self.field or '-'}: {self.message}"


class ContentError(KitError):
    """The course content is broken; `problems` says where and how."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnknownExerciseError(KitError):
    """No exercise has this id; the message names the closest ids."""


class ResponseError(KitError, ValueError):
    """A response does not have the shape its exercise kind expects."""


class StoreError(KitError):
    """The response store cannot be opened or written; nothing was deleted or overwritten."""


class LearnerError(KitError, ValueError):
    """A learner id that cannot be used (empty, too long, path separators, control characters)."""
