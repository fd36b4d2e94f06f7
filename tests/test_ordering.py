"""Options, statements and steps in an order of each learner's own: stable, different across
learners, and the same in the widget and the workbook; responses and grades do not depend on
it. Which parts are shuffled is each kind's own answer (`Kind.shuffled`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import kit
from kit.answers import latest_answers
from kit.content.catalog import load_catalog
from kit.grading import grade
from kit.handouts import richtext as rt
from kit.handouts.blocks import exercise_block
from kit.handouts.documents import build
from kit.kinds import kind_of
from kit.store import open_store
from kit.text import inline

from .conftest import SAMPLE

CATALOG = load_catalog(SAMPLE / "exercises")
SHUFFLED = [e for e in CATALOG.exercises.values() if kind_of(e).shuffled(e)]
LEARNERS = [f"learner{n}" for n in range(12)]


def ids(options: list) -> list[str]:
    return [o.id for o in options]


def authored(exercise) -> list[str]:
    return ids(kind_of(exercise).shuffled(exercise))


def shown_options(exercise, learner: str | None) -> list:
    return kind_of(exercise).shown(exercise, learner)


@pytest.mark.parametrize("exercise", SHUFFLED, ids=lambda e: e.id)
def test_each_learner_sees_a_stable_order_of_their_own(exercise) -> None:
    orders = {name: ids(shown_options(exercise, name)) for name in LEARNERS}
    for name, order in orders.items():
        assert sorted(order) == sorted(authored(exercise))
        assert ids(shown_options(exercise, name)) == order
    assert len({tuple(o) for o in orders.values()}) > 1, "every learner saw the same order"


def test_the_order_is_the_same_in_a_fresh_process() -> None:
    """Seeded from the learner and the exercise, not from Python's per-process hashing."""
    code = (
        "from pathlib import Path; from kit.content.catalog import load_catalog;"
        " from kit.kinds import kind_of;"
        f" ex = load_catalog(Path({str(SAMPLE / 'exercises')!r})).exercise("
        "'m01.pick-many'); print(' '.join(o.id for o in kind_of(ex).shown(ex, 'ana')))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "123"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.split() == ids(shown_options(CATALOG.exercise("m01.pick-many"), "ana"))


def test_the_key_is_not_always_in_the_same_place() -> None:
    exercise = CATALOG.exercise("m01.pick-one")
    places = {ids(shown_options(exercise, name)).index("b") for name in LEARNERS}
    assert len(places) == 3


def test_the_order_follows_the_texts_not_the_ids_or_the_order_they_were_written_in() -> None:
    exercise = CATALOG.exercise("m01.pick-many")
    renamed = exercise.model_copy(
        update={"options": [o.model_copy(update={"id": f"x{o.id}"}) for o in exercise.options]}
    )
    backwards = exercise.model_copy(update={"options": exercise.options[::-1]})
    texts = [o.text for o in shown_options(exercise, "ana")]
    assert [o.text for o in shown_options(renamed, "ana")] == texts
    assert [o.text for o in shown_options(backwards, "ana")] == texts


def test_kinds_without_a_key_keep_their_parts_as_written() -> None:
    for exercise_id in ("m01.profile", "m01.think"):
        exercise = CATALOG.exercise(exercise_id)
        assert shown_options(exercise, "ana") == []


def test_the_widget_shows_the_learners_order_and_grades_the_id(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exercise = CATALOG.exercise("m01.situation")
    orders = {}
    for name in ("ana", "bo"):
        monkeypatch.setenv("KIT_LEARNER", name)
        view = kit.show(exercise.id)
        orders[name] = [o["html"] for o in view.spec["options"]]
        assert orders[name] == [inline(o.text) for o in shown_options(exercise, name)]
        assert sorted(o["id"] for o in view.spec["options"]) == ["1", "2", "3"]
        view.answer("wait")
        view.check()
        assert open_store().latest(name, exercise.id).response == "wait"
        assert open_store().latest(name, exercise.id).result == grade(exercise, "wait")
    assert orders["ana"] != orders["bo"]
    sort = kit.show("m01.sort-them")
    statements = [inline(i.text) for i in shown_options(sort.exercise, "bo")]
    assert [i["html"] for i in sort.spec["items"]] == statements


def test_the_workbook_shows_the_order_the_learner_saw(sample: Path) -> None:
    kit.record("m01.pick-many", ["a", "c"])
    catalog = load_catalog()
    done = latest_answers(catalog, open_store(), "tester")
    handout = build("workbook", catalog, "01", learner="tester", done=done)
    blocks = {b.id: b for b in handout.sections[0].items}
    exercise = catalog.exercise("m01.pick-many")
    seen = shown_options(exercise, "tester")
    rows = blocks["m01.pick-many"].rows
    assert [rt.plain(r.text) for r in rows] == [o.text for o in seen]
    assert [r.ticks[0] for r in rows] == [o.id in ("a", "c") for o in seen]
    unanswered = blocks["m01.sort-them"].rows
    statements = shown_options(catalog.exercise("m01.sort-them"), "tester")
    assert [rt.plain(r.text) for r in unanswered] == [i.text for i in statements]


def test_worksheets_share_one_fixed_order_and_the_guide_keeps_the_authored_one() -> None:
    for exercise in SHUFFLED:
        sheet = exercise_block(exercise, "worksheet", learner="tester")
        fixed = shown_options(exercise, None)
        assert [rt.plain(r.text) for r in sheet.rows] == [o.text for o in fixed]
        guide = exercise_block(exercise, "guide", learner="tester")
        listed = kind_of(exercise).shuffled(exercise)
        assert [rt.plain(r.text) for r in guide.rows] == [o.text for o in listed]
