"""Cohort reports: pure functions of `CohortData`, each returning a pandas DataFrame.

Scores are those of each learner's latest attempt (as `kit.progress()` shows the learner);
misconception counts use first attempts (what a learner thought before any feedback).
Learner text is left as it was written: escape it when rendering HTML (see `html_table`).
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd

from kit.cohort.data import CohortData
from kit.content.schema import LikertExercise, ReflectionExercise
from kit.kinds import all_kinds, kind_of
from kit.kinds.base import OptionRow
from kit.kinds.likert import likert_ratings, mean_profile

SCORED_KINDS = tuple(k.name for k in all_kinds() if k.scored)
MASTERED = 0.8
OPTION_COLUMNS = (
    "exercise_id",
    "item",
    "item_text",
    "choice",
    "choice_text",
    "credit",
    "chosen",
    "share",
)


def _memo(report: Callable[[CohortData], pd.DataFrame]) -> Callable[[CohortData], pd.DataFrame]:
    """Compute a report once per loaded cohort (reports build on each other); hand out copies."""

    @functools.wraps(report)
    def cached(data: CohortData) -> pd.DataFrame:
        if report.__name__ not in data.memo:
            data.memo[report.__name__] = report(data)
        return data.memo[report.__name__].copy()

    return cached


def _columns(frame: pd.DataFrame, *names: str) -> Iterator[tuple[Any, ...]]:
    """The rows of some columns as plain Python values (much faster than itertuples)."""
    return zip(*(frame[name].tolist() for name in names), strict=True)


def _fraction(score: pd.Series, points: pd.Series) -> pd.Series:
    return (score / points.where(points > 0)).astype(float)


@_memo
def learners(data: CohortData) -> pd.DataFrame:
    """One row per learner: roster details, whether they handed anything in, and when."""
    roster = data.roster.set_index("learner")
    files = data.files.groupby("learner").agg(
        files=("id", "size"), last_submission=("created_at", "max")
    )
    attempts = data.attempts.groupby("learner").size().rename("attempts")
    frame = pd.DataFrame(index=pd.Index(data.learner_ids, name="learner"))
    frame = frame.join(roster).join(files).join(attempts)
    frame["on_roster"] = frame.index.isin(roster.index)
    frame[["name", "email"]] = frame[["name", "email"]].fillna("")
    frame[["files", "attempts"]] = frame[["files", "attempts"]].fillna(0).astype(int)
    frame["submitted"] = frame["files"] > 0
    columns = ["name", "email", "on_roster", "submitted", "files", "attempts", "last_submission"]
    return frame[columns].reset_index()


@_memo
def completion(data: CohortData) -> pd.DataFrame:
    """Learner by module: exercises answered, completion (0-1), score and percent."""
    ex = data.exercises
    modules = ex.groupby("module", sort=False).agg(
        exercises=("exercise_id", "size"), max_score=("points", "sum")
    )
    got = data.latest.groupby(["learner", "module"]).agg(
        answered=("exercise_id", "size"), score=("score", "sum")
    )
    grid = pd.MultiIndex.from_product(
        [data.learner_ids, modules.index], names=["learner", "module"]
    )
    frame = got.reindex(grid, fill_value=0).join(modules, on="module")
    frame["completion"] = frame["answered"] / frame["exercises"]
    frame["percent"] = (100 * _fraction(frame["score"], frame["max_score"])).round(1)
    titles = {m.id: m.title for m in data.catalog.course.modules}
    frame = frame.reset_index()
    frame.insert(2, "module_title", frame["module"].map(titles))
    frame["answered"] = frame["answered"].astype(int)
    return frame


def completion_matrix(data: CohortData, value: str = "completion") -> pd.DataFrame:
    """`completion` pivoted: one row per learner, one column per module."""
    frame = completion(data)
    return frame.pivot(index="learner", columns="module", values=value)


@_memo
def exercise_stats(data: CohortData) -> pd.DataFrame:
    """Per exercise: how many tried it, first-try and latest scores, attempts, flags."""
    ex = data.exercises.set_index("exercise_id")
    first = data.first.assign(
        first_score=lambda f: _fraction(f["score"], f["max_score"]),
        first_correct=lambda f: f["status"].isin(["correct", "complete"]),
    )
    latest = data.latest.assign(latest_score=lambda f: _fraction(f["score"], f["max_score"]))
    attempts = data.attempts[data.attempts["exercise_id"].isin(ex.index)]
    frame = ex[["module", "title", "kind", "points"]].join(
        [
            first.groupby("exercise_id").agg(
                learners=("learner", "size"),
                first_try_correct=("first_correct", "mean"),
                first_score=("first_score", "mean"),
            ),
            latest.groupby("exercise_id")["latest_score"].mean(),
            attempts.groupby("exercise_id").agg(
                attempts=("id", "size"), other_content=("changed", "sum")
            ),
        ]
    )
    counts = ["learners", "attempts", "other_content"]
    frame[counts] = frame[counts].fillna(0).astype(int)
    frame["attempts_per_learner"] = (
        frame["attempts"] / frame["learners"].where(frame["learners"] > 0)
    ).round(2)
    for column in ("first_try_correct", "first_score", "latest_score"):
        frame[column] = frame[column].astype(float).round(3)
    return frame.reset_index()


@_memo
def option_counts(data: CohortData) -> pd.DataFrame:
    """How often each option (or bucket, per statement) was chosen on a first try."""
    first = data.first[data.first["fits"]]
    kinds = {e.id: kind_of(e).option_rows(e) for e in data.catalog.exercises.values()}
    listed = {i: kinds[i] for i in data.exercises["exercise_id"] if kinds.get(i)}
    first = first[first["exercise_id"].isin(listed)]
    # Equal answers are equal JSON text: read each distinct answer once, with its count.
    answers = first.groupby("exercise_id")["response"].value_counts()
    rows: list[dict[str, Any]] = []
    for exercise_id, options in listed.items():
        given = answers[exercise_id].to_dict() if exercise_id in answers.index else {}
        rows += _counted_rows(exercise_id, options, given)
    return pd.DataFrame(rows, columns=list(OPTION_COLUMNS))


def _counted_rows(
    exercise_id: str, listed: list[OptionRow], answers: dict[str, int]
) -> list[dict[str, Any]]:
    """Rows of (item, choice, credit, chosen, share) from {answer as JSON: how many gave it};
    credit is 1 for a right choice."""
    n = sum(answers.values())
    picked: Counter[Any] = Counter()
    for text, count in answers.items():
        answer = json.loads(text)  # an option id, a list of them, or {statement: bucket}
        picks = answer.items() if isinstance(answer, dict) else answer
        for pick in [answer] if isinstance(answer, str) else picks:
            picked[pick] += count
    rows = [(*row, picked[(row[0], row[2]) if row[0] else row[2]]) for row in listed]
    return [
        dict(zip(OPTION_COLUMNS, (exercise_id, *r, round(r[-1] / n, 3) if n else 0.0), strict=True))
        for r in rows
    ]


def _concept_map(data: CohortData) -> pd.DataFrame:
    ex = data.exercises[data.exercises["kind"].isin(SCORED_KINDS) & (data.exercises["points"] > 0)]
    return (
        ex[["exercise_id", "concepts"]].explode("concepts").rename(columns={"concepts": "concept"})
    )


@_memo
def concept_mastery(data: CohortData) -> pd.DataFrame:
    """Learner by concept: mean latest score (0-1) over the graded exercises that check it."""
    pairs = _concept_map(data)
    latest = data.latest.assign(fraction=lambda f: _fraction(f["score"], f["max_score"]))
    merged = latest.merge(pairs, on="exercise_id")
    got = merged.groupby(["learner", "concept"]).agg(
        answered=("exercise_id", "size"), mastery=("fraction", "mean")
    )
    concepts = pairs.groupby("concept", sort=False).size().rename("exercises")
    grid = pd.MultiIndex.from_product(
        [data.learner_ids, concepts.index], names=["learner", "concept"]
    )
    frame = got.reindex(grid).join(concepts, on="concept")
    frame["answered"] = frame["answered"].fillna(0).astype(int)
    frame["mastery"] = frame["mastery"].astype(float).round(3)
    return frame.reset_index()


@_memo
def concept_summary(data: CohortData) -> pd.DataFrame:
    """Per concept: what it teaches, how many answered, mean mastery, share who mastered it."""
    frame = concept_mastery(data)
    answered = frame[frame["answered"] > 0]
    summary = answered.groupby("concept").agg(
        learners=("learner", "size"),
        mean_mastery=("mastery", "mean"),
        mastered=("mastery", lambda m: (m >= MASTERED).mean()),
    )
    concepts = [(c.id, m.id, c.teach) for m in data.catalog.course.modules for c in m.concepts]
    base = pd.DataFrame(concepts, columns=["concept", "module", "teach"]).set_index("concept")
    base = base[base.index.isin(_concept_map(data)["concept"])]
    out = base.join(summary)
    out["learners"] = out["learners"].fillna(0).astype(int)
    out[["mean_mastery", "mastered"]] = out[["mean_mastery", "mastered"]].astype(float).round(3)
    return out.reset_index()


@_memo
def stance_profiles(data: CohortData) -> pd.DataFrame:
    """Each learner's likert profile per scale (latest attempt). An observer form's row is the
    mean of each colleague's latest ratings, `raters` says how many; re-ratings are marked."""
    likert = data.latest[data.latest["profile"].notna()]
    observed = _observer_means(data)
    rows = []
    for exercise_id, learner, profile in _columns(likert, "exercise_id", "learner", "profile"):
        exercise: Any = data.catalog.exercises[exercise_id]
        labels = {s.id: s.label for s in exercise.scales}
        view = "observer" if exercise.observer_of else "rerate" if exercise.rerate_of else "self"
        values, raters = observed.get((learner, exercise_id), (json.loads(profile), 1))
        original = exercise.observer_of or exercise.rerate_of or exercise_id
        for scale, value in values.items():
            rows.append((learner, exercise_id, original, view, raters,
                         scale, labels.get(scale, scale), value))  # fmt: skip
    columns = [
        "learner",
        "exercise_id",
        "self_exercise",
        "view",
        "raters",
        "scale",
        "scale_label",
        "value",
    ]
    return pd.DataFrame(rows, columns=columns)


def observer_raters(data: CohortData) -> dict[tuple[str, str], dict[int, dict[str, float]]]:
    """(learner, observer form) -> each colleague's latest profile, by rater number."""
    forms = {
        e.id: e
        for e in data.catalog.exercises.values()
        if isinstance(e, LikertExercise) and e.observer_of
    }
    a = data.attempts
    a = a[a["exercise_id"].isin(forms) & a["fits"] & a["profile"].notna()]
    latest: dict[tuple[str, str], dict[int, dict[str, float]]] = {}
    for learner, exercise_id, response, profile in _columns(
        a, "learner", "exercise_id", "response", "profile"
    ):  # oldest first, so a later answer of the same rater replaces an earlier one
        rater = likert_ratings(forms[exercise_id], json.loads(response))[0]
        latest.setdefault((learner, exercise_id), {})[rater] = json.loads(profile)
    return latest


def _observer_means(data: CohortData) -> dict[tuple[str, str], tuple[dict[str, float], int]]:
    """(learner, observer form) -> (mean of each rater's latest profile, number of raters)."""
    return {
        key: (mean_profile(rated), len(rated))
        for key, raters in observer_raters(data).items()
        if (rated := [p for p in raters.values() if p])
    }


@_memo
def reflections(data: CohortData) -> pd.DataFrame:
    """Every learner's latest reflection, one row per prompt, with its rubric score."""
    wanted = data.exercises.loc[data.exercises["kind"] == "reflection", "exercise_id"]
    latest = data.latest[data.latest["exercise_id"].isin(wanted) & data.latest["fits"]]
    rubric = (
        rubric_scores(data)
        .groupby(["learner", "exercise_id"])
        .agg(
            rubric_points=("points", "sum"),
            rubric_comments=("comment", lambda c: " | ".join(x for x in c if x)),
        )
    )
    rows = []
    attempts = _columns(latest, "learner", "exercise_id", "response", "time", "status")
    for learner, exercise_id, response, time, status in attempts:
        exercise: Any = data.catalog.exercises[exercise_id]
        answers = json.loads(response)
        rubric_max = sum(c.max_points for c in exercise.rubric)
        for prompt in exercise.prompts:
            text = answers.get(prompt.id, "")
            rows.append((learner, exercise_id, exercise.title, prompt.label, text,
                         len(text.split()), time, status, rubric_max))  # fmt: skip
    columns = [
        "learner",
        "exercise_id",
        "title",
        "prompt",
        "text",
        "words",
        "time",
        "status",
        "rubric_max",
    ]
    frame = pd.DataFrame(rows, columns=columns).join(rubric, on=["learner", "exercise_id"])
    frame["rubric_comments"] = frame["rubric_comments"].fillna("")
    return frame


@_memo
def rubric_scores(data: CohortData) -> pd.DataFrame:
    """The trainer's rubric scores: one row per learner, reflection and criterion."""
    criteria = {
        (e.id, c.id): (c.label, c.max_points)
        for e in data.catalog.exercises.values()
        if e.kind == "reflection"
        for c in e.rubric
    }
    frame = data.rubric.copy()
    keys = list(zip(frame["exercise_id"], frame["criterion"], strict=True))
    frame["label"] = [criteria.get(k, (k[1], None))[0] for k in keys]
    frame["max_points"] = [criteria.get(k, (None, float("nan")))[1] for k in keys]
    columns = [
        "learner",
        "exercise_id",
        "criterion",
        "label",
        "points",
        "max_points",
        "comment",
        "scored_at",
    ]
    return frame[columns]


@_memo
def flags(data: CohortData) -> pd.DataFrame:
    """Things a trainer should know: answers against other content, roster mismatches."""
    a = data.attempts
    rows = [
        (r.learner, r.exercise_id, r.time, "answered against other content; graded with yours")
        for r in a[a["changed"] & a["fits"]].itertuples()
    ]
    rows += [
        (r.learner, r.exercise_id, r.time, "answer no longer fits the content; not scored")
        for r in a[~a["fits"]].itertuples()
    ]
    people = learners(data)
    if len(data.roster):
        rows += [
            (x, "", "", "not on the roster") for x in people.loc[~people["on_roster"], "learner"]
        ]
    rows += [(x, "", "", "nothing handed in") for x in people.loc[~people["submitted"], "learner"]]
    return pd.DataFrame(rows, columns=["learner", "exercise_id", "time", "flag"])


@_memo
def lms(data: CohortData) -> pd.DataFrame:
    """One row per learner with plain column names, for importing into an LMS gradebook."""
    people = learners(data).set_index("learner")
    comp = completion(data)
    totals = comp.groupby("learner").agg(
        points=("score", "sum"), answered=("answered", "sum"), exercises=("exercises", "sum")
    )
    max_points = float(data.exercises["points"].sum())
    per_module = comp.pivot(index="learner", columns="module", values="percent")
    per_module.columns = [f"module_{m}_percent" for m in per_module.columns]
    rubric = data.rubric.groupby("learner")["points"].sum().rename("rubric_points")
    rubric_max = sum(
        c.max_points
        for e in data.catalog.exercises.values()
        if isinstance(e, ReflectionExercise)
        for c in e.rubric
    )
    frame = people[["name", "email"]].join(totals).join(per_module).join(rubric)
    frame.insert(3, "max_points", max_points)
    frame.insert(4, "percent", (100 * frame["points"] / max_points).round(1) if max_points else 0.0)
    frame["points"] = frame["points"].round(2)
    frame["rubric_points"] = frame["rubric_points"].fillna(0.0)
    frame["rubric_max"] = float(rubric_max)
    frame = frame.rename(columns={"answered": "exercises_answered", "exercises": "exercises_total"})
    return frame.rename_axis("learner_id").reset_index()


@_memo
def summary(data: CohortData) -> pd.DataFrame:
    """A few numbers about the cohort, one per row."""
    people = learners(data)
    comp = completion(data)
    per_learner = comp.groupby("learner")[["answered", "exercises"]].sum()
    values = {
        "learners": len(people),
        "on the roster": int(people["on_roster"].sum()),
        "handed in": int(people["submitted"].sum()),
        "submission files": len(data.files),
        "attempts": len(data.attempts),
        "exercises in the course": len(data.exercises),
        "mean completion (%)": round(
            100 * float((per_learner["answered"] / per_learner["exercises"]).mean()), 1
        )
        if len(per_learner)
        else 0.0,
        "attempts against other content": int(data.attempts["changed"].sum()),
        "rubric scores": len(data.rubric),
    }
    return pd.DataFrame({"value": pd.Series(values, dtype=object)}).rename_axis(data.name)
