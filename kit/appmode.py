"""Whether the course runs as an app (Voilà), where learners see no code and no cells."""

from __future__ import annotations

import os


def in_app() -> bool:
    """True in a Voilà kernel: Voilà sets `SERVER_SOFTWARE` to voila/<version>."""
    return os.environ.get("SERVER_SOFTWARE", "").startswith("voila/")
