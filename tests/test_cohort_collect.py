"""Collecting submissions: a generated cohort of 50 plus hostile files, through the real CLI."""

from __future__ import annotations

import csv
import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kit.cohort.collector as collector
from kit.cli import main
from kit.cohort import collect, init_cohort, load
from kit.cohort.gradebook import open_gradebook
from kit.cohort.reports import completion, flags
from kit.cohort.synthetic import demo_cohort

from .cohort_support import GOOD, at, hostile_files, sample_catalog, submission, write
from .conftest import SAMPLE

LEARNERS = 50


def kit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kit.cli", *args], capture_output=True, text=True)


def dump(folder: Path) -> list[str]:
    """Every row of the gradebook, as SQL."""
    with sqlite3.connect(folder / "gradebook.sqlite3") as db:
        return list(db.iterdump())


@pytest.fixture
def cohort(sample: Path, tmp_path: Path) -> Path:
    """A cohort folder: a roster of 50 (+1 absent), their submission files in the inbox."""
    folder = tmp_path / "cohort"
    demo_cohort(folder, LEARNERS, catalog=sample_catalog())
    return folder


def test_generated_cohort_and_hostile_files_through_the_real_cli(cohort: Path) -> None:
    expected = hostile_files(cohort / "inbox")
    out = kit("cohort", "collect", str(cohort))
    assert out.returncode == 3, out.stderr
    assert f"{LEARNERS} file(s) collected" in out.stdout
    assert f"{len(expected)} refused" in out.stdout
    *lines, last = out.stderr.splitlines()
    assert last == f"kit: {len(expected)} of {LEARNERS + len(expected)} file(s) refused"
    refusals = dict(line.split(": ", 1) for line in lines)
    for name, reason in expected.items():
        [line] = [value for key, value in refusals.items() if key.endswith("/" + name)]
        assert reason in line, (name, line)
    data = load(cohort)
    assert sorted(set(data.attempts["learner"])) == [f"learner{n:04d}" for n in range(1, 51)]
    report = kit("cohort", "report", str(cohort))
    assert report.returncode == 0, report.stderr
    with (cohort / "reports" / "lms-grades.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == LEARNERS + 1
    assert {r["learner_id"] for r in rows} >= {"absent", "learner0001"}


def test_a_kit_folder_planted_in_the_inbox_is_never_imported(cohort: Path) -> None:
    inbox = cohort / "inbox"
    marker = cohort / "planted-code-ran"
    for folder in (inbox, cohort):
        (folder / "kit").mkdir()
        (folder / "kit" / "__init__.py").write_text(
            f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8"
        )
    command = shutil.which("kit", path=str(Path(sys.executable).parent))
    assert command, "the kit command is installed beside this Python"
    for cwd in (inbox, cohort):
        out = subprocess.run(
            [command, "cohort", "collect", str(cohort)], cwd=cwd, capture_output=True, text=True
        )
        assert "file(s) collected" in out.stdout, out.stderr
    assert not marker.exists()
    assert len(load(cohort).attempts["learner"].unique()) == LEARNERS


def test_collecting_again_adds_nothing(cohort: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["cohort", "collect", str(cohort)])
    assert first.exit_code == 0, first.output
    before = dump(cohort)
    again = runner.invoke(main, ["cohort", "collect", str(cohort), "-q"])
    assert again.exit_code == 0
    assert f"0 file(s) collected (0 new attempt(s)), {LEARNERS} already collected" in again.output
    assert dump(cohort) == before


def stored(folder: Path) -> list[tuple[object, ...]]:
    """Every collected file and attempt, leaving out when it was collected."""
    with sqlite3.connect(folder / "gradebook.sqlite3") as db:
        files = db.execute("SELECT sha256, name, learner, attempts, added FROM files ORDER BY id")
        attempts = db.execute("SELECT * FROM attempts ORDER BY id")
        return [*files, *attempts]


def test_collect_stores_the_same_whatever_the_files_per_commit(
    cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = cohort / "inbox"
    first = sorted(inbox.iterdir())[0]
    shutil.copy(first, inbox / f"copy-of-{first.name}")  # the same bytes twice in one run
    twin = tmp_path / "twin"
    shutil.copytree(cohort, twin)
    hostile_files(inbox)
    hostile_files(twin / "inbox")
    batched = collect(cohort)
    monkeypatch.setattr(collector, "BATCH", 3)
    small = collect(twin)
    assert str(batched).replace(str(cohort), "") == str(small).replace(str(twin), "")
    assert len(batched.collected) == LEARNERS and len(batched.already) == 1 and batched.refused
    assert stored(cohort) == stored(twin)


def test_a_refused_file_changes_nothing(cohort: Path, tmp_path: Path) -> None:
    collect(cohort)
    before = dump(cohort)
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    expected = hostile_files(hostile)
    # a long valid file whose last attempt is bad: none of its attempts may go in
    late = submission("learner0001", [*GOOD, ("m01.pick-many", ["a"]), ("m01.steps", ["first"])])
    late["attempts"][0]["time"] = at(3)
    expected["late-bad.json"] = "wrong shape"
    write(hostile / "late-bad.json", late)
    report = collect(cohort, sorted(hostile.glob("*.json")))
    assert not report.collected
    assert {p.name for p, _ in report.refused} >= set(expected)
    assert dump(cohort) == before


def test_a_newer_file_adds_only_its_new_attempts(sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    init_cohort(folder)
    first = submission("ana", GOOD)
    write(folder / "inbox" / "ana-1.json", first)
    assert collect(folder).added == 2
    newer = submission("ana", [*GOOD, ("m01.steps", ["first", "second", "third", "fourth"])])
    newer["attempts"][:2] = first["attempts"]
    write(folder / "inbox" / "ana-2.json", newer)
    report = collect(folder)
    assert [(c.path.name, c.attempts, c.added) for c in report.collected] == [("ana-2.json", 3, 1)]
    assert report.already == [folder / "inbox" / "ana-1.json"]
    assert len(load(folder).attempts) == 3


def test_every_response_is_graded_again_with_the_trainers_content(
    sample: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "c"
    init_cohort(folder)
    data = submission(
        "ana", [("m01.pick-one", "a"), ("m01.situation", "wait"), ("m01.pick-many", ["a", "c"])]
    )
    data["attempts"][1]["content_hash"] = "0123456789abcdef"
    data["attempts"].append(
        {
            "exercise_id": "m01.pick-one",
            "content_hash": "fedcba9876543210",
            "time": at(5),
            "response": "zzz",
        }
    )
    write(folder / "inbox" / "ana.json", data)
    assert collect(folder).added == 4
    loaded = load(folder)
    scores = {
        (r.exercise_id, r.time): (r.score, r.status, r.fits) for r in loaded.attempts.itertuples()
    }
    t = [a["time"] for a in data["attempts"]]
    assert scores[("m01.pick-one", t[0])] == (0.0, "incorrect", True)
    assert scores[("m01.situation", t[1])] == (1.0, "partial", True)
    assert scores[("m01.pick-many", t[2])] == (2.0, "correct", True)
    assert scores[("m01.pick-one", t[3])] == (0.0, "ungraded", False)
    flagged = flags(loaded)
    assert set(flagged["flag"]) == {
        "answered against other content; graded with yours",
        "answer no longer fits the content; not scored",
    }


def test_a_change_in_the_trainers_content_regrades_stored_attempts(
    sample: Path, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE / "exercises", content)
    folder = tmp_path / "c"
    init_cohort(folder, content=content)
    write(folder / "inbox" / "ana.json", submission("ana", [("m01.pick-one", "a")]))
    collect(folder)
    assert load(folder).attempts["score"].tolist() == [0.0]
    path = content / "01-sample.yaml"
    text = path.read_text()
    text = text.replace(
        "{id: a, text: Option A, feedback: FEEDBACK-A not this one.}",
        "{id: a, text: Option A, correct: true, feedback: FEEDBACK-A yes.}",
        1,
    )
    text = text.replace(
        "{id: b, text: Option B, correct: true, feedback: FEEDBACK-B yes.}",
        "{id: b, text: Option B, feedback: FEEDBACK-B no.}",
        1,
    )
    path.write_text(text)
    report = collect(folder)
    assert report.regraded == 1
    attempts = load(folder).attempts
    assert attempts["score"].tolist() == [1.0]
    assert bool(attempts["changed"].iloc[0]), "the learner answered the old version: flagged"


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_a_shared_inbox_refuses_files_owned_by_someone_else(sample: Path, tmp_path: Path) -> None:
    nobody = pwd.getpwnam("nobody")
    inbox = tmp_path / "shared"
    inbox.mkdir()
    folder = tmp_path / "c"
    cohort = init_cohort(folder, inbox=inbox)
    assert cohort.config.verify_owner
    posing = write(inbox / "posing.json", submission("learner0001", GOOD))
    honest = write(inbox / "honest.json", submission("nobody", GOOD))
    for path in (posing, honest):
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    report = collect(folder)
    assert [c.learner for c in report.collected] == ["nobody"]
    [(path, reason)] = report.refused
    assert path == posing and "belongs to user 'nobody'" in reason
    # a file the trainer hands over from elsewhere is not checked against its owner
    elsewhere = write(tmp_path / "by-email.json", submission("learner0001", GOOD))
    assert collect(folder, [elsewhere]).collected


def test_init_reads_a_roster_and_rejects_a_bad_one(sample: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Username,Name,E-mail\nana,Ana B,ana@example.org\nbo,Bo C,\n", encoding="utf-8-sig"
    )
    result = CliRunner().invoke(
        main, ["cohort", "init", str(tmp_path / "c"), "--roster", str(roster)]
    )
    assert result.exit_code == 0, result.output
    with open_gradebook(tmp_path / "c" / "gradebook.sqlite3") as book:
        assert book.counts()["roster"] == 2
    assert (tmp_path / "c" / "inbox").is_dir()
    bad = tmp_path / "bad.csv"
    bad.write_text("learner\nok\na/b\nok\n")
    result = CliRunner().invoke(main, ["cohort", "init", str(tmp_path / "c"), "--roster", str(bad)])
    assert result.exit_code == 1
    assert "bad.csv:3: a learner name cannot contain slashes" in result.output
    assert "bad.csv:4: 'ok' is listed twice" in result.output
    data = load(tmp_path / "c")
    assert sorted(data.roster["learner"]) == ["ana", "bo"], "a bad roster changes nothing"
    assert set(completion(data)["learner"]) == {"ana", "bo"}


def test_collect_outside_a_cohort_is_one_clear_line(tmp_path: Path) -> None:
    out = kit("cohort", "collect", str(tmp_path))
    assert out.returncode == 1
    assert (
        out.stderr.strip()
        == f"kit: error: {tmp_path} is not a cohort folder (no cohort.yaml); run `kit cohort init`"
    )


def test_a_damaged_gradebook_is_reported_not_overwritten(sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    init_cohort(folder)
    (folder / "gradebook.sqlite3").write_bytes(b"not a database" * 100)
    out = kit("cohort", "collect", str(folder))
    assert out.returncode == 1 and "cannot open the gradebook" in out.stderr
    assert (folder / "gradebook.sqlite3").read_bytes() == b"not a database" * 100


def test_the_store_of_a_learner_is_not_taken_for_a_gradebook(
    sample: Path, tmp_path: Path, kit_home: Path
) -> None:
    import kit as kit_api

    kit_api.record("m01.pick-one", "b")
    folder = tmp_path / "c"
    init_cohort(folder)
    (folder / "gradebook.sqlite3").unlink()
    with (
        sqlite3.connect(kit_home / "kit.sqlite3") as src,
        sqlite3.connect(folder / "gradebook.sqlite3") as dst,
    ):
        src.backup(dst)
    out = kit("cohort", "report", str(folder))
    assert out.returncode == 1 and "not a kit gradebook" in out.stderr


def test_a_missing_inbox_is_named(sample: Path, tmp_path: Path) -> None:
    cohort = init_cohort(tmp_path / "c", inbox=tmp_path / "shared")
    out = kit("cohort", "collect", str(cohort.root))
    assert out.returncode == 1 and f"the inbox {tmp_path / 'shared'} does not exist" in out.stderr


@pytest.mark.parametrize("verb", ["init", "collect", "report", "demo"])
def test_every_cohort_verb_has_help(verb: str) -> None:
    result = CliRunner().invoke(main, ["cohort", verb, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_a_locked_gradebook_is_one_clear_error(
    cohort: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit.cohort import gradebook
    from kit.errors import KitError

    monkeypatch.setattr(gradebook, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(cohort / "gradebook.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(KitError, match="database is locked; run collect again"):
            collect(cohort)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert collect(cohort).added > 0
