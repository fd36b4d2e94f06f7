"""The question bank as Moodle XML, the format of Moodle's question bank import.

Choice and scenario are `multichoice` with one answer, multi is `multichoice` with several
(each option +1/n or -1/n of the grade, as the kit scores it), a sort is `matching`, and an
order exercise is `ordering` graded "relative to all previous and next items", which is the
kit's credit by pairs in the right order. Text is Markdown (`format="markdown"`).
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from kit.content.schema import CategorizeExercise, OrderExercise
from kit.interop.bank import (
    Bank,
    BankExercise,
    by_statement,
    format_number,
    moodle_percent,
    option_fractions,
)

MARKDOWN = {"format": "markdown"}


def write_moodle_xml(bank: Bank) -> bytes:
    """The whole bank as one Moodle XML file, a category per module."""
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" {bank.title}: question bank written by the Leadership Course Kit "))
    for module_id, title, exercises in bank.modules:
        if not exercises:
            continue
        category = ET.SubElement(quiz, "question", type="category")
        _text(ET.SubElement(category, "category"), f"$course$/top/{module_id} {title}")
        for exercise in exercises:
            quiz.append(_question(bank, exercise))
    if bank.notes:
        lines = "".join(f"\n  {note}" for note in bank.notes).replace("--", "- -")
        quiz.insert(1, ET.Comment(f" What Moodle XML does not hold:{lines}\n"))
    ET.indent(quiz)
    return bytes(ET.tostring(quiz, encoding="utf-8", xml_declaration=True)) + b"\n"


def _text(parent: ET.Element, text: str) -> ET.Element:
    ET.SubElement(parent, "text").text = text
    return parent


def _rich(parent: ET.Element, tag: str, text: str) -> ET.Element:
    return _text(ET.SubElement(parent, tag, MARKDOWN), text)


def _question(bank: Bank, ex: BankExercise) -> ET.Element:
    qtype = {"categorize": "matching", "order": "ordering"}.get(ex.kind, "multichoice")
    q = ET.Element("question", type=qtype)
    _text(ET.SubElement(q, "name"), ex.title)
    _rich(q, "questiontext", ex.prompt)
    general = ex.rationale
    if isinstance(ex, CategorizeExercise):
        general += "\n\n" + by_statement(ex)
    _rich(q, "generalfeedback", general)
    ET.SubElement(q, "defaultgrade").text = format_number(ex.points)
    ET.SubElement(q, "penalty").text = "0"
    ET.SubElement(q, "hidden").text = "0"
    ET.SubElement(q, "idnumber").text = ex.id
    if isinstance(ex, CategorizeExercise):
        _matching(bank, q, ex)
    elif isinstance(ex, OrderExercise):
        _ordering(q, ex)
    else:
        _multichoice(bank, q, ex)
    return q


def _multichoice(bank: Bank, q: ET.Element, ex: BankExercise) -> None:
    ET.SubElement(q, "single").text = "false" if ex.kind == "multi" else "true"
    ET.SubElement(q, "shuffleanswers").text = "true"
    ET.SubElement(q, "answernumbering").text = "abc"
    for option in ex.options:  # type: ignore[union-attr]
        fraction = option_fractions(ex)[option.id]
        percent = moodle_percent(fraction)
        if percent is None:
            bank.note(ex.id, f"option {option.id}: credit {fraction:.4f} is not one of Moodle's"
                      " grades; Moodle's import refuses or rounds it")  # fmt: skip
            percent = round(fraction * 100, 5)
        answer = ET.SubElement(q, "answer", {"fraction": format_number(percent), **MARKDOWN})
        ET.SubElement(answer, "text").text = option.text
        _rich(answer, "feedback", option.feedback)


def _matching(bank: Bank, q: ET.Element, ex: CategorizeExercise) -> None:
    ET.SubElement(q, "shuffleanswers").text = "true"
    labels = {b.id: b.label for b in ex.buckets}
    for item in ex.items:
        sub = _rich(q, "subquestion", item.text)
        _text(ET.SubElement(sub, "answer"), labels[item.bucket])
    unused = [b.label for b in ex.buckets if b.id not in {i.bucket for i in ex.items}]
    for label in unused:  # a distractor: an answer with no statement
        _text(ET.SubElement(_rich(q, "subquestion", ""), "answer"), label)
    bank.note(ex.id, "a matching question has no feedback per statement: each statement's"
              " feedback is in the general feedback")  # fmt: skip


def _ordering(q: ET.Element, ex: OrderExercise) -> None:
    for tag, value in (
        ("layouttype", "VERTICAL"),
        ("selecttype", "ALL"),
        ("selectcount", str(len(ex.items))),
        ("gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT"),
        ("showgrading", "SHOW"),
        ("numberingstyle", "none"),
    ):
        ET.SubElement(q, tag).text = value
    for place, item in enumerate(ex.items, 1):  # in the right order; Moodle shuffles them
        answer = ET.SubElement(q, "answer", {"fraction": str(place), **MARKDOWN})
        ET.SubElement(answer, "text").text = item.text
