"""Names a package exports but imports only on first use (PEP 562), to keep imports light."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str,
    namespace: dict[str, Any],
    exports: dict[str, str],
    subpackages: tuple[str, ...] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`: each name in `exports` comes from the
    module it maps to, each of `subpackages` is imported as `package.name`."""

    def __getattr__(name: str) -> Any:
        if name in subpackages:
            return import_module(f"{package}.{name}")
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(exports[name]), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports, *subpackages})

    return __getattr__, __dir__
