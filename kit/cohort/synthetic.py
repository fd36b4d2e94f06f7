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
from kit.cohort.submission import Submission, file_name, write_submission
from kit.content.catalog import Catalog, content_hash, load_catalog
from kit.content.schema import (
    CategorizeExercise,
    ChoiceExercise,
    LikertExercise,
    MultiExercise,
    OrderExercise,
    ReflectionExercise,
    ScenarioExercise,
)
from kit.kinds import kind_of

WORDS = (
    "team",
    "listened",
    "meeting",
    "asked",
    "quiet",
    "deadline",
    "felt",
    "trust",
    "decided",
    "owned",
    "purpose",
    "colleague",
    "feedback",
    "noticed",
    "paused",
    "chose",
    "support",
    "direction",
    "responsibility",
    "stepped",
    "conversation",
)


def random_response(exercise: Any, rng: random.Random, skill: float) -> Any:
    """A response of the right shape: right more often the higher `skill` (0-1)."""
    return kind_of(exercise).part("synthetic")(exercise, rng, skill)


def choice_response(exercise: ChoiceExercise, rng: random.Random, skill: float) -> str:
    right = next(o.id for o in exercise.options if o.correct)
    return right if rng.random() < skill else rng.choice(exercise.options).id


def scenario_response(exercise: ScenarioExercise, rng: random.Random, skill: float) -> str:
    best = max(exercise.options, key=lambda o: o.credit).id
    return best if rng.random() < skill else rng.choice(exercise.options).id


def multi_response(exercise: MultiExercise, rng: random.Random, skill: float) -> list[str]:
    chosen = [o.id for o in exercise.options if (rng.random() < skill) == o.correct]
    return chosen or [exercise.options[0].id]


def categorize_response(
    exercise: CategorizeExercise, rng: random.Random, skill: float
) -> dict[str, str]:
    buckets = [b.id for b in exercise.buckets]
    return {i.id: i.bucket if rng.random() < skill else rng.choice(buckets) for i in exercise.items}


def order_response(exercise: OrderExercise, rng: random.Random, skill: float) -> list[str]:
    order = [i.id for i in exercise.items]
    for _ in range(round((1 - skill) * len(order))):
        a, b = rng.randrange(len(order)), rng.randrange(len(order))
        order[a], order[b] = order[b], order[a]
    return order


def likert_response(
    exercise: LikertExercise, rng: random.Random, skill: float
) -> dict[str, int | None]:
    lean = {s.id: rng.uniform(-1.5, 1.5) for s in exercise.scales}
    top = len(exercise.choices)
    unsure = 0.05 if exercise.not_applicable else 0.0  # now and then "can't say"
    return {
        i.id: None
        if rng.random() < unsure
        else min(top, max(1, round((top + 1) / 2 + lean[i.scale] + rng.uniform(-1, 1))))
        for i in exercise.items
    }


def reflection_response(
    exercise: ReflectionExercise, rng: random.Random, skill: float
) -> dict[str, str]:
    return {
        p.id: " ".join(rng.choice(WORDS) for _ in range(max(p.min_words, 1) + rng.randrange(25)))
        for p in exercise.prompts
    }


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
