"""The question bank as an IMS QTI 2.1 content package (a zip with `imsmanifest.xml`).

One `assessmentItem` per exercise and one `assessmentTest` with a section per module.
Choice, scenario and multi are a `choiceInteraction` whose mapping gives each option its
points (multi: +1/n or -1/n of them, floored at 0); a sort is a `matchInteraction` of
statements to buckets with credit per statement; an order exercise is an `orderInteraction`.
Each option's feedback is a `modalFeedback` shown when it is chosen (for a sort, when a
statement is misplaced), and the rationale one shown for full marks.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree as ET

from kit.content.schema import CategorizeExercise, OrderExercise
from kit.interop.bank import Bank, BankExercise, format_number, option_fractions
from kit.interop.xhtml import xhtml
from kit.kinds import kind_of

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_XSD = "http://www.imscp.org/xsd/imscp_v1p1.xsd"
RATIONALE = "RATIONALE"  # FEEDBACK identifier for full marks (option ids are lower case)
PREFIX = {"option": "o-", "statement": "s-", "bucket": "b-", "step": "i-"}

ET.register_namespace("xsi", XSI)


def ident(what: str, item_id: str) -> str:
    """A QTI identifier for an option, statement, bucket or step id (which may start with a
    digit, where an identifier may not)."""
    return PREFIX[what] + item_id


def q(tag: str) -> str:
    """A QTI element's name: unqualified, under the root's default namespace (`xmlns`)."""
    return tag


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, q(tag), attrs)
    if text is not None:
        element.text = text
    return element


def write_qti(bank: Bank, path: Path) -> Path:
    """Write the bank as a QTI 2.1 package at `path` (a .zip); return the path."""
    files: dict[str, bytes] = {}
    for exercise in bank.exercises:
        files[item_href(exercise.id)] = _xml(item(bank, exercise), QTI)
    files["tests/course.xml"] = _xml(_test(bank), QTI)
    files["imsmanifest.xml"] = _xml(_manifest(bank), CP)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["imsmanifest.xml", *sorted(n for n in files if n != "imsmanifest.xml")]:
            archive.writestr(name, files[name])
    path.write_bytes(buffer.getvalue())
    return path


def item_href(exercise_id: str) -> str:
    return f"items/{exercise_id}.xml"


def _xml(element: ET.Element, namespace: str) -> bytes:
    element.set("xmlns", namespace)  # the elements are unqualified: all in this namespace
    ET.indent(element)
    return bytes(ET.tostring(element, encoding="utf-8", xml_declaration=True)) + b"\n"


def item(bank: Bank, ex: BankExercise) -> ET.Element:
    """One exercise as an assessmentItem."""
    root = ET.Element(q("assessmentItem"), {
        "identifier": ex.id, "title": ex.title, "adaptive": "false", "timeDependent": "false",
        f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
    })  # fmt: skip
    if isinstance(ex, CategorizeExercise):
        interaction, correct = _categorize(bank, ex, root)
    elif isinstance(ex, OrderExercise):
        interaction, correct = _order(bank, ex, root)
    else:
        interaction, correct = _choice(ex, root)
    _outcomes(root, ex.points)
    body = _sub(root, "itemBody")
    for element in xhtml(ex.prompt):
        body.append(element)
    body.append(interaction)
    _processing(root, ex, correct)
    _feedback(root, RATIONALE, ex.rationale)
    if isinstance(ex, CategorizeExercise):
        for s in ex.items:
            _feedback(root, ident("statement", s.id), s.feedback)
    elif not isinstance(ex, OrderExercise):
        for o in ex.options:
            _feedback(root, ident("option", o.id), o.feedback)
    return root


def _declaration(root: ET.Element, cardinality: str, base: str, values: list[str]) -> ET.Element:
    declaration = _sub(root, "responseDeclaration", identifier="RESPONSE",
                       cardinality=cardinality, baseType=base)  # fmt: skip
    correct = _sub(declaration, "correctResponse")
    for value in values:
        _sub(correct, "value", value)
    return declaration


def _mapping(declaration: ET.Element, points: float, entries: dict[str, float]) -> None:
    mapping = _sub(declaration, "mapping", defaultValue="0", lowerBound="0",
                   upperBound=format_number(points))  # fmt: skip
    for key, value in entries.items():
        _sub(mapping, "mapEntry", mapKey=key, mappedValue=format_number(value, 10))


def _choice(ex: BankExercise, root: ET.Element) -> tuple[ET.Element, str]:
    fractions = option_fractions(ex)
    multi = ex.kind == "multi"
    if multi:
        keys = [ident("option", o.id) for o in ex.options if fractions[o.id] > 0]  # type: ignore[union-attr]
    else:
        keys = [ident("option", max(fractions, key=lambda k: fractions[k]))]
    declaration = _declaration(root, "multiple" if multi else "single", "identifier", keys)
    _mapping(declaration, ex.points,
             {ident("option", k): f * ex.points for k, f in fractions.items() if f})  # fmt: skip
    interaction = ET.Element(q("choiceInteraction"), responseIdentifier="RESPONSE",
                             shuffle="true", maxChoices="0" if multi else "1")  # fmt: skip
    for option in ex.options:  # type: ignore[union-attr]
        choice = _sub(interaction, "simpleChoice", identifier=ident("option", option.id))
        choice.extend(xhtml(option.text))
    return interaction, "map"


def _categorize(bank: Bank, ex: CategorizeExercise, root: ET.Element) -> tuple[ET.Element, str]:
    pairs = [f"{ident('statement', i.id)} {ident('bucket', i.bucket)}" for i in ex.items]
    declaration = _declaration(root, "multiple", "directedPair", pairs)
    _mapping(declaration, ex.points, {p: ex.points / len(pairs) for p in pairs})
    interaction = ET.Element(q("matchInteraction"), responseIdentifier="RESPONSE",
                             shuffle="true", maxAssociations=str(len(ex.items)))  # fmt: skip
    statements = _sub(interaction, "simpleMatchSet")
    for s in ex.items:
        choice = _sub(statements, "simpleAssociableChoice", identifier=ident("statement", s.id),
                      matchMax="1")  # fmt: skip
        choice.extend(xhtml(s.text))
    buckets = _sub(interaction, "simpleMatchSet")
    for b in ex.buckets:
        choice = _sub(buckets, "simpleAssociableChoice", identifier=ident("bucket", b.id),
                      matchMax=str(len(ex.items)))  # fmt: skip
        choice.text = b.label
    return interaction, "map"


def _order(bank: Bank, ex: OrderExercise, root: ET.Element) -> tuple[ET.Element, str]:
    _declaration(root, "ordered", "identifier", [ident("step", i.id) for i in ex.items])
    interaction = ET.Element(q("orderInteraction"), responseIdentifier="RESPONSE", shuffle="true")
    for step in kind_of(ex).shown(ex, None):  # the worksheets' order; the LMS shuffles it
        choice = _sub(interaction, "simpleChoice", identifier=ident("step", step.id))
        choice.extend(xhtml(step.text))
    bank.note(ex.id, "QTI 2.1's response templates give credit for the exact order only: the"
              " kit's credit by pairs in the right order is not held")  # fmt: skip
    return interaction, "match"


def _outcomes(root: ET.Element, points: float) -> None:
    for name, value in (("SCORE", "0"), ("MAXSCORE", format_number(points))):
        outcome = _sub(root, "outcomeDeclaration", identifier=name, cardinality="single",
                       baseType="float")  # fmt: skip
        _sub(_sub(outcome, "defaultValue"), "value", value)
    _sub(root, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple",
         baseType="identifier")  # fmt: skip


def _set(parent: ET.Element, outcome: str) -> ET.Element:
    return _sub(parent, "setOutcomeValue", identifier=outcome)


def _processing(root: ET.Element, ex: BankExercise, how: str) -> None:
    rp = _sub(root, "responseProcessing")
    condition = _sub(rp, "responseCondition")
    if how == "map":
        given = _sub(condition, "responseIf")
        _sub(_sub(_sub(given, "not"), "isNull"), "variable", identifier="RESPONSE")
        _sub(_set(given, "SCORE"), "mapResponse", identifier="RESPONSE")
    else:
        given = _sub(condition, "responseIf")
        match = _sub(given, "match")
        _sub(match, "variable", identifier="RESPONSE")
        _sub(match, "correct", identifier="RESPONSE")
        _sub(_set(given, "SCORE"), "variable", identifier="MAXSCORE")
    # feedback: the chosen options (or misplaced statements), and the rationale at full marks
    if isinstance(ex, CategorizeExercise):
        for s in ex.items:
            missing = _sub(_sub(rp, "responseCondition"), "responseIf")
            member = _sub(_sub(missing, "not"), "member")
            pair = f"{ident('statement', s.id)} {ident('bucket', s.bucket)}"
            _sub(member, "baseValue", pair, baseType="directedPair")
            _sub(member, "variable", identifier="RESPONSE")
            _add_feedback(missing, _value(ident("statement", s.id)))
    elif not isinstance(ex, OrderExercise):
        chosen = _sub(_sub(rp, "responseCondition"), "responseIf")
        _sub(_sub(_sub(chosen, "not"), "isNull"), "variable", identifier="RESPONSE")
        response = ET.Element(q("variable"), identifier="RESPONSE")
        _add_feedback(chosen, response)
    full = _sub(_sub(rp, "responseCondition"), "responseIf")
    gte = _sub(full, "gte")
    _sub(gte, "variable", identifier="SCORE")
    _sub(gte, "variable", identifier="MAXSCORE")
    _add_feedback(full, _value(RATIONALE))


def _value(identifier: str) -> ET.Element:
    element = ET.Element(q("baseValue"), baseType="identifier")
    element.text = identifier
    return element


def _add_feedback(parent: ET.Element, expression: ET.Element) -> None:
    multiple = _sub(_set(parent, "FEEDBACK"), "multiple")
    _sub(multiple, "variable", identifier="FEEDBACK")
    multiple.append(expression)


def _feedback(root: ET.Element, identifier: str, text: str) -> None:
    feedback = _sub(root, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=identifier,
                    showHide="show")  # fmt: skip
    feedback.extend(xhtml(text))


def _test(bank: Bank) -> ET.Element:
    test = ET.Element(q("assessmentTest"), {
        "identifier": "course", "title": bank.title,
        f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
    })  # fmt: skip
    outcome = _sub(test, "outcomeDeclaration", identifier="SCORE", cardinality="single",
                   baseType="float")  # fmt: skip
    _sub(_sub(outcome, "defaultValue"), "value", "0")
    part = _sub(test, "testPart", identifier="part", navigationMode="nonlinear",
                submissionMode="individual")  # fmt: skip
    for module_id, title, exercises in bank.modules:
        if not exercises:
            continue
        section = _sub(part, "assessmentSection", identifier=f"module-{module_id}",
                       title=f"{module_id} {title}", visible="true")  # fmt: skip
        for exercise in exercises:
            _sub(section, "assessmentItemRef", identifier=exercise.id,
                 href=f"../{item_href(exercise.id)}")  # fmt: skip
    processing = _sub(test, "outcomeProcessing")
    _sub(_sub(_set(processing, "SCORE"), "sum"), "testVariables", variableIdentifier="SCORE")
    return test


def _manifest(bank: Bank) -> ET.Element:
    c = ""
    root = ET.Element(f"{c}manifest", {
        "identifier": "leadership-course-kit-bank",
        f"{{{XSI}}}schemaLocation": f"{CP} {CP_XSD} {QTI} {QTI_XSD}",
    })  # fmt: skip
    metadata = ET.SubElement(root, f"{c}metadata")
    ET.SubElement(metadata, f"{c}schema").text = "QTIv2.1 Package"
    ET.SubElement(metadata, f"{c}schemaversion").text = "1.0.0"
    ET.SubElement(root, f"{c}organizations")
    resources = ET.SubElement(root, f"{c}resources")
    for exercise in bank.exercises:
        href = item_href(exercise.id)
        resource = ET.SubElement(resources, f"{c}resource", identifier=f"item-{exercise.id}",
                                 type="imsqti_item_xmlv2p1", href=href)  # fmt: skip
        ET.SubElement(resource, f"{c}file", href=href)
    test = ET.SubElement(resources, f"{c}resource", identifier="test-course",
                         type="imsqti_test_xmlv2p1", href="tests/course.xml")  # fmt: skip
    ET.SubElement(test, f"{c}file", href="tests/course.xml")
    for exercise in bank.exercises:
        ET.SubElement(test, f"{c}dependency", identifierref=f"item-{exercise.id}")
    return root
