"""Pure grading: `grade(exercise, response) -> Result`. No widgets, no I/O, no clock.

Each kind grades its own responses (`kit/kinds/<name>.py`); the response shapes are in the
README's "Response JSON" table.
"""

from __future__ import annotations

from typing import Any

from kit.kinds import kind_of
from kit.result import Result


def grade(exercise: Any, response: Any) -> Result:
    """Grade `response` against `exercise`; raise ResponseError if it has the wrong shape."""
    return kind_of(exercise).grade(exercise, response)
