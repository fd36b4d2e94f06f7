"""JSON Schemas of the content files, committed beside them so editors can complete and check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kit.content.catalog import INSTALLED, course_to_check
from kit.content.schema import Course, ExerciseFile
from kit.errors import KitError

SCHEMAS: dict[str, type[BaseModel]] = {
    "exercise-file.schema.json": ExerciseFile,
    "course.schema.json": Course,
}


def schemas() -> dict[str, str]:
    """File name -> JSON Schema text, as committed in the content folder."""
    out = {}
    for name, model in SCHEMAS.items():
        schema: dict[str, Any] = model.model_json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def schema_folder() -> Path:
    """Where `kit schema` writes with no folder given: the course folder you are in (found
    upward), else `KIT_CONTENT`; KitError if neither, rather than the installed course."""
    root, how = course_to_check()
    if how != INSTALLED:
        return root
    raise KitError(
        "no course folder here (none holds course.yaml, looking upward); name one:"
        " kit schema FOLDER"
    )


def write_schemas(folder: Path) -> list[Path]:
    """Write the schemas into `folder`; KitError (one line) if it cannot be written."""
    written = []
    for name, text in schemas().items():
        path = folder / name
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise KitError(f"cannot write {path}: {exc.strerror or exc}") from None
        written.append(path)
    return written
