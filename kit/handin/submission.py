"""The submission file: versioned JSON, written atomically, read back strictly.

The format is documented in FORMAT.md beside this module. Reading checks everything that can
be checked without the course content (structure, version, unknown fields, learner id, times,
duplicate attempts); grading against the content happens in `kit.cohort.collector`.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from typing_extensions import TypedDict

from kit.content.schema import ExerciseId
from kit.errors import KitError
from kit.identity import validate_learner

FORMAT: Final = "leadership-kit-submission"
FORMAT_VERSION: Final = 1
SUFFIX = ".kit-submission.json"
MAX_BYTES = 5_000_000
MAX_CLOCK_SKEW = timedelta(minutes=5)

Hash = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
ExerciseRef = Annotated[ExerciseId, Field(max_length=100)]


_UTC_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")


class Refused(KitError):
    """A submission file that cannot be collected; the message is the reason."""


def normal_time(value: str) -> str:
    """An ISO 8601 time with a time zone, as UTC with microseconds; ValueError if not."""
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("expected an ISO 8601 time as text")
    moment = datetime.fromisoformat(value)
    if _UTC_TIME.fullmatch(value):
        return value  # already normal: what the store writes
    if moment.tzinfo is None:
        raise ValueError(f"time {value!r} has no time zone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AttemptRecord(TypedDict):
    """One attempt as the learner's store holds it: no score, the raw response and its time.

    `time` is made UTC with microseconds by `parse_submission` (a check over all attempts).
    """

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    exercise_id: ExerciseRef
    content_hash: Hash
    time: Annotated[str, Field(max_length=40)]
    response: Any


class Submission(_Strict):
    """One learner's work: every attempt, and the content hash of every exercise they had."""

    format: Literal["leadership-kit-submission"] = FORMAT
    version: Literal[1] = FORMAT_VERSION
    learner: str
    kit_version: str = Field(max_length=40)
    created_at: str
    course: str = Field(default="", max_length=300)
    content: dict[ExerciseRef, Hash]
    shared: list[ExerciseRef] = Field(default_factory=list, max_length=1000)
    attempts: list[AttemptRecord]

    @field_validator("learner")
    @classmethod
    def _learner(cls, value: str) -> str:
        if validate_learner(value) != value:
            raise ValueError("learner id has surrounding spaces or is not in canonical form")
        return value

    @field_validator("created_at")
    @classmethod
    def _created(cls, value: str) -> str:
        return normal_time(value)

    def to_json(self) -> str:
        data = self.model_dump(mode="json")
        if not data["shared"]:
            del data["shared"]  # optional: files without shared items read as before
        return json.dumps(data, ensure_ascii=False, indent=1)


# --- reading --------------------------------------------------------------------------------


def parse_submission(
    raw: bytes, *, now: datetime | None = None, max_skew: timedelta = MAX_CLOCK_SKEW
) -> Submission:
    """Read and check one submission file's bytes; raise Refused with a reason if it is bad."""
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
    except UnicodeDecodeError:
        raise Refused("not UTF-8 text") from None
    except (ValueError, RecursionError) as exc:
        raise Refused(f"invalid JSON: {short(str(exc))}") from None
    if not isinstance(data, dict):
        raise Refused("invalid submission: the file is not a JSON object")
    if data.get("format") != FORMAT:
        raise Refused(f"not a submission file (format is {short(repr(data.get('format')))})")
    if data.get("version") != FORMAT_VERSION:
        raise Refused(
            f"unknown submission format version {short(repr(data.get('version')))}"
            f" (this kit reads version {FORMAT_VERSION})"
        )
    try:
        submission = Submission.model_validate(data)
    except ValidationError as exc:
        raise Refused(_reason(exc)) from None
    except RecursionError:
        raise Refused("invalid submission: nested too deeply") from None
    _check_attempts(submission, now or datetime.now(UTC), max_skew)
    return submission


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    """A JSON number as a float; NaN and Infinity (e.g. 1e999) are not numbers to keep."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {short(text, 40)} is out of range")
    return value


def _reason(error: ValidationError) -> str:
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"]) or "file"
    if first["type"] == "extra_forbidden":
        text = f"unknown field {short(str(first['loc'][-1]))!r} at {short(where)}"
    elif first["loc"][:1] == ("learner",):
        text = f"bad learner id: {first['msg'].removeprefix('Value error, ')}"
    else:
        text = f"invalid {short(where)}: {first['msg'].removeprefix('Value error, ')}"
    more = len(problems) - 1
    return short(text) + (f" (and {more} more problem(s))" if more else "")


def _check_attempts(submission: Submission, now: datetime, max_skew: timedelta) -> None:
    """Times made UTC and not in the future; no exercise answered twice at the same time."""
    limit = (now + max_skew).astimezone(UTC).isoformat(timespec="microseconds")
    if submission.created_at > limit:
        raise Refused(f"created_at {submission.created_at} is in the future")
    seen: set[tuple[str, str]] = set()
    for n, attempt in enumerate(submission.attempts):
        exercise_id, time = attempt["exercise_id"], attempt["time"]
        if not _UTC_TIME.fullmatch(time):
            try:
                attempt["time"] = time = normal_time(time)
            except ValueError as exc:
                raise Refused(
                    f"attempt {n} ({short(exercise_id)}): bad time: {short(str(exc))}"
                ) from None
        if time > limit:
            raise Refused(f"attempt {n} ({short(exercise_id)}): time {time} is in the future")
        key = (exercise_id, time)
        if key in seen:
            raise Refused(f"duplicate attempt {n}: {short(exercise_id)} at {time} appears twice")
        seen.add(key)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def short(text: str, limit: int = 160) -> str:
    """Learner-controlled text made safe to print in a reason: no control characters, bounded."""
    text = _CONTROL.sub("?", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- writing --------------------------------------------------------------------------------


def file_name(learner: str, moment: datetime) -> str:
    """A portable file name for a learner's submission, e.g. ana.20250301T101500Z.kit-submission.json."""
    safe = _readable(learner).strip("._") or "learner"
    return f"{safe[:40]}.{moment.astimezone(UTC):%Y%m%dT%H%M%S%fZ}{SUFFIX}"


def _readable(learner: str) -> str:
    """`learner` with letters, marks and digits of every script kept (李雷, مریم, अनु), and each
    run of anything else (spaces, punctuation but . _ -, invisible characters) as one "_"."""
    kept = (
        c if c in "._-\u200c\u200d" or unicodedata.category(c)[0] in "LMN" else "_" for c in learner
    )
    return re.sub("_+", "_", "".join(kept))


SHARED_MODE = 0o644  # in a shared inbox: the trainer reads it, only its owner can change it


def write_submission(submission: Submission, path: Path, *, shared: bool = False) -> Path:
    """Write `submission` to `path` atomically (a temporary file, then a rename).

    The file is private to its owner (0600), or in a `shared` inbox readable by the trainer
    (0644), whatever the umask.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".kit-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(submission.to_json())
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, SHARED_MODE if shared else 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
