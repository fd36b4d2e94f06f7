"""Render a `Handout` to PDF with Typst, using the template and fonts shipped with the kit.

The handout's data is written as JSON beside a copy of the template in a fresh folder, which is
the only folder Typst may read; images go there too. Strings in the data are set as plain text,
so nothing a learner writes can change the layout or reach the file system.
"""

from __future__ import annotations

import json
import locale
import os
import re
import tempfile
import warnings
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Protocol

from kit.errors import KitError
from kit.handouts.model import Paper

TEMPLATE = "handout.typ"
DATA = "data.json"
# Territories that print on US Letter; everywhere else uses A4.
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "PR", "SV", "NI", "BZ"}
)
_TERRITORY = re.compile(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})\b")


class RenderError(KitError):
    """Typst could not make the PDF; the message says why."""


def default_paper() -> Paper:
    """US Letter where the locale's territory prints on it (e.g. en_US, fr_CA), else A4."""
    name = next((os.environ[v] for v in ("LC_ALL", "LC_PAPER", "LANG") if os.environ.get(v)), None)
    if name is None:  # no POSIX locale variables (Windows, macOS apps): ask the system
        try:
            name = locale.getlocale()[0] or ""
        except ValueError:
            name = ""
    match = _TERRITORY.match(name)
    if match:
        return "letter" if match.group(1).upper() in LETTER_TERRITORIES else "a4"
    return "letter" if "United States" in name or "Canada" in name else "a4"


def _resource_dir(name: str) -> Path:
    """A package-data folder as a real path (copied out once if the kit runs from a zip)."""
    resource = files("kit.handouts") / name
    if isinstance(resource, Path):
        return resource
    return _extracted(name)


@cache
def _extracted(name: str) -> Path:
    target = Path(tempfile.mkdtemp(prefix="kit-handouts-")) / name
    target.mkdir()
    source: Traversable = files("kit.handouts") / name
    for item in source.iterdir():
        if item.is_file():
            (target / item.name).write_bytes(item.read_bytes())
    return target


def font_dir() -> Path:
    """The folder of fonts the handouts are set in (open licences, see its README)."""
    return _resource_dir("fonts")


def template_sources() -> dict[str, str]:
    """Every template by file name (a document's template may import the others)."""
    folder = files("kit.handouts") / "templates"
    return {
        item.name: item.read_text(encoding="utf-8")
        for item in folder.iterdir()
        if item.name.endswith(".typ")
    }


class Document(Protocol):
    """What the renderer sets: JSON data for a template, and images beside it by name."""

    images: dict[str, bytes]

    @property
    def template(self) -> str: ...

    def to_data(self) -> dict[str, Any]: ...


class Renderer:
    """Turns handouts into PDF bytes. One renderer loads the fonts once; reuse it for batches.

    font_paths: further folders (or files) of fonts, e.g. for a script the kit's fonts lack.
    script_fonts: False leaves out the font packages for non-Latin scripts (for measuring).
    """

    def __init__(self, font_paths: Iterable[str | Path] = (), *, script_fonts: bool = True) -> None:
        import typst

        from kit.handouts.typefaces import Coverage, extra_font_dirs, package_font_dirs

        self._typst = typst
        folders = [font_dir(), *(package_font_dirs() if script_fonts else [])]
        folders += extra_font_dirs(font_paths)
        fonts = typst.Fonts(include_system_fonts=True, font_paths=[str(f) for f in folders])
        self._compiler = typst.Compiler(font_paths=fonts)
        self._coverage = Coverage(fonts)
        self._templates = template_sources()

    def missing(self, handout: Document) -> set[str]:
        """The characters of the handout that none of the fonts can print."""
        from kit.handouts.typefaces import strings

        return self._coverage.missing(strings(handout.to_data()))

    def pdf(self, handout: Document) -> bytes:
        """The handout as PDF bytes. Characters no font has are named in a
        `MissingGlyphsWarning` (the PDF is still made; they show as boxes)."""
        from kit.handouts.typefaces import MissingGlyphsWarning, describe_missing

        missing = self.missing(handout)
        if missing:
            warnings.warn(MissingGlyphsWarning(describe_missing(missing)), stacklevel=2)
        with tempfile.TemporaryDirectory(prefix="kit-handout-") as folder:
            root = Path(folder)
            _write_inputs(root, handout.to_data(), handout.images, self._templates)
            try:
                output = self._compiler.compile(
                    input=str(root / handout.template), root=str(root), format="pdf"
                )
            except self._typst.TypstError as exc:
                raise RenderError(f"could not make the PDF: {exc}") from None
        assert isinstance(output, bytes)
        return output

    def write(self, handout: Document, output: Path) -> Path:
        """Write the handout to `output` (a .pdf file; folders are made) and return the path."""
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        data = self.pdf(handout)
        partial = output.with_name(output.name + ".part")
        partial.write_bytes(data)
        partial.replace(output)
        return output


def _write_inputs(
    root: Path, data: dict[str, Any], images: dict[str, bytes], templates: dict[str, str]
) -> None:
    for name, source in templates.items():
        (root / name).write_text(source, encoding="utf-8")
    # A lone surrogate (possible in text from a browser) becomes "?" rather than an error.
    (root / DATA).write_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8", "replace"))
    for name, content in images.items():
        if Path(name).name != name or name == DATA or name in templates:
            raise ValueError(f"bad image name {name!r}")
        (root / name).write_bytes(content)


@cache
def renderer(font_paths: tuple[str, ...] = ()) -> Renderer:
    """The process's shared renderer (one per set of extra font folders)."""
    return Renderer(font_paths)


def render(handout: Document, output: Path, font_paths: Iterable[str | Path] = ()) -> Path:
    """Write `handout` as a PDF to `output`; font_paths: further font folders."""
    return renderer(tuple(str(p) for p in font_paths)).write(handout, output)
