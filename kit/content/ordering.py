"""The order in which a learner sees an exercise's options: shuffled per learner, stable.

A key that always sits in the same place can be found without reading. So each learner sees
the options of a choice, multi or scenario exercise (and the statements of a categorize
exercise) in an order of their own, the same every time: in the widget, after a restart and
in their workbook. Which parts are shuffled is up to each kind (`Kind.shuffled`); responses
name ids, so grading never depends on the order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Protocol, TypeVar


class Part(Protocol):
    @property
    def text(self) -> str: ...


P = TypeVar("P", bound=Part)


def learner_order(parts: Iterable[P], exercise_id: str, learner: str | None) -> list[P]:
    """`parts` in the order `learner` sees them in exercise `exercise_id`.

    Each part is placed by a hash of the learner, the exercise and the part's own text, so
    the order says nothing the learner cannot read already: not the order the parts were
    written in (where an author may have put the key), nor their ids (which may name it).
    `learner=None` gives the one fixed order of blank worksheets.
    """
    seed = exercise_id if learner is None else f"{learner}\n{exercise_id}"

    def place(part: P) -> bytes:
        return hashlib.sha256(f"{seed}\n{part.text}".encode()).digest()

    return sorted(parts, key=place)
