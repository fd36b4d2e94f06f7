"""Leadership Course Kit: exercises, feedback and saved progress for a course for new managers.

In a notebook::

    import kit
    kit.show("m01.appointed-or-chosen")         # an exercise, with your last answer
    kit.progress()                              # what you have done so far
    kit.handout("workbook", "my-workbook.pdf")  # your answers and feedback as a PDF
    kit.submit()                                # hand your answers to your trainer, as one file

Names are loaded on first use, so `import kit` itself costs almost nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from kit.api import progress, record, set_name, show, whoami
    from kit.cohort.learner import submit
    from kit.handouts import handout

_EXPORTS = {
    "handout": "kit.handouts",
    "progress": "kit.api",
    "record": "kit.api",
    "set_name": "kit.api",
    "show": "kit.api",
    "submit": "kit.cohort.learner",
    "whoami": "kit.api",
}
_SUBPACKAGES = ("cohort", "handouts")

__all__ = ["__version__", "handout", "progress", "record", "set_name", "show", "submit", "whoami"]


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return import_module(f"kit.{name}")
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kit' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_SUBPACKAGES})
