"""The learner side: `kit.submit()`, `kit submit` and the hand-in button."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kit
from kit.cli import main
from kit.cohort import submit_button
from kit.errors import KitError
from kit.handin.submission import SUFFIX, parse_submission

from .cohort_support import sample_catalog


@pytest.fixture(autouse=True)
def no_inbox(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KIT_INBOX", raising=False)
    monkeypatch.chdir(tmp_path)


def answer_some() -> None:
    kit.record("m01.pick-one", "a")
    kit.record("m01.pick-one", "b")
    kit.record(
        "m01.think", {"when": "last week at work", "what": "I asked the team what they needed"}
    )


def test_submit_writes_every_attempt_without_a_score(sample: Path, tmp_path: Path) -> None:
    answer_some()
    receipt = kit.submit()
    assert receipt.path.parent == tmp_path and receipt.path.name.endswith(SUFFIX)
    assert (receipt.learner, receipt.attempts, receipt.exercises) == ("tester", 3, 2)
    data = json.loads(receipt.path.read_text())
    assert data["format"] == "leadership-kit-submission" and data["version"] == 1
    assert data["kit_version"] == kit.__version__
    assert data["content"] == {
        e.id: sample_catalog().hash_of(e.id) for e in sample_catalog().exercises.values()
    }
    assert [a["response"] for a in data["attempts"]] == ["a", "b", data["attempts"][2]["response"]]
    assert "score" not in receipt.path.read_text()
    parsed = parse_submission(receipt.path.read_bytes())
    assert parsed.attempts[0]["time"] < parsed.attempts[1]["time"]
    assert str(receipt).startswith("Handed in 3 answer(s) to 2 exercise(s) for tester, to the file")


def test_submit_goes_to_the_inbox_or_a_given_path(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_some()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    monkeypatch.setenv("KIT_INBOX", str(inbox))
    assert kit.submit().path.parent == inbox
    assert kit.submit(tmp_path / "mine.json").path == tmp_path / "mine.json"
    with pytest.raises(KitError, match="does not exist"):
        kit.submit(tmp_path / "nowhere" / "x.json")


def test_a_submission_is_private_except_in_a_shared_inbox_whatever_the_umask(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_some()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    old = os.umask(0)
    try:
        mine = kit.submit().path
        monkeypatch.setenv("KIT_INBOX", str(inbox))
        shared = kit.submit().path
        elsewhere = kit.submit(tmp_path).path
    finally:
        os.umask(old)
    assert (mode(mine), mode(shared), mode(elsewhere)) == (0o600, 0o644, 0o600)
    assert mine.parent == elsewhere.parent == tmp_path and shared.parent == inbox


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_submission_into_another_users_folder_is_readable_there(
    sample: Path, tmp_path: Path
) -> None:
    answer_some()
    inbox = tmp_path / "trainer-inbox"
    inbox.mkdir(mode=0o1733)
    os.chown(inbox, 65534, -1)  # another user's folder (nobody's)
    assert mode(kit.submit(inbox).path) == 0o644


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777


def test_submit_with_nothing_answered_is_an_empty_valid_file(sample: Path) -> None:
    receipt = kit.submit()
    assert receipt.attempts == 0
    assert parse_submission(receipt.path.read_bytes()).attempts == []


def test_kit_submit_command(sample: Path, tmp_path: Path) -> None:
    answer_some()
    result = CliRunner().invoke(main, ["submit", "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.output
    preview, receipt = result.output.split("Handed in ")
    assert preview.startswith("Will hand in 3 answer(s) to 2 exercise(s) for tester, to the file")
    assert receipt.startswith("3 answer(s) to 2 exercise(s) for tester")
    assert parse_submission((tmp_path / "out.json").read_bytes()).learner == "tester"


def test_kit_submit_in_a_real_process(sample: Path, tmp_path: Path) -> None:
    answer_some()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    out = subprocess.run(
        [sys.executable, "-m", "kit.cli", "submit"],
        capture_output=True,
        text=True,
        env={**os.environ, "KIT_INBOX": str(inbox)},
    )
    assert out.returncode == 0, out.stderr
    [path] = inbox.glob(f"*{SUFFIX}")
    assert str(path) in out.stdout


def test_the_button_hands_in_and_says_so_in_the_widget(sample: Path, tmp_path: Path) -> None:
    answer_some()
    button = submit_button()
    button._on_frontend_msg(button, {"event": "submit"}, [])  # what the page sends on a click
    assert button.preview[0].startswith("This will hand in 3 answer(s) to 2 exercise(s)")
    assert [line.strip() for line in button.preview[1:]] == [
        "m01.pick-one: Pick one, 2 answer(s)",
        "m01.think: Think, 1 answer(s)",
    ]
    assert not list(tmp_path.glob(f"*{SUFFIX}")), "nothing goes before the learner confirms"
    kit.record("m01.pick-one", "c")  # answered after the preview: not in this hand-in
    button._on_frontend_msg(button, {"event": "confirm"}, [])
    [path] = tmp_path.glob(f"*{SUFFIX}")
    assert len(parse_submission(path.read_bytes()).attempts) == 3
    assert button.message.startswith("Handed in 3 answer(s)") and not button.failed
    assert not button.busy and button.preview == []


def test_the_button_can_be_cancelled(sample: Path, tmp_path: Path) -> None:
    answer_some()
    button = submit_button()
    button._on_frontend_msg(button, {"event": "submit"}, [])
    button._on_frontend_msg(button, {"event": "cancel"}, [])
    button._on_frontend_msg(button, {"event": "confirm"}, [])  # a stale confirm sends nothing
    assert not list(tmp_path.glob(f"*{SUFFIX}"))
    assert button.message == "Nothing was handed in." and button.preview == []


def test_the_button_reports_a_failure_in_the_widget(sample: Path, tmp_path: Path) -> None:
    button = submit_button(tmp_path / "missing" / "x.json")
    button.click()
    assert button.failed and button.message.startswith("Not handed in")


def test_the_start_notebook_cell_works_after_import_kit(sample: Path, tmp_path: Path) -> None:
    button = kit.cohort.submit_button()
    button.click()
    button.confirm()
    assert len(list(tmp_path.glob(f"*{SUFFIX}"))) == 1
