"""The two places the learner's kit tells xAPI about: an answer saved, a module opened.

Both do nothing unless statements are wanted (`kit.interop.xapi.config`), and neither ever
lets a problem with xAPI reach the learner: the answer is already saved, and what could not
be queued now is queued the next time (see `queue`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from kit.content.catalog import Catalog
from kit.errors import KitError
from kit.store import Store

log = logging.getLogger("kit.xapi")
SESSION = datetime.now(UTC).isoformat(timespec="microseconds")  # this process
_launched: set[tuple[str, str]] = set()


def after_record(store: Store, catalog: Catalog, learner: str) -> None:
    """Queue the new answer's statements and wake the sender."""
    from kit.interop.xapi.config import xapi_config

    try:
        config = xapi_config()
        if config is None:
            return
        from kit.interop.xapi.queue import queue_new
        from kit.interop.xapi.sender import BACKGROUND

        queue_new(store, catalog, learner, config)
        BACKGROUND.kick(store, config)
    except KitError as exc:
        log.warning("xAPI: %s", exc)


def module_opened(store: Store, catalog: Catalog, learner: str, module_id: str) -> None:
    """Queue "launched" for a module the first time this process shows one of its exercises."""
    if (learner, module_id) in _launched:
        return
    from kit.interop.xapi.config import xapi_config

    try:
        config = xapi_config()
        if config is None:
            return
        from kit.interop.xapi.queue import queue_launch
        from kit.interop.xapi.sender import BACKGROUND

        queue_launch(store, catalog, learner, config, module_id, SESSION)
        _launched.add((learner, module_id))
        BACKGROUND.kick(store, config)
    except KitError as exc:
        log.warning("xAPI: %s", exc)


def exercise_shown(exercise_id: str, context: Callable[[], tuple[Catalog, Store, str]]) -> None:
    """`kit.show` put an exercise on screen: its module counts as launched. `context` gives
    the course, the store and the learner (kit.api.context), asked only if xAPI is on."""
    from kit.interop.xapi.config import xapi_config

    try:
        if xapi_config() is None:
            return
        catalog, store, learner = context()
        module_opened(store, catalog, learner, catalog.module(exercise_id[1:3]).id)
    except KitError as exc:
        log.warning("xAPI: %s", exc)
