"""ArchiMate 3.1 exchange export: valid against the Open Group's XSD (checked offline for
every export here), identifiers stable, only relationships ArchiMate allows, a view per lane."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from bench.generate import synthetic_blueprint
from designer.core import io, layout
from designer.core.archimate import ALLOWED, NS, XSI
from designer.core.exports.archimate import archimate_bytes, export_archimate
from designer.core.exports.formats import by_key
from designer.core.field_paths import plain
from designer.core.layout import NODE_SIZE, compute_layout
from designer.core.schema import (
    Link,
    LinkRef,
    Option,
    OptionAdditions,
    OptionChange,
    Position,
    SavingsDefaults,
    Waiver,
)
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


def with_options():
    """:func:`rich` with options using every part of an option: changes (to functions,
    teams and the alliance; nulls, lists, fractions), additions, removals of elements
    and links, and every field besides."""
    return rich().model_copy(update={"options": (
        Option(id="dogs-local", name="Dogs kept local", status="short-list",
               description="Each force runs its own dogs.\nAs the Tri-Force partners chose.",
               source="Board paper, 2015", illustrative=True, notes="Ask the ACC",
               changes=(OptionChange(element="dogs", set={"delivery": "local",
                                                          "lead_force": None,
                                                          "governing_body": None,
                                                          "savings_percent": 7.25}),
                        OptionChange(element="dog-unit", set={"owner": "asp",
                                                              "serves": ["bristol"]}),
                        OptionChange(element="alliance", set={"savings_defaults": {
                            "shared": 10.0}})),
               add=OptionAdditions(teams=(team("wilts-dogs", "dogs", "wilts", fte=4.5),),
                                   links=(Link(kind="depends-on", source="dogs",
                                               target="response"),)),
               remove_links=(LinkRef(kind="governs", source="board", target="dog-unit"),)),
        Option(id="no-bristol-team", name="Response without a Bristol team",
               status="rejected", remove=("asp-response",)),
        Option(id="it-joint", name="IT made joint",
               changes=(OptionChange(element="it", set={
                   "delivery": "joint", "host_force": None, "lead_force": "wilts",
                   "implementation_cost_pence": 250_000_00, "ramp_up": [25, 100]}),)),
    )})


def _doc(bp) -> etree._Element:
    return etree.fromstring(archimate_bytes(bp))


@pytest.mark.parametrize("make", [rich, with_options,
                                  lambda: synthetic_blueprint(300, forces=3, seed=5),
                                  *[lambda p=p: io.load(p) for p in SAMPLES]],
                         ids=["rich", "options", "synthetic", *[p.stem for p in SAMPLES]])
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


# ------------------------------------------------------------------ options as plateaus


def _by_identifier(doc) -> dict[str, etree._Element]:
    return {el.get("identifier"): el for el in doc.iterfind("a:elements/a:element", A)}


def _properties(doc, el) -> dict[str, str]:
    names = {d.get("identifier"): d.findtext("a:name", namespaces=A)
             for d in doc.iterfind("a:propertyDefinitions/a:propertyDefinition", A)}
    return {names[p.get("propertyDefinitionRef")]: p.findtext("a:value", namespaces=A)
            for p in el.iterfind("a:properties/a:property", A)}


def test_each_option_is_a_plateau_carrying_its_fields_exactly():
    bp = with_options()
    doc = _doc(bp)
    elements = _by_identifier(doc)
    plateaus = [i for i, el in elements.items() if el.get(TYPE) == "Plateau"]
    assert plateaus == ["id-plateau.base", "id-plateau.dogs-local",
                        "id-plateau.no-bristol-team", "id-plateau.it-joint"]
    assert list(elements)[-4:] == plateaus  # after every element of the blueprint
    dogs = elements["id-plateau.dogs-local"]
    assert dogs.findtext("a:name", namespaces=A) == "Dogs kept local"
    assert dogs.findtext("a:documentation", namespaces=A) == bp.options[0].description
    props = _properties(doc, dogs)
    assert props == {
        "kind": "option", "option.status": "short-list", "option.source": "Board paper, 2015",
        "option.illustrative": "true", "option.notes": "Ask the ACC",
        "option.changes": props["option.changes"], "option.add.teams": props[
            "option.add.teams"], "option.add.links": props["option.add.links"],
        "option.remove_links": props["option.remove_links"]}
    option = bp.options[0]
    assert json.loads(props["option.changes"]) == plain(option.changes)
    assert json.loads(props["option.add.teams"]) == plain(option.add.teams)
    assert json.loads(props["option.remove_links"]) == plain(option.remove_links)
    assert _properties(doc, elements["id-plateau.no-bristol-team"]) == {
        "kind": "option", "option.status": "rejected", "option.remove": '["asp-response"]'}
    assert elements["id-plateau.it-joint"].find("a:documentation", A) is None
    base = elements["id-plateau.base"]
    assert _properties(doc, base) == {"kind": "base"}
    assert "as drawn" in base.findtext("a:name", namespaces=A)
    definitions = {d.findtext("a:name", namespaces=A): d.get("type")
                   for d in doc.iterfind("a:propertyDefinitions/a:propertyDefinition", A)}
    assert definitions["option.illustrative"] == "boolean"
    assert definitions["option.changes"] == "string"


def test_plateaus_aggregate_what_the_options_change_and_the_base_what_they_touch():
    doc = _doc(with_options())
    types = {i: el.get(TYPE) for i, el in _by_identifier(doc).items()}
    aggregated: dict[str, list[str]] = {}
    for rel in doc.iterfind("a:relationships/a:relationship", A):
        if types[rel.get("source")] == "Plateau":
            assert rel.get(TYPE) == "Aggregation"
            assert ("Plateau", "Aggregation", types[rel.get("target")]) in ALLOWED
            assert rel.get("identifier") == "id-aggregation.{}.{}".format(
                rel.get("source").removeprefix("id-"), rel.get("target").removeprefix("id-"))
            aggregated.setdefault(rel.get("source"), []).append(rel.get("target"))
    assert aggregated == {
        "id-plateau.base": ["id-dogs", "id-dog-unit", "id-asp-response", "id-it"],
        "id-plateau.dogs-local": ["id-dogs", "id-dog-unit"],  # not the alliance: no element
        "id-plateau.it-joint": ["id-it"]}  # a removal is only the base's
    rel = doc.find("a:relationships/a:relationship[@identifier="
                   "'id-aggregation.plateau.dogs-local.dogs']", A)
    assert rel.findtext("a:documentation", namespaces=A) == (
        "Dogs kept local sets its delivery, lead_force, governing_body, savings_percent")
    # plateaus are not on the lane diagrams
    refs = {n.get("elementRef") for n in doc.iter(f"{{{NS}}}node")}
    assert not any(r.startswith("id-plateau.") for r in refs)


def test_no_options_no_plateaus_and_an_option_naming_nothing_aggregates_nothing():
    assert "Plateau" not in archimate_bytes(rich()).decode()
    bp = rich().model_copy(update={"options": (Option(id="x", name="X", changes=(
        OptionChange(element="gone", set={"fte": 1}),), remove=("also-gone",)),)})
    data = archimate_bytes(bp)
    assert_valid(data)
    doc = etree.fromstring(data)
    assert [r for r in doc.iterfind("a:relationships/a:relationship", A)
            if "plateau" in r.get("source")] == []
    assert json.loads(_properties(doc, _by_identifier(doc)["id-plateau.x"])[
        "option.changes"]) == [{"element": "gone", "set": {"fte": 1}}]


def test_two_exports_with_options_are_the_same_bytes():
    assert archimate_bytes(with_options()) == archimate_bytes(with_options())
