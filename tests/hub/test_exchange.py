"""The exchange service on a real JupyterHub: hand-ins as oneself only, collect as a trainer.

Learners and the trainer call the service with hub tokens the hub made for them, as their
servers' `JUPYTERHUB_API_TOKEN` would be; the service asks the hub whose token it is.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import kit
from kit.cohort import init_cohort, load
from kit.handin.exchange import Exchange, ExchangeError
from kit.handin.submission import MAX_BYTES

from ..cohort_support import private_sample, submission
from .conftest import TRAINER
from .hubs import TRAINERS, Hub, free_port

pytestmark = pytest.mark.hub

SECRET = "nobody but me should read this"


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample course with two exercises private; no exchange or inbox set up."""
    root = private_sample(tmp_path / "course")
    monkeypatch.setenv("KIT_CONTENT", str(root))
    for var in ("KIT_INBOX", "KIT_EXCHANGE_URL", "JUPYTERHUB_API_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    return root


def as_user(hub: Hub, monkeypatch: pytest.MonkeyPatch, user: str) -> str:
    """Set up the environment a hub server of `user` has; returns their token."""
    token = hub.token(user)
    monkeypatch.setenv("KIT_LEARNER", user)
    monkeypatch.setenv("KIT_EXCHANGE_URL", hub.exchange_url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", token)
    return token


def kit_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "kit.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=300,
    )


def listed(hub: Hub) -> list[dict[str, object]]:
    return Exchange(hub.exchange_url, hub.token(TRAINER)).handins(TRAINERS)


def test_a_learner_hands_in_through_the_hub_and_the_trainer_collects_it_once(
    hub: Hub, course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_user(hub, monkeypatch, "ana")
    kit.record("m01.pick-one", "b")
    kit.record("m01.think", {"when": "last week at work", "what": SECRET})
    receipt = kit.submit()
    assert receipt.path is None and receipt.learner == "ana" and receipt.attempts == 1
    assert f"to your trainer through the hub ({hub.exchange_url})" in str(receipt)
    assert "m01.think: Think" in str(receipt)  # named as kept private

    cohort = init_cohort(tmp_path / "cohort", content=course, hub_group=TRAINERS)
    trainer = {"JUPYTERHUB_API_TOKEN": hub.token(TRAINER), "KIT_EXCHANGE_URL": hub.exchange_url}
    first = kit_cli("cohort", "collect", str(cohort.root), "--hub", env=trainer)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("collected hub-handin-")
    assert ": ana, 1 attempt(s), 1 new" in first.stdout
    again = kit_cli("cohort", "collect", str(cohort.root), "--hub", env=trainer)
    assert again.returncode == 0, again.stderr
    assert "0 file(s) collected" in again.stdout and "0 refused" in again.stdout
    data = load(cohort.root)
    assert list(data.attempts["learner"]) == ["ana"]
    assert SECRET.encode() not in cohort.gradebook_path.read_bytes()


def test_a_hand_in_naming_someone_else_is_refused(
    hub: Hub, course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = len(listed(hub))
    forged = json.dumps(submission("ana", [("m01.pick-one", "a")])).encode()
    with pytest.raises(ExchangeError) as refused:
        Exchange(hub.exchange_url, hub.token("bo")).hand_in(forged)
    assert str(refused.value) == (
        "the service refused it: you are signed in to the hub as 'bo';"
        " a hand-in naming 'ana' is not accepted"
    )
    assert len(listed(hub)) == before


def test_learners_cannot_collect_or_read_hand_ins(hub: Hub, course: Path, tmp_path: Path) -> None:
    learner = Exchange(hub.exchange_url, hub.token("cy"))
    with pytest.raises(ExchangeError, match="cy is not in the hub group 'trainers' of trainers"):
        learner.handins(TRAINERS)
    with pytest.raises(ExchangeError, match="'users' is not a trainers' group of this service"):
        learner.handins("users")
    with pytest.raises(ExchangeError, match="cy is not in the hub group"):
        learner.fetch(1, TRAINERS)
    with pytest.raises(ExchangeError, match="cy is not in the hub group"):
        learner.fetch_many([1, 2], TRAINERS)
    cohort = init_cohort(tmp_path / "cohort", content=course, hub_group=TRAINERS)
    env = {"JUPYTERHUB_API_TOKEN": hub.token("cy"), "KIT_EXCHANGE_URL": hub.exchange_url}
    out = kit_cli("cohort", "collect", str(cohort.root), "--hub", env=env)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "kit: error: the service refused it: cy is not in the hub group 'trainers' of trainers"
    ]


def test_missing_bad_expired_and_narrow_tokens_get_one_line_each(hub: Hub, course: Path) -> None:
    body = json.dumps(submission("ana", [("m01.pick-one", "a")])).encode()
    cases = {
        "": "the hub did not say who you are",
        "not-a-token": "your hub token was not accepted (expired or revoked): restart your server",
        hub.token("ana", scopes=["read:users:name!user"]): "your hub token does not allow this"
        " service (needs access:services!service=kit-exchange)",
    }
    expiring = hub.token("ana", expires_in=1)
    time.sleep(2.5)
    cases[expiring] = "your hub token was not accepted (expired or revoked)"
    for token, message in cases.items():
        with pytest.raises(ExchangeError) as refused:
            Exchange(hub.exchange_url, token).hand_in(body)
        assert str(refused.value).startswith(message), (token, str(refused.value))
        assert "\n" not in str(refused.value)


def test_oversize_and_hostile_bodies_are_refused_and_nothing_is_lost(
    hub: Hub, course: Path
) -> None:
    ana = Exchange(hub.exchange_url, hub.token("ana"))
    good = json.dumps(
        submission("ana", [("m01.steps", ["first", "second", "third", "fourth"])])
    ).encode()
    kept = ana.hand_in(good)
    assert kept["learner"] == "ana" and not kept["duplicate"]
    assert ana.hand_in(good)["duplicate"], "the same bytes again are kept once"
    hostile = {
        b'{"format": "leadership-kit-submission",': "invalid JSON",
        b"[" * 100_000 + b"]" * 100_000: "invalid JSON",
        json.dumps(submission("ana", [], score=100)).encode(): "unknown field 'score'",
        b"\xff\xfe": "not UTF-8",
    }
    for body, reason in hostile.items():
        with pytest.raises(ExchangeError, match="the service refused it") as refused:
            ana.hand_in(body)
        assert reason in str(refused.value)
    with pytest.raises(ExchangeError, match=f"over the limit of {MAX_BYTES}"):
        ana.hand_in(b" " * (MAX_BYTES + 1))  # refused before it is sent
    request = urllib.request.Request(
        hub.exchange_url + "api/handins",
        data=b" " * (MAX_BYTES + 1),
        method="POST",
        headers={"Authorization": f"token {ana.token}"},
    )
    with pytest.raises(urllib.error.HTTPError) as too_big:
        urllib.request.urlopen(request, timeout=60)
    assert too_big.value.code == 413
    assert json.loads(too_big.value.read()) == {
        "error": f"the hand-in is {MAX_BYTES + 1} bytes; the limit is {MAX_BYTES}"
    }
    entries = [e for e in listed(hub) if e["id"] == kept["id"]]
    assert [e["sha256"] for e in entries] == [kept["sha256"]]
    trainer = Exchange(hub.exchange_url, hub.token(TRAINER))
    assert trainer.fetch(int(kept["id"]), TRAINERS) == good
    assert trainer.fetch_many([int(kept["id"]), 10**9], TRAINERS) == {int(kept["id"]): good}


def test_the_service_down_is_one_line_and_the_answers_stay(
    hub: Hub, course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_user(hub, monkeypatch, "bo")
    kit.record("m01.pick-one", "c")
    down = f"http://127.0.0.1:{free_port()}/services/kit-exchange/"
    monkeypatch.setenv("KIT_EXCHANGE_URL", down)
    with pytest.raises(ExchangeError) as failed:
        kit.submit()
    message = str(failed.value)
    assert message.startswith(f"the hand-in service at {down} is not answering")
    assert "Nothing already handed in is lost" in message and "\n" not in message
    assert [a.response for a in kit.api.open_store().attempts("bo")] == ["c"]
    monkeypatch.setenv("KIT_EXCHANGE_URL", hub.exchange_url)
    assert kit.submit().attempts == 1, "once the service is back, the hand-in goes"


def test_collect_from_the_hub_takes_every_hand_in_in_batches(
    hub: Hub, course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit.cohort import collect, sources

    for n, learner in enumerate(["ana", "bo", "cy"] * 3):
        body = submission(learner, [("m01.situation", "wait"), ("m01.pick-one", "abc"[n % 3])])
        body["created_at"] = f"2025-01-01T10:00:0{n}.000000+00:00"
        Exchange(hub.exchange_url, hub.token(learner)).hand_in(json.dumps(body).encode())
    monkeypatch.setattr(sources, "BATCH_ITEMS", 4)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", hub.token(TRAINER))
    monkeypatch.setenv("KIT_EXCHANGE_URL", hub.exchange_url)
    cohort = init_cohort(tmp_path / "cohort", content=course, hub_group=TRAINERS)
    report = collect(cohort.root, hub=True)
    held = listed(hub)
    assert not report.refused, report.refused
    assert len(report.collected) == len(held) >= 9
    assert {c.learner for c in report.collected} >= {"ana", "bo", "cy"}
    again = collect(cohort.root, hub=True)
    assert (len(again.collected), len(again.already)) == (0, len(held))
