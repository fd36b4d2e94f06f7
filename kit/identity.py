"""Who the learner is: KIT_LEARNER, else JUPYTERHUB_USER, else the saved name, else the OS user."""

from __future__ import annotations

import getpass
import os
import unicodedata

from kit.errors import LearnerError

MAX_LENGTH = 64
NAME_SETTING = "learner_name"
# Zero-width non-joiner and joiner: part of how Persian, Kurdish and Indic names are spelled,
# so allowed inside a name. Every other format character (bidi overrides...) is refused.
JOINERS = frozenset("\u200c\u200d")


def validate_learner(name: object) -> str:
    """A learner id safe as a database key and a file name part; raise LearnerError if not."""
    if not isinstance(name, str):
        raise LearnerError(f"a learner name must be text, not {type(name).__name__}")
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise LearnerError("a learner name cannot be empty")
    if len(name) > MAX_LENGTH:
        raise LearnerError(f"a learner name can have at most {MAX_LENGTH} characters")
    if any(c in "/\\" or _is_control(c) for c in name) or name[0] in JOINERS or name[-1] in JOINERS:
        raise LearnerError("a learner name cannot contain slashes or control characters")
    if name in (".", ".."):
        raise LearnerError("a learner name cannot be '.' or '..'")
    return name


def _is_control(c: str) -> bool:
    return c not in JOINERS and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")


def learner_from_env() -> str | None:
    """The learner forced by the environment (KIT_LEARNER, then JUPYTERHUB_USER), if any."""
    for var in ("KIT_LEARNER", "JUPYTERHUB_USER"):
        value = os.environ.get(var, "").strip()
        if value:
            return validate_learner(value)
    return None


def resolve_learner(saved_name: str | None) -> str:
    """The current learner, given the name saved in the store (if any)."""
    return learner_from_env() or validate_learner(saved_name or _os_user())


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "learner"
