"""The public API: what notebooks call, who the learner is, and errors shown as messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kit
from kit.errors import LearnerError, ResponseError, UnknownExerciseError
from kit.identity import validate_learner
from kit.store import STORE_FILE, open_store
from kit.ui.saved import last_answer

from .conftest import SAMPLE, TOTALS


def test_public_api_is_pinned() -> None:
    assert kit.__all__ == [
        "__version__",
        "commitments",
        "commitments_calendar",
        "follow_up",
        "handout",
        "name_form",
        "progress",
        "record",
        "set_name",
        "share",
        "show",
        "stance_history",
        "submit",
        "whoami",
    ]


def test_every_public_name_resolves_and_import_stays_light() -> None:
    import subprocess
    import sys

    assert all(callable(getattr(kit, name)) for name in kit.__all__ if name != "__version__")
    code = "import sys, kit; print(sorted(m for m in sys.modules if m.startswith(('kit.', 'pandas', 'pydantic', 'ipywidgets', 'matplotlib', 'typst', 'nbconvert'))))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "['kit.lazy']"  # stdlib only; everything else waits


def test_record_grades_stores_and_returns(sample: Path) -> None:
    result = kit.record("m01.situation", "wait")
    assert (result.score, result.status) == (1, "partial")
    [attempt] = open_store().attempts("tester", "m01.situation")
    assert attempt.response == "wait" and attempt.result == result
    assert attempt.kit_version == kit.__version__
    assert len(attempt.content_hash) == 16


def test_record_refuses_bad_input_and_stores_nothing(sample: Path) -> None:
    with pytest.raises(ResponseError):
        kit.record("m01.situation", "nope")
    with pytest.raises(UnknownExerciseError, match=r"did you mean m01\.situation"):
        kit.record("m01.situaton", "ask")
    assert open_store().attempts() == []


@pytest.mark.parametrize("response", [{"when": "ok", "what": "broken \ud83d emoji"}, {"b"}])
def test_record_refuses_what_cannot_be_saved(sample: Path, response: object) -> None:
    with pytest.raises(ResponseError, match="cannot be saved"):
        kit.record("m01.think", response)
    assert open_store().attempts() == []


@pytest.mark.parametrize("rating", [float("nan"), float("inf"), -float("inf")])
def test_record_refuses_nan_and_infinity(sample: Path, rating: float) -> None:
    with pytest.raises(ResponseError, match="cannot be saved: Out of range float values"):
        kit.record("m01.profile", {"x1": rating, "y1": 2, "z1": 1, "x2": 1})
    assert open_store().attempts() == []


def test_progress_per_exercise_with_a_frame(sample: Path) -> None:
    kit.record("m01.pick-one", "a")
    kit.record("m01.pick-one", "b")
    kit.record("m01.steps", ["second", "first", "third", "fourth"])
    p = kit.progress("01")
    rows = {r.exercise_id: r for r in p.rows}
    assert (rows["m01.pick-one"].status, rows["m01.pick-one"].attempts) == ("correct", 2)
    assert rows["m01.steps"].score == 2.5
    assert rows["m01.think"].status == "not started"
    assert (p.answered, p.score) == (2, 3.5)
    frame = p.to_frame()
    assert list(frame["exercise_id"]) == [r.exercise_id for r in p.rows]
    assert frame.loc[frame.exercise_id == "m01.pick-one", "attempts"].item() == 2
    assert f"tester: {TOTALS.answered(2)}" in p._repr_html_()


def test_progress_flags_answers_to_changed_content(
    sample: Path, tmp_path: Path, monkeypatch
) -> None:
    kit.record("m01.pick-one", "b")
    copy = tmp_path / "course"
    shutil.copytree(SAMPLE, copy)
    path = copy / "exercises" / "01-sample.yaml"
    path.write_text(path.read_text().replace("text: Option A,", "text: Option A (new),"))
    monkeypatch.setenv("KIT_CONTENT", str(copy / "exercises"))
    [row] = [r for r in kit.progress().rows if r.exercise_id == "m01.pick-one"]
    assert row.content_changed
    answer = last_answer("m01.pick-one")
    assert answer.result.status == "correct" and "changed since you answered" in answer.notice


def test_learner_comes_from_env_then_hub_then_saved_name_then_os(monkeypatch) -> None:
    assert kit.whoami() == "tester"
    monkeypatch.delenv("KIT_LEARNER")
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-user")
    assert kit.whoami() == "hub-user"
    assert "this server sets your name to 'hub-user'" in kit.set_name("Zoë")
    monkeypatch.delenv("JUPYTERHUB_USER")
    assert kit.whoami() == "Zoë"
    assert kit.set_name("  Zoë Ngũgĩ Łukasz-Ó'Brien ") == "Zoë Ngũgĩ Łukasz-Ó'Brien"
    assert kit.whoami() == "Zoë Ngũgĩ Łukasz-Ó'Brien"


def test_the_start_notebook_placeholder_is_not_saved_as_a_name(monkeypatch) -> None:
    monkeypatch.delenv("KIT_LEARNER")
    monkeypatch.setattr("getpass.getuser", lambda: "osuser")
    assert "Nothing was saved" in kit.set_name("Your name")
    assert kit.whoami() == "osuser"


def test_os_user_is_the_last_resort(monkeypatch) -> None:
    monkeypatch.delenv("KIT_LEARNER")
    monkeypatch.setattr("getpass.getuser", lambda: "osuser")
    assert kit.whoami() == "osuser"


@pytest.mark.parametrize(
    "bad", ["", "   ", "a/b", "a\\b", "tab\there", "x" * 65, "..", 42, "nul\x00"]
)
def test_unusable_learner_ids_are_refused(bad: object) -> None:
    with pytest.raises(LearnerError):
        validate_learner(bad)


def test_show_returns_the_view_for_the_kind(sample: Path) -> None:

    assert type(kit.show("m01.sort-them")).__name__ == "CategorizeView"
    assert type(kit.show("m01.think")).__name__ == "ReflectionView"


def test_show_explains_an_unknown_id_instead_of_raising(sample: Path) -> None:
    shown = kit.show("m01.pick-on")
    assert "did you mean m01.pick-one" in shown._repr_html_()


def test_show_explains_broken_content_with_check_lines(tmp_path: Path, monkeypatch) -> None:
    copy = tmp_path / "course"
    shutil.copytree(SAMPLE, copy)
    path = copy / "exercises" / "01-sample.yaml"
    path.write_text(path.read_text().replace("    points: 3\n", "    points: many\n", 1))
    monkeypatch.setenv("KIT_CONTENT", str(copy / "exercises"))
    html = kit.show("m01.steps")._repr_html_()
    assert "kit check" in html and "01-sample.yaml:" in html and "points" in html


def test_show_explains_a_damaged_store_and_leaves_it(sample: Path, kit_home: Path) -> None:
    kit_home.mkdir(parents=True)
    (kit_home / STORE_FILE).write_bytes(b"garbage" * 200)
    view = kit.show("m01.pick-one")
    assert "damaged" in view.message
    assert (kit_home / STORE_FILE).read_bytes() == b"garbage" * 200
