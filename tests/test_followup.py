"""Dated commitments, their calendar file (parsed back with icalendar), the 30- and 90-day
follow-up, and the stance ratings over time."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

import kit
from kit import migrations
from kit import store as store_module
from kit.errors import KitError
from kit.followup import api, review
from kit.followup.calendar import calendar
from kit.followup.commitments import Commitment, check, current, history
from kit.followup.ui import CommitmentsForm, FollowUpForm
from kit.store import STORE_FILE, Store, open_store

TODAY = date.today()


@pytest.fixture
def learner(kit_home: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KIT_LEARNER", "ana")
    return "ana"


def test_commitments_are_appended_and_the_newest_version_stands(learner: str) -> None:
    first = api.set_commitment("01", "m01.try-1", "  Sort my   calendar ", TODAY + timedelta(7))
    assert first.text == "Sort my calendar" and first.status == "open"
    assert first.set_on == TODAY
    api.set_commitment("01", "m01.try-1", "Sort next week's calendar", TODAY + timedelta(9))
    api.review_commitment("m01.try-1", "kept", "Three of five were leadership")
    [now] = api.my_commitments()
    assert (now.text, now.due, now.status) == (
        "Sort next week's calendar",
        TODAY + timedelta(9),
        "kept",
    )
    assert now.note == "Three of five were leadership"
    assert len(history(open_store(), learner, "m01.try-1")) == 3  # nothing overwritten
    assert current(open_store(), "someone-else") == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "   "}, "say what you will do"),
        ({"text": "x" * 501}, "at most 500"),
        ({"due": TODAY + timedelta(days=5000)}, "out of reach"),
        ({"status": "maybe"}, "no status"),
        ({"key": "../etc"}, "not a commitment key"),
    ],
)
def test_a_commitment_that_cannot_be_saved_is_refused_in_one_line(
    change: dict, message: str, learner: str
) -> None:
    fields = {"key": "m01.try-1", "module": "01", "text": "Do it", "due": TODAY} | change
    with pytest.raises(KitError, match=message):
        check(Commitment(**fields))
    with pytest.raises(KitError, match="no commitment"):
        api.review_commitment("m09.nothing", "done")
    assert api.my_commitments() == []


def test_the_calendar_file_parses_back_with_a_reminder_on_each_date(learner: str) -> None:
    api.set_commitment("01", "m01.try-2", "Find one why", TODAY + timedelta(6))
    api.set_commitment(
        "06", "m06.plan-1", "Weekly 1:1s with Sam, questions first", TODAY + timedelta(20)
    )
    api.set_commitment("04", "m04.try-1", "Listen for the but", TODAY + timedelta(3))
    api.review_commitment("m04.try-1", "dropped")
    parsed = Calendar.from_ical(api.calendar_bytes())
    events = list(parsed.walk("VEVENT"))
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any("Find one why" in s for s in summaries)
    assert not any("Listen for the but" in s for s in summaries), "a dropped one is left out"
    assert sum("follow-up" in s for s in summaries) == 2
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events}
    plan = next(v for k, v in starts.items() if "Weekly 1:1s" in k)
    assert plan == TODAY + timedelta(20)
    follow = sorted(v for k, v in starts.items() if "follow-up" in k)
    assert follow == [TODAY + timedelta(30), TODAY + timedelta(90)]  # from the plan's day
    for event in events:
        [alarm] = list(event.walk("VALARM"))
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(hours=9)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert "ana" not in " ".join(uids), "the learner's name is not in the file's ids"
    again = Calendar.from_ical(api.calendar_bytes())
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(uids)
    path = kit.commitments_calendar(Path(api.context()[1].path).parent / "mine.ics")
    assert Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_calendar_without_commitments_is_still_a_valid_file() -> None:
    stamp = datetime(2025, 5, 6, tzinfo=UTC)
    parsed = Calendar.from_ical(calendar("ana", [], [], "Course", stamp))
    assert str(parsed["VERSION"]) == "2.0" and not list(parsed.walk("VEVENT"))


def test_which_follow_up_is_due() -> None:
    start = date(2025, 5, 6)
    assert review.due(start, start + timedelta(days=10)) == ""
    assert review.due(start, start + timedelta(days=24)) == "30"  # a week early is fine
    assert review.due(start, start + timedelta(days=60)) == "30"
    assert review.due(start, start + timedelta(days=85)) == "90"
    assert review.due(None) == ""
    plan = Commitment("m06.plan-1", "06", "x", start, set_on=date(2025, 5, 8))
    early = Commitment("m01.try-1", "01", "y", start, set_on=date(2025, 4, 1))
    assert review.started([early, plan]) == date(2025, 5, 8)
    assert review.started([early]) == date(2025, 4, 1)


def test_the_forms_save_through_the_store_and_offer_the_calendar(learner: str) -> None:
    form = CommitmentsForm("01")
    assert len(form.rows) == len(api.suggestions(api.context()[0], "01")) >= 2
    key, tick, words, when = form.rows[0]
    tick.value, when.value = True, TODAY + timedelta(5)
    form.save.click()
    assert "Saved 1 commitment" in form.message.value
    assert "data:text/calendar;base64," in form.message.value
    assert [c.key for c in api.my_commitments()] == [key]
    again = CommitmentsForm("01")  # shows what was saved
    assert again.rows[0][1].value is True and again.rows[0][3].value == TODAY + timedelta(5)
    again.rows[0][1].value = False
    again.save.click()
    assert api.my_commitments()[0].status == "dropped"
    plan_rows = [r for r in CommitmentsForm("06").rows if r[0].startswith("m06.plan-")]
    assert len(plan_rows) == 3
    bad = CommitmentsForm("06")
    _key, tick, words, when = bad.rows[-1]
    tick.value, words.value = True, ""
    bad.save.click()
    assert "say what you will do" in bad.message.value
    api.set_commitment("02", "m02.try-3", "Design one alliance", TODAY + timedelta(3))
    follow = FollowUpForm(today=TODAY + timedelta(31))
    assert "30-day follow-up" in follow.widget.children[0].value
    [(key, status, note, nxt)] = follow.rows
    status.value, note.value = "kept", "We agreed how to raise problems"
    follow.save.click()
    c = current(open_store(), learner)[key]
    assert (c.status, c.review, c.note) == ("kept", "30", "We agreed how to raise problems")
    assert c.due == nxt.value


def test_stance_history_lists_every_rating_with_its_date(learner: str) -> None:
    catalog = api.context()[0]
    pair = review.rerating(catalog)
    assert pair is not None
    first, again = pair
    ratings = {i.id: 3 for i in first.items}
    kit.record(first.id, ratings)
    kit.record(again.id, {i.id: 4 for i in first.items})
    kit.record(again.id, {i.id: 5 for i in first.items})
    table = kit.stance_history()
    assert len(table) == 3
    assert list(table.index.get_level_values("rating")) == ["First rating", "Again", "Again"]
    assert set(table.columns) == {s.label for s in first.scales}


def test_commitments_stay_out_of_hand_ins(learner: str) -> None:
    from kit.handin.learner import prepare

    kit.record("m00.after-a-restart", next(iter(_any_answer("m00.after-a-restart"))))
    api.set_commitment("01", "m01.try-1", "A private experiment", TODAY + timedelta(3))
    hand_in = prepare(Path(api.context()[1].path).parent)
    assert "A private experiment" not in str(hand_in.submission)


def test_a_version_2_store_is_upgraded_with_a_commitments_table(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    db = sqlite3.connect(path, isolation_level=None)
    old = migrations.Schema(
        "store", store_module.APPLICATION_ID, tuple(store_module.MIGRATIONS[:2])
    )
    migrations.migrate(db, old)
    db.close()
    store = Store(path)
    store.add_commitment("ana", "m01.try-1", {"module": "01", "text": "x", "due": "2025-05-06"})
    assert [k for k, _d, _w in store.commitment_versions("ana")] == ["m01.try-1"]


def _any_answer(exercise_id: str) -> list:
    import random

    from kit.cohort.synthetic import random_response

    return [random_response(api.context()[0].exercise(exercise_id), random.Random(1), 0.5)]
