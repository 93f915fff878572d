"""ArchiMate exchange import: our own export comes back as the very blueprint; a foreign
model imports what maps and says, element by element, what did not; hostile or broken
files are refused whole, with the line and the identifier."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from bench.generate import synthetic_blueprint
from designer.core import io
from designer.core.archimate import NS
from designer.core.exports.archimate import archimate_bytes
from designer.core.field_paths import plain
from designer.core.imports import safe_xml
from designer.core.imports.archimate import import_archimate
from designer.core.imports.formats import ImportFileError, by_key
from designer.core.schema import Blueprint, Option, OptionChange
from tests.archimate_xsd import assert_valid
from tests.core.exports.test_archimate import rich, with_options

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted((ROOT / "models").glob("*.json"))
FOREIGN = ROOT / "tests" / "data" / "archimate-sample-blueprint.xml"
A = {"a": NS}
HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<model xmlns="http://www.opengroup.org/xsd/'
        'archimate/3.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'identifier="id-m">\n<name>M</name>\n')


def _write(tmp_path, data: bytes | str, name: str = "model.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _export(tmp_path, bp) -> Path:
    data = archimate_bytes(bp)
    assert_valid(data)
    return _write(tmp_path, data)


@pytest.mark.parametrize("make", [rich, with_options,
                                  lambda: synthetic_blueprint(400, forces=3, seed=9),
                                  *[lambda p=p: io.load(p) for p in SAMPLES]],
                         ids=["rich", "options", "synthetic", *[p.stem for p in SAMPLES]])
def test_our_own_export_comes_back_as_the_same_blueprint(make, tmp_path):
    """The mapping covers the whole blueprint: alliance settings, every element and field,
    every link (those without an ArchiMate relationship as model properties), their order,
    the options (plateaus)."""
    bp = make()
    path = _export(tmp_path, bp)
    imported = import_archimate(path)
    assert imported.notes == ()
    assert imported.blueprint == bp
    assert io.dumps(imported.blueprint) == io.dumps(bp)
    assert import_archimate(path, base=bp).blueprint == bp


def _edit(path: Path, change) -> Path:
    doc = etree.parse(str(path), safe_xml.parser())
    change(doc.getroot())
    path.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    return path


def _element(root, identifier):
    return root.find(f"a:elements/a:element[@identifier='{identifier}']", A)


def _property(root, identifier, name):
    el = _element(root, identifier)
    for prop in el.iterfind("a:properties/a:property", A):
        if prop.get("propertyDefinitionRef") == f"id-property.{name}":
            return prop.find("a:value", A)
    return None


def test_edits_made_in_an_ea_tool_come_back(tmp_path):
    """Renamed, re-costed, a team deleted (with its relationships), a new team and new
    relationships drawn."""
    bp = Blueprint.model_validate({**rich().model_dump(), "challenges": [
        {"id": "c1", "element": "wilts-response", "text": "Why two teams?", "author": "A",
         "created": "2026-01-02T10:00:00Z"}]})

    def edit(root):
        _element(root, "id-it").find("a:name", A).text = "ICT (shared)"
        _property(root, "id-response", "baseline.asp.cost_gbp").text = "£1,000.50"
        gone = _element(root, "id-wilts-response")
        gone.getparent().remove(gone)
        for rel in list(root.iterfind("a:relationships/a:relationship", A)):
            if "id-wilts-response" in (rel.get("source"), rel.get("target")):
                rel.getparent().remove(rel)
        for view in root.iterfind("a:views/a:diagrams/a:view", A):
            for node in list(view.iter(f"{{{NS}}}node")):
                if node.get("elementRef") == "id-wilts-response":
                    node.getparent().remove(node)
            for c in list(view.iterfind("a:connection", A)):
                if "wilts-response" in c.get("relationshipRef"):
                    view.remove(c)
        elements = root.find("a:elements", A)
        new = etree.SubElement(elements, f"{{{NS}}}element", {
            "identifier": "id-wilts-cover",
            "{http://www.w3.org/2001/XMLSchema-instance}type": "BusinessActor"})
        etree.SubElement(new, f"{{{NS}}}name").text = "Wiltshire response cover"
        rels = root.find("a:relationships", A)
        for identifier, kind, source, target in (
                ("id-r-new-1", "Assignment", "id-wilts-cover", "id-response"),
                ("id-r-new-2", "Aggregation", "id-wilts", "id-wilts-cover"),
                ("id-r-new-3", "Serving", "id-it", "id-response"),
                ("id-r-new-4", "Assignment", "id-asp-response", "id-it")):
            etree.SubElement(rels, f"{{{NS}}}relationship", {
                "identifier": identifier, "source": source, "target": target,
                "{http://www.w3.org/2001/XMLSchema-instance}type": kind})

    path = _edit(_export(tmp_path, bp), edit)
    imported = import_archimate(path, base=bp)
    got = imported.blueprint
    assert next(f for f in got.functions if f.id == "it").name == "ICT (shared)"
    response = next(f for f in got.functions if f.id == "response")
    assert response.baseline["asp"].cost_pence == 1000_50
    teams = {t.id: t for t in got.teams}
    assert "wilts-response" not in teams
    assert teams["wilts-cover"].function == "response"
    assert teams["wilts-cover"].owner == "wilts"
    assert [link for link in got.links if "wilts-response" in (link.source, link.target)] == []
    # relationships drawn between existing elements become links
    assert {(k.kind, k.source, k.target) for k in got.links} >= {
        ("depends-on", "response", "it"), ("delivers", "asp-response", "it")}
    # the link to the deleted team went with it; the blueprint's own team is said to be gone
    messages = [str(n) for n in imported.notes]
    assert any("wilts-response" in m and "left out" in m for m in messages)
    # the challenge log travels with the model; one about the deleted team loses its target
    assert [c.id for c in got.challenges] == ["c1"] and got.challenges[0].element is None
    assert any("challenge c1" in m and "cleared" in m for m in messages)
    assert not any("wilts-cover" in m for m in messages)  # nothing made up for it


def test_a_foreign_model_imports_what_maps_and_says_what_did_not():
    imported = import_archimate(FOREIGN)
    bp = imported.blueprint
    assert [f.name for f in bp.forces] == ["Force A"]
    assert [(a.name, a.force) for a in bp.areas] == [("North LPA", "force-a")]
    assert [(b.name, b.members) for b in bp.bodies] == [
        ("Alliance Collaboration Board", ("force-a.pcc", "force-a.chief_constable"))]
    assert bp.functions == () and bp.teams == ()
    notes = {(n.line, n.element, n.message) for n in imported.notes}

    def said(line, identifier, *words):
        return any(n_line == line and identifier in element and all(w in msg for w in words)
                   for n_line, element, msg in notes)

    assert said(8, "id-fn-cc", "not imported", "no POA category")
    assert said(8, "id-fn-cc", "'delivery_mode'", "not a field")
    assert said(8, "id-fn-cc", "'annual_cost_gbp'", "not a field")
    assert said(16, "id-team-1", "not imported", "fn-cc")
    assert said(15, "id-force-a", "short_code", "'FA'")
    assert said(17, "id-area-n", "only force")
    assert said(18, "id-board", "PCC and chief constable taken as members")
    assert [n.line for n in imported.notes if n.line] == sorted(
        n.line for n in imported.notes if n.line)


def test_a_foreign_element_keeps_what_the_blueprint_imported_into_says(tmp_path):
    base = rich()
    model = HEAD + """<elements>
      <element identifier="id-asp" xsi:type="BusinessActor"><name>Avon and Somerset</name></element>
      <element identifier="id-fn" xsi:type="BusinessFunction"><name>Dogs</name></element>
      <element identifier="id-x" xsi:type="ApplicationComponent"><name>RMS</name></element>
    </elements>
    <relationships>
      <relationship identifier="id-r" source="id-fn" target="id-x" xsi:type="Serving"/>
    </relationships></model>"""
    imported = import_archimate(_write(tmp_path, model), base=base)
    asp = imported.blueprint.forces[0]
    assert asp.name == "Avon and Somerset"  # the file's name wins
    assert (asp.short_code, asp.pcc) == (base.forces[0].short_code, base.forces[0].pcc)
    fn = imported.blueprint.functions[0]
    assert fn.category == "operational-support/dogs"  # its name is a catalogue name
    messages = [str(n) for n in imported.notes]
    assert any("ApplicationComponent" in m and "line 7" in m for m in messages)
    assert any("Serving" in m and "id-r" in m and "not imported" in m for m in messages)
    assert any("wilts" in m and "left out" in m for m in messages)


# ------------------------------------------------------------------ refused whole


def _refused(tmp_path, text: str | bytes) -> ImportFileError:
    path = _write(tmp_path, text)
    with pytest.raises(ImportFileError) as info:
        import_archimate(path)
    assert str(path) in info.value.describe()
    return info.value


def test_an_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN")
    text = (f'<?xml version="1.0"?>\n<!DOCTYPE model [\n  <!ENTITY x SYSTEM "{secret.as_uri()}">'
            f']>\n<model xmlns="{NS}" identifier="id-m"><name>&x;</name></model>')
    exc = _refused(tmp_path, text)
    assert "DTD" in exc.describe() and exc.problems[0].line == 2
    assert "TOP-SECRET" not in exc.describe()


def test_billion_laughs_is_refused_at_once(tmp_path):
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    text = (f'<?xml version="1.0"?><!DOCTYPE model [<!ENTITY l0 "lol">{entities}]>'
            f'<model xmlns="{NS}" identifier="id-m"><name>&l9;</name></model>')
    exc = _refused(tmp_path, text)
    assert "DTD" in exc.describe() and "lol" not in exc.describe()


@pytest.mark.parametrize("text, words", [
    ('<model xmlns="http://www.opengroup.org/xsd/archimate/2.1/" identifier="m"><name>M</name>'
     "</model>", ["namespace", "archimate/2.1", "line 1"]),
    ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns"/>', ["root element is <graphml>"]),
    (HEAD + "<elements><element identifier='id-a' xsi:type='BusinessThing'><name>A</name>"
     "</element></elements></model>", ["line 4", "id-a", "'BusinessThing'"]),
    (HEAD + "<elements><element identifier='id-a' xsi:type='BusinessActor'><name>A</name>"
     "</element></elements><relationships><relationship identifier='id-r' source='id-a' "
     "target='id-gone' xsi:type='Serving'/></relationships></model>",
     ["line 4", "id-r", "'id-gone'"]),
    (HEAD + "<elements><element identifier='id-a' xsi:type='BusinessActor'><name>A</name>"
     "</element><element identifier='id-a' xsi:type='Location'><name>B</name></element>"
     "</elements></model>", ["id-a", "used twice"]),
    (HEAD + "<elements><element identifier='id-a' xsi:type='BusinessActor'><name>A</name>"
     "<properties><property propertyDefinitionRef='pd-nowhere'><value>1</value></property>"
     "</properties></element></elements></model>", ["pd-nowhere", "does not define"]),
    (HEAD + "<elements><element identifier='id-a' xsi:type='BusinessActor'><name>A</name>"
     "</element></elements>\n<relationships><relationship identifier='id-r' source='id-a' "
     "target='id-a' xsi:type='Befriends'/></relationships></model>",
     ["line 5", "id-r", "'Befriends'"]),
    ("<model xmlns='" + NS + "'><name>unclosed", ["not well-formed", "line 1"]),
    (HEAD + "</model>", ["no force"]),
])
def test_a_broken_file_is_refused_with_where_and_what(tmp_path, text, words):
    described = _refused(tmp_path, text).describe()
    for word in words:
        assert word in described, (word, described)


def test_too_deep_too_large_and_not_a_file_are_refused(tmp_path, monkeypatch):
    deep = HEAD + "<documentation>" + "<x>" * 70 + "</x>" * 70 + "</documentation></model>"
    assert "nested more than" in _refused(tmp_path, deep).describe()
    monkeypatch.setattr(safe_xml, "MAX_BYTES", 100)
    assert "read up to 100" in _refused(tmp_path, HEAD + "<!--" + "x" * 200 + "--></model>") \
        .describe()
    monkeypatch.undo()
    with pytest.raises(ImportFileError, match="folder"):
        import_archimate(tmp_path)
    with pytest.raises(ImportFileError, match="no such file"):
        import_archimate(tmp_path / "missing.xml")


def test_the_import_registry_names_the_reader():
    fmt = by_key("archimate")
    assert fmt.flag == "--archimate" and ".xml" in fmt.suffixes
    imported = fmt.read(FOREIGN, None)
    assert [f.id for f in imported.blueprint.forces] == ["force-a"]


# ------------------------------------------------------------------ options as plateaus


def _plateau(root, identifier, name, kind=None, props=()):
    el = etree.SubElement(root.find("a:elements", A), f"{{{NS}}}element", {
        "identifier": identifier, "{http://www.w3.org/2001/XMLSchema-instance}type": "Plateau"})
    etree.SubElement(el, f"{{{NS}}}name").text = name
    pairs = ([("id-property.kind", kind)] if kind else []) + list(props)
    if pairs:
        holder = etree.SubElement(el, f"{{{NS}}}properties")
        for ref, value in pairs:
            prop = etree.SubElement(holder, f"{{{NS}}}property", {"propertyDefinitionRef": ref})
            etree.SubElement(prop, f"{{{NS}}}value").text = value
    return el


def _relate(root, identifier, kind, source, target):
    etree.SubElement(root.find("a:relationships", A), f"{{{NS}}}relationship", {
        "identifier": identifier, "source": source, "target": target,
        "{http://www.w3.org/2001/XMLSchema-instance}type": kind})


def _lines(path: Path) -> dict[str, int]:
    doc = etree.parse(str(path), safe_xml.parser())
    return {el.get("identifier"): el.sourceline for el in doc.iter()
            if el.get("identifier")}


def test_the_options_come_back_exactly(tmp_path):
    bp = with_options()
    imported = import_archimate(_export(tmp_path, bp))
    assert imported.notes == ()
    assert imported.blueprint.options == bp.options
    assert [o.id for o in imported.blueprint.options] == ["dogs-local", "no-bristol-team",
                                                          "it-joint"]


def test_a_foreign_plateau_is_reported_not_imported_element_by_element(tmp_path):
    bp = rich()

    def edit(root):
        _plateau(root, "id-target-2020", "Target 2020")
        _plateau(root, "id-transition", "Transition", kind="phase")
        _relate(root, "id-r-p1", "Aggregation", "id-target-2020", "id-dogs")

    path = _edit(_export(tmp_path, bp), edit)
    lines = _lines(path)
    imported = import_archimate(path)
    assert imported.blueprint == bp  # nothing of them in the blueprint
    said = {(n.line, n.element): n.message for n in imported.notes}
    assert len(said) == 3
    target = said[(lines["id-target-2020"], "Plateau 'Target 2020' (id-target-2020)")]
    assert "not imported" in target and "kind = 'option'" in target
    assert "not imported" in said[(lines["id-transition"], "Plateau 'Transition' "
                                                           "(id-transition)")]
    relation = said[(lines["id-r-p1"], "Aggregation (id-r-p1)")]
    assert "Plateau 'Target 2020'" in relation and "not imported" in relation


def test_an_option_edited_in_an_ea_tool(tmp_path):
    """Renamed, re-described, a bad status, an element it changes deleted, a copy of its
    plateau made (an identifier not ours)."""
    bp = with_options()

    def edit(root):
        dogs = _element(root, "id-plateau.dogs-local")
        dogs.find("a:name", A).text = "Dogs local again"
        dogs.find("a:documentation", A).text = "Rewritten."
        _property(root, "id-plateau.no-bristol-team", "option.status").text = "maybe"
        it = _element(root, "id-it")
        it.getparent().remove(it)
        for rel in list(root.iterfind("a:relationships/a:relationship", A)):
            if "id-it" in (rel.get("source"), rel.get("target")):
                rel.getparent().remove(rel)
        for node in list(root.iter(f"{{{NS}}}node")):
            if node.get("elementRef") == "id-it":
                node.getparent().remove(node)
        for c in list(root.iter(f"{{{NS}}}connection")):
            if c.get("relationshipRef").split(".")[-1] == "it" or ".it." in \
                    c.get("relationshipRef"):
                c.getparent().remove(c)
        copy = etree.fromstring(etree.tostring(_element(root, "id-plateau.dogs-local")))
        copy.set("identifier", "id-7f3a")
        copy.find("a:name", A).text = "Dogs local (copy)"
        root.find("a:elements", A).append(copy)

    path = _edit(_export(tmp_path, bp), edit)
    lines = _lines(path)
    imported = import_archimate(path)
    got = {o.id: o for o in imported.blueprint.options}
    assert list(got) == ["dogs-local", "it-joint", "dogs-local-copy"]
    assert got["dogs-local"].name == "Dogs local again"
    assert got["dogs-local"].description == "Rewritten."
    assert got["dogs-local"].changes == bp.options[0].changes
    assert got["dogs-local-copy"].changes == bp.options[0].changes
    assert got["it-joint"].changes == ()  # its change to the deleted function went with it
    notes = {n.element: (n.line, n.message) for n in imported.notes}
    line, message = notes["Plateau 'Response without a Bristol team' "
                          "(id-plateau.no-bristol-team)"]
    assert line == lines["id-plateau.no-bristol-team"]
    assert "not imported as an option" in message and "status" in message
    line, message = notes["Plateau 'IT made joint' (id-plateau.it-joint)"]
    assert line == lines["id-plateau.it-joint"] and "it is not in the blueprint" in message
    line, message = notes["Plateau 'Dogs local (copy)' (id-7f3a)"]
    assert line == lines["id-7f3a"] and "'dogs-local-copy'" in message
    # the base's aggregation of the team only that option removed now says nothing: reported
    line, message = notes["Aggregation (id-aggregation.plateau.base.asp-response)"]
    assert line == lines["id-aggregation.plateau.base.asp-response"]
    assert "not imported" in message
    assert len(imported.notes) == 4


def test_options_an_earlier_export_carried_as_a_model_property_are_read(tmp_path):
    bp = with_options()
    legacy = HEAD + """<properties><property propertyDefinitionRef="id-property.start_year">
    <value>2015/16</value></property><property propertyDefinitionRef="id-property.opts">
    <value>{}</value></property></properties>
    <elements>
      <element identifier="id-asp" xsi:type="BusinessActor"><name>A</name></element>
    </elements>
    <propertyDefinitions>
      <propertyDefinition identifier="id-property.start_year" type="string">
        <name>start_year</name></propertyDefinition>
      <propertyDefinition identifier="id-property.opts" type="string">
        <name>blueprint.options</name></propertyDefinition>
    </propertyDefinitions></model>""".format(
        json.dumps([plain(o) for o in bp.options[1:2]]).replace("&", "&amp;")
        .replace("<", "&lt;"))
    imported = import_archimate(_write(tmp_path, legacy))
    assert [o.id for o in imported.blueprint.options] == ["no-bristol-team"]
    assert imported.blueprint.options[0].remove == ()  # its team is not in this model


_JSON_TEXT = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    "\ufffe\uffff<&>\"'\n\t"), max_size=12)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**15, 10**15)
    | st.floats(allow_nan=False, allow_infinity=False) | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_JSON_TEXT, inner, max_size=3),
    max_leaves=6)
_WORDS = st.text("abc XYZ-£é", min_size=1, max_size=12).filter(str.strip)
_ELEMENTS = ("dogs", "it", "response", "dog-unit", "asp-response", "bristol", "alliance")
_OPTIONS = st.builds(
    Option,
    id=st.sampled_from(["a", "b", "base", "bau", "dogs-local", "x-1"]),
    name=_WORDS, description=st.text("ab \n", max_size=8),
    status=st.sampled_from(["long-list", "short-list", "preferred", "rejected"]),
    source=st.text("ab ", max_size=5), illustrative=st.booleans(), notes=st.text("ab ", max_size=5),
    changes=st.lists(st.builds(OptionChange, element=st.sampled_from(_ELEMENTS),
                               set=st.dictionaries(st.sampled_from(
                                   ["delivery", "fte", "serves", "notes", "x"]), _JSON,
                                   min_size=1, max_size=3)), max_size=3).map(tuple),
    remove=st.lists(st.sampled_from(_ELEMENTS[:-1]), max_size=2, unique=True).map(tuple))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_OPTIONS, max_size=4))
@example([Option(id="base", name="Base", changes=(OptionChange(element="dogs", set={
    "notes": "U+FFFE \ufffe, U+FFFF \uffff, control \x01"}),)),
          Option(id="a", name="A"), Option(id="a", name="A again", remove=("it",))])
def test_any_options_come_back_exactly(options):
    """Whatever an option holds (any JSON in its changes, characters XML cannot carry, an id
    used twice or reserved: problems the file may keep), the export is valid and the
    import gives it back."""
    bp = rich().model_copy(update={"options": tuple(options)})
    data = archimate_bytes(bp)
    assert_valid(data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.xml"
        path.write_bytes(data)
        imported = import_archimate(path)
    assert imported.notes == ()
    assert imported.blueprint.options == bp.options


def test_an_import_into_a_blueprint_keeps_what_the_model_does_not_carry(tmp_path):
    """A model without options or a challenge log (foreign, or our properties dropped by
    the EA tool) imported into a blueprint keeps the blueprint's, with a note each; their
    words about an element the model lacks are cleared, as for anything else."""
    from designer.core.schema import Challenge

    base = with_options().model_copy(update={"challenges": (
        Challenge(id="c1", element="dogs", text="Is one lead force enough?",
                  author="Jo", created="2015-03-01T10:00:00Z"),
        Challenge(id="c2", text="And the estates?", author="Al",
                  created="2015-03-02T10:00:00Z"))})
    model = base.model_copy(update={"options": (), "challenges": ()})
    imported = import_archimate(_export(tmp_path, model), base=base)
    assert imported.blueprint.options == base.options
    assert imported.blueprint.challenges == base.challenges
    words = [n.message for n in imported.notes]
    n = len(base.options)
    assert f"options: the model carries none, so the blueprint's {n} " \
        f"{'is' if n == 1 else 'are'} kept" in words
    assert "challenges: the model carries none, so the blueprint's 2 are kept" in words
    # a new blueprint from the same model has none: nothing to keep them from
    assert import_archimate(_export(tmp_path, model)).blueprint.options == ()
