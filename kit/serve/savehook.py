"""A save hook for the course's servers: notebooks are saved without live widget views.

A widget view in a saved notebook points at a model that lives only as long as its kernel;
opened again after a server restart it shows "Error displaying widget: model not found".
The hook drops the view from each output and keeps the plain-text fallback, which for an
exercise says how to bring it back.
"""

from __future__ import annotations

from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(model: dict[str, Any], **_kwargs: Any) -> None:
    """A `ContentsManager.pre_save_hook`: remove widget views (and saved widget state)."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    notebook = model["content"]
    notebook.get("metadata", {}).pop("widgets", None)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data")
            if isinstance(data, dict) and WIDGET_VIEW in data:
                data.pop(WIDGET_VIEW)
                if not data:
                    continue
            kept.append(output)
        cell["outputs"] = kept
