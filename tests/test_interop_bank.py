"""Question banks read back by parsers nobody on the team wrote: GIFT by the npm package
gift-pegjs (in node), Moodle XML and the QTI 2.1 package by lxml, and the QTI package also
by Citolab's qti-convert, which upgrades it to QTI 3.0. Each exercise's key, credit and
feedback for every option must come back as the course has them."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from kit.cli import main
from kit.content.catalog import Catalog, load_catalog
from kit.content.schema import (
    CategorizeExercise,
    ChoiceExercise,
    MultiExercise,
    OrderExercise,
    ScenarioExercise,
)
from kit.handouts.richtext import blocks, plain
from kit.interop.bank import option_fractions
from kit.interop.export import export_bank

from .conftest import REPO
from .prepare import NODE_HOME, Missing, npm_bin

COURSE = REPO / "exercises"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
SCORED = (ChoiceExercise, MultiExercise, ScenarioExercise, OrderExercise, CategorizeExercise)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(COURSE)


def scored(catalog: Catalog, module: str | None = None) -> list[Any]:
    modules = [module] if module else [m.id for m in catalog.course.modules]
    return [e for m in modules for e in catalog.module_exercises(m) if isinstance(e, SCORED)]


def gift_parse(path: Path) -> list[dict[str, Any]]:
    try:
        npm_bin("configurable-http-proxy")  # the node tools are installed ...
        package = NODE_HOME / "node_modules" / "gift-pegjs"
        if not package.exists():  # ... and gift-pegjs with them
            raise Missing("gift-pegjs is missing: run `python -m tests.prepare` first")
    except Missing as exc:
        pytest.fail(str(exc), pytrace=False)
    script = (
        "const g = require(process.argv[1]); const fs = require('fs');"
        "process.stdout.write(JSON.stringify(g.parse(fs.readFileSync(process.argv[2], 'utf8'))));"
    )
    done = subprocess.run(
        ["node", "-e", script, str(package), str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return list(json.loads(done.stdout))


# gift-pegjs leaves escapes undecoded on the right of a match ("->"), in its own placeholders.
GIFT_PLACEHOLDERS = {"&&092;": "\\", "&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{",
                     "&&125;": "}", "&&126;": "~", "&&010": "\n"}  # fmt: skip


def subanswer(text: str) -> str:
    for placeholder, char in GIFT_PLACEHOLDERS.items():
        text = text.replace(placeholder, char)
    return text


def test_gift_read_back_by_gift_pegjs(tmp_path: Path, catalog: Catalog) -> None:
    exported = export_bank("gift", tmp_path / "bank.gift.txt", content=COURSE)
    questions = [q for q in gift_parse(exported.path) if q["type"] != "Category"]
    categories = [q["title"] for q in gift_parse(exported.path) if q["type"] == "Category"]
    assert categories == [f"$course$/top/{m.id} {m.title}" for m in catalog.course.modules]
    exercises = scored(catalog)
    assert len(questions) == len(exercises)
    for question, ex in zip(questions, exercises, strict=True):
        assert question["title"] == ex.title
        assert question["stem"]["format"] == "markdown"
        assert question["stem"]["text"] == ex.prompt.strip()
        assert question["globalFeedback"]["text"].startswith(ex.rationale.strip())
        if isinstance(ex, CategorizeExercise):
            labels = {b.id: b.label for b in ex.buckets}
            assert question["type"] == "Matching"
            got = [
                (p["subquestion"]["text"], subanswer(p["subanswer"]))
                for p in question["matchPairs"]
            ]
            assert got == [(i.text, labels[i.bucket]) for i in ex.items]
            for item in ex.items:  # every statement's feedback is kept, in the general feedback
                assert item.feedback in question["globalFeedback"]["text"]
        elif isinstance(ex, OrderExercise):
            got = [
                (p["subquestion"]["text"], subanswer(p["subanswer"]))
                for p in question["matchPairs"]
            ]
            assert got == [(i.text, str(n)) for n, i in enumerate(ex.items, 1)]
        else:
            assert question["type"] == "MC"
            fractions = option_fractions(ex)
            assert [c["text"]["text"] for c in question["choices"]] == [o.text for o in ex.options]
            for choice, option in zip(question["choices"], ex.options, strict=True):
                assert choice["feedback"]["text"] == option.feedback
                credit = 1.0 if choice["isCorrect"] else (choice["weight"] or 0) / 100
                assert credit == pytest.approx(fractions[option.id], abs=1e-6), ex.id
    assert any("GIFT has no ordering question" in n.text for n in exported.bank.notes)
    text = exported.path.read_text(encoding="utf-8")
    assert "//   m01.attitudes-to-a-vision: GIFT has no ordering question" in text


def test_moodle_xml_read_back(tmp_path: Path, catalog: Catalog) -> None:
    exported = export_bank("moodle-xml", tmp_path, module="01", content=COURSE)
    assert exported.path.name == "module-01.moodle.xml"
    root = etree.parse(str(exported.path)).getroot()
    assert root.tag == "quiz"
    [category] = root.findall("question[@type='category']")
    assert category.findtext("category/text") == "$course$/top/01 Management and leadership"
    questions = {q.findtext("idnumber"): q for q in root.findall("question[idnumber]")}
    exercises = scored(catalog, "01")
    assert list(questions) == [e.id for e in exercises]
    for ex in exercises:
        q = questions[ex.id]
        assert q.findtext("name/text") == ex.title
        assert q.find("questiontext").get("format") == "markdown"
        assert q.findtext("questiontext/text") == ex.prompt
        assert float(q.findtext("defaultgrade")) == ex.points
        if isinstance(ex, CategorizeExercise):
            assert q.get("type") == "matching"
            labels = {b.id: b.label for b in ex.buckets}
            pairs = [
                (s.findtext("text"), s.findtext("answer/text")) for s in q.findall("subquestion")
            ]
            assert pairs == [(i.text, labels[i.bucket]) for i in ex.items]
        elif isinstance(ex, OrderExercise):
            assert q.get("type") == "ordering"
            assert q.findtext("gradingtype") == "RELATIVE_ALL_PREVIOUS_AND_NEXT"
            assert [a.findtext("text") for a in q.findall("answer")] == [i.text for i in ex.items]
        else:
            assert q.get("type") == "multichoice"
            assert q.findtext("single") == ("false" if ex.kind == "multi" else "true")
            fractions = option_fractions(ex)
            answers = q.findall("answer")
            assert [a.findtext("text") for a in answers] == [o.text for o in ex.options]
            for answer, option in zip(answers, ex.options, strict=True):
                got = float(answer.get("fraction")) / 100
                assert got == pytest.approx(fractions[option.id], abs=1e-6)
                assert answer.findtext("feedback/text") == option.feedback


def words(markdown_or_xml_text: str) -> str:
    """Text without Markdown marks or line breaks, to compare an XHTML rendering with its source."""
    text = "".join(plain(b) for b in blocks(markdown_or_xml_text))
    return "".join(text.split())


def qti_items(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert "imsmanifest.xml" in names
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        assert manifest.tag == f"{CP}manifest"
        items = {}
        for resource in manifest.iter(f"{CP}resource"):
            href = resource.get("href")
            assert href in names, href
            root = etree.fromstring(archive.read(href))
            if resource.get("type") == "imsqti_item_xmlv2p1":
                assert root.tag == f"{QTI}assessmentItem"
                items[root.get("identifier")] = root
            else:
                assert resource.get("type") == "imsqti_test_xmlv2p1"
                refs = [r.get("identifier") for r in root.iter(f"{QTI}assessmentItemRef")]
                deps = [d.get("identifierref") for d in resource.iter(f"{CP}dependency")]
                assert deps == [f"item-{r}" for r in refs]
    return items


def test_qti_package_read_back(tmp_path: Path, catalog: Catalog) -> None:
    exported = export_bank("qti", tmp_path / "bank.zip", content=COURSE)
    items = qti_items(exported.path)
    exercises = scored(catalog)
    assert list(items) == [e.id for e in exercises]
    for ex in exercises:
        item = items[ex.id]
        declaration = item.find(f"{QTI}responseDeclaration")
        key = [v.text for v in declaration.iter(f"{QTI}value")]
        mapping = {
            e.get("mapKey"): float(e.get("mappedValue")) for e in declaration.iter(f"{QTI}mapEntry")
        }
        feedback = {
            f.get("identifier"): "".join("".join(f.itertext()).split())
            for f in item.findall(f"{QTI}modalFeedback")
        }
        assert feedback["RATIONALE"] == words(ex.rationale)
        maxscore = item.find(f"{QTI}outcomeDeclaration[@identifier='MAXSCORE']")
        assert float(maxscore.findtext(f"{QTI}defaultValue/{QTI}value")) == ex.points
        if isinstance(ex, OrderExercise):
            assert item.find(f".//{QTI}orderInteraction") is not None
            assert key == [f"i-{i.id}" for i in ex.items]
        elif isinstance(ex, CategorizeExercise):
            pairs = [f"s-{i.id} b-{i.bucket}" for i in ex.items]
            assert key == pairs
            assert mapping == {p: pytest.approx(ex.points / len(pairs)) for p in pairs}
            assert {k: feedback[f"s-{i.id}"] for k, i in zip(pairs, ex.items, strict=True)} == {
                p: words(i.feedback) for p, i in zip(pairs, ex.items, strict=True)
            }
        else:
            interaction = item.find(f".//{QTI}choiceInteraction")
            assert interaction.get("maxChoices") == ("0" if ex.kind == "multi" else "1")
            fractions = option_fractions(ex)
            expected = {f"o-{k}": f * ex.points for k, f in fractions.items() if f}
            assert mapping == pytest.approx(expected)
            best = [f"o-{k}" for k, f in fractions.items() if f > 0]
            assert key == (
                best if ex.kind == "multi" else [f"o-{max(fractions, key=fractions.get)}"]
            )
            for option in ex.options:
                assert feedback[f"o-{option.id}"] == words(option.feedback)


def test_qti_package_upgraded_by_citolab(tmp_path: Path, catalog: Catalog) -> None:
    """A third-party QTI tool reads the package and finds the same keys and credit."""
    from qti_convert import upgrade_package  # type: ignore[import-untyped]

    exported = export_bank("qti", tmp_path / "bank.zip", module="02", content=COURSE)
    upgraded = tmp_path / "qti3.zip"
    upgrade_package(str(exported.path), str(upgraded))
    ns = "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}"
    with zipfile.ZipFile(upgraded) as archive:
        for ex in scored(catalog, "02"):
            root = etree.fromstring(archive.read(f"items/{ex.id}.xml"))
            assert root.get("identifier") == ex.id
            values = [
                v.text
                for v in root.iter(f"{ns}qti-value")
                if v.getparent().tag.endswith("qti-correct-response")
            ]
            assert values, ex.id
            if not isinstance(ex, (OrderExercise, CategorizeExercise)):
                fractions = option_fractions(ex)
                mapped = {
                    e.get("map-key"): float(e.get("mapped-value"))
                    for e in root.iter(f"{ns}qti-map-entry")
                }
                assert mapped == pytest.approx(
                    {f"o-{k}": f * ex.points for k, f in fractions.items() if f}
                )


def test_cli_export_names_what_the_format_cannot_hold(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["export", "gift", "--module", "01", "-o", str(tmp_path), "--content", str(COURSE)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"wrote {tmp_path / 'module-01.gift.txt'}: ")
    assert "m01.manage-and-lead-this-month: left out: free text (reflection)" in result.output
    assert "m01.attitudes-to-a-vision: GIFT has no ordering question" in result.output


def test_cli_export_bad_input_is_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(main, ["export", "qti", "--module", "42", "--content", str(COURSE)])
    assert unknown.exit_code == 1
    assert unknown.output.strip().splitlines() == [
        "kit: error: no module '42'; the modules are 00, 01, 02, 03, 04, 05, 06"
    ]
    nowhere = runner.invoke(
        main, ["export", "gift", "-o", str(tmp_path / "no" / "x.gift"), "--content", str(COURSE)]
    )
    assert nowhere.exit_code == 1
    assert nowhere.output.strip().splitlines() == [
        f"kit: error: cannot write {tmp_path / 'no' / 'x.gift'}: the folder"
        f" {tmp_path / 'no'} does not exist"
    ]
