"""The Open Group's ArchiMate 3.1 exchange-format schemas, for tests: every export is checked.

    assert_valid(archimate_bytes(bp))

The XSDs (with their notices) are in tests/data/archimate-xsd; ``archimate3_Model.xsd``
imports the W3C's ``xml.xsd`` by URL, which is mapped to the local copy: nothing is
fetched over the network, and no entity is resolved.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

XSD_DIR = Path(__file__).resolve().parent / "data" / "archimate-xsd"
W3C_XML_XSD = ("http://www.w3.org/2001/xml.xsd", "http://www.w3.org/2001/03/xml.xsd")


class _LocalCopies(etree.Resolver):
    """The W3C's xml.xsd from tests/data, never from the network."""

    def resolve(self, url, pubid, context):
        if url in W3C_XML_XSD:
            return self.resolve_filename(str(XSD_DIR / "xml.xsd"), context)
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    parser.resolvers.add(_LocalCopies())
    return parser


@cache
def schema() -> etree.XMLSchema:
    """``archimate3_Diagram.xsd`` (it includes the View and Model schemas)."""
    return etree.XMLSchema(etree.parse(str(XSD_DIR / "archimate3_Diagram.xsd"), _parser()))


def errors(document: bytes) -> list[str]:
    """What the schema finds wrong with ``document`` (empty: valid)."""
    doc = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    checker = schema()
    if checker.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def assert_valid(document: bytes) -> None:
    problems = errors(document)
    assert not problems, "\n".join(problems[:20])
