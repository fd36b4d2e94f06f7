"""What `kit progress` and `kit xapi send` say about the outbox."""

from __future__ import annotations

from kit.interop.xapi.config import XapiError, xapi_config
from kit.interop.xapi.sender import Delivery


def waiting() -> tuple[int, str]:
    """How many statements wait, and a line saying so ("" when xAPI is off and none wait)."""
    from kit.api import context

    catalog, store, learner = context()
    config = xapi_config()
    if config is not None:
        from kit.interop.xapi.queue import queue_new

        queue_new(store, catalog, learner, config)
    count, refused, _sent = store.outbox_counts()
    if config is None and not count and not refused:
        return 0, ""
    line = f"{count} statement(s) wait to be sent to the learning record store"
    if refused:
        line += f"; {refused} refused by it (kept in your store)"
    return count, line


def send_now() -> Delivery:
    """Queue and send every waiting statement now."""
    from kit.api import context
    from kit.interop.xapi.queue import queue_new
    from kit.interop.xapi.sender import send_waiting

    config = xapi_config()
    if config is None:
        raise XapiError(
            "no learning record store is set up (KIT_XAPI_ENDPOINT, or KIT_XAPI_RELAY on a hub);"
            " ask your trainer"
        )
    catalog, store, learner = context()
    queue_new(store, catalog, learner, config)
    return send_waiting(store, config)
