"""xAPI statements from the learner's store to a real LRS (ralph with its file-system back end),
read back through the LRS's own API: ids from the attempt, so sending again changes nothing;
a durable outbox while the LRS is away; private answers never sent."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

import kit
from kit.cli import main
from kit.content.catalog import load_catalog
from kit.interop.xapi.config import xapi_config
from kit.interop.xapi.queue import queue_new
from kit.interop.xapi.sender import BACKGROUND, send_waiting
from kit.interop.xapi.statements import VERBS
from kit.store import open_store

from .cohort_support import PRIVATE, private_sample
from .hub.hubs import free_port
from .lrs import HOMEPAGE, PASSWORD, USER, Ralph
from .prepare import Missing

ANSWERS = [
    ("m01.pick-one", "b"),
    ("m01.pick-many", ["a", "b"]),
    ("m01.situation", "wait"),
    ("m01.sort-them", {"budget": "manage", "vision": "lead", "staff": "lead"}),
    ("m01.steps", ["first", "third", "second", "fourth"]),
    ("m01.profile", {"x1": 3, "y1": 2, "z1": None, "x2": 1}),
    ("m01.profile-observer", {"x1": 2, "y1": 2, "z1": 3, "x2": 2}),
    (
        "m01.think",
        {
            "when": "the quartz-lantern-secret moment last week",
            "what": "I stopped and asked a question first",
        },
    ),
]


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    try:
        lrs = Ralph(tmp_path_factory.mktemp("ralph"))
    except Missing as exc:
        pytest.fail(str(exc), pytrace=False)
    lrs.start()
    yield lrs
    lrs.stop()


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample course with its likert and reflection exercises private."""
    root = private_sample(tmp_path / "course")
    monkeypatch.setenv("KIT_CONTENT", str(root))
    return root


@pytest.fixture
def to_lrs(ralph: Ralph, monkeypatch: pytest.MonkeyPatch, course: Path) -> Ralph:
    monkeypatch.setenv("KIT_XAPI_ENDPOINT", ralph.url)
    monkeypatch.setenv("KIT_XAPI_USERNAME", USER)
    monkeypatch.setenv("KIT_XAPI_PASSWORD", PASSWORD)
    monkeypatch.setenv("KIT_XAPI_HOMEPAGE", HOMEPAGE)
    monkeypatch.setenv("KIT_LEARNER", f"xapi-{course.parent.parent.name}")
    return ralph


def wait_for_background() -> None:
    thread = BACKGROUND._thread
    if thread is not None:
        thread.join(30)


def record_all() -> None:
    for exercise_id, response in ANSWERS:
        kit.record(exercise_id, response)
    wait_for_background()


def test_statements_reach_the_lrs_once_with_result_and_no_private_response(
    to_lrs: Ralph,
) -> None:
    learner = kit.whoami()
    record_all()
    store = open_store()
    assert store.outbox_counts()[0] == 0  # the background sender delivered them
    ours = [s for s in to_lrs.statements() if s["actor"]["account"]["name"] == learner]
    answered = {
        s["object"]["id"].rsplit("/", 1)[1]: s for s in ours if s["verb"]["id"] == VERBS["answered"]
    }
    assert set(answered) == {e for e, _ in ANSWERS}
    pick = answered["m01.pick-one"]
    assert pick["actor"]["account"]["homePage"] == HOMEPAGE
    assert pick["result"]["response"] == "b"
    assert pick["result"]["success"] is True
    assert pick["result"]["score"] == {"raw": 1.0, "min": 0, "max": 1.0, "scaled": 1.0}
    assert pick["object"]["definition"]["interactionType"] == "choice"
    assert answered["m01.situation"]["result"]["success"] is False
    assert answered["m01.situation"]["result"]["score"]["scaled"] == 0.5
    assert answered["m01.steps"]["result"]["response"] == "first[,]third[,]second[,]fourth"
    assert answered["m01.sort-them"]["object"]["definition"]["interactionType"] == "matching"
    for private in PRIVATE:  # answered, but what was answered never leaves the store
        assert "response" not in answered[private]["result"]
    assert "quartz-lantern" not in json.dumps(ours)
    completed = [s for s in ours if s["verb"]["id"] == VERBS["completed"]]
    assert sorted(s["object"]["definition"]["type"].rsplit("/", 1)[1] for s in completed) == [
        "block",
        "course",
    ]
    # read back one by one through the LRS's API, by the id the kit gave it
    for statement in ours:
        assert to_lrs.statement(statement["id"])["id"] == statement["id"]

    # sending everything again changes nothing in the LRS
    lines = to_lrs.stored_lines()
    ids = [row[0] for row in store._read("SELECT id FROM outbox")]
    store.mark_statements(ids, sent=False)  # as if every answer from the LRS had been lost
    report = send_waiting(store, xapi_config())  # type: ignore[arg-type]
    assert report.sent == len(ids) and report.error is None
    assert to_lrs.stored_lines() == lines


def test_the_outbox_keeps_statements_while_the_lrs_is_down(
    to_lrs: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BACKGROUND, "kick", lambda store, config: None)  # the command alone
    learner = kit.whoami()
    to_lrs.stop()
    try:
        record_all()
        runner = CliRunner()
        progress = runner.invoke(main, ["progress"])
        waiting = len(ANSWERS) + 2  # and the module and course completed
        assert (
            f"{waiting} statement(s) wait to be sent to the learning record store"
            in progress.output
        )
        sent = runner.invoke(main, ["xapi", "send"])
        assert sent.exit_code == 1
        assert sent.output.strip() == (
            f"0 statement(s) sent to the learning record store; {waiting} wait to be sent:"
            f" {to_lrs.url}statements did not answer (ConnectError)"
        )
    finally:
        to_lrs.start()
    sent = CliRunner().invoke(main, ["xapi", "send"])
    assert sent.exit_code == 0, sent.output
    assert sent.output.strip() == f"{waiting} statement(s) sent to the learning record store"
    ours = [s for s in to_lrs.statements() if s["actor"]["account"]["name"] == learner]
    assert len(ours) == waiting == len({s["id"] for s in ours})
    assert "0 statement(s) wait" in CliRunner().invoke(main, ["progress"]).output


def test_an_lrs_answering_500_keeps_everything(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(500)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Broken)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/xAPI/"
    monkeypatch.setenv("KIT_XAPI_ENDPOINT", url)
    monkeypatch.setattr(BACKGROUND, "kick", lambda store, config: None)  # the command alone
    try:
        kit.record("m01.pick-one", "a")
        sent = CliRunner().invoke(main, ["xapi", "send"])
    finally:
        server.shutdown()
        server.server_close()
    assert sent.exit_code == 1
    assert sent.output.strip() == (
        "0 statement(s) sent to the learning record store; 1 wait to be sent: the LRS at"
        f" {url}statements answered 500"
    )
    assert open_store().outbox_counts() == (1, 0, 0)


def test_statement_ids_come_from_the_attempt(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIT_XAPI_ENDPOINT", f"http://127.0.0.1:{free_port()}/xAPI/")
    kit.record("m01.pick-one", "a")
    kit.record("m01.pick-one", "b")
    store = open_store()
    catalog = load_catalog()
    config = xapi_config()
    assert config is not None
    first = {row[0]: row[1] for row in store._read("SELECT id, statement FROM outbox")}
    assert len(first) == 2  # one per attempt
    store._db.execute("DELETE FROM outbox")  # as if never queued: queued again, the same
    store._db.execute("DELETE FROM settings WHERE key LIKE 'xapi.%'")
    queue_new(store, catalog, kit.whoami(), config)
    again = {row[0]: row[1] for row in store._read("SELECT id, statement FROM outbox")}
    assert again == first


def test_showing_a_module_queues_launched_once(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_XAPI_ENDPOINT", f"http://127.0.0.1:{free_port()}/xAPI/")
    kit.show("m01.pick-one")
    kit.show("m01.steps")
    rows = [json.loads(r[0]) for r in open_store()._read("SELECT statement FROM outbox")]
    assert [r["verb"]["id"] for r in rows] == [VERBS["launched"]]
    assert rows[0]["object"]["id"].endswith("/modules/01")


def test_without_an_endpoint_nothing_is_queued_or_said(course: Path) -> None:
    kit.record("m01.pick-one", "a")
    assert open_store().outbox_counts() == (0, 0, 0)
    assert "statement" not in CliRunner().invoke(main, ["progress"]).output
    result = CliRunner().invoke(main, ["xapi", "send"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "kit: error: no learning record store is set up (KIT_XAPI_ENDPOINT, or KIT_XAPI_RELAY"
        " on a hub); ask your trainer"
    )
