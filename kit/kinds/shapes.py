"""Checks of a response's shape, shared by the kinds: each refuses with one plain line."""

from __future__ import annotations

from typing import Any

from kit.errors import ResponseError


def one_of(response: Any, known: dict[str, Any], what: str) -> Any:
    """The `known` entry `response` names (one id as a string)."""
    if not isinstance(response, str):
        raise ResponseError(f"expected one {what} id as a string, got {type(response).__name__}")
    if response not in known:
        raise ResponseError(f"unknown {what} {response!r}; expected one of {sorted(known)}")
    return known[response]


def mapping(response: Any, keys: list[str], what: str) -> dict[str, Any]:
    """`response` as an object with exactly `keys`."""
    if not isinstance(response, dict):
        raise ResponseError(
            f"expected an object of {{{what} id: value}}, got {type(response).__name__}"
        )
    unknown = sorted(set(response) - set(keys))
    if unknown:
        raise ResponseError(f"unknown {what} {unknown}; expected {keys}")
    missing = [k for k in keys if k not in response]
    if missing:
        raise ResponseError(f"missing {what} {missing}")
    return response


def ids(response: Any, known: list[str], what: str) -> list[str]:
    """`response` as a list of distinct ids from `known`."""
    if not isinstance(response, list) or not all(isinstance(x, str) for x in response):
        raise ResponseError(f"expected a list of {what} ids")
    unknown = sorted(set(response) - set(known))
    if unknown:
        raise ResponseError(f"unknown {what} {unknown}; expected ids from {known}")
    if len(set(response)) != len(response):
        raise ResponseError(f"a {what} id is listed more than once")
    return response
