"""`kit check`: find every content problem under the given paths."""

from __future__ import annotations

from pathlib import Path

from kit.content.catalog import (
    COURSE_FILE,
    check,
    check_notebook,
    course_to_check,
    default_root,
    load_catalog,
)
from kit.errors import ContentError, Problem


def content_root_of(path: Path) -> Path | None:
    """The content folder a path belongs to: one holding course.yaml, itself or nearby."""
    path = path.resolve()
    folder = path if path.is_dir() else path.parent
    for candidate in (folder, folder / "exercises", folder.parent / "exercises"):
        if (candidate / COURSE_FILE).is_file():
            return candidate
    return None


def check_paths(paths: list[Path]) -> list[Problem]:
    """Problems in the given folders and files (the course `course_to_check` finds if none)."""
    if not paths:
        return check(course_to_check()[0])
    problems: list[Problem] = []
    for path in paths:
        root = content_root_of(path) or default_root()
        if path.is_dir() or path.suffix in (".yaml", ".yml"):
            found = check(root)
            if path.is_file():
                found = [p for p in found if Path(p.file).resolve() == path.resolve()]
            problems += found
        elif path.suffix == ".ipynb":
            try:
                problems += check_notebook(path, load_catalog(root))
            except ContentError as exc:
                problems += exc.problems
        else:
            problems.append(
                Problem(str(path), 1, "", "", "not a content folder, YAML file or notebook")
            )
    return list(dict.fromkeys(problems))
