"""The kinds: every kind fills every part, every part is what its users expect, and nothing a
learner's browser receives lets the key be worked out."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import typing
from importlib.resources import files
from typing import Any

import pytest

from kit.content.catalog import load_catalog
from kit.content.schema import Exercise, ExerciseBase
from kit.grading import grade
from kit.handouts.blocks import exercise_block
from kit.handouts.slides import deck
from kit.kinds import KINDS, all_kinds, kind, kind_of
from kit.kinds.base import Form, Kind
from kit.ui.base import ExerciseView, view_class

from .conftest import SAMPLE

SAMPLE_CATALOG = load_catalog(SAMPLE / "exercises")
SAMPLE_EXERCISES = {e.kind: e for e in SAMPLE_CATALOG.exercises.values()}
COURSE = load_catalog()
EVERY_EXERCISE = [*SAMPLE_CATALOG.exercises.values(), *COURSE.exercises.values()]


def test_the_registry_and_the_schema_name_the_same_kinds() -> None:
    union = typing.get_args(typing.get_args(Exercise)[0])
    assert {k.model for k in all_kinds()} == set(union)
    for k in all_kinds():
        assert k.model.model_fields["kind"].annotation == typing.Literal[k.name]
        assert issubclass(k.model, ExerciseBase)
    assert set(SAMPLE_EXERCISES) == set(KINDS), "the sample course has one exercise of each kind"


def test_the_sample_notebook_shows_every_sample_exercise() -> None:
    notebook = (SAMPLE / "modules" / "01-sample.ipynb").read_text(encoding="utf-8")
    shown = set(re.findall(r"kit\.show\(\\\"(m01\.[a-z0-9-]+)", notebook))
    assert shown == set(SAMPLE_CATALOG.exercises), "add a kit.show cell for each sample exercise"


def test_an_unknown_kind_is_named() -> None:
    with pytest.raises(KeyError, match="no exercise kind 'no-such-kind'"):
        kind("no-such-kind")
    with pytest.raises(TypeError, match="not an exercise"):
        kind_of(object())


def test_importing_the_kinds_imports_no_widgets_pdf_or_data_frames() -> None:
    code = (
        "import sys, kit.kinds, kit.grading; [kit.kinds.kind(k) for k in kit.kinds.KINDS];"
        " print(' '.join(m for m in ('anywidget', 'typst', 'pandas', 'matplotlib')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("k", all_kinds(), ids=lambda k: k.name)
def test_every_part_of_every_kind_works_on_the_sample(k: Kind[Any]) -> None:
    ex = SAMPLE_EXERCISES[k.name]
    assert k.label and k.form in typing.get_args(Form)
    assert (files("kit.kinds") / "controls" / k.control).is_file(), "the control's JS"
    # grading: the sample answer is right, a slip is worse, a made-up answer has the shape
    right = grade(ex, k.sample(ex))
    assert right.status in ("correct", "complete") and right.kind == k.name
    if k.scored:
        assert grade(ex, k.sample(ex, slip=True)).score < right.score
    made_up = grade(ex, k.synthetic(ex, random.Random(3), 0.5))
    assert made_up.exercise_id == ex.id
    # the widget: the control's value round-trips to the response
    assert issubclass(view_class(k), ExerciseView)
    control = k.to_control(ex, k.sample(ex))
    assert k.from_control(ex, control) == k.sample(ex)
    assert k.unfinished(ex, control) is None
    # paper in three modes, a slide, option counts, minutes
    for mode in ("workbook", "worksheet", "guide"):
        block = exercise_block(ex, mode, k.sample(ex), right, learner="ana")
        assert block.kind_label == k.label
        assert block.rows or block.prompts, f"{k.name}: nothing on paper in {mode}"
    slide = k.slide(ex)
    assert slide.items or slide.footnote
    for row in k.option_rows(ex):
        assert len(row) == 5 and 0 <= row[4] <= 1
    assert k.doing_minutes(ex) > 0


def test_every_kind_has_a_slide_in_the_module_deck() -> None:
    slides = deck(SAMPLE_CATALOG, "01").slides
    titles = [s["title"] for s in slides]
    for ex in SAMPLE_CATALOG.exercises.values():
        assert ex.title in titles, f"{ex.kind}: no slide"


def test_the_browser_driver_answers_every_form() -> None:
    """The browser tests answer by a kind's form, so a new kind with a known form needs no
    new driver code (tests/browser/pages.py)."""
    from .browser.pages import FORMS

    assert {k.form for k in all_kinds()} <= set(FORMS)


# --- no key leaks, by structure ---------------------------------------------------------------


def browser_state(exercise: Any) -> str:
    """Everything the widget sends a learner's browser before any answer is given."""
    state = view_class(kind_of(exercise))(exercise).get_state()
    # References to other widget models (the layout) are new ids every time.
    state = {k: "model" if str(v).startswith("IPY_MODEL_") else v for k, v in state.items()}
    return json.dumps(state, sort_keys=True)


TEXT_KEYS = {"text", "label", "feedback", "hint", "strong", "growth", "description"}


def rekeyed(exercise: Any, rng: random.Random) -> Any:
    """The exercise with another key and other ids: every part of every list renamed (and every
    reference to it), the parts that carry a key (options, statements, steps) listed in
    another order and their secrets (correct, credit, bucket, feedback...) dealt out to other
    parts. What the learner reads (the texts) stays where it was."""
    data = exercise.model_dump()
    lists = [name for name, v in data.items() if isinstance(v, list) and v and _parts(v)]
    old = {part["id"] for name in lists for part in data[name]}
    new = {i: f"p{n}-{rng.randrange(10**6)}" for n, i in enumerate(sorted(old))}
    for name in lists:
        data[name] = [
            {k: new[v] if k not in TEXT_KEYS and v in new else v for k, v in part.items()}
            for part in data[name]
        ]
    keyed = {p.id for p in kind_of(exercise).shuffled(exercise)}
    [field] = [n for n in lists if {new[i] for i in keyed} == {p["id"] for p in data[n]}]
    parts = data[field]
    secrets = [{k: v for k, v in p.items() if k not in ("id", "text")} for p in parts]
    rng.shuffle(secrets)
    moved = [
        {"id": p["id"], "text": p["text"], **secret}
        for p, secret in zip(parts, secrets, strict=True)
    ]
    rng.shuffle(moved)
    return type(exercise).model_validate({**data, field: moved})


def _parts(values: list[Any]) -> bool:
    return all(isinstance(v, dict) and isinstance(v.get("id"), str) for v in values)


KEYED = [e for e in EVERY_EXERCISE if kind_of(e).shuffled(e)]


@pytest.mark.parametrize("exercise", KEYED, ids=lambda e: e.id)
def test_nothing_the_browser_receives_depends_on_the_key(
    exercise: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids, order, counts and lengths: the widget's state is the same whatever the key, so
    no learner can work the key out from it."""
    rng = random.Random(exercise.id)
    for learner in ("ana", "bo"):
        monkeypatch.setenv("KIT_LEARNER", learner)
        state = browser_state(exercise)
        for _ in range(3):
            assert browser_state(rekeyed(exercise, rng)) == state, f"{exercise.id} leaks its key"


def test_the_leak_test_catches_ids_that_name_the_key() -> None:
    """A kind that sent its authored ids would fail the test above."""
    ex = SAMPLE_EXERCISES["choice"]
    k = kind_of(ex)
    leaky = {"options": [{"id": o.id, "text": o.text} for o in ex.options]}
    other = rekeyed(ex, random.Random(1))
    leaked = {"options": [{"id": o.id, "text": o.text} for o in other.options]}
    assert json.dumps(leaky) != json.dumps(leaked)
    assert k.learner_spec(ex, "ana") == k.learner_spec(other, "ana")
