"""Made-up cohorts: plausible submissions from imaginary learners, to try the dashboard on.

`demo_cohort` builds a cohort folder with a roster and an inbox full of submission files,
seeded, so the same call gives the same cohort. Used by `kit cohort demo`, tests and benchmarks.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kit.cohort.config import Cohort, init_cohort
from kit.content.catalog import Catalog, content_hash, load_catalog
from kit.handin.submission import Submission, file_name, write_submission
from kit.kinds import kind_of


def random_response(exercise: Any, rng: random.Random, skill: float) -> Any:
    """A response of the right shape: right more often the higher `skill` (0-1)."""
    return kind_of(exercise).synthetic(exercise, rng, skill)


def learner_submission(
    catalog: Catalog, learner: str, rng: random.Random, now: datetime, completion: float = 0.9
) -> Submission:
    """One imaginary learner's submission: most exercises answered, some twice; each private
    exercise only if the learner chose to share it (about half do)."""
    skill = rng.uniform(0.3, 0.95)
    start = now - timedelta(days=14)
    attempts = []
    shared = []
    for n, exercise in enumerate(catalog.exercises.values()):
        if rng.random() > completion:
            continue
        if exercise.private:
            if rng.random() < 0.5:
                continue
            shared.append(exercise.id)
        tries = 1 + (rng.random() < 0.25)
        for t in range(tries):
            moment = start + timedelta(minutes=10 * n + t, seconds=rng.randrange(60))
            attempts.append(
                {
                    "exercise_id": exercise.id,
                    "content_hash": content_hash(exercise),
                    "time": moment.isoformat(timespec="microseconds"),
                    "response": random_response(exercise, rng, min(1.0, skill + 0.3 * t)),
                }
            )
    return Submission.model_validate(
        {
            "learner": learner,
            "kit_version": "0.1.0",
            "created_at": now.isoformat(timespec="microseconds"),
            "course": catalog.course.title,
            "content": {e.id: content_hash(e) for e in catalog.exercises.values()},
            "shared": shared,
            "attempts": attempts,
        }
    )


def demo_cohort(
    folder: str | Path,
    learners: int = 30,
    *,
    seed: int = 1,
    catalog: Catalog | None = None,
    now: datetime | None = None,
) -> Cohort:
    """A cohort folder with a roster of `learners` (plus one who hands nothing in) and their files."""
    catalog = catalog or load_catalog()
    rng = random.Random(seed)
    now = now or datetime.now(UTC) - timedelta(minutes=1)
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    ids = [f"learner{n:04d}" for n in range(1, learners + 1)]
    roster = root / "roster.csv"
    people = [(i, f"Learner {i[7:]}") for i in ids] + [("absent", "Absent Learner")]
    lines = ["learner,name,email", *(f"{i},{name},{i}@example.org" for i, name in people)]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cohort = init_cohort(root, roster=roster, content=catalog.root)
    for learner in ids:
        submission = learner_submission(catalog, learner, rng, now)
        write_submission(submission, cohort.inbox / file_name(learner, now))
    return cohort
