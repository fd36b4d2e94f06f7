"""The submission format: what is written, what is read back, and what is refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.handin.submission import (
    FORMAT_VERSION,
    Refused,
    Submission,
    file_name,
    normal_time,
    parse_submission,
    write_submission,
)

from .cohort_support import GOOD, submission


def raw(data: object) -> bytes:
    return json.dumps(data).encode()


def test_a_valid_file_reads_back_as_written(tmp_path: Path) -> None:
    data = submission("ana", GOOD)
    parsed = parse_submission(raw(data))
    assert parsed.learner == "ana" and parsed.version == FORMAT_VERSION
    assert [a["response"] for a in parsed.attempts] == ["b", "wait"]
    path = write_submission(parsed, tmp_path / "ana.json")
    assert parse_submission(path.read_bytes()) == parsed
    assert not list(tmp_path.glob(".kit-*")), "no temporary file is left behind"


def test_times_are_made_utc_with_microseconds() -> None:
    data = submission("ana", GOOD)
    data["attempts"][0]["time"] = "2024-03-01T12:00:00+02:00"
    parsed = parse_submission(raw(data))
    assert parsed.attempts[0]["time"] == "2024-03-01T10:00:00.000000+00:00"
    assert normal_time("2024-03-01T10:00:00.000000+00:00") == "2024-03-01T10:00:00.000000+00:00"


def test_a_small_clock_skew_is_tolerated_but_not_more() -> None:
    now = datetime.now(UTC)
    data = submission("ana", GOOD)
    data["attempts"][0]["time"] = (now + timedelta(minutes=2)).isoformat()
    parse_submission(raw(data), now=now)
    with pytest.raises(Refused, match="in the future"):
        parse_submission(raw(data), now=now, max_skew=timedelta(0))


def test_the_same_exercise_at_the_same_time_twice_is_refused() -> None:
    data = submission("ana", GOOD)
    data["attempts"].append({**data["attempts"][0], "response": "a"})
    with pytest.raises(Refused, match=r"duplicate attempt 2: m01\.pick-one"):
        parse_submission(raw(data))


def test_a_file_holds_no_score() -> None:
    fields = set(Submission.model_fields)
    assert not fields & {"score", "scores", "result", "results", "status"}
    with pytest.raises(Refused, match="unknown field 'result'"):
        data = submission("ana", GOOD)
        data["attempts"][1]["result"] = {"score": 2}
        parse_submission(raw(data))


def test_reasons_are_printable_and_bounded() -> None:
    data = submission("ana", [("m01.pick-one", "b")])
    data["attempts"][0]["\x1b[2Jevil" + "x" * 500] = 1
    with pytest.raises(Refused, match="unknown field") as caught:
        parse_submission(raw(data))
    reason = str(caught.value)
    assert "\x1b" not in reason and "[2Jevil" in reason and len(reason) < 400
    data = submission("ana", [("m01.pick-one", "b")])
    data["attempts"][0]["exercise_id"] = "m01.\x1b[2J"
    with pytest.raises(Refused, match=r"attempts\.0\.exercise_id"):
        parse_submission(raw(data))


def test_file_names_are_portable() -> None:
    moment = datetime(2025, 3, 1, 10, 15, tzinfo=UTC)
    assert file_name("ana", moment) == "ana.20250301T101500000000Z.kit-submission.json"
    assert file_name("José María: team 2", moment).startswith("José_María_team_2.")
    assert file_name("李雷 / مریم", moment).startswith("李雷_مریم.")
    assert file_name("अनु\u200cश्री", moment).startswith("अनु\u200cश्री.")
    assert file_name("..", moment).startswith("learner.")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_never_crash(blob: bytes) -> None:
    try:
        parse_submission(blob)
    except Refused as exc:
        assert str(exc)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    learner=st.text(min_size=1, max_size=70),
    response=JSON,
    extra=st.dictionaries(st.sampled_from(["score", "x", "learner", "version"]), JSON, max_size=2),
)
def test_any_structure_is_read_or_refused_never_crash(
    learner: str, response: object, extra: dict
) -> None:
    data = submission("ana", [("m01.pick-one", response)])
    data["learner"] = learner
    data["attempts"][0].update(extra)
    try:
        parsed = parse_submission(raw(data))
    except Refused as exc:
        assert str(exc)
    else:
        assert parsed.learner == learner.strip() == learner
