"""Exercise views driven from Python, as the browser would: set the value, press Check."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kit
from kit.content.catalog import load_catalog
from kit.kinds import KINDS
from kit.store import open_store
from kit.ui.show import view_for

from .conftest import SAMPLE, TOTALS

RIGHT: dict[str, Any] = {
    "m01.pick-one": "b",
    "m01.pick-many": ["c", "a"],
    "m01.situation": "ask",
    "m01.sort-them": {"budget": "manage", "vision": "lead", "staff": "manage"},
    "m01.steps": ["first", "second", "third", "fourth"],
    "m01.profile": {"x1": 4, "y1": 2, "z1": 3, "x2": 1},
    "m01.profile-observer": {"x1": 2, "y1": 4, "z1": 3, "x2": 3},
    "m01.think": {"when": "at the Monday standup", "what": "I asked what was blocking them"},
}


def press(view: Any, event: str) -> None:
    """What the browser sends when a button is clicked."""
    view._on_frontend_msg(view, {"event": event}, [])


@pytest.mark.parametrize("exercise_id", list(RIGHT))
def test_check_grades_saves_and_shows_feedback(sample: Path, exercise_id: str) -> None:
    view = kit.show(exercise_id)
    view.answer(RIGHT[exercise_id])
    press(view, "check")
    assert view.message == ""
    assert view.result["status"] in ("correct", "complete")
    assert view.result["feedback_html"], "feedback is written into the widget"
    [attempt] = open_store().attempts("tester", exercise_id)
    assert attempt.response == RIGHT[exercise_id]
    assert view.result["status"] == attempt.result.status
    assert view.progress.startswith(f"Module 01 progress: 1 of {TOTALS.exercises} answered")


def test_wrong_then_try_again_then_right_keeps_both_attempts(sample: Path) -> None:
    view = kit.show("m01.pick-one")
    view.answer("a")
    press(view, "check")
    assert view.result["status"] == "incorrect"
    assert view.result["items"] == {view.kind.tokens(view.exercise)["a"]: False}
    assert "FEEDBACK-A" in view.result["feedback_html"][0]
    press(view, "try_again")
    assert view.result == {} and view.response() == "a"
    view.answer("b")
    press(view, "check")
    assert view.result["status"] == "correct"
    assert [a.response for a in open_store().attempts("tester", "m01.pick-one")] == ["a", "b"]


@pytest.mark.parametrize(
    ("exercise_id", "value", "message"),
    [
        ("m01.pick-one", None, "Choose an answer first."),
        ("m01.pick-many", [], "Tick at least one option first."),
        ("m01.sort-them", {"budget": "manage"}, "2 still to place"),
        ("m01.profile", {"x1": 1}, "statements 2, 3 and 4 are not rated yet"),
        ("m01.think", {"when": "  "}, "Write something first."),
    ],
)
def test_unfinished_answers_are_not_checked(
    sample: Path, exercise_id: str, value: Any, message: str
) -> None:
    view = kit.show(exercise_id)
    view.answer(value)
    assert view.check() is None
    assert message in view.message
    assert open_store().attempts() == []


def test_a_malformed_value_from_the_page_is_refused_with_a_reason(sample: Path) -> None:
    view = kit.show("m01.pick-one")
    view.value = "zzz"  # what a broken page might send
    press(view, "check")
    assert view.message.startswith("Not saved: unknown option 'zzz'")
    assert view.result == {}
    assert open_store().attempts() == []


def test_order_starts_shuffled_and_checks_the_shown_order(sample: Path) -> None:
    view = kit.show("m01.steps")
    shown = [i.id for i in view.kind.shown(view.exercise, "tester")]
    assert sorted(shown) == sorted(RIGHT["m01.steps"]) and shown != RIGHT["m01.steps"]
    assert sorted(i["id"] for i in view.spec["items"]) == ["1", "2", "3", "4"]
    result = view.check()
    saved = open_store().latest("tester", "m01.steps").response
    assert result is not None and saved == [i.id for i in view.kind.shown(view.exercise, "tester")]


def test_reflection_sends_every_prompt(sample: Path) -> None:
    view = kit.show("m01.think")
    view.answer({"when": "one two three"})
    press(view, "check")
    assert view.result["status"] == "incomplete"
    assert open_store().latest("tester", "m01.think").response == {
        "when": "one two three",
        "what": "",
    }


def test_likert_shows_a_profile_chart_with_the_colleague_view(sample: Path) -> None:
    view = kit.show("m01.profile")
    view.answer(RIGHT["m01.profile"])
    press(view, "check")
    alone = view.result["chart_svg"]
    assert alone.startswith("<svg") and "A colleague" not in alone
    assert "Most used: Scale X" in view.result["feedback_html"][0]

    kit.record("m01.profile-observer", RIGHT["m01.profile-observer"])
    press(view, "check")
    both = view.result["chart_svg"]
    assert "You" in both and "A colleague" in both, "the colleague's view is drawn beside"


def test_re_rendering_restores_the_last_answer_and_feedback(sample: Path) -> None:
    first = kit.show("m01.sort-them")
    first.answer(RIGHT["m01.sort-them"])
    press(first, "check")
    again = kit.show("m01.sort-them")
    assert again.response() == RIGHT["m01.sort-them"]
    assert again.result == first.result


RESTART = """
import json, sys, kit
if sys.argv[1] == "record":
    view = kit.show("m01.situation")
    view.answer("wait")
    view.check()
else:
    view = kit.show("m01.situation")
    print(json.dumps({"value": view.response(), "status": view.result.get("status"),
                      "feedback": view.result.get("feedback_html")}))
"""


def test_answers_survive_a_kernel_restart(sample: Path, kit_home: Path) -> None:
    env = {"KIT_HOME": str(kit_home), "KIT_LEARNER": "tester", "KIT_CONTENT": str(sample)}
    run = [sys.executable, "-c", RESTART]
    subprocess.run([*run, "record"], check=True, env=env)
    out = subprocess.run([*run, "show"], check=True, env=env, capture_output=True, text=True)
    shown = json.loads(out.stdout)
    assert shown["value"] == "wait" and shown["status"] == "partial"
    assert "FEEDBACK-WAIT" in shown["feedback"][0]


# --- nothing a learner should not see before checking ----------------------------------------

SECRET_MARKERS = (
    "FEEDBACK-",
    "RATIONALE-",
    "NOTE-",
    "FACILITATOR-",
    "GUIDANCE",
    "STRONG-",
    "GROWTH-",
)


def secrets_of(exercise: Any) -> list[str]:
    """Every string a learner must not see in an unchecked widget."""
    data = exercise.model_dump()
    found = [data["rationale"], data.get("facilitator_note") or ""]
    for key in ("options", "items"):
        for entry in data.get(key, []):
            found.append(entry.get("feedback", ""))
    found += [s[k] for s in data.get("scales", []) for k in ("strong", "growth")]
    found.append(data.get("guidance", ""))
    return [s for s in found if s]


def learner_view_payload(view: Any) -> str:
    state = {k: v for k, v in view.get_state().items() if not k.startswith("_")}
    return json.dumps(state, ensure_ascii=False)


def test_sample_widgets_leak_no_keys_rationales_or_notes(sample: Path) -> None:
    for exercise in load_catalog().exercises.values():
        payload = learner_view_payload(view_for(exercise))
        assert not [m for m in SECRET_MARKERS if m in payload], exercise.id
        assert (
            '"correct"' not in payload and '"credit"' not in payload and '"bucket"' not in payload
        )


def test_course_widgets_leak_no_keys_rationales_or_notes() -> None:
    catalog = load_catalog()
    notes = catalog.files
    for exercise in catalog.exercises.values():
        payload = learner_view_payload(view_for(exercise))
        leaked = [s for s in secrets_of(exercise) if s in payload]
        assert not leaked, f"{exercise.id} shows {leaked[0][:60]!r} before checking"
        assert '"correct"' not in payload and '"credit"' not in payload, exercise.id
        facilitator = notes[exercise.id[1:3]].facilitator
        for text in [*facilitator.discussion, *facilitator.confusions]:
            assert text not in payload, f"{exercise.id} shows a facilitator note"


def test_the_sample_course_has_an_exercise_of_every_kind() -> None:
    """The widget tests above cover every kind because the sample holds one of each."""
    kinds = [e.kind for e in load_catalog(SAMPLE / "exercises").exercises.values()]
    assert set(kinds) == set(KINDS)


def test_check_grades_the_answer_sent_with_it(sample: Path) -> None:
    """The browser sends the answer on screen with Check, so a value update still queued
    behind an earlier one cannot make Check grade a stale answer."""
    view = kit.show("m01.pick-one")
    view.answer("a")
    token = view.kind.tokens(view.exercise)["b"]
    view._on_frontend_msg(view, {"event": "check", "value": token}, [])
    assert view.response() == "b"
    assert view.result["status"] == "correct"
    [attempt] = open_store().attempts("tester", "m01.pick-one")
    assert attempt.response == "b"


def test_scores_are_shown_to_one_decimal() -> None:
    from kit.text import number

    assert [number(x) for x in (2.0, 1.5, 1.9048, 0.0)] == ["2", "1.5", "1.9", "0"]


def test_checking_one_exercise_updates_the_progress_line_of_the_others(sample: Path) -> None:
    first, second = kit.show("m01.pick-one"), kit.show("m01.pick-many")
    before = second.progress
    first.answer("b")
    first.check()
    assert second.progress == first.progress != before
    assert "1 of" in second.progress


def test_counts_read_as_words() -> None:
    from kit.text import counted, score_text

    assert [counted(n, "attempt") for n in (0, 1, 2)] == ["0 attempts", "1 attempt", "2 attempts"]
    assert score_text(0, 1) == "0 of 1 point"
    assert score_text(1.9048, 2) == "1.9 of 2 points"


def test_a_saved_notebook_says_how_to_bring_an_exercise_back(sample: Path) -> None:
    bundle = kit.show("m01.pick-one")._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("Exercise m01.pick-one:")
    assert "Run this cell" in bundle["text/plain"]


def test_the_profile_chart_is_an_image_with_its_numbers_in_words(sample: Path) -> None:
    from kit.charts import profile_svg

    exercise = load_catalog(sample).exercise("m01.profile")
    profile = {s.id: 1.5 + n for n, s in enumerate(exercise.scales)}
    svg = profile_svg(exercise, {"You": profile, "A colleague": dict.fromkeys(profile, 4.0)})
    opening = svg[: svg.index(">")]
    assert 'role="img"' in opening and 'fill="currentColor"' in opening
    title_id, desc_id = re.search(r'aria-labelledby="(\S+) (\S+)"', opening).groups()
    desc = re.search(rf'<desc id="{desc_id}">(.*?)</desc>', svg).group(1)
    top = len(exercise.choices)
    for n, scale in enumerate(exercise.scales):
        assert f"{scale.label} {1.5 + n:g} of {top}" in desc
        assert f"{scale.label} 4 of {top}" in desc
    assert desc.startswith("You: ") and "A colleague: " in desc
    assert f'<title id="{title_id}">' in svg
    assert "#000000" not in svg and "<text" in svg  # real text, in the page's colour


def test_the_name_form_saves_the_name_or_says_why_not(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIT_LEARNER")
    form = kit.name_form()
    assert not form.locked
    form.save("Ana Souza")
    assert (form.failed, kit.whoami()) == (False, "Ana Souza")
    assert "Ana Souza" in form.message
    form.save("a/b")
    assert form.failed and form.message.startswith("Not saved:")
    assert kit.whoami() == "Ana Souza"
    form.save("Your name")
    assert form.failed and kit.whoami() == "Ana Souza"


def test_the_name_form_is_locked_where_the_server_sets_the_name(sample: Path) -> None:
    form = kit.name_form()  # KIT_LEARNER=tester
    assert form.locked and "tester" in form.message


def test_in_the_app_the_placeholder_name_cell_shows_the_name_form(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit.ui.nameform import NameForm

    assert isinstance(kit.set_name("Your name"), str)  # in a notebook: edit and run again
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    assert isinstance(kit.set_name("Your name"), NameForm)
