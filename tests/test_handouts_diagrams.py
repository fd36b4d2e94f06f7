"""Teaching diagrams on the slides: a labelled vector drawing of each module's models,
credited from the course content, with no authoring text on any slide."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from kit.content.catalog import load_catalog
from kit.handouts.diagrams import diagrams_for, names_for, words
from kit.handouts.diagrams.canvas import Canvas
from kit.handouts.diagrams.drawings import DRAWINGS
from kit.handouts.render import render
from kit.handouts.slides import deck

from .conftest import REPO
from .test_handouts_layout import problems

CATALOG = load_catalog()
MODELS = {
    "01": {"two-systems", "golden-circle", "commitment-scale"},
    "02": {"five-stances"},
    "03": {"three-pulls", "responsibility-process"},
    "04": {"listening-levels"},
    "05": {"three-conversations"},
    "06": {"golden-circle"},
}


def slide_text(slide: dict) -> str:
    """Every word a slide shows, diagrams included."""

    def plain(nodes: list) -> str:
        return " ".join(n.get("text", "") + " " + plain(n.get("c", [])) for n in nodes)

    parts = [slide["title"], slide["kicker"], slide["footnote"], plain(slide["blocks"])]
    parts += [plain(i) for i in slide["items"] + slide["columns"]]
    for shape in slide.get("diagram", {}).get("shapes", []):
        parts.append(plain(shape.get("body", [])))
    return " ".join(" ".join(parts).split())


def test_every_module_with_a_model_shows_its_diagrams() -> None:
    for module in CATALOG.course.modules:
        assert MODELS.get(module.id, set()) <= set(names_for(module)), module.id
        assert names_for(module), f"module {module.id} has no diagram"
    assert set(words()) == set(DRAWINGS)


def test_the_stances_deck_names_every_stance_on_its_diagram() -> None:
    [stances] = [d for d in diagrams_for(CATALOG, CATALOG.module("02")) if d.name == "five-stances"]
    shown = " ".join(stances.canvas.texts())
    for name in ("Within", "Front", "Back", "Side", "Field"):
        assert name in shown
    for other in ("visionary", "servant", "collaborative", "empathic and intuitive"):
        assert other in shown


def test_credits_are_the_sources_the_content_gives(tmp_path: Path) -> None:
    for module in CATALOG.course.modules:
        for picture in diagrams_for(CATALOG, module):
            drawn = set(words()[picture.name]["concepts"])
            given = [s for c in module.concepts if c.id in drawn for s in c.sources]
            assert picture.credits == list(dict.fromkeys(given))
            for source in picture.credits:
                assert source in picture.footnote
    root = tmp_path / "course"
    shutil.copytree(REPO / "exercises", root / "exercises")
    shutil.copytree(REPO / "modules", root / "modules")
    path = root / "exercises" / "course.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    stances = next(m for m in data["modules"] if m["id"] == "02")
    for concept in stances["concepts"]:
        concept["sources"] = ["Someone Else 2031"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    catalog = load_catalog(root / "exercises")
    [picture] = diagrams_for(catalog, catalog.module("02"))
    assert picture.credits == ["Someone Else 2031"]
    assert "Kimsey-House" not in picture.footnote


def test_no_authoring_text_on_any_slide() -> None:
    """What the manifest tells authors a concept teaches is not for the room."""
    for module in CATALOG.course.modules:
        shown = " ".join(slide_text(s) for s in deck(CATALOG, module.id).slides)
        for concept in module.concepts:
            teach = " ".join(concept.teach.split())
            assert teach[:50] not in shown, (module.id, concept.id)
        assert "The models and where they come from" not in shown


def test_a_drawing_cannot_leave_its_canvas() -> None:
    canvas = Canvas(10, 5)
    canvas.rect(0, 0, 10, 5)
    with pytest.raises(ValueError, match="leaves the canvas"):
        canvas.text(8, 1, 3, 1, "too wide")
    with pytest.raises(ValueError, match="leaves the canvas"):
        canvas.line([(0, 0), (0, 6)])


def test_a_module_with_no_drawn_model_shows_no_diagram(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(REPO / "exercises", root / "exercises")
    shutil.copytree(REPO / "modules", root / "modules")
    catalog = load_catalog(root / "exercises")
    module = catalog.module("04").model_copy(update={"concepts": []})
    assert names_for(module) == [] and diagrams_for(catalog, module) == []


@pytest.mark.pdf
@pytest.mark.parametrize("module", sorted(MODELS))
def test_diagram_slides_are_vector_drawings_with_real_labels(module: str, tmp_path: Path) -> None:
    d = deck(CATALOG, module)
    path = render(d, tmp_path / f"slides-{module}.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) == len(d.slides)
    assert problems(path)[0] == []
    for n, slide in enumerate(d.slides):
        if "diagram" not in slide:
            continue
        page = reader.pages[n]
        shown = " ".join(page.extract_text().split())
        assert slide["title"] in shown
        labels = [" ".join(t.split()) for t in Canvas(**slide["diagram"]).texts()]
        words_shown = set(shown.split())
        for label in labels:  # every label is text in the PDF (wrapped, so word by word)
            assert set(label.replace("*", "").split()) <= words_shown, label
        assert not page.images, "a diagram is drawn, not an image"
        if slide["footnote"].startswith("Sources:"):
            assert "Sources:" in shown
