"""The widgets' JavaScript and CSS, read from the package: the shared base and each control."""

from __future__ import annotations

from importlib.resources import files

STATIC = files("kit.ui") / "static"
CONTROLS = files("kit.kinds") / "controls"


def css() -> str:
    """The stylesheet every kit widget shares."""
    return (STATIC / "kit.css").read_text()


def esm(control: str) -> str:
    """A widget's module: the shared base, then one control from `kit/ui/static`."""
    return (STATIC / "base.js").read_text() + "\n" + (STATIC / control).read_text()


def kind_esm(control: str) -> str:
    """An exercise widget's module: the shared base, then a kind's control."""
    return (STATIC / "base.js").read_text() + "\n" + (CONTROLS / control).read_text()
