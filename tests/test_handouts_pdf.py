"""Real PDF handouts from the sample course: text, pages, paper, fonts and images checked."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import kit
from kit.cli import main
from kit.content.catalog import load_catalog
from kit.handouts.batch import workbooks
from kit.kinds import kind_of
from kit.store import STORE_FILE, open_store

from .conftest import SAMPLE, TOTALS

pytestmark = pytest.mark.pdf

NAME = "Zoë Ngũgĩ Łukasz-Ó'Brien"
HOSTILE = (
    '#import "/etc/passwd": * #read("/etc/passwd") #set page(width: 2cm) '
    "*bold* _em_ $x^2$ <label> @ref \\\\ back\\slash ] [ #{1 + 1} `raw` = Heading"
)
# The sample answered with some mistakes; an exercise not listed gets its kind's right answer.
ANSWERS = {
    "m01.pick-one": "a",
    "m01.pick-many": ["a", "b"],
    "m01.situation": "wait",
    "m01.sort-them": {"budget": "manage", "vision": "manage", "staff": "manage"},
    "m01.steps": ["second", "first", "third", "fourth"],
    "m01.profile": {"x1": 4, "y1": 2, "z1": 3, "x2": 1},
    "m01.profile-observer": {"x1": 2, "y1": 4, "z1": 3, "x2": 3},
    "m01.think": {"when": HOSTILE, "what": "I asked the team what was in the way today."},
}
ANSWERS |= {
    e.id: kind_of(e).sample(e)
    for e in load_catalog(SAMPLE / "exercises").exercises.values()
    if e.id not in ANSWERS
}
SECRET_MARKERS = ("FEEDBACK-", "RATIONALE-", "NOTE-", "FACILITATOR-", "GUIDANCE", "STRONG-")
A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)


class Pdf:
    """What a reader gets from a PDF: text (whitespace folded), pages, sizes, images, fonts."""

    def __init__(self, path: Path) -> None:
        reader = PdfReader(path)
        self.pages = [page.extract_text() for page in reader.pages]
        self.text = " ".join(" ".join(self.pages).split())
        self.sizes = {
            (round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
            for p in reader.pages
        }
        self.images = sum(len(page.images) for page in reader.pages)
        self.drawings = sum(
            1
            for page in reader.pages
            for x in page["/Resources"].get("/XObject", {}).values()
            if x.get_object().get("/Subtype") == "/Form"
        )
        self.fonts = {
            re.sub(r"^/[A-Z]{6}\+|-Identity-H$", "", str(font.get_object()["/BaseFont"]))
            for page in reader.pages
            for font in page["/Resources"].get("/Font", {}).values()
        }

    def __contains__(self, needle: str) -> bool:
        return " ".join(needle.split()) in self.text


@pytest.fixture
def answered(sample: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The sample course, every exercise answered by a learner with a non-ASCII name."""
    monkeypatch.setenv("KIT_LEARNER", NAME)
    for exercise_id, response in ANSWERS.items():
        kit.record(exercise_id, response)
    return NAME


def test_module_workbook_has_name_answers_feedback_chart_and_pages(
    answered: str, tmp_path: Path
) -> None:
    path = kit.handout("workbook", tmp_path / "wb.pdf", module="01", paper="a4")
    pdf = Pdf(path)
    assert NAME in pdf and "Workbook" in pdf and "Module 01 · Sample module" in pdf
    score = sum(kit.progress().to_frame()["score"])
    everything = TOTALS.answered(TOTALS.exercises)
    assert f"{everything} · {score:g} of {TOTALS.points:g} points" in pdf
    for feedback in ("FEEDBACK-A not this one.", "FEEDBACK-WAIT defensible.", "STRONG-X reading."):
        assert feedback in pdf
    assert "“Share a vision”: FEEDBACK-VISION direction." in pdf
    assert "5 of 6 pairs of steps are in the right order." in pdf
    assert "Not yet · 0 of 1 point" in pdf and "Partly right · 1 of 2 points" in pdf
    assert "I asked the team what was in the way today." in pdf
    assert "Key points" in pdf and "Every kind grades." in pdf
    assert "Contents" not in pdf
    pages = len(pdf.pages)
    assert pages >= 2
    assert all(f"Page {n} of {pages}" in pdf for n in range(1, pages + 1))
    # one radar, drawn as vectors: the self-assessment with the colleague's view over it
    assert pdf.images == 0 and pdf.drawings >= 1
    assert pdf.sizes == {A4}


def test_fonts_are_the_shipped_ones_and_the_name_is_set_in_them(
    answered: str, tmp_path: Path
) -> None:
    pdf = Pdf(kit.handout("workbook", tmp_path / "wb.pdf", module="01"))
    assert pdf.fonts <= {
        "SourceSerif4-Regular",
        "SourceSerif4-It",
        "SourceSerif4-Semibold",
        "SourceSerif4-SemiboldIt",
        "SourceSans3-Regular",
        "SourceSans3-Semibold",
        "SourceSans3-It",
    }
    assert {"SourceSerif4-Regular", "SourceSans3-Regular"} <= pdf.fonts
    for glyph in "ëũĩŁÓ":
        assert glyph in pdf.text


def test_hostile_answer_appears_verbatim_and_changes_nothing(answered: str, tmp_path: Path) -> None:
    pdf = Pdf(kit.handout("workbook", tmp_path / "wb.pdf", module="01", paper="a4"))
    assert HOSTILE in pdf
    assert pdf.sizes == {A4}  # the `#set page(width: 2cm)` in the answer did nothing
    assert "root:" not in pdf.text  # nothing was read from the file system


def test_hostile_learner_name_is_plain_text(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "#strong[x] $y$ <z> @w *v* ]"
    monkeypatch.setenv("KIT_LEARNER", name)
    kit.record("m01.pick-one", "a")
    monkeypatch.setenv("KIT_LEARNER", "someone else")
    kit.handout("workbook", tmp_path / "wb.pdf", module="01", learner=name)
    assert name in Pdf(tmp_path / "wb.pdf")


def test_a_workbook_for_a_learner_with_no_answers_is_an_error(
    answered: str, tmp_path: Path
) -> None:
    """--learner naming nobody gets a clear error, not an empty workbook."""
    out = tmp_path / "wb.pdf"
    result = CliRunner().invoke(main, ["handout", "workbook", "--learner", "Zoe", "-o", str(out)])
    assert result.exit_code == 1
    assert f"no answers from 'Zoe'; learners with answers: {answered}" in result.output
    assert not out.exists()


def test_unanswered_exercises_are_marked(sample: Path, tmp_path: Path) -> None:
    kit.record("m01.pick-one", "b")
    pdf = Pdf(kit.handout("workbook", tmp_path / "wb.pdf", module="01"))
    assert pdf.text.count("Not answered yet") == TOTALS.exercises - 1
    assert TOTALS.answered(1) in pdf and pdf.images == 0


def test_whole_course_workbook_has_a_contents_page(answered: str, tmp_path: Path) -> None:
    pdf = Pdf(kit.handout("workbook", tmp_path / "course.pdf"))
    first, second = (" ".join(page.split()) for page in pdf.pages[:2])
    assert "Contents" in first and "The whole course" in first
    assert re.search(r"Module 01 · Sample module[ .]*2", first)  # listed with its page
    assert "Key points" not in first and "Module 01 · Sample module" in second


def test_worksheets_have_prompts_and_space_but_no_keys(answered: str, tmp_path: Path) -> None:
    pdf = Pdf(kit.handout("worksheets", tmp_path / "ws.pdf", module="01", paper="letter"))
    for text in ("Which is the right one?", "Option A", "Ask what is on their mind", "Name"):
        assert text in pdf
    for text in ("When was it?", "Be concrete.", "Rarely Sometimes Often Usually"):
        assert text in pdf
    for marker in SECRET_MARKERS:
        assert marker not in pdf.text, marker
    for word in ("Best", "Partial credit", "No credit", "Key", "Correct", "Not yet", NAME):
        assert word not in pdf.text, word
    assert HOSTILE not in pdf  # no learner's answers either
    assert pdf.sizes == {LETTER} and pdf.images == 0


def test_guide_has_timings_discussion_keys_rationales_and_notes(
    answered: str, tmp_path: Path
) -> None:
    pdf = Pdf(kit.handout("guide", tmp_path / "guide.pdf", module="01"))
    for text in (
        "FACILITATOR-TIMING: run the sample.",
        "FACILITATOR-DISCUSSION: what did you notice?",
        "FACILITATOR-CONFUSION: kinds are not levels.",
        "NOTE-CHOICE for trainers.",
        "RATIONALE-CHOICE because b is right.",
        "RATIONALE-REFLECTION writing helps.",
        "FEEDBACK-END poor.",
        "FEEDBACK-VISION direction.",
        "GUIDANCE a good answer is specific.",
        "STRONG-Z reading.",
        "Best",
        "Partial credit (50%)",
        "Session plan",
        "Objectives",
    ):
        assert text in pdf, text
    assert NAME not in pdf and HOSTILE not in pdf


def test_cli_makes_each_kind_and_reports_errors_in_one_line(answered: str, tmp_path: Path) -> None:
    runner = CliRunner()
    for kind in ("workbook", "worksheets", "guide"):
        out = tmp_path / f"{kind}.pdf"
        result = runner.invoke(main, ["handout", kind, "--module", "1", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == f"wrote {out}" and out.stat().st_size > 10_000
    assert NAME in Pdf(tmp_path / "workbook.pdf")
    result = runner.invoke(main, ["handout", "guide", "--module", "7", "-o", "x.pdf"])
    assert result.exit_code == 1 and "kit: error: no module '07'" in result.output


def test_cli_workbook_for_another_learner_from_a_store(answered: str, tmp_path: Path) -> None:
    store = Path(os.environ["KIT_HOME"]) / STORE_FILE
    out = tmp_path / "other.pdf"
    result = CliRunner().invoke(
        main,
        ["handout", "workbook", "--store", str(store), "--learner", NAME, "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "FEEDBACK-WAIT defensible." in Pdf(out)


def _store_with_learners(names: list[str]) -> Path:
    from kit.content.catalog import content_hash, load_catalog
    from kit.grading import grade

    catalog = load_catalog()
    store = open_store()
    for n, name in enumerate(names):
        for exercise_id, response in ANSWERS.items():
            exercise = catalog.exercise(exercise_id)
            if exercise_id == "m01.think":
                response = {"when": f"{name} wrote this, number {n}.", "what": HOSTILE}
            result = grade(exercise, response)
            store.add_attempt(name, exercise_id, content_hash(exercise), response, result, "t")
    return store.path


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_writes_one_workbook_per_learner(sample: Path, tmp_path: Path, workers: int) -> None:
    names = ["ann", NAME, "a:b?"]
    store = _store_with_learners(names)
    paths = workbooks(store, tmp_path / "out", workers=workers, progress=False)
    assert sorted(p.name for p in paths) == sorted(
        ["ann-workbook.pdf", "Zoë_Ngũgĩ_Łukasz-Ó'Brien-workbook.pdf", "a_b-workbook.pdf"]
    )
    files = {"ann": "ann", NAME: "Zoë_Ngũgĩ_Łukasz-Ó'Brien", "a:b?": "a_b"}
    for n, name in enumerate(names):
        pdf = Pdf(tmp_path / "out" / f"{files[name]}-workbook.pdf")
        assert name in pdf and f"{name} wrote this, number {n}." in pdf and HOSTILE in pdf


def test_batch_cli_shows_progress_and_counts(sample: Path, tmp_path: Path) -> None:
    store = _store_with_learners(["ann", "bo"])
    result = CliRunner().invoke(
        main, ["handout", "workbooks", "--store", str(store), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "2/2" in result.stderr
    assert result.stdout == f"wrote 2 workbooks to {tmp_path / 'out'}\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "ann-workbook.pdf",
        "bo-workbook.pdf",
    ]


def test_batch_of_an_empty_store_is_an_error(sample: Path, tmp_path: Path) -> None:
    store = open_store().path
    result = CliRunner().invoke(main, ["handout", "workbooks", "--store", str(store), "-o", "x"])
    assert result.exit_code == 1 and "no learners have answers" in result.output


def _nbconvert(notebook: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    jupyter = Path(sys.executable).with_name("jupyter")
    return subprocess.run(
        [
            str(jupyter),
            "nbconvert",
            "--to",
            "handout",
            str(notebook),
            "--output-dir",
            str(out),
            *args,
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )


def test_nbconvert_exports_a_module_notebook_with_answers(answered: str, tmp_path: Path) -> None:
    done = _nbconvert(SAMPLE / "modules" / "01-sample.ipynb", tmp_path)
    assert done.returncode == 0, done.stderr
    pdf = Pdf(tmp_path / "01-sample.pdf")
    assert NAME in pdf and "One exercise of every kind." in pdf
    assert "FEEDBACK-A not this one." in pdf and "FEEDBACK-WAIT defensible." in pdf
    assert HOSTILE in pdf and pdf.images == 0 and pdf.drawings >= 1
    assert "kit.show" not in pdf.text and "import kit" not in pdf.text
    assert TOTALS.answered(TOTALS.exercises) in pdf


def test_nbconvert_markdown_is_formatted_and_never_markup(sample: Path, tmp_path: Path) -> None:
    notebook = tmp_path / "01-hostile.ipynb"
    cells = [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": '# Title\n\nCosts $5 #read("/etc/passwd") <b>@x</b> \\\\ ] [ **bold**',
        },
        {
            "cell_type": "code",
            "metadata": {},
            "source": 'kit.show("m01.pick-one")',
            "outputs": [],
            "execution_count": None,
        },
        {
            "cell_type": "code",
            "metadata": {},
            "source": "x = 41 + 1",
            "outputs": [],
            "execution_count": None,
        },
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    notebook.write_text(json.dumps(nb))
    done = _nbconvert(notebook, tmp_path, "--HandoutExporter.include_code=True")
    assert done.returncode == 0, done.stderr
    pdf = Pdf(tmp_path / "01-hostile.pdf")
    assert 'Costs $5 #read("/etc/passwd") @x \\ ] [ bold' in pdf
    assert "Not answered yet" in pdf and "x = 41 + 1" in pdf
    assert "root:" not in pdf.text


def test_batch_from_a_cohort_gradebook(sample: Path, tmp_path: Path) -> None:
    from kit.cohort import collect
    from kit.cohort.synthetic import demo_cohort

    cohort = demo_cohort(tmp_path / "cohort", learners=2)
    collect(cohort.root)
    result = CliRunner().invoke(
        main,
        [
            "handout",
            "workbooks",
            "--cohort",
            str(cohort.root),
            "--quiet",
            "-o",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert made == ["learner0001-workbook.pdf", "learner0002-workbook.pdf"]  # not "absent"
    assert "skipped absent: handed in nothing" in result.stderr
    assert "wrote 2 workbooks to" in result.stdout and "(1 skipped)" in result.stdout
    pdf = Pdf(tmp_path / "out" / "learner0001-workbook.pdf")
    assert "learner0001" in pdf and "exercises answered" in pdf
    assert pdf.text.count("Not answered yet") < 8
