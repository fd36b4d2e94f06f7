"""The nbconvert exporter: `jupyter nbconvert --to handout modules/01-....ipynb` makes a PDF.

Widgets do not survive an export, so each `kit.show(...)` cell is drawn from the content and
the store: the exercise with the current learner's latest answer and feedback.
"""

from __future__ import annotations

from typing import Any

from nbconvert.exporters import Exporter
from traitlets import Bool, Unicode


class HandoutExporter(Exporter):
    """A module notebook as a PDF handout with the learner's answers (set with Typst)."""

    export_from_notebook = "Handout (PDF)"
    output_mimetype = "application/pdf"

    include_code = Bool(False, help="Also show code cells that are not exercises, as code.").tag(
        config=True
    )
    paper = Unicode("", help="Paper size: a4 or letter (default: from the locale).").tag(
        config=True
    )
    learner = Unicode("", help="Whose answers to show (default: the current learner).").tag(
        config=True
    )

    def _file_extension_default(self) -> str:
        return ".pdf"

    def from_notebook_node(  # type: ignore[override]  # PDF bytes, as nbconvert's PDFExporter
        self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[bytes, dict[str, Any]]:
        from kit.answers import latest_answers
        from kit.content.catalog import load_catalog
        from kit.handouts.api import learner_and_store, paper_size
        from kit.handouts.notebook import notebook_handout
        from kit.handouts.render import default_paper, renderer

        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        catalog = load_catalog()
        name, store = learner_and_store(self.learner or None, None)
        document = notebook_handout(
            [dict(cell) for cell in nb_copy.cells],
            resources.get("metadata", {}).get("name") or "notebook",
            catalog,
            learner=name,
            done=latest_answers(catalog, store, name),
            paper=paper_size(self.paper) if self.paper else default_paper(),
            include_code=self.include_code,
        )
        resources["output_extension"] = ".pdf"
        return renderer().pdf(document), resources
