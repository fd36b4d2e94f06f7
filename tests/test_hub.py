"""The hub pieces without a hub: the client's set-up and messages, the hub config, the store."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from traitlets.config import Config

import kit
from kit.cohort import init_cohort
from kit.cohort.sources import exchange_for_cohort
from kit.errors import KitError
from kit.handin.exchange import Exchange, ExchangeError, exchange_from_env, explain
from kit.handin.learner import prepare
from kit.hub.hubconfig import add_exchange
from kit.hub.service import bind_address
from kit.hub.storage import DB_FILE, HandinStore


@pytest.fixture(autouse=True)
def no_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("KIT_EXCHANGE_URL", "JUPYTERHUB_API_TOKEN", "KIT_INBOX"):
        monkeypatch.delenv(var, raising=False)


def test_without_an_exchange_url_hand_ins_are_files(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert exchange_from_env() is None
    assert prepare().target is not None and prepare().target.parent == tmp_path


def test_an_exchange_url_sends_hand_ins_to_the_hub(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_EXCHANGE_URL", "http://127.0.0.1:9/services/kit-exchange/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "abc")
    assert exchange_from_env() == Exchange("http://127.0.0.1:9/services/kit-exchange/", "abc")
    handin = prepare()
    assert handin.target is None
    assert "to your trainer through the hub (http://127.0.0.1:9/" in str(handin.preview)
    with pytest.raises(ExchangeError, match="is not answering"):
        kit.submit()  # port 9 (discard) is closed here


def test_an_exchange_url_without_a_token_says_so(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_EXCHANGE_URL", "http://127.0.0.1:9/")
    with pytest.raises(ExchangeError, match="there is no hub token"):
        kit.submit()


def test_refusals_are_explained_in_one_line() -> None:
    assert explain(401, "").startswith("the hub did not say who you are")
    assert explain(403, "").startswith("your hub token was not accepted (expired or revoked)")
    assert explain(403, "x is not in the hub group 'trainers' of trainers") == (
        "the service refused it: x is not in the hub group 'trainers' of trainers"
    )
    assert explain(502, "").startswith("the hand-in service failed (502)")
    for status in (400, 401, 403, 404, 413, 500):
        assert "\n" not in explain(status, "why")


def test_collect_from_the_hub_needs_a_group_and_a_token(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = init_cohort(tmp_path / "plain")
    with pytest.raises(KitError, match="set hub_group"):
        exchange_for_cohort(plain)
    hub = init_cohort(tmp_path / "hub", hub_group="trainers")
    assert hub.config.hub_group == "trainers"
    with pytest.raises(KitError, match="needs KIT_EXCHANGE_URL"):
        exchange_for_cohort(hub)
    monkeypatch.setenv("KIT_EXCHANGE_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "t")
    assert exchange_for_cohort(hub) == (Exchange("http://127.0.0.1:9/", "t"), "trainers")


def test_add_exchange_keeps_what_the_config_already_has() -> None:
    c = Config()
    c.JupyterHub.services = [{"name": "other", "api_token": "x"}]
    c.JupyterHub.load_roles = [{"name": "other", "scopes": ["read:users"], "services": ["other"]}]
    c.Spawner.environment = {"LANG": "C.UTF-8"}
    add_exchange(c, data="/srv/x", trainers=["coaches"], port=4321, command=["py", "-m", "kit.hub"])
    assert [s["name"] for s in c.JupyterHub.services] == ["other", "kit-exchange"]
    service = c.JupyterHub.services[1]
    assert service["command"] == [
        "py",
        "-m",
        "kit.hub",
        "--data",
        "/srv/x",
        "--trainers",
        "coaches",
    ]
    assert service["url"] == "http://127.0.0.1:4321"
    roles = {r["name"]: r["scopes"] for r in c.JupyterHub.load_roles}
    assert roles["user"] == ["self", "access:services!service=kit-exchange"]
    assert roles["kit-exchange"] == ["read:groups"] and roles["other"] == ["read:users"]
    assert c.Spawner.server_token_scopes[-1] == "access:services!service=kit-exchange"
    assert "access:servers!server" in c.Spawner.server_token_scopes
    assert c.Spawner.environment == {
        "LANG": "C.UTF-8",
        "KIT_EXCHANGE_URL": "http://127.0.0.1:4321/services/kit-exchange/",
    }


def test_the_service_listens_on_loopback_or_everywhere() -> None:
    assert bind_address("127.0.0.1") == "127.0.0.1"
    assert bind_address("hub") == ""


def test_the_service_store_is_private_and_keeps_each_hand_in_once(tmp_path: Path) -> None:
    store = HandinStore(tmp_path / "exchange")
    first = store.add("ana", b"{}")
    again = store.add("ana", b"{}")
    other = store.add("bo", b"{}")
    assert not first.duplicate and again.duplicate and again.id == first.id
    assert other.id != first.id
    assert [(s.learner, s.size) for s in store.list()] == [("ana", 2), ("bo", 2)]
    assert store.body(first.id) == b"{}" and store.body(999) is None
    assert stat.S_IMODE((tmp_path / "exchange").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "exchange" / DB_FILE).stat().st_mode) == 0o600
    store.close()


def test_the_button_says_in_one_line_when_the_service_is_down(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit.cohort import submit_button

    kit.record("m01.pick-one", "b")
    monkeypatch.setenv("KIT_EXCHANGE_URL", "http://127.0.0.1:9/services/kit-exchange/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "abc")
    button = submit_button()
    button.click()
    assert "to your trainer through the hub" in button.preview[0]
    button.confirm()
    assert button.failed and "\n" not in button.message
    assert button.message.startswith("Not handed in: the hand-in service at http://127.0.0.1:9/")
    assert [a.response for a in kit.api.open_store().attempts("tester")] == ["b"]
