"""The exercise kinds: one module each, `kit/kinds/<name>.py`, on the base in `kit.kinds.base`.

`kind_of(exercise)` gives the kind of an exercise, importing its module on first use, so
`import kit` and every tool that never meets an exercise stay light. `tests/test_kinds.py`
checks every part of every kind.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from kit.kinds.base import Kind


def _choice() -> Kind[Any]:
    from kit.kinds.choice import Choice

    return Choice()


def _multi() -> Kind[Any]:
    from kit.kinds.multi import Multi

    return Multi()


def _scenario() -> Kind[Any]:
    from kit.kinds.scenario import Scenario

    return Scenario()


def _categorize() -> Kind[Any]:
    from kit.kinds.categorize import Categorize

    return Categorize()


def _order() -> Kind[Any]:
    from kit.kinds.order import Order

    return Order()


def _likert() -> Kind[Any]:
    from kit.kinds.likert import Likert

    return Likert()


def _reflection() -> Kind[Any]:
    from kit.kinds.reflection import Reflection

    return Reflection()


# Every kind, by the name exercise files give in `kind:`.
LOADERS: dict[str, Callable[[], Kind[Any]]] = {
    "choice": _choice,
    "multi": _multi,
    "scenario": _scenario,
    "categorize": _categorize,
    "order": _order,
    "likert": _likert,
    "reflection": _reflection,
}
KINDS: tuple[str, ...] = tuple(LOADERS)


@cache
def kind(name: str) -> Kind[Any]:
    """The kind called `name`."""
    try:
        return LOADERS[name]()
    except KeyError:
        raise KeyError(f"no exercise kind {name!r}; the kinds are {', '.join(KINDS)}") from None


def kind_of(exercise: Any) -> Kind[Any]:
    """The kind of an exercise model."""
    name = getattr(exercise, "kind", None)
    if name not in LOADERS or not isinstance(exercise, kind(name).model):
        raise TypeError(f"not an exercise: {exercise!r}")
    return kind(name)


def all_kinds() -> list[Kind[Any]]:
    """Every kind, each module imported."""
    return [kind(name) for name in KINDS]
