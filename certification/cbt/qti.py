"""QTI 2.1 export of the item bank: an IMS content package (a zip) with `imsmanifest.xml` and one
`assessmentItem` per current item version (a single-choice `choiceInteraction`, the key as the
`correctResponse`, the rationale as `modalFeedback`), images as files in the package. Built with
ElementTree, so every text is escaped; characters XML 1.0 cannot hold are dropped. The namespaces are
declared as attributes of the root (no global `register_namespace`, which threads would share).

Items are confidential: the view serves the package to item writers and LSP admins only (docs/cbt.md)."""

import io
import re
import zipfile
from xml.etree import ElementTree as ET

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
LETTERS = "ABCDE"
EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text):
    """Text as XML 1.0 can hold it (control characters other than tab and newlines dropped)."""
    return _NOT_XML.sub("", text or "")


def identifier(version):
    return f"item-{version.item_id}"


def image_name(version):
    if version.image_id is None:
        return None
    return f"images/item-{version.item_id}-v{version.number}{EXTENSIONS.get(version.image.content_type, '')}"


def _paragraphs(parent, text):
    for block in [b.strip() for b in re.split(r"\n\s*\n", clean(text)) if b.strip()] or [""]:
        p = ET.SubElement(parent, "p")
        lines = block.split("\n")
        p.text = lines[0]
        for line in lines[1:]:
            ET.SubElement(p, "br").tail = line


def item_xml(version, *, scheme_code="", lang="id"):
    """The assessmentItem of one version, as bytes (UTF-8, with the XML declaration)."""
    root = ET.Element("assessmentItem", {
        "xmlns": QTI, "xmlns:xsi": XSI, "xsi:schemaLocation": f"{QTI} {QTI_XSD}",
        "identifier": identifier(version), "title": clean(f"{scheme_code} {identifier(version)} v{version.number}".strip()),
        "label": clean(version.unit.code if version.unit_id else version.domain),
        "adaptive": "false", "timeDependent": "false", "xml:lang": lang,
    })
    response = ET.SubElement(root, "responseDeclaration", {"identifier": "RESPONSE", "cardinality": "single", "baseType": "identifier"})
    ET.SubElement(ET.SubElement(response, "correctResponse"), "value").text = LETTERS[version.key]
    score = ET.SubElement(root, "outcomeDeclaration", {"identifier": "SCORE", "cardinality": "single", "baseType": "float"})
    ET.SubElement(ET.SubElement(score, "defaultValue"), "value").text = "0"
    if version.rationale:
        ET.SubElement(root, "outcomeDeclaration", {"identifier": "FEEDBACK", "cardinality": "single", "baseType": "identifier"})
    body = ET.SubElement(root, "itemBody")
    stem = ET.SubElement(body, "div", {"class": "stem"})
    _paragraphs(stem, version.stem)
    if version.image_id is not None:
        ET.SubElement(ET.SubElement(stem, "p"), "img", {"src": image_name(version), "alt": clean(version.image.original_name)})
    interaction = ET.SubElement(body, "choiceInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "true", "maxChoices": "1"})
    for index, text in enumerate(version.options):
        ET.SubElement(interaction, "simpleChoice", {"identifier": LETTERS[index]}).text = clean(text)
    _processing(root, bool(version.rationale))
    if version.rationale:
        feedback = ET.SubElement(root, "modalFeedback", {"outcomeIdentifier": "FEEDBACK", "identifier": "RATIONALE", "showHide": "show"})
        _paragraphs(feedback, version.rationale)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _set(parent, outcome, base_type, value):
    node = ET.SubElement(parent, "setOutcomeValue", {"identifier": outcome})
    ET.SubElement(node, "baseValue", {"baseType": base_type}).text = value


def _processing(root, with_feedback):
    """match_correct written out (1 for the key, else 0), and the rationale shown after any answer."""
    processing = ET.SubElement(root, "responseProcessing")
    condition = ET.SubElement(processing, "responseCondition")
    when = ET.SubElement(condition, "responseIf")
    match = ET.SubElement(when, "match")
    ET.SubElement(match, "variable", {"identifier": "RESPONSE"})
    ET.SubElement(match, "correct", {"identifier": "RESPONSE"})
    _set(when, "SCORE", "float", "1")
    _set(ET.SubElement(condition, "responseElse"), "SCORE", "float", "0")
    if with_feedback:
        _set(processing, "FEEDBACK", "identifier", "RATIONALE")


def manifest_xml(versions, *, package_id="bank-soal"):
    root = ET.Element("manifest", {"xmlns": CP, "xmlns:xsi": XSI, "identifier": package_id, "xsi:schemaLocation": f"{CP} {CP_XSD}"})
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "QTIv2.1 Package"
    ET.SubElement(metadata, "schemaversion").text = "1.0.0"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for version in versions:
        href = f"{identifier(version)}.xml"
        resource = ET.SubElement(resources, "resource", {
            "identifier": identifier(version), "type": "imsqti_item_xmlv2p1", "href": href,
        })
        ET.SubElement(resource, "file", {"href": href})
        if version.image_id is not None:
            ET.SubElement(resource, "file", {"href": image_name(version)})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def package(versions, read_image):
    """The zip (bytes). `versions`: current ItemVersions with item__scheme, unit and image loaded;
    `read_image(document)` → the image's bytes."""
    versions = list(versions)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest_xml(versions))
        for version in versions:
            archive.writestr(f"{identifier(version)}.xml", item_xml(version, scheme_code=version.item.scheme.code))
            if version.image_id is not None:
                archive.writestr(image_name(version), read_image(version.image))
    return buffer.getvalue()


def _read(document):
    from portal.documents.services import open_document

    with open_document(document) as handle:
        return handle.read()


def export(actor, versions, *, scheme=None, request=None):
    """The package of `versions` for an item writer or LSP admin (the view checks who), audited."""
    from portal.audit.services import record

    versions = list(versions)
    body = package(versions, read_image=_read)
    record(actor, "cbt.item_export", None, after={"format": "qti", "scheme": scheme, "items": len(versions)}, request=request)
    return body
