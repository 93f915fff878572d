"""ArchiMate 3.1 exchange export: valid against the Open Group's XSD (checked offline for
every export here), identifiers stable, only relationships ArchiMate allows, a view per lane."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from bench.generate import synthetic_blueprint
from designer.core import io, layout
from designer.core.archimate import ALLOWED, NS, XSI
from designer.core.exports.archimate import archimate_bytes, export_archimate
from designer.core.exports.formats import by_key
from designer.core.layout import NODE_SIZE, compute_layout
from designer.core.schema import Link, Position, SavingsDefaults, Waiver
from tests.archimate_xsd import assert_valid, errors
from tests.build import area, blueprint, function, team

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted((ROOT / "models").glob("*.json"))
A = {"a": NS}
TYPE = f"{{{XSI}}}type"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


def rich():
    """Every kind of element, field and link the mapping knows."""
    return blueprint(
        "asp", "wilts",
        areas=[area("bristol", "asp"), area("swindon", "wilts", population=230_000)],
        functions=[
            function("response", "local-policing/incident-response", required=True,
                     baseline={"asp": {"cost_pence": 123_45, "fte": 2.5},
                               "wilts": {"cost_pence": 99, "fte": 1.0, "demand": 7}},
                     position=Position(x=300.0, y=900.5)),
            function("it", "support-functions/ict", delivery="shared", host_force="wilts",
                     cost_basis={"kind": "fixed", "shares": {"asp": 60, "wilts": 40}},
                     tags=("digital", "p1"), ramp_up=(50.0, 75.5), go_live="2017/18",
                     implementation_cost_pence=5_000_000_01),
            function("dogs", "operational-support/dogs", delivery="joint", lead_force="asp",
                     governing_body="board", command="ACC <Ops> & \"Co\"",
                     notes="line one\n\tline two", savings_percent=20.4),
        ],
        teams=[team("asp-response", "response", "asp", base_area="bristol", fte=12.5,
                    serves=("bristol",)),
               team("wilts-response", "response", "wilts"),
               team("dog-unit", "dogs", "alliance", fte=30)],
        links=[Link(kind="depends-on", source="dogs", target="it", notes="needs kennels"),
               Link(kind="accountable-to", source="asp.chief_constable", target="asp.pcc"),
               Link(kind="delivers", source="dog-unit", target="response"),
               Link(kind="governs", source="board", target="dog-unit", notes="oversight"),
               Link(kind="serves", source="wilts-response", target="bristol")],
        waivers=(Waiver(rule="savings-meet-target", element="alliance", reason="Estimates",
                        author="Test", date="2026-01-02"),),
        savings_defaults=SavingsDefaults(shared=12.5, sources={"joint": "Reported, 2012"}),
    )


def _doc(bp) -> etree._Element:
    return etree.fromstring(archimate_bytes(bp))


@pytest.mark.parametrize("make", [rich, lambda: synthetic_blueprint(300, forces=3, seed=5),
                                  *[lambda p=p: io.load(p) for p in SAMPLES]],
                         ids=["rich", "synthetic", *[p.stem for p in SAMPLES]])
def test_every_export_is_valid_against_the_open_group_schema(make):
    assert_valid(archimate_bytes(make()))


def test_the_schema_check_is_real_and_offline():
    """Swapping two parts of the model, or an identifier starting with a digit, fails."""
    doc = _doc(rich())
    elements, relationships = doc.find("a:elements", A), doc.find("a:relationships", A)
    doc.remove(relationships)
    elements.addprevious(relationships)
    assert errors(etree.tostring(doc))
    doc = _doc(rich())
    doc.find("a:elements/a:element", A).set("identifier", "1-force")
    assert any("1-force" in e for e in errors(etree.tostring(doc)))


def test_two_exports_are_the_same_bytes(tmp_path):
    bp = io.load(SAMPLES[0])
    first = archimate_bytes(bp)
    layout.clear_cache()
    assert archimate_bytes(io.load(SAMPLES[0])) == first
    assert export_archimate(bp, tmp_path / "m.xml").read_bytes() == first


def _identifiers(doc) -> list[str]:
    return [el.get("identifier") for el in doc.iter() if el.get("identifier") is not None]


def test_identifiers_are_xs_ids_derived_from_ours_and_stable():
    bp = rich()
    ids = _identifiers(_doc(bp))
    assert len(ids) == len(set(ids))
    assert all(i.startswith("id-") and NCNAME.match(i) for i in ids)
    assert {"id-asp", "id-dogs", "id-dog-unit", "id-bristol", "id-board",
            "id-capability.operational-support.dogs",
            "id-assignment.dog-unit.dogs", "id-link.depends-on.dogs.it",
            "id-property.baseline.asp.cost_gbp", "id-view.asp"} <= set(ids)
    more = bp.model_copy(update={"functions": (*bp.functions, function(
        "dogs-2", "operational-support/dogs", name="Second dogs"))})
    assert set(ids) <= set(_identifiers(_doc(more)))


def test_elements_take_the_mapped_types_and_every_relationship_is_allowed():
    doc = _doc(rich())
    types = {el.get("identifier"): el.get(TYPE) for el in doc.iterfind("a:elements/a:element", A)}
    assert types["id-dogs"] == "BusinessFunction"
    assert types["id-asp"] == types["id-asp-response"] == "BusinessActor"
    assert types["id-dog-unit"] == types["id-board"] == "BusinessCollaboration"
    assert types["id-bristol"] == "Location"
    assert types["id-capability.support-functions.ict"] == "Capability"
    seen = set()
    for rel in doc.iterfind("a:relationships/a:relationship", A):
        triple = (types[rel.get("source")], rel.get(TYPE), types[rel.get("target")])
        assert triple in ALLOWED, triple
        seen.add(rel.get(TYPE))
    assert seen == {"Assignment", "Serving", "Aggregation", "Realization"}


def test_fields_are_properties_with_typed_definitions_money_in_pounds():
    doc = _doc(rich())
    definitions = {d.get("identifier"): (d.findtext("a:name", namespaces=A), d.get("type"))
                   for d in doc.iterfind("a:propertyDefinitions/a:propertyDefinition", A)}
    refs = {p.get("propertyDefinitionRef") for p in doc.iter(f"{{{NS}}}property")}
    assert refs == set(definitions)  # every property defined, every definition used

    def props(identifier):
        el = doc.find(f"a:elements/a:element[@identifier='{identifier}']", A)
        return {definitions[p.get("propertyDefinitionRef")][0]: p.findtext("a:value",
                                                                            namespaces=A)
                for p in el.iterfind("a:properties/a:property", A)}

    response = props("id-response")
    assert response["baseline.asp.cost_gbp"] == "123.45"
    assert response["baseline.wilts.cost_gbp"] == "0.99"
    assert response["baseline.asp.fte"] == "2.5"
    assert response["kind"] == "function" and response["required"] == "true"
    assert definitions["id-property.baseline.asp.cost_gbp"] == ("baseline.asp.cost_gbp",
                                                                 "currency")
    assert definitions["id-property.baseline.asp.fte"][1] == "number"
    it = props("id-it")
    assert it["delivery"] == "shared" and it["host_force"] == "wilts"
    assert it["implementation_cost_gbp"] == "5000000.01"
    assert it["tags"] == '["digital", "p1"]'
    assert props("id-board")["body.kind"] == "alliance-board"
    dogs = doc.find("a:elements/a:element[@identifier='id-dogs']", A)
    assert dogs.findtext("a:documentation", namespaces=A) == "line one\n\tline two"


def test_a_diagram_per_force_lane_and_one_for_the_alliance_with_our_layout():
    bp = rich()
    doc = _doc(bp)
    lay = compute_layout(bp)
    views = {v.get("identifier"): v for v in doc.iterfind("a:views/a:diagrams/a:view", A)}
    assert set(views) == {"id-view.alliance", "id-view.asp", "id-view.wilts"}
    lane = views["id-view.wilts"].find("a:node", A)
    assert lane.get("elementRef") == "id-wilts"
    rect = lay.lane("wilts").rect
    assert [int(lane.get(k)) for k in "xywh"] == [round(rect.x), round(rect.y),
                                                  round(rect.width), round(rect.height)]
    inside = {n.get("elementRef"): n for n in lane.iterfind("a:node", A)}
    # a local function is drawn in every lane that delivers it; the host's lane holds IT
    assert {"id-response", "id-wilts-response", "id-swindon", "id-it"} <= set(inside)
    x, y = lay.copies["response"]["wilts"]
    node = inside["id-response"]
    assert [int(node.get(k)) for k in "xywh"] == [round(x), round(y),
                                                  *map(round, NODE_SIZE["function"])]
    band = {n.get("elementRef") for n in views["id-view.alliance"].iterfind("a:node", A)}
    assert band == {"id-board", "id-dogs", "id-dog-unit"}
    connections = views["id-view.asp"].findall("a:connection", A)
    assert any(c.get("relationshipRef") == "id-assignment.asp-response.response"
               for c in connections)


def test_the_registry_and_the_command_line_write_it(tmp_path):
    from designer.cli import main

    fmt = by_key("archimate")
    assert not fmt.needs_qt and fmt.suffix == ".xml"
    src = tmp_path / "bp.json"
    io.save(rich(), src)
    out = tmp_path / "model.xml"
    assert main(["export", str(src), "--archimate", str(out)]) == 0
    assert_valid(out.read_bytes())
