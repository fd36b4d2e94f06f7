"""Put the statements of a learner's new records into the store's outbox.

Statements are made from the store itself: every attempt after the learner's watermark (a
setting, moved in the same transaction as the statements are added) gives an "answered"
statement, and the attempt that makes a module (or the course) fully answered gives a
"completed" one. So an attempt saved while the kit could not queue (a crash, xAPI switched on
later) is queued the next time, and nothing is queued twice.
"""

from __future__ import annotations

import json
from typing import Any

from kit.content.catalog import Catalog
from kit.interop.xapi.config import XapiConfig
from kit.interop.xapi.statements import Builder
from kit.store import Store, utc_now

WATERMARK = "xapi.queued-through:"  # + learner: the last attempt id queued


def builder(catalog: Catalog, learner: str, config: XapiConfig) -> Builder:
    return Builder(learner, config.homepage, config.activities, catalog.course.title)


def _row(learner: str, statement: dict[str, Any]) -> tuple[str, str, str, str]:
    text = json.dumps(statement, ensure_ascii=False, sort_keys=True)
    return statement["id"], learner, text, statement["timestamp"]


def queue_new(store: Store, catalog: Catalog, learner: str, config: XapiConfig) -> int:
    """Queue the statements of `learner`'s attempts not queued yet; return how many."""
    key = WATERMARK + learner
    through = int(store.get_setting(key) or 0)
    attempts = store.attempts(learner)
    if not attempts or attempts[-1].id <= through:
        return 0
    make = builder(catalog, learner, config)
    titles = {m.id: m.title for m in catalog.course.modules}
    needed = {m.id: {e.id for e in catalog.module_exercises(m.id)} for m in catalog.course.modules}
    course_needed = set().union(*needed.values())
    done: set[str] = set()
    latest: dict[str, Any] = {}
    rows = []
    for attempt in attempts:
        exercise = catalog.exercises.get(attempt.exercise_id)
        if exercise is None:
            continue
        module = exercise.id[1:3]
        module_was_done = module in needed and needed[module] <= done
        course_was_done = course_needed <= done
        latest[exercise.id] = attempt.result
        if attempt.result.status != "incomplete":
            done.add(exercise.id)
        if attempt.id <= through:
            continue
        rows.append(_row(learner, make.answered(exercise, titles.get(module, ""), attempt)))
        if module in needed and not module_was_done and needed[module] <= done:
            score = sum(latest[e].score for e in needed[module])
            maximum = sum(catalog.exercises[e].points for e in needed[module])
            rows.append(_row(learner, make.completed_module(
                module, titles[module], score, maximum, attempt.created_at)))  # fmt: skip
        if not course_was_done and course_needed and course_needed <= done:
            score = sum(latest[e].score for e in course_needed)
            maximum = sum(catalog.exercises[e].points for e in course_needed)
            rows.append(_row(learner, make.completed_course(score, maximum, attempt.created_at)))
    return store.queue_statements(rows, {key: str(attempts[-1].id)})


def queue_launch(
    store: Store, catalog: Catalog, learner: str, config: XapiConfig, module_id: str, session: str
) -> int:
    """Queue a "launched" statement for `module_id` in this session (once)."""
    title = catalog.module(module_id).title
    statement = builder(catalog, learner, config).launched(module_id, title, session, utc_now())
    return store.queue_statements([_row(learner, statement)])
