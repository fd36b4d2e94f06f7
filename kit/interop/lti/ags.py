"""`kit cohort lms push`: the cohort's grades to the LMS's line items (LTI AGS).

It reads the course's members (NRPS) to find each learner's LMS user id, the line items
(creating one per module and one for the course, found again by `resourceId`), and the results
the LMS already holds, and posts a score only where it is new or changed. So a second push
posts nothing, a changed score is updated, and a push cut short is finished by the next one.
A learner the LMS does not know is named and skipped; the others still go.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kit.cohort.config import load_config
from kit.cohort.data import load_cohort
from kit.interop.lti.client import LmsError, Platform, json_of, reason
from kit.interop.lti.grades import TAG, Grade, grades, line_items
from kit.interop.lti.settings import load_lms

LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS = "application/vnd.ims.lis.v2.lineitemcontainer+json"
RESULTS = "application/vnd.ims.lis.v2.resultcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
MEMBERS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
MAX_PAGES = 10_000
SAME = 1e-6


@dataclass
class PushReport:
    """What a push did (or, dry, would do)."""

    dry_run: bool
    posted: list[Grade] = field(default_factory=list)
    unchanged: int = 0
    created: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    requests: int = 0

    @property
    def ok(self) -> bool:
        return not self.unknown and not self.refused

    def lines(self) -> list[str]:
        verb = "would post" if self.dry_run else "posted"
        out = [
            f"{'would create' if self.dry_run else 'created'} line item {c}" for c in self.created
        ]
        if self.dry_run:
            out += [
                f"would post {g.learner} {g.resource}: {g.score:g} of {g.maximum:g} ({g.progress})"
                for g in self.posted
            ]
        out += [
            f"not in the LMS course: {learner} (nothing sent for them)" for learner in self.unknown
        ]
        out += self.refused
        learners = len({g.learner for g in self.posted})
        out.append(
            f"{verb} {len(self.posted)} score(s) for {learners} learner(s); {self.unchanged}"
            f" already up to date in the LMS; {len(self.unknown)} learner(s) unknown to it;"
            f" {len(self.refused)} refused; {self.requests} request(s)"
        )
        return out


def push(folder: Path, *, dry_run: bool = False) -> PushReport:
    """Send the grades of the cohort in `folder` to its LMS (or, `dry_run`, only say what)."""
    cohort = load_config(folder)
    lms = load_lms(cohort.root)
    data = load_cohort(cohort)
    report = PushReport(dry_run)
    platform = Platform(lms)
    try:
        _push(platform, data, report)
    finally:
        report.requests = platform.requests
        platform.close()
    return report


def _push(platform: Platform, data: Any, report: PushReport) -> None:
    s = platform.lms.settings
    members = _members(platform, s.memberships, s.learner_field)
    items = _line_items(platform, s.lineitems, line_items(data), report)
    wanted = grades(data)
    known = [g for g in wanted if g.learner.casefold() in members]
    report.unknown = sorted({g.learner for g in wanted} - {g.learner for g in known})
    held = {resource: _results(platform, url) for resource, url in items.items() if url}
    to_post = []
    for grade in known:
        user = members[grade.learner.casefold()]
        previous = held.get(grade.resource, {}).get(user)
        if previous is not None and abs(previous - grade.score / grade.maximum) < SAME:
            report.unchanged += 1
        else:
            to_post.append((grade, user))
    if report.dry_run:
        report.posted = [g for g, _ in to_post]
        return
    timestamp = datetime.now(UTC).isoformat(timespec="microseconds")

    def post(job: tuple[Grade, str]) -> tuple[Grade, str | None]:
        grade, user = job
        body = {
            "userId": user,
            "scoreGiven": grade.score,
            "scoreMaximum": grade.maximum,
            "activityProgress": grade.progress,
            "gradingProgress": "FullyGraded",
            "timestamp": timestamp,
            "comment": f"{grade.answered} of {grade.exercises} exercises answered",
        }
        url = _under(items[grade.resource] or "", "scores")
        try:
            response = platform.call("POST", url, what="a score", accept="application/json",
                                     json=body, headers={"Content-Type": SCORE})  # fmt: skip
        except LmsError as exc:
            return grade, f"not sent: {grade.learner} {grade.resource}: {exc}"
        if response.status_code >= 300:
            return grade, (
                f"refused: {grade.learner} {grade.resource}: the LMS answered"
                f" {response.status_code} {reason(response)}".rstrip()
            )
        return grade, None

    with ThreadPoolExecutor(platform.lms.settings.workers) as pool:
        for grade, problem in pool.map(post, to_post):
            if problem is None:
                report.posted.append(grade)
            else:
                report.refused.append(problem)


def _pages(platform: Platform, url: str, accept: str, what: str) -> list[Any]:
    """Every page of a paged container (`Link: <...>; rel="next"`)."""
    out: list[Any] = []
    next_url: str | None = url
    for _ in range(MAX_PAGES):
        if next_url is None:
            return out
        response = platform.call("GET", next_url, what=what, accept=accept)
        if response.status_code == 404:
            raise LmsError(
                f"the LMS does not know this course: {next_url} answered 404 when asked for"
                f" {what}; check lineitems and memberships in lms.yaml. Nothing was sent."
            )
        if response.status_code != 200:
            raise LmsError(
                f"the LMS refused {what} at {next_url} ({response.status_code}"
                f" {reason(response)}). Nothing was sent."
            )
        out.append(json_of(response, next_url))
        link = response.links.get("next")
        next_url = link.get("url") if link else None
    raise LmsError(f"the LMS sent more than {MAX_PAGES} pages of {what}; stopped")


def _members(platform: Platform, url: str, learner_field: str) -> dict[str, str]:
    """Active members of the course: learner id (casefolded) -> LMS user id."""
    members: dict[str, str] = {}
    for page in _pages(platform, url, MEMBERS, "the course's members"):
        for member in page.get("members", []) if isinstance(page, dict) else []:
            if member.get("status", "Active") != "Active" or not member.get("user_id"):
                continue
            key = member.get(learner_field)
            if isinstance(key, str) and key:
                members[key.casefold()] = str(member["user_id"])
    return members


def _line_items(
    platform: Platform, url: str, wanted: dict[str, tuple[str, float]], report: PushReport
) -> dict[str, str | None]:
    """resource id -> the line item's URL, creating the missing ones (dry: None)."""
    found: dict[str, str] = {}
    for page in _pages(platform, url, LINEITEMS, "the course's line items"):
        for item in page if isinstance(page, list) else []:
            resource = item.get("resourceId")
            if resource in wanted and item.get("id") and resource not in found:
                found[resource] = str(item["id"])
    out: dict[str, str | None] = dict(found)
    for resource, (label, maximum) in wanted.items():
        if resource in found:
            continue
        report.created.append(f"{resource} ({label}, out of {maximum:g})")
        if report.dry_run:
            out[resource] = None
            continue
        body = {"label": label, "scoreMaximum": maximum, "resourceId": resource, "tag": TAG}
        response = platform.call("POST", url, what="a new line item", accept=LINEITEM,
                                 json=body, headers={"Content-Type": LINEITEM})  # fmt: skip
        if response.status_code not in (200, 201):
            raise LmsError(
                f"the LMS refused to create the line item {resource} at {url}"
                f" ({response.status_code} {reason(response)}). Nothing was sent."
            )
        created = json_of(response, url)
        if not isinstance(created, dict) or not created.get("id"):
            raise LmsError(f"the LMS created line item {resource} but sent back no id")
        out[resource] = str(created["id"])
    return out


def _results(platform: Platform, item_url: str) -> dict[str, float]:
    """LMS user id -> the fraction of the maximum the LMS holds for them on a line item."""
    held: dict[str, float] = {}
    url = _under(item_url, "results")
    for page in _pages(platform, url, RESULTS, "the results held"):
        for result in page if isinstance(page, list) else []:
            score, maximum = result.get("resultScore"), result.get("resultMaximum") or 1
            if isinstance(score, (int, float)) and result.get("userId"):
                held[str(result["userId"])] = float(score) / float(maximum)
    return held


def _under(item_url: str, leaf: str) -> str:
    """`{line item}/scores` or `/results`, keeping the line item URL's query string."""
    parts = urlsplit(item_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/" + leaf))
