"""Nothing overprints: on every page of the course's handouts, no two lines of text touch,
none runs into the footer, and none leaves the printable page.

Lines are read back from the PDF with PDFium: characters in reading order on one baseline
form a run, boxed by the union of their glyphs' ink. Two runs whose boxes intersect are text
printed over text.
"""

from __future__ import annotations

import ctypes
import random
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

import kit
from kit.cohort.synthetic import random_response
from kit.content.catalog import load_catalog

pytestmark = pytest.mark.pdf

TOLERANCE = 0.5  # points: glyph boxes may touch by this much
SAME_LINE = 0.3  # baselines this close (in font sizes) are one line: marks and joined letters
EDGE = 14.0  # points (5 mm): nothing closer to the paper's edge, where printers cannot print
LONG_WORD = "Unbreakable" * 18 + "xy"  # 200 letters, no hyphenation point a reader would want
SCRIPTS = (
    "我们在周会上讨论了项目的进度，每个人都说出了自己的困难，我先听完再回答，没有打断任何人。"
    "下次我想先问问题。\n\n"
    "会議の前に、チームの一人ひとりと話しました。\n\n"
    "회의 전에 팀원 한 명 한 명과 이야기를 나눴습니다.\n\n"
    "تحدثت مع كل شخص في الفريق قبل الاجتماع، واستمعت حتى النهاية.\n\n"
    "דיברתי עם כל אחד בצוות לפני הפגישה.\n\n"
    "मैंने बैठक से पहले टीम के हर व्यक्ति से बात की।\n\n"
    "ฉันคุยกับทุกคนในทีมก่อนการประชุม 🙂👍🏽"
)


@dataclass
class Run:
    """Characters on one baseline, in reading order, and the box of their ink."""

    page: int
    text: str
    left: float
    bottom: float
    right: float
    top: float
    baseline: float
    size: float

    def meets(self, other: Run) -> bool:
        """Whether two lines' ink meets. Runs on one baseline are one line (right-to-left
        text is stored in reading order, so its pieces interleave across the line)."""
        if abs(self.baseline - other.baseline) <= SAME_LINE * min(self.size, other.size):
            return False
        across = min(self.right, other.right) - max(self.left, other.left)
        up = min(self.top, other.top) - max(self.bottom, other.bottom)
        return across > TOLERANCE and up > TOLERANCE


def text_runs(path: Path) -> tuple[list[list[Run]], list[tuple[float, float]]]:
    """Each page's runs, and each page's size (width, height) in points."""
    document = pdfium.PdfDocument(path)
    pages, sizes = [], []
    x, y = ctypes.c_double(), ctypes.c_double()
    for n in range(len(document)):
        page = document[n]
        sizes.append((page.get_width(), page.get_height()))
        text = page.get_textpage()
        runs: list[Run] = []
        for i in range(text.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(text.raw, i))
            if not char.strip() or char == "\u200b":  # spaces, and break points, have no ink
                continue
            left, bottom, right, top = text.get_charbox(i)
            pdfium_c.FPDFText_GetCharOrigin(text.raw, i, ctypes.byref(x), ctypes.byref(y))
            size = pdfium_c.FPDFText_GetFontSize(text.raw, i)
            last = runs[-1] if runs else None
            if last and abs(last.baseline - y.value) <= SAME_LINE * size:
                last.text += char
                last.left, last.right = min(last.left, left), max(last.right, right)
                last.bottom, last.top = min(last.bottom, bottom), max(last.top, top)
            else:
                runs.append(Run(n + 1, char, left, bottom, right, top, y.value, size))
        pages.append(runs)
    return pages, sizes


def problems(path: Path) -> tuple[list[str], int]:
    """What overprints or leaves the page, and how many runs were checked."""
    pages, sizes = text_runs(path)
    found = []
    for runs, (width, height) in zip(pages, sizes, strict=True):
        ordered = sorted(runs, key=lambda r: r.bottom)
        for i, a in enumerate(ordered):
            if a.left < EDGE or a.bottom < EDGE or a.right > width - EDGE or a.top > height - EDGE:
                found.append(f"page {a.page}: {a.text[:40]!r} leaves the page")
            for b in ordered[i + 1 :]:
                if b.bottom > a.top:
                    break
                if a.meets(b):
                    found.append(f"page {a.page}: {a.text[:40]!r} over {b.text[:40]!r}")
    return found, sum(len(r) for r in pages)


def test_the_checker_sees_text_printed_over_text(tmp_path: Path) -> None:
    """A page with two lines set on top of each other, and one off the edge, is caught."""
    import typst

    source = tmp_path / "clash.typ"
    source.write_text(
        "#set page(width: 10cm, height: 6cm)\n"
        "#place(top + left, dy: 1cm)[Two lines of text]\n"
        "#place(top + left, dy: 1.25cm)[printed over each other]\n"
        "#place(bottom + left, dx: -1cm)[Off the edge]\n",
        encoding="utf-8",
    )
    pdf = tmp_path / "clash.pdf"
    pdf.write_bytes(typst.compile(str(source)))
    found, _ = problems(pdf)
    assert any("over" in f for f in found)
    assert any("leaves the page" in f for f in found)


def answer_everything(learner: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every exercise answered, reflections in many scripts and with a 200-letter word."""
    monkeypatch.setenv("KIT_LEARNER", learner)
    rng = random.Random(13)
    for exercise in load_catalog().exercises.values():
        response = random_response(exercise, rng, 0.6)
        if exercise.kind == "reflection":
            texts = [SCRIPTS, f"{LONG_WORD}\nand then some ordinary words"]
            response = {
                p: texts[n % 2] + "\n" + str(v) for n, (p, v) in enumerate(response.items())
            }
        kit.record(exercise.id, response)


def assert_clean(path: Path) -> int:
    found, runs = problems(path)
    assert runs > 0
    assert found == [], f"{len(found)} problems, e.g. {found[:5]}"
    return runs


def test_facilitator_guide_of_the_whole_course_never_overprints(tmp_path: Path) -> None:
    assert_clean(kit.handout("guide", tmp_path / "guide.pdf", paper="a4"))


def test_worksheets_of_the_whole_course_never_overprint_on_letter(tmp_path: Path) -> None:
    assert_clean(kit.handout("worksheets", tmp_path / "ws.pdf", paper="letter"))


@pytest.mark.parametrize("module", [m.id for m in load_catalog().course.modules])
def test_each_modules_worksheets_never_overprint(module: str, tmp_path: Path) -> None:
    assert_clean(kit.handout("worksheets", tmp_path / f"ws-{module}.pdf", module=module))


def test_full_workbook_in_every_script_never_overprints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_everything("李雷 · مریم‌جان", monkeypatch)
    path = kit.handout("workbook", tmp_path / "wb.pdf", paper="a4")
    assert_clean(path)
    pages, _ = text_runs(path)
    pieces = [r for runs in pages for r in runs if r.text and r.text in LONG_WORD]
    assert sum(len(r.text) for r in pieces) >= len(LONG_WORD)  # all of the word is printed
    assert len({(r.page, r.baseline) for r in pieces}) >= 2  # on more than one line
