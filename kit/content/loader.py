"""Read YAML content files into schema models, turning every failure into located Problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kit.errors import Problem

M = TypeVar("M", bound=BaseModel)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_model(path: Path, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Parse and validate one YAML file; return the model, or None and what is wrong with it."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(name, 1, "", "", f"cannot read file: {exc}")]
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(name, line, "", "", f"not valid YAML: {reason}")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        root = yaml.compose(text, Loader=_Loader)
        return None, [_problem(name, root, data, err) for err in exc.errors()]


def _problem(name: str, root: yaml.Node | None, data: Any, err: Any) -> Problem:
    loc = tuple(err["loc"])
    exercise_id, field_loc = "", loc
    if len(loc) >= 2 and loc[0] == "exercises" and isinstance(loc[1], int):
        exercise = _get(data, loc[:2])
        if isinstance(exercise, dict):
            exercise_id = str(exercise.get("id", f"exercises[{loc[1]}]"))
        field_loc = tuple(p for p in loc[2:] if p != _kind_of(exercise))
    field = ".".join(str(p) for p in field_loc)
    message = err["msg"].removeprefix("Value error, ")
    return Problem(name, line_of(root, loc), exercise_id, field, message)


def _kind_of(exercise: Any) -> Any:
    return exercise.get("kind") if isinstance(exercise, dict) else None


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """The 1-based line of the deepest YAML node that `loc` reaches (skipping union tags)."""
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
            if child is None:  # a key that is missing: point at its parent mapping
                continue
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if 0 <= part < len(node.value) else None
        if child is None:
            continue
        node, line = child, child.start_mark.line + 1
    return line


def find_line(path: Path, loc: tuple[Any, ...]) -> int:
    """The line of `loc` in a YAML file that is known to parse."""
    return line_of(yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader), loc)
