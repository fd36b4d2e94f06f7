"""xAPI 1.0.3 statements of the course's events, built from the store's records (pure).

Verbs and activity types are those cmi5 uses (ADL's launched, completed and answered; cmi5's
course and block activity types; cmi.interaction for an exercise), without claiming cmi5's
launch protocol, which a notebook course does not follow. Each statement's id is a UUID5 of
what it records (the learner, the exercise and the attempt's time; the module; the launch),
so building it again gives the same statement and sending it again changes nothing.

A private exercise's statement never carries the response, only whether it was answered.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from kit.store import Attempt

NAMESPACE = uuid.UUID("6f0d3b52-2a5e-5d7e-9c3b-6c2d1f7a4e10")
VERSION = "1.0.3"
VERBS = {
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
}
COURSE_TYPE = "https://w3id.org/xapi/cmi5/activitytype/course"
MODULE_TYPE = "https://w3id.org/xapi/cmi5/activitytype/block"
INTERACTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
INTERACTION = {
    "choice": "choice",
    "scenario": "choice",
    "multi": "choice",
    "order": "sequencing",
    "categorize": "matching",
    "likert": "likert",
    "reflection": "long-fill-in",
}
PLATFORM = "Leadership Course Kit"


def statement_id(*parts: str) -> str:
    """A stable statement id from what the statement records."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def actor(learner: str, homepage: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": homepage, "name": learner}}


def verb(name: str) -> dict[str, Any]:
    return {"id": VERBS[name], "display": {"en-US": name}}


def activity(iri: str, kind: str, name: str) -> dict[str, Any]:
    return {
        "objectType": "Activity",
        "id": iri,
        "definition": {"type": kind, "name": {"en-US": name}},
    }


class Builder:
    """Statements about one learner, with activity ids under `activities`."""

    def __init__(self, learner: str, homepage: str, activities: str, course_title: str) -> None:
        self.learner = learner
        self.actor = actor(learner, homepage)
        self.base = activities.rstrip("/")
        self.course = activity(self.base, COURSE_TYPE, course_title)

    def module_activity(self, module_id: str, title: str) -> dict[str, Any]:
        return activity(f"{self.base}/modules/{module_id}", MODULE_TYPE, f"{module_id} {title}")

    def _context(self, parent: dict[str, Any] | None) -> dict[str, Any]:
        activities: dict[str, Any] = {"grouping": [{"id": self.course["id"]}]}
        if parent is not None:
            activities["parent"] = [{"id": parent["id"]}]
        return {"platform": PLATFORM, "contextActivities": activities}

    def launched(self, module_id: str, title: str, session: str, at: str) -> dict[str, Any]:
        """The learner opened a module (once per module and session)."""
        return {
            "id": statement_id("launched", self.learner, module_id, session),
            "actor": self.actor,
            "verb": verb("launched"),
            "object": self.module_activity(module_id, title),
            "context": self._context(None),
            "timestamp": at,
            "version": VERSION,
        }

    def answered(self, exercise: Any, module_title: str, attempt: Attempt) -> dict[str, Any]:
        """One attempt at an exercise: score, success and (unless private) the response."""
        r = attempt.result
        result: dict[str, Any] = {"completion": r.status != "incomplete"}
        if r.max_score > 0 and r.status not in ("ungraded", "complete", "incomplete"):
            result["score"] = {
                "raw": r.score,
                "min": 0,
                "max": r.max_score,
                "scaled": round(r.score / r.max_score, 4),
            }
            result["success"] = r.status == "correct"
        if not exercise.private:
            result["response"] = response_text(exercise.kind, attempt.response)
        module_id = exercise.id[1:3]
        target = activity(f"{self.base}/exercises/{exercise.id}", INTERACTION_TYPE, exercise.title)
        target["definition"]["interactionType"] = INTERACTION.get(exercise.kind, "other")
        return {
            "id": statement_id("answered", self.learner, exercise.id, attempt.created_at),
            "actor": self.actor,
            "verb": verb("answered"),
            "object": target,
            "result": result,
            "context": self._context(self.module_activity(module_id, module_title)),
            "timestamp": attempt.created_at,
            "version": VERSION,
        }

    def completed_module(
        self, module_id: str, title: str, score: float, maximum: float, at: str
    ) -> dict[str, Any]:
        """Every exercise of the module answered (once per learner and module)."""
        return self._completed(
            self.module_activity(module_id, title), module_id, score, maximum, at
        )

    def completed_course(self, score: float, maximum: float, at: str) -> dict[str, Any]:
        """Every exercise of the course answered (once per learner)."""
        return self._completed(self.course, "course", score, maximum, at)

    def _completed(
        self, target: dict[str, Any], what: str, score: float, maximum: float, at: str
    ) -> dict[str, Any]:
        result: dict[str, Any] = {"completion": True}
        if maximum > 0:
            result["score"] = {
                "raw": round(score, 4),
                "min": 0,
                "max": maximum,
                "scaled": round(score / maximum, 4),
            }
        context = {"platform": PLATFORM} if target is self.course else self._context(None)
        return {
            "id": statement_id("completed", self.learner, what),
            "actor": self.actor,
            "verb": verb("completed"),
            "object": target,
            "result": result,
            "context": context,
            "timestamp": at,
            "version": VERSION,
        }


def response_text(kind: str, response: Any) -> str:
    """A response in the cmi.interaction response format of its interaction type."""
    if isinstance(response, str):
        return response
    if isinstance(response, list):
        return "[,]".join(str(x) for x in response)
    if isinstance(response, dict):
        if kind == "reflection":
            return "\n\n".join(f"{k}: {v}" for k, v in response.items())
        ratings = response.get("ratings", response)
        if isinstance(ratings, dict):
            return "[,]".join(f"{k}[.]{'' if v is None else v}" for k, v in ratings.items())
    return json.dumps(response, ensure_ascii=False, sort_keys=True)
