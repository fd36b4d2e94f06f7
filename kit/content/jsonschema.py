"""JSON Schemas of the content files, committed beside them so editors can complete and check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kit.content.catalog import default_root
from kit.content.schema import Course, ExerciseFile

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


def write_schemas(folder: Path | None = None) -> list[Path]:
    folder = folder or default_root()
    written = []
    for name, text in schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
