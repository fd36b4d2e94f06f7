"""The contents manager of `kit lab`: notebooks open unchanged, and save without live widgets.

The course's notebooks name their language but not its version. When a kernel starts,
JupyterLab writes the kernel's full `language_info` into the notebook and so marks it as
unsaved although the learner changed nothing. Served with this Python's own language info
(the kernels run this Python), a notebook stays clean until the learner edits it.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

from kit.serve.savehook import drop_widget_views


def kernel_language_info() -> dict[str, Any]:
    """The `language_info` a kernel of this Python reports."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def complete_language_info(notebook: Any) -> None:
    """Fill in a Python notebook's `language_info` as its kernel will report it."""
    metadata = notebook.get("metadata")
    if metadata is None:
        return
    info = metadata.get("language_info") or {}
    if info.get("name", "python") != "python":
        return
    full = kernel_language_info()
    if any(info.get(key) != value for key, value in full.items()):
        metadata["language_info"] = {**info, **full}


class CourseContentsManager(AsyncLargeFileManager):
    """JupyterLab's usual contents manager, with the two course adjustments above."""

    async def get(self, path: Any, content: Any = True, *args: Any, **kwargs: Any) -> Any:
        model = await super().get(path, content, *args, **kwargs)  # type: ignore[no-untyped-call]
        if model.get("type") == "notebook" and model.get("content"):
            complete_language_info(model["content"])
        return model

    async def save(self, model: Any, path: Any = "") -> Any:
        drop_widget_views(model)
        return await super().save(model, path)  # type: ignore[no-untyped-call]
