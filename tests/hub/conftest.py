"""A real JupyterHub with the exchange service, shared by the hub tests of one session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .hubs import TRAINERS, Hub, Unavailable, start_hub

LEARNERS = ("ana", "bo", "cy")
TRAINER = "tina"


@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """A hub (dummy login, no servers spawned) with three learners and a trainer in TRAINERS."""
    try:
        running = start_hub(tmp_path_factory.mktemp("hub"))
    except Unavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        running.add_users(*LEARNERS, TRAINER)
        running.add_to_group(TRAINERS, TRAINER)
        yield running
    finally:
        running.stop()
