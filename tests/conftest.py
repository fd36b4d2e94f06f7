"""Shared fixtures: every test gets its own empty store and no learner from the environment;
the browser and hub tiers share one headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kit import store as store_module

HERE = Path(__file__).parent
SAMPLE = HERE / "fixtures" / "sample"


class SampleTotals:
    """The sample course's totals, worked out from it, so that a new sample exercise changes
    no test."""

    def __init__(self) -> None:
        from kit.content.catalog import load_catalog

        exercises = load_catalog(SAMPLE / "exercises").exercises.values()
        self.exercises = len(exercises)
        self.points = sum(e.points for e in exercises)

    def percent(self, score: float) -> float:
        """A score as a percentage of the sample's points, to one decimal, as reports show it."""
        return round(100 * score / self.points, 1)

    def answered(self, n: int) -> str:
        """How the kit says `n` exercises of the sample are answered."""
        return f"{n} of {self.exercises} exercises answered"


TOTALS = SampleTotals()
REPO = HERE.parent


# Tiers that share a server keep to one worker each when the tests run side by side
# (pytest-xdist's loadgroup), so each server starts once per run.
GROUPS = {"browser": "browser", "hub": "hub"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = Path(str(item.fspath)).parent.name
        if folder in GROUPS:
            item.add_marker(pytest.mark.xdist_group(GROUPS[folder]))


@pytest.fixture(autouse=True)
def kit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh KIT_HOME for each test; the learner comes from KIT_LEARNER='tester'."""
    home = tmp_path / "kit-home"
    monkeypatch.setenv("KIT_HOME", str(home))
    monkeypatch.setenv("KIT_LEARNER", "tester")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("KIT_CONTENT", raising=False)
    yield home
    for key, store in list(store_module._open.items()):
        store.close()
        del store_module._open[key]


@pytest.fixture
def sample(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Use the tiny sample course (one exercise of each kind) as the course content."""
    root = SAMPLE / "exercises"
    monkeypatch.setenv("KIT_CONTENT", str(root))
    return root


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, one for the session: the browser and hub tiers share it
    (Playwright's sync API runs one instance at a time)."""
    from playwright.sync_api import sync_playwright

    from .browser.conftest import CHROMIUM_ARGS, ensure_chromium

    executable = ensure_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
