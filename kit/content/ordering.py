"""The order in which a learner sees an exercise's options: shuffled per learner, stable.

A key that always sits in the same place can be found without reading. So each learner sees
the options of a choice, multi or scenario exercise (and the statements of a categorize
exercise) in an order of their own, the same every time: in the widget, after a restart and
in their workbook. Responses name option ids, so grading never depends on the order.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

SHUFFLED_KINDS = ("choice", "multi", "scenario", "categorize")


def shown_options(exercise: Any, learner: str | None) -> list[Any]:
    """The exercise's options (statements, for categorize) in the order `learner` sees them.

    The shuffle is seeded by the learner and the exercise id. `learner=None` gives the one
    fixed order of blank worksheets, seeded by the exercise id alone.
    """
    if exercise.kind not in SHUFFLED_KINDS:
        raise TypeError(f"{exercise.kind} exercises have no options to shuffle")
    listed = list(exercise.items if exercise.kind == "categorize" else exercise.options)
    seed = exercise.id if learner is None else f"{learner}\n{exercise.id}"
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(listed)
    return listed
