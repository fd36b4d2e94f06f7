"""The rubric scoring widget, driven from Python as a trainer would click it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.cohort import collect, init_cohort, load, reflections, rubric_scorer
from kit.cohort.gradebook import open_gradebook

from .cohort_support import submission, write

ANSWER = {"when": "<img src=x onerror=alert(1)> yesterday", "what": "I listened\nthen I asked"}


@pytest.fixture
def folder(sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "c"
    init_cohort(folder)
    for learner in ("ana", "bo"):
        write(folder / "inbox" / f"{learner}.json", submission(learner, [("m01.think", ANSWER)]))
    write(folder / "inbox" / "cy.json", submission("cy", [("m01.pick-one", "b")]))
    collect(folder)
    monkeypatch.setenv("KIT_COHORT", str(folder))
    return folder


def test_scores_and_comments_go_into_the_gradebook_and_the_reports(folder: Path) -> None:
    scorer = rubric_scorer()
    assert scorer.exercise.value == "m01.think"
    assert list(scorer.learner.options) == ["ana", "bo"], "only learners who wrote it"
    assert "&lt;img" in scorer.answer.value and "<img" not in scorer.answer.value
    assert "I listened<br>then I asked" in scorer.answer.value
    points, comment = scorer.inputs["specific"]
    assert points.description == "Specific (0-2)" and points.max == 2
    assert comment.description == "Comment on Specific"
    points.value, comment.value = 1.5, "  Name the person next time. "
    assert scorer.save()
    assert (
        'role="status"' in scorer.status.value
        and "Saved ana: 1.5 of 2 points." in scorer.status.value
    )
    with open_gradebook(folder / "gradebook.sqlite3") as book:
        assert book.rubric("ana", "m01.think") == {"specific": (1.5, "Name the person next time.")}
    texts = reflections(load(folder)).drop_duplicates("learner").set_index("learner")
    assert texts.loc["ana", "rubric_points"] == 1.5
    assert texts.loc["ana", "rubric_comments"] == "Name the person next time."


def test_moving_between_learners_shows_their_saved_scores(folder: Path) -> None:
    scorer = rubric_scorer(folder)
    points, comment = scorer.inputs["specific"]
    points.value = 2
    scorer.save_button.click()
    scorer.next_button.click()
    assert scorer.learner.value == "bo"
    assert (points.value, comment.value) == (0.0, "") and "Not scored yet." in scorer.status.value
    scorer.next_button.click()
    assert scorer.learner.value == "ana" and points.value == 2.0
    assert "Already scored" in scorer.status.value


def test_points_stay_within_the_criterion(folder: Path) -> None:
    scorer = rubric_scorer(folder, "m01.think")
    points, _ = scorer.inputs["specific"]
    points.value = 7
    assert points.value == 2
    points.value = -1
    assert points.value == 0


def test_a_save_that_fails_says_so_in_the_widget(folder: Path) -> None:
    scorer = rubric_scorer(folder)
    (folder / "gradebook.sqlite3").unlink()
    (folder / "gradebook.sqlite3").mkdir()
    assert not scorer.save()
    assert 'role="alert"' in scorer.status.value and "Not saved" in scorer.status.value
