"""Private exercises: kept out of hand-ins unless shared item by item, and out of every cohort."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kit
from kit import sharing as privacy
from kit.cli import main
from kit.cohort import collect, init_cohort, load, submit_button, write_reports
from kit.errors import KitError
from kit.handin.learner import preview
from kit.handin.submission import SUFFIX, parse_submission
from kit.ui.show import show

from .cohort_support import PRIVATE, private_sample, submission, write

SECRET = "my very private worry about my team"


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample course with a likert and a reflection marked private, as the course content."""
    root = private_sample(tmp_path / "course")
    monkeypatch.setenv("KIT_CONTENT", str(root))
    monkeypatch.delenv("KIT_INBOX", raising=False)
    monkeypatch.delenv("KIT_EXCHANGE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return root


def answer_all() -> None:
    kit.record("m01.pick-one", "b")
    kit.record("m01.profile", {"x1": 4, "y1": 2, "z1": 3, "x2": 1})
    kit.record("m01.think", {"when": "last week at work", "what": SECRET})


def handed_in(path: Path) -> set[str]:
    return {a["exercise_id"] for a in parse_submission(path.read_bytes()).attempts}


def test_private_answers_stay_out_unless_shared_and_sharing_can_be_taken_back(
    content: Path, tmp_path: Path
) -> None:
    answer_all()
    first = kit.submit(tmp_path / "1.json")
    assert handed_in(first.path) == {"m01.pick-one"}
    assert SECRET not in first.path.read_text()
    assert "shared" not in json.loads(first.path.read_text())
    assert [i.exercise_id for i in first.preview.kept] == ["m01.profile", "m01.think"]

    privacy.share("m01.profile")
    second = kit.submit(tmp_path / "2.json")
    assert handed_in(second.path) == {"m01.pick-one", "m01.profile"}
    assert parse_submission(second.path.read_bytes()).shared == ["m01.profile"]
    assert "m01.profile: Profile, 1 answer(s) (private, shared by your choice)" in str(second)

    privacy.share("m01.profile", False)  # changed their mind before the next hand-in
    third = kit.submit(tmp_path / "3.json")
    assert handed_in(third.path) == {"m01.pick-one"}


def test_only_private_exercises_take_a_share_choice(content: Path) -> None:
    with pytest.raises(KitError, match="not private"):
        privacy.share("m01.pick-one")


def test_kit_share_in_a_terminal_turns_sharing_on_and_off(content: Path, tmp_path: Path) -> None:
    answer_all()
    on = CliRunner().invoke(main, ["share", "m01.think"])
    assert on.exit_code == 0 and "your next hand-ins include every answer" in on.output
    assert handed_in(kit.submit(tmp_path / "on.json").path) == {"m01.pick-one", "m01.think"}
    off = CliRunner().invoke(main, ["share", "m01.think", "--off"])
    assert off.exit_code == 0 and "private again" in off.output
    assert handed_in(kit.submit(tmp_path / "off.json").path) == {"m01.pick-one"}
    refused = CliRunner().invoke(main, ["share", "m01.pick-one"])
    assert refused.exit_code == 1 and "is not private" in refused.output


def test_the_preview_says_exactly_what_goes_and_sends_nothing(
    content: Path, tmp_path: Path
) -> None:
    answer_all()
    kit.record("m01.pick-one", "a")
    privacy.share("m01.think")
    text = str(preview(tmp_path))
    assert text.splitlines() == [
        f"Will hand in 3 answer(s) to 2 exercise(s) for tester, to the file {tmp_path}/"
        + text.splitlines()[0].split(f"{tmp_path}/")[1],
        "  m01.pick-one: Pick one, 2 answer(s)",
        "  m01.think: Think, 1 answer(s) (private, shared by your choice)",
        "Private, kept in your own store, not handed in:",
        "  m01.profile: Profile",
    ]
    assert not list(tmp_path.glob(f"*{SUFFIX}"))


def test_kit_submit_dry_run_previews_and_writes_nothing(content: Path, tmp_path: Path) -> None:
    answer_all()
    result = CliRunner().invoke(main, ["submit", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Will hand in 1 answer(s) to 1 exercise(s) for tester")
    assert (
        "Private, kept in your own store, not handed in" in result.output
        and "m01.think: Think" in result.output
    )
    assert "Handed in" not in result.output
    assert not list(tmp_path.glob(f"*{SUFFIX}"))


def test_the_widget_of_a_private_exercise_offers_sharing_and_remembers_it(
    content: Path, tmp_path: Path
) -> None:
    view = show("m01.think")
    assert view.spec["private"] and view.spec["share_label"] == "Share this with my trainer"
    assert "every answer you have checked in this exercise" in view.spec["share_help"]
    assert not view.shared
    view._on_frontend_msg(view, {"event": "share", "value": True}, [])
    assert view.shared and show("m01.think").shared  # stored, so a new view shows it
    assert not show("m01.pick-one").spec["private"]
    view._on_frontend_msg(view, {"event": "share", "value": False}, [])
    assert not show("m01.think").shared


def test_the_button_preview_names_shared_and_kept_private_items(
    content: Path, tmp_path: Path
) -> None:
    answer_all()
    privacy.share("m01.profile")
    button = submit_button()
    button.click()
    lines = [line.strip() for line in button.preview]
    assert "m01.profile: Profile, 1 answer(s) (private, shared by your choice)" in lines
    assert lines[-2:] == ["Private, kept in your own store, not handed in:", "m01.think: Think"]
    button.confirm()
    [path] = tmp_path.glob(f"*{SUFFIX}")
    assert handed_in(path) == {"m01.pick-one", "m01.profile"}


def test_collect_leaves_out_unshared_private_attempts_and_says_so(
    content: Path, tmp_path: Path
) -> None:
    cohort = init_cohort(tmp_path / "cohort", content=content.parent / "exercises")
    old_kit = submission(
        "ana",
        [
            ("m01.pick-one", "b"),
            ("m01.think", {"when": "last week at work", "what": SECRET}),
            ("m01.profile", {"x1": 4, "y1": 2, "z1": 3, "x2": 1}),
        ],
    )
    write(cohort.inbox / "ana.json", old_kit)
    sharing = submission(
        "bo", [("m01.profile", {"x1": 1, "y1": 2, "z1": 3, "x2": 4})], shared=["m01.profile"]
    )
    write(cohort.inbox / "bo.json", sharing)
    report = collect(cohort.root)
    assert [c.learner for c in report.collected] == ["ana", "bo"]
    [(path, reason)] = report.dropped
    assert path.name == "ana.json"
    assert reason == (
        "2 attempt(s) at private exercise(s) m01.profile, m01.think that the learner did not"
        " share (an old or altered kit)"
    )
    assert "1 with private answers left out" in report.summary()
    data = load(cohort.root)
    rows = sorted(zip(data.attempts["learner"], data.attempts["exercise_id"], strict=True))
    assert rows == [("ana", "m01.pick-one"), ("bo", "m01.profile")]
    out = write_reports(cohort.root, tmp_path / "reports")
    assert out
    for file in [*out, cohort.gradebook_path]:
        assert SECRET.encode() not in file.read_bytes(), file


def test_collect_cli_prints_what_it_left_out(content: Path, tmp_path: Path) -> None:
    cohort = init_cohort(tmp_path / "cohort", content=content)
    write(
        cohort.inbox / "ana.json",
        submission("ana", [("m01.think", {"when": "a b c", "what": SECRET})]),
    )
    result = CliRunner().invoke(main, ["cohort", "collect", str(cohort.root)])
    assert result.exit_code == 0, result.output
    assert "left out of" in result.output and "m01.think" in result.output
    assert "1 file(s) collected (0 new attempt(s))" in result.output


def test_the_fixture_marks_exactly_the_private_exercises(content: Path) -> None:
    from kit.content.catalog import load_catalog

    assert {i for i, e in load_catalog(content).exercises.items() if e.private} == PRIVATE
