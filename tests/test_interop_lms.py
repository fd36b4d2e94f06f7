"""Grades back to an LMS (LTI Advantage AGS), against the platform simulator on loopback: the
tool's JWT is checked against the JWKS it publishes, the token's scopes against each request,
and every score against the AGS score format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kit.cli import main
from kit.cohort.data import load
from kit.cohort.reports import completion
from kit.interop.lti.keys import generate_key
from kit.interop.lti.settings import KEY_FILE, load_lms, save_lms

from .hub.hubs import free_port
from .lms_support import (
    Published,
    answer_again,
    course_of,
    lms_cohort,
    publish,
    tool_jwks,
)
from .lti_platform import Platform, Running

LEARNERS = 5


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Platform]:
    running = Running(Platform())
    yield running.platform
    running.stop()


@pytest.fixture
def published(tmp_path: Path) -> Iterator[Published]:
    folder = tmp_path / "www"
    folder.mkdir()
    served = publish(folder)
    yield served
    served.stop()


@pytest.fixture
def cohort(tmp_path: Path, platform: Platform, published: Published) -> Path:
    cohort = lms_cohort(tmp_path / "cohort", platform, LEARNERS)
    tool_jwks(cohort, Path(published.server.RequestHandlerClass.keywords["directory"]))  # type: ignore[attr-defined]
    platform.tool_jwks_url = f"{published.url}/jwks.json"
    return cohort.root


def push(folder: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["cohort", "lms", "push", str(folder), *args])
    return result.exit_code, result.stdout, result.stderr


def held(platform: Platform) -> dict[tuple[str, str], float]:
    """(learner, resource) -> the latest score the platform holds."""
    course = course_of(platform)
    resources = {item_id: item["resourceId"] for item_id, item in course.lineitems.items()}
    return {
        (user, resources[item]): posted[-1]["scoreGiven"]
        for (item, user), posted in course.scores.items()
    }


def expected(folder: Path) -> dict[tuple[str, str], float]:
    frame = completion(load(folder))
    frame = frame[frame["max_score"] > 0]
    out: dict[tuple[str, str], float] = {}
    for learner, rows in frame.groupby("learner"):
        if not rows["answered"].sum():
            continue
        for row in rows[rows["answered"] > 0].itertuples():
            out[(str(learner), f"module-{row.module}")] = round(float(row.score), 4)
        out[(str(learner), "course")] = round(float(rows["score"].sum()), 4)
    return out


def test_push_posts_every_score_once_then_only_changes(cohort: Path, platform: Platform) -> None:
    code, out, err = push(cohort)
    assert code == 0, err
    assert platform.problems == []  # every request and score was valid
    want = expected(cohort)
    assert held(platform) == pytest.approx(want)
    learners = {learner for learner, _ in want}
    assert out.splitlines()[-1].startswith(
        f"posted {len(want)} score(s) for {len(learners)} learner(s); 0 already"
    )
    items = course_of(platform).lineitems.values()
    assert {i["resourceId"] for i in items} == {r for _, r in want}
    course_item = next(i for i in items if i["resourceId"] == "course")
    assert course_item["label"] == "Leadership Course Kit"
    assert platform.requests["Token"] == 1

    posts = platform.score_posts
    code, out, err = push(cohort)  # again: nothing new
    assert code == 0, err
    assert platform.score_posts == posts and platform.duplicates == 0
    assert f"posted 0 score(s) for 0 learner(s); {len(want)} already up to date" in out
    assert len(course_of(platform).lineitems) == len(items)  # found again, not made twice

    # a learner answers one exercise differently: only their changed scores go
    learner = sorted(learners)[0]
    before = expected(cohort)
    exercise = load(cohort).catalog.exercise("m01.appointed-or-chosen")
    latest = load(cohort).latest
    mine = latest[(latest["learner"] == learner) & (latest["exercise_id"] == exercise.id)]
    right = next(o.id for o in exercise.options if o.correct)
    wrong = next(o.id for o in exercise.options if not o.correct)
    answer = wrong if len(mine) and json.loads(mine["response"].iloc[0]) == right else right
    answer_again(cohort, learner, exercise.id, answer)
    after = expected(cohort)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {(learner, "module-01"), (learner, "course")}
    posts = platform.score_posts
    code, out, err = push(cohort)
    assert code == 0, err
    assert platform.score_posts == posts + 2 and platform.duplicates == 0
    assert held(platform) == pytest.approx(after)


def test_dry_run_posts_nothing(cohort: Path, platform: Platform) -> None:
    code, out, err = push(cohort, "--dry-run")
    assert code == 0, err
    want = expected(cohort)
    assert platform.score_posts == 0 and course_of(platform).lineitems == {}
    assert "would create line item course (Leadership Course Kit, out of " in out
    learner, resource = sorted(want)[0]
    assert f"would post {learner} {resource}: {want[(learner, resource)]:g} of " in out
    assert out.splitlines()[-1].startswith(f"would post {len(want)} score(s)")


def test_unknown_learner_is_named_and_the_others_go(cohort: Path, platform: Platform) -> None:
    course = course_of(platform)
    gone = sorted(learner for learner, _ in expected(cohort))[1]
    del course.members[gone]
    code, out, err = push(cohort)
    assert code == 3
    assert err.splitlines() == [f"not in the LMS course: {gone} (nothing sent for them)"]
    want = {k: v for k, v in expected(cohort).items() if k[0] != gone}
    assert held(platform) == pytest.approx(want)
    assert "1 learner(s) unknown to it" in out


def test_refused_score_is_one_line_and_sent_by_the_next_push(
    cohort: Path, platform: Platform
) -> None:
    picky = sorted(learner for learner, _ in expected(cohort))[0]
    platform.refuse_users.add(picky)
    code, out, err = push(cohort)
    assert code == 3
    refused = err.splitlines()
    mine = [k for k in expected(cohort) if k[0] == picky]
    assert len(refused) == len(mine)
    assert refused[0] == (
        f"refused: {picky} {mine[0][1]}: the LMS answered 400 invalid_request: the platform"
        f" does not accept scores for {picky}"
    )
    platform.refuse_users.clear()
    code, out, err = push(cohort)
    assert code == 0, err
    assert f"posted {len(mine)} score(s) for 1 learner(s)" in out
    assert held(platform) == pytest.approx(expected(cohort)) and platform.duplicates == 0


def test_wrong_key_is_refused_in_one_line_and_nothing_goes(
    cohort: Path, platform: Platform
) -> None:
    key = cohort / KEY_FILE
    key.unlink()
    generate_key(key)  # a key the LMS has never seen
    code, _out, err = push(cohort)
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(
        f"kit: error: the LMS refused the tool an access token at {platform.token_url} (401"
        " invalid_client: the client assertion was not accepted:"
    )
    assert line.endswith("Nothing was sent.")
    assert platform.score_posts == 0


def test_unknown_course_is_one_line(cohort: Path, platform: Platform) -> None:
    lms = load_lms(cohort)
    wrong = lms.settings.model_copy(update={"lineitems": platform.lineitems_url("nope")})
    save_lms(cohort, wrong)
    code, _out, err = push(cohort)
    assert code == 1
    assert err.splitlines() == [
        f"kit: error: the LMS does not know this course: {platform.lineitems_url('nope')}"
        " answered 404 when asked for the course's line items; check lineitems and"
        " memberships in lms.yaml. Nothing was sent."
    ]
    assert platform.score_posts == 0


def test_lms_not_answering_is_one_line(cohort: Path) -> None:
    lms = load_lms(cohort)
    gone = f"http://127.0.0.1:{free_port()}/token"
    save_lms(cohort, lms.settings.model_copy(update={"token_url": gone}))
    code, _out, err = push(cohort)
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(
        f"kit: error: the LMS at {gone} did not answer when asked for an access token (ConnectError"
    )


def test_init_writes_settings_key_and_jwks(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "c"
    assert runner.invoke(main, ["cohort", "init", str(folder)]).exit_code == 0
    args = ["cohort", "lms", "init", str(folder), "--issuer", "https://lms.example.org",
            "--client-id", "abc", "--token-url", "https://lms.example.org/token",
            "--lineitems", "https://lms.example.org/c/1/lineitems",
            "--memberships", "https://lms.example.org/c/1/members"]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (folder / KEY_FILE).stat().st_mode & 0o777 == 0o600
    printed = runner.invoke(main, ["cohort", "lms", "jwks", str(folder)])
    [key] = json.loads(printed.stdout)["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig" and key["kid"]
    assert json.loads((folder / "lms-jwks.json").read_text()) == {"keys": [key]}
    again = runner.invoke(main, args)  # the key is kept: the LMS already holds it
    assert "kept the tool's private key" in again.output
    assert json.loads(runner.invoke(main, ["cohort", "lms", "jwks", str(folder)]).stdout) == {
        "keys": [key]
    }
    missing = runner.invoke(main, ["cohort", "lms", "push", str(tmp_path)])
    assert missing.exit_code == 1
    assert (
        missing.stderr.strip()
        == f"kit: error: {tmp_path.resolve()} is not a cohort folder (no cohort.yaml); run `kit cohort init`"
    )
