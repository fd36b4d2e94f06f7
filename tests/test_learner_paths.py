"""Learner ids read from a store become file names only inside the folder they are meant for."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.content.catalog import content_hash, load_catalog
from kit.errors import KitError
from kit.grading import grade
from kit.handouts.batch import file_names, inside, workbooks
from kit.store import open_store

HOSTILE_IDS = ["../../x", "/x-abs", "a\\b", "C:\\x", "..", "../"]


@pytest.mark.parametrize("learner", HOSTILE_IDS)
def test_file_names_never_hold_a_separator_or_climb(learner: str, tmp_path: Path) -> None:
    name = file_names([learner])[learner]
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert inside(tmp_path, name).parent == tmp_path


def test_inside_refuses_a_name_that_leaves_the_folder(tmp_path: Path) -> None:
    for name in ("../x.pdf", "/tmp/x.pdf", "a/b.pdf"):
        with pytest.raises(KitError, match="outside"):
            inside(tmp_path, name)


@pytest.mark.pdf
def test_workbooks_refuse_hostile_ids_and_make_the_others(sample: Path, tmp_path: Path) -> None:
    catalog = load_catalog()
    exercise = catalog.exercise("m01.pick-one")
    store = open_store()
    for learner in [*HOSTILE_IDS, "ana"]:
        store.add_attempt(
            learner, exercise.id, content_hash(exercise), "b", grade(exercise, "b"), "t"
        )
    work = tmp_path / "deep" / "er"
    out = work / "out"
    with pytest.raises(KitError) as refused:
        workbooks(store.path, out, module="01", progress=False, workers=1)
    message = str(refused.value)
    assert message.startswith(f"{len(HOSTILE_IDS)} of {len(HOSTILE_IDS) + 1} workbooks failed")
    for learner in HOSTILE_IDS:
        assert f"{learner}: not a valid learner id" in message
    assert [p.name for p in out.iterdir()] == ["ana-workbook.pdf"]
    written = {p for p in tmp_path.rglob("*.pdf")} | set(Path("/").glob("*-workbook.pdf"))
    assert written == {out / "ana-workbook.pdf"}
