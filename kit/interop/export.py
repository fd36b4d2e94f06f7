"""`kit export gift|moodle-xml|qti`: write the question bank of a module or the whole course."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kit.content.catalog import load_catalog
from kit.errors import KitError
from kit.interop.bank import FORMATS, Bank, build_bank

SUFFIX = {"gift": ".gift.txt", "moodle-xml": ".moodle.xml", "qti": ".qti.zip"}


@dataclass(frozen=True)
class Exported:
    """What `export_bank` wrote and what the format could not hold."""

    path: Path
    bank: Bank
    fmt: str

    def lines(self) -> list[str]:
        n = len(self.bank.exercises)
        modules = sum(1 for _, _, e in self.bank.modules if e)
        lines = [f"wrote {self.path}: {n} exercise(s) from {modules} module(s) as {self.fmt}"]
        if self.bank.notes:
            lines.append(f"what {self.fmt} does not hold ({len(self.bank.notes)}):")
            lines += [f"  {note}" for note in self.bank.notes]
        return lines


def default_name(fmt: str, module: str | None) -> str:
    return ("course" if module is None else f"module-{module}") + SUFFIX[fmt]


def export_bank(
    fmt: str, output: Path | None = None, module: str | None = None, content: Path | None = None
) -> Exported:
    """Write the bank of `module` (or the course) in `fmt` to `output` (a file, or a folder to
    put the default name in; default: the working folder)."""
    if fmt not in FORMATS:
        raise KitError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    bank = build_bank(load_catalog(content), module)
    path = output or Path(default_name(fmt, module))
    if path.is_dir():
        path = path / default_name(fmt, module)
    if not path.parent.is_dir():
        raise KitError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        if fmt == "gift":
            from kit.interop.gift import write_gift

            _write(path, write_gift(bank).encode("utf-8"))
        elif fmt == "moodle-xml":
            from kit.interop.moodle import write_moodle_xml

            _write(path, write_moodle_xml(bank))
        else:
            from kit.interop.qti import write_qti

            write_qti(bank, path)
    except OSError as exc:
        raise KitError(f"cannot write {path}: {exc.strerror or exc}") from None
    return Exported(path, bank, fmt)


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
