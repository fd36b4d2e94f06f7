"""A cohort of imaginary learners set up to push grades to the LTI platform simulator, and a
loopback server that publishes the tool's JWKS as a hub or web server would."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kit.cohort.collector import collect
from kit.cohort.config import Cohort
from kit.cohort.data import load_cohort
from kit.cohort.synthetic import demo_cohort
from kit.content.catalog import load_catalog
from kit.interop.lti.keys import generate_key, jwks, load_key
from kit.interop.lti.settings import KEY_FILE, LmsSettings, save_lms

from .conftest import REPO
from .lti_platform import Course, Platform

COURSE_ID = "leadership-101"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Published:
    """A folder served over HTTP on loopback."""

    url: str
    server: ThreadingHTTPServer

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def publish(folder: Path) -> Published:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Published(f"http://127.0.0.1:{server.server_address[1]}", server)


def lms_cohort(folder: Path, platform: Platform, learners: int, *, seed: int = 1) -> Cohort:
    """A collected demo cohort of the real course, its LMS settings pointing at `platform`'s
    course COURSE_ID, every learner a member of it (user id = learner id)."""
    cohort = demo_cohort(folder, learners, seed=seed, catalog=load_catalog(REPO / "exercises"))
    collect(cohort.root)
    settings = LmsSettings(
        issuer=platform.issuer,
        client_id=platform.client_id,
        deployment_id=platform.deployment_id,
        token_url=platform.token_url,
        lineitems=platform.lineitems_url(COURSE_ID),
        memberships=platform.memberships_url(COURSE_ID),
    )
    save_lms(cohort.root, settings)
    generate_key(cohort.root / KEY_FILE)
    course = platform.courses.get(COURSE_ID) or platform.add_course(COURSE_ID, "LEAD101")
    for learner in load_cohort(cohort).learner_ids:
        course.add_member(learner, email=f"{learner}@example.org")
    return cohort


def tool_jwks(cohort: Cohort, folder: Path) -> Path:
    """The tool's JWKS written into `folder` (to be published)."""
    import json

    path = folder / "jwks.json"
    path.write_text(json.dumps(jwks(load_key(cohort.root / KEY_FILE))))
    return path


def answer_again(folder: Path, learner: str, exercise_id: str, response: object) -> None:
    """`learner` hands in one more answer, which the trainer collects."""
    from datetime import UTC, datetime

    from kit.content.catalog import content_hash
    from kit.handin.submission import Submission, file_name, write_submission

    catalog = load_catalog(REPO / "exercises")
    now = datetime.now(UTC)
    stamp = now.isoformat(timespec="microseconds")
    data = {
        "learner": learner, "kit_version": "0.1.0", "created_at": stamp,
        "course": catalog.course.title,
        "content": {e.id: content_hash(e) for e in catalog.exercises.values()},
        "attempts": [{"exercise_id": exercise_id, "content_hash": catalog.hash_of(exercise_id),
                      "time": stamp, "response": response}],
    }  # fmt: skip
    inbox = folder / "inbox"
    write_submission(Submission.model_validate(data), inbox / file_name(learner, now))
    collect(folder)


def course_of(platform: Platform) -> Course:
    return platform.courses[COURSE_ID]
