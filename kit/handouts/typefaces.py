"""The fonts handouts are set in, and a check that they can print every character given.

Latin, Greek and Cyrillic are set in Source Serif 4 and Source Sans 3, shipped with the kit.
Other scripts come from two font packages the kit installs from PyPI (both SIL Open Font
License): `manimgx-fonts` (Noto Sans for Arabic, Hebrew, Devanagari, Thai and 15 more
scripts, Noto Sans Symbols and Noto Emoji) and `noto-cjk-sans-otc` (Noto Sans CJK). A folder
of further fonts can be added with `--font-path` (or `KIT_FONT_PATH`, folders separated as in
PATH); Typst also uses the system's fonts.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

FONT_PACKAGES = ("manimgx_fonts", "noto_cjk_sans_otc")
FONT_PATH_VARIABLE = "KIT_FONT_PATH"
# Characters that never need a glyph: spaces, joiners, marks of direction, variation selectors.
_SILENT = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\ufe0e\ufe0f")


class MissingGlyphsWarning(UserWarning):
    """A handout has characters no font can print; the message names their scripts."""


def package_font_dirs() -> list[Path]:
    """Folders of the installed font packages (a package not installed is skipped)."""
    found = []
    for name in FONT_PACKAGES:
        try:
            folder = files(name)
        except ModuleNotFoundError:
            continue
        if isinstance(folder, Path):
            found.append(folder)
    return found


def extra_font_dirs(given: Iterable[str | Path] = ()) -> list[Path]:
    """Folders given with --font-path, then those in KIT_FONT_PATH."""
    from_env = [p for p in os.environ.get(FONT_PATH_VARIABLE, "").split(os.pathsep) if p]
    return [Path(p) for p in [*given, *from_env]]


@cache
def _cmap(path: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            table = font.get("cmap")
            return frozenset(table.getBestCmap() or {}) if table else frozenset()
    except Exception:  # an unreadable font covers nothing; Typst skips it too
        return frozenset()


class Coverage:
    """Which characters the fonts Typst was given can print. Cheap when the text is all in
    the first fonts (the shipped ones); the rest are read on first need."""

    def __init__(self, fonts: Any) -> None:
        self._faces = [(Path(f.path), f.index) for f in fonts.fonts() if f.path]
        self._known: set[int] = set()
        self._read = 0

    def missing(self, text: Iterable[str]) -> set[str]:
        """The characters of `text` that no font has."""
        wanted = {c for c in set().union(*map(set, text)) if _needs_glyph(c)}
        left = {c for c in wanted if ord(c) not in self._known}
        while left and self._read < len(self._faces):
            self._known |= _cmap(*self._faces[self._read])
            self._read += 1
            left = {c for c in left if ord(c) not in self._known}
        return left


def _needs_glyph(c: str) -> bool:
    return c not in _SILENT and unicodedata.category(c) not in ("Zs", "Zl", "Zp", "Cc", "Cf")


def script_of(c: str) -> str:
    """A character's script, as the first word of its Unicode name (e.g. "Tibetan"), or
    "symbols" for characters that are not letters, marks or digits."""
    if unicodedata.category(c)[0] not in "LMN":
        return "symbols"
    name = unicodedata.name(c, "")
    return name.split()[0].title() if name else "unnamed characters"


def describe_missing(missing: set[str]) -> str:
    """A sentence naming the scripts that cannot be printed and how to add a font for them."""
    by_script: dict[str, list[str]] = {}
    for c in sorted(missing):
        by_script.setdefault(script_of(c), []).append(c)
    parts = [
        f"{script} ({', '.join(f'{c} U+{ord(c):04X}' for c in chars[:3])}"
        + (f" and {len(chars) - 3} more" if len(chars) > 3 else "")
        + ")"
        for script, chars in sorted(by_script.items())
    ]
    return (
        f"no font can print {'; '.join(parts)}: they show as boxes. Add a folder with a font "
        f"that has them with --font-path FOLDER (or {FONT_PATH_VARIABLE}=FOLDER), e.g. the "
        "Noto font for that script."
    )


def strings(data: Any) -> Iterator[str]:
    """Every string in a handout's JSON data."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)
