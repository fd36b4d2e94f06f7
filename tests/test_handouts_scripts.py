"""Every script prints: learners' names and answers in real glyphs, right-to-left paragraphs
set right to left, and a clear word, with the way out, for a script no font has."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import kit
from kit.cli import main
from kit.handouts.render import Renderer
from kit.handouts.scripts import direction
from kit.handouts.typefaces import package_font_dirs

from .test_handouts_layout import problems, text_runs

pytestmark = pytest.mark.pdf

# name, answer; each with characters no Latin font has
SCRIPTS = {
    "Chinese": ("李雷", "我先听完每个人的困难，再问他们需要什么。"),
    "Japanese": ("佐藤ひかり", "会議の前に、チームの一人ひとりと話しました。"),
    "Korean": ("김민준", "회의 전에 팀원 한 명 한 명과 이야기를 나눴습니다."),
    "Arabic": ("مريم", "تحدثت مع كل شخص في الفريق قبل الاجتماع."),
    "Persian": ("مهر\u200cناز", "پیش از جلسه با همه\u200cی اعضای تیم صحبت کردم."),
    "Hebrew": ("נועה", "דיברתי עם כל אחד בצוות לפני הפגישה."),
    "Devanagari": ("अनन्या", "मैंने बैठक से पहले टीम के हर व्यक्ति से बात की।"),
    "Thai": ("สมชาย", "ฉันคุยกับทุกคนในทีมก่อนการประชุม"),
    "Emoji": ("Ana 🌻", "I listened first 🙂👍🏽 and asked what they needed 🎯."),
}
EXACT = ("Chinese", "Japanese", "Korean", "Emoji")  # extracted as typed, in order
# Where a font draws several letters as one glyph (Arabic ligatures, Thai marks), the PDF maps
# the glyph to its first letter; those scripts are checked by their extracted text alone.
LIGATURES = ("Arabic", "Persian", "Thai")


def mapped_characters(path: Path) -> set[str]:
    """Every character some embedded font has a glyph for (its ToUnicode map). A character
    set as a box is in none: fonts map only the glyphs they really have."""
    found: set[str] = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for _glyph, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                    found |= set(bytes.fromhex(text).decode("utf-16-be"))
    return found


def extracted(path: Path) -> str:
    """The PDF's text as a reader's copy and paste gets it (PDFium, as in Chrome)."""
    document = pdfium.PdfDocument(path)
    return " ".join(document[n].get_textpage().get_text_range() for n in range(len(document)))


def visible(text: str) -> set[str]:
    return {c for c in text if c.strip() and c not in "\u200c\u200d\ufe0f"}


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_names_and_answers_print_in_real_glyphs(
    script: str, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, answer = SCRIPTS[script]
    monkeypatch.setenv("KIT_LEARNER", name)
    kit.record("m01.think", {"when": answer, "what": answer})
    # a MissingGlyphsWarning would fail the test (warnings are errors)
    path = kit.handout("workbook", tmp_path / "wb.pdf", module="01")
    if script not in LIGATURES:
        missing = visible(name + answer) - mapped_characters(path)
        assert not missing, f"set as boxes: {sorted(missing)}"
    text = extracted(path)
    assert visible(name + answer) <= set(text)
    if script in EXACT:
        assert answer in text and name in text
    assert problems(path)[0] == []


@pytest.mark.parametrize("script", ["Arabic", "Persian", "Hebrew"])
def test_right_to_left_answers_are_set_right_to_left(
    script: str, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A right-to-left paragraph starts at the right edge of its box; an English one beside
    it starts at the left edge."""
    _name, answer = SCRIPTS[script]
    kit.record("m01.think", {"when": answer, "what": "I asked the team first."})
    path = kit.handout("workbook", tmp_path / "wb.pdf", module="01")
    runs = [r for page in text_runs(path)[0] for r in page]
    rtl = next(r for r in runs if direction(r.text) == "rtl")
    ltr = next(r for r in runs if r.text == "Iaskedtheteamfirst.")
    assert rtl.right - ltr.left > 400  # it ends at the right edge of the answer box,
    assert rtl.left - ltr.left > 100  # and, being short, leaves its left empty


def test_a_script_no_font_has_is_named_with_the_way_to_add_a_font(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIT_LEARNER", "བཀྲ་ཤིས")  # Tibetan: in none of the kit's fonts
    kit.record("m01.think", {"when": "ཁ་སང་", "what": "I asked the team first."})
    result = CliRunner().invoke(
        main, ["handout", "workbook", "--module", "01", "-o", str(tmp_path / "wb.pdf")]
    )
    assert result.exit_code == 0, result.output
    assert "warning: no font can print Tibetan (" in result.stderr
    assert "--font-path FOLDER" in result.stderr
    assert result.stderr.count("warning:") == 1
    assert (tmp_path / "wb.pdf").is_file()


def test_font_path_adds_the_fonts_of_a_folder(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the script font packages Thai cannot be printed; a folder with a Thai font,
    given as a font path, prints it."""
    from kit.content.catalog import load_catalog
    from kit.handouts.documents import build

    monkeypatch.setenv("KIT_LEARNER", "สมชาย")
    handout = build("worksheets", load_catalog(), "01")
    handout.learner = "สมชาย"
    thai = [d / "NotoSansThai[wght].ttf" for d in package_font_dirs()]
    thai = [f for f in thai if f.is_file()]
    assert thai, "the script fonts are installed with the kit"
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / thai[0].name).write_bytes(thai[0].read_bytes())
    assert Renderer(script_fonts=False).missing(handout) >= set("สมชาย")
    assert Renderer([folder], script_fonts=False).missing(handout) == set()
