"""ArchiMate 3.1 Open Exchange Format: the blueprint as a model Archi and other EA tools open.

    export_archimate(bp, Path("alliance.xml"))

What maps to what is :mod:`designer.core.archimate`. The file is valid against the Open
Group's ``archimate3_Diagram.xsd`` (the tests validate every export): child elements in
the schema's order, every identifier an ``xs:ID`` derived from our ids (the same in every
export), every property with its ``propertyDefinition``. Each force lane is a diagram
(the force as a container holding what the canvas puts in its lane, local functions in
every lane that delivers them), and the alliance band is one more, all with our layout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from designer.core import io, references
from designer.core.archimate import (
    ALLOWED,
    BASE,
    BASE_KIND,
    CAPABILITY,
    COLLABORATION,
    KIND_PROPERTY,
    LANG,
    LINK_ORDER_PROPERTY,
    LINK_PROPERTY,
    LINK_RELATIONSHIPS,
    NS,
    OPTION_KIND,
    OPTION_PREFIX,
    OTHER_PREFIX,
    PLATEAU,
    SCHEMA_LOCATION,
    TYPE_OF_KIND,
    XML_NS,
    XSI,
    capability_identifier,
    element_identifier,
    link_identifier,
    other_parts,
    plateau_key,
    plateau_keys,
    pounds,
    property_identifier,
    property_name,
    relationship_identifier,
)
from designer.core.catalogue import load_catalogue
from designer.core.field_paths import Column, columns, default_of, plain, value_of
from designer.core.layout import NODE_SIZE, Layout, compute_layout
from designer.core.palette import DELIVERY_TINT, LANE_TINT, PAPER, delivery_colour, mix
from designer.core.schema import (
    ALLIANCE,
    ELEMENT_LISTS,
    KIND_OF_LIST,
    Alliance,
    Blueprint,
    Option,
)

PROPERTY_TYPES = {"string": "string", "json": "string", "integer": "number",
                  "number": "number", "boolean": "boolean", "date": "date"}
"""A field's value type → its propertyDefinition type (money is ``currency``)."""
SKIPPED = ("id", "name", "notes")
"""Fields the element's own identifier, name and documentation carry."""
OPTION_SKIPPED = ("id", "name", "description")
"""An option's fields its plateau's identifier, name and documentation carry."""
BASE_DOCUMENTATION = (
    "The blueprint as drawn, which each option changes. Each option is a plateau of its "
    "own, aggregating the elements it changes; what it changes is in its properties "
    "(option.changes, option.add, option.remove). This plateau aggregates every element "
    "an option changes or removes.")
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _json(data: Any) -> str:
    """JSON text an XML file can carry exactly: characters XML cannot hold (a lone
    surrogate, U+FFFE) as ``\\uXXXX`` escapes, which only occur inside JSON strings."""
    return _json_escaped(json.dumps(data, ensure_ascii=False))


def _json_escaped(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


TYPE = f"{{{XSI}}}type"
XML_LANG = f"{{{XML_NS}}}lang"
VALUE, NODE = _tag("value"), _tag("node")


@dataclass
class _Properties:
    """The property definitions an export uses, in the order first used."""

    types: dict[str, str] = field(default_factory=dict)

    def use(self, name: str, kind: str) -> str:
        self.types.setdefault(name, kind)
        return property_identifier(name)


def _default(cls: type, col: Column) -> Any:
    key = (cls, col.path)
    hit = _DEFAULTS.get(key, _DEFAULTS)
    if hit is _DEFAULTS:
        hit = _DEFAULTS[key] = default_of(cls, col)
    return hit


_DEFAULTS: dict[tuple, Any] = {}


def _value_text(col: Column, value: Any) -> tuple[str, str]:
    """(property type, text) of one field value."""
    if col.path[-1].endswith("_pence") and col.type == "integer":
        return "currency", pounds(value)
    if col.type == "boolean":
        return "boolean", "true" if value else "false"
    if col.type == "number":
        return "number", repr(float(value))
    if col.type == "date":
        return "date", value.isoformat()
    if col.type == "json":
        return "string", _json_escaped(value)
    return PROPERTY_TYPES[col.type], str(value)


class _Writer:
    def __init__(self, bp: Blueprint):
        self.bp = bp
        self.forces = bp.force_ids()
        self.layout: Layout = compute_layout(bp)
        self.props = _Properties()
        self.types: dict[str, str] = {}  # element id → ArchiMate type
        self.relationships: list[tuple[str, str, str, str, dict[str, str], str]] = []
        # (identifier, type, source element id, target element id, properties, notes)
        self.columns = {kind: columns(references.item_class(Blueprint, list_name),
                                      self.forces, skip=SKIPPED)
                        for list_name, kind in KIND_OF_LIST.items()}
        self.root = etree.Element(_tag("model"), nsmap={None: NS, "xsi": XSI})

    # -- the model

    def build(self) -> etree._Element:
        bp, root = self.bp, self.root
        root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
        root.set("identifier", "id-model")
        self._name(root, bp.alliance.name)
        if bp.alliance.notes:
            self._documentation(root, bp.alliance.notes)
        model_props = list(self._alliance_properties())
        elements = list(self._elements())
        self._relationships()
        model_props += self._unmapped_links()
        if model_props:
            self._properties(root, model_props)
        holder = etree.SubElement(root, _tag("elements"))
        for el in elements:
            holder.append(el)
        if self.relationships:
            self._write_relationships(etree.SubElement(root, _tag("relationships")))
        self._property_definitions(root)
        self._views(etree.SubElement(root, _tag("views")))
        return root

    def _name(self, parent: etree._Element, text: str, tag: str = "name") -> None:
        name = etree.SubElement(parent, _tag(tag), {XML_LANG: LANG})
        name.text = _text(text)

    def _documentation(self, parent: etree._Element, text: str) -> None:
        doc = etree.SubElement(parent, _tag("documentation"), {XML_LANG: LANG})
        doc.text = _text(text)

    def _properties(self, parent: etree._Element, props: list[tuple[str, str]]) -> None:
        """``props``: (property definition identifier, value text)."""
        holder = etree.SubElement(parent, _tag("properties"))
        for ref, text in props:
            prop = etree.SubElement(holder, _tag("property"), {"propertyDefinitionRef": ref})
            etree.SubElement(prop, VALUE).text = _text(text)  # figures and ids: no language

    def _field_properties(self, model: Any, cols: list[Column], kind: str = "") \
            -> Iterator[tuple[str, str]]:
        """Every field that differs from its default (an element of ours is complete: what
        it leaves out is the default, see the import)."""
        cls = type(model)
        for col in cols:
            value = value_of(model, col)
            if value is None or value == _default(cls, col):
                continue
            value_type, text = _value_text(col, value)
            yield self.props.use(property_name(col.name, kind), value_type), text

    def _alliance_properties(self) -> Iterator[tuple[str, str]]:
        cols = columns(Alliance, self.forces, skip=("name", "notes"))
        yield from self._field_properties(self.bp.alliance, cols)
        for part in other_parts():  # the challenge log, …: JSON, as it is in the file
            value = getattr(self.bp, part)
            if value != Blueprint.model_fields[part].get_default(call_default_factory=True):
                yield (self.props.use(OTHER_PREFIX + part, "string"),
                       _json(plain(value)))

    # -- elements

    def _elements(self) -> Iterator[etree._Element]:
        for list_name in ELEMENT_LISTS:
            kind = KIND_OF_LIST[list_name]
            for el in getattr(self.bp, list_name):
                archimate_type = TYPE_OF_KIND[kind]
                if kind == "team" and el.owner == ALLIANCE:
                    archimate_type = COLLABORATION  # a joint unit
                self.types[el.id] = archimate_type
                yield self._element(element_identifier(el.id), archimate_type, el.name,
                                    getattr(el, "notes", ""),
                                    [(self.props.use(KIND_PROPERTY, "string"), kind),
                                     *self._field_properties(el, self.columns[kind],
                                                             kind)])
        catalogue = load_catalogue()
        for category in dict.fromkeys(fn.category for fn in self.bp.functions):
            self.types[category] = CAPABILITY
            yield self._element(capability_identifier(category), CAPABILITY,
                                catalogue.name_of(category), "",
                                [(self.props.use("category", "string"), category)])
        yield from self._plateaus()

    def _plateaus(self) -> Iterator[etree._Element]:
        """The base's plateau and one per option (none when there are no options)."""
        if not self.bp.options:
            return
        kind_ref = self.props.use(KIND_PROPERTY, "string")
        key = plateau_key(BASE)
        self.types[key] = PLATEAU
        yield self._element(element_identifier(key), PLATEAU,
                            f"{self.bp.alliance.name}: the base (as drawn)",
                            BASE_DOCUMENTATION, [(kind_ref, BASE_KIND)])
        cols = [replace(col, name=OPTION_PREFIX + property_name(col.name))
                for col in columns(Option, self.forces, skip=OPTION_SKIPPED)]
        for option, key in zip(self.bp.options, plateau_keys(o.id for o in self.bp.options),
                               strict=True):
            self.types[key] = PLATEAU
            yield self._element(element_identifier(key), PLATEAU, option.name,
                                option.description,
                                [(kind_ref, OPTION_KIND),
                                 *self._field_properties(option, cols)])

    def _element(self, identifier: str, archimate_type: str, name: str, notes: str,
                 props: list[tuple[str, str]]) -> etree._Element:
        el = etree.Element(_tag("element"), {"identifier": identifier, TYPE: archimate_type})
        self._name(el, name)
        if notes:
            self._documentation(el, notes)
        if props:
            self._properties(el, props)
        return el

    # -- relationships

    def _relationships(self) -> None:
        kind_ref = self.props.use(LINK_PROPERTY, "string")
        order_ref = self.props.use(LINK_ORDER_PROPERTY, "number")
        for rel in relationships(self.bp):
            ends = (self.types[rel.source], rel.type, self.types[rel.target])
            if ends not in ALLOWED:  # a mapping bug, never the user's data
                raise AssertionError(f"ArchiMate does not allow {ends}")
            props = {} if rel.link is None else {kind_ref: rel.link[0],
                                                 order_ref: str(rel.link[1])}
            self.relationships.append((rel.identifier, rel.type, rel.source, rel.target,
                                       props, rel.notes))

    def _unmapped_links(self) -> list[tuple[str, str]]:
        """Links ArchiMate has no relationship for: one JSON ``link`` property each."""
        ref = self.props.use(LINK_PROPERTY, "string")
        out = []
        for i, link in enumerate(self.bp.links):
            if link.kind not in LINK_RELATIONSHIPS:
                data = {"order": i, **plain(link)}
                if not data.get("notes"):
                    data.pop("notes", None)
                out.append((ref, _json(data)))
        return out

    def _write_relationships(self, holder: etree._Element) -> None:
        for identifier, rel, source, target, props, notes in self.relationships:
            el = etree.SubElement(holder, _tag("relationship"), {
                "identifier": identifier, "source": self._identifier(source),
                "target": self._identifier(target), TYPE: rel})
            if notes:
                self._documentation(el, notes)
            if props:
                self._properties(el, list(props.items()))

    def _identifier(self, key: str) -> str:
        return capability_identifier(key) if self.types.get(key) == CAPABILITY \
            else element_identifier(key)

    def _property_definitions(self, root: etree._Element) -> None:
        holder = etree.SubElement(root, _tag("propertyDefinitions"))
        for name, kind in self.props.types.items():
            definition = etree.SubElement(holder, _tag("propertyDefinition"), {
                "identifier": property_identifier(name), "type": kind})
            self._name(definition, name)

    # -- views

    def _views(self, holder: etree._Element) -> None:
        diagrams = etree.SubElement(holder, _tag("diagrams"))
        lay = self.layout
        band = [i for i, home in lay.home.items() if home is None]
        self._view(diagrams, "alliance", f"{self.bp.alliance.name}: alliance band",
                   None, [(i, lay.positions[i]) for i in band])
        for force in self.bp.forces:
            placed = [(i, lay.positions[i]) for i, home in lay.home.items()
                      if home == force.id]
            placed += [(fn, by_lane[force.id]) for fn, by_lane in lay.copies.items()
                       if force.id in by_lane]
            self._view(diagrams, force.id, force.name, force, placed)

    def _view(self, diagrams: etree._Element, key: str, title: str, force: Any,
              placed: list[tuple[str, tuple[float, float]]]) -> None:
        view = etree.SubElement(diagrams, _tag("view"), {"identifier": f"id-view.{key}",
                                                         TYPE: "Diagram"})
        self._name(view, title)
        node_of: dict[str, str] = {}
        parent = view
        if force is not None:
            lane = self.layout.lane(force.id)
            assert lane is not None
            parent = self._node(view, key, force.id,
                                (lane.rect.x, lane.rect.y, lane.rect.width, lane.rect.height),
                                (mix(force.colour, PAPER["canvas"], LANE_TINT), force.colour))
            node_of[force.id] = parent.get("identifier")
        kinds = self._kinds()
        for element_id, (x, y) in sorted(placed, key=lambda p: (p[1][1], p[1][0], p[0])):
            kind = kinds[element_id]
            w, h = NODE_SIZE[kind]
            colours = None  # the tool's own colours for its types, but a function's model
            if kind == "function":
                line = delivery_colour(self._delivery_in(element_id, force))
                colours = (mix(line, PAPER["surface"], DELIVERY_TINT), line)
            node = self._node(parent, key, element_id, (x, y, w, h), colours)
            node_of[element_id] = node.get("identifier")
        for identifier, _rel, source, target, _props, _notes in self.relationships:
            if source in node_of and target in node_of:
                etree.SubElement(view, _tag("connection"), {
                    "identifier": f"id-connection.{key}.{identifier.removeprefix('id-')}",
                    TYPE: "Relationship", "relationshipRef": identifier,
                    "source": node_of[source], "target": node_of[target]})

    def _kinds(self) -> dict[str, str]:
        if not hasattr(self, "_kind_of"):
            self._kind_of = {el.id: KIND_OF_LIST[list_name]
                             for list_name, _i, el in self.bp.elements()}
        return self._kind_of

    def _delivery_in(self, function_id: str, force: Any) -> str:
        if not hasattr(self, "_functions"):
            self._functions = {f.id: f for f in self.bp.functions}
        fn = self._functions[function_id]
        return fn.delivery if force is None else self.bp.delivery_for(fn, force.id)

    def _node(self, parent: etree._Element, key: str, element_id: str,
              box: tuple[float, float, float, float],
              colours: tuple[str, str] | None) -> etree._Element:
        """A node at ``box``; ``colours`` (fill, line) when ours say something."""
        x, y, w, h = box
        node = etree.SubElement(parent, NODE, {
            "identifier": f"id-node.{key}.{element_id}", "elementRef":
            element_identifier(element_id), TYPE: "Element", "x": str(max(0, round(x))),
            "y": str(max(0, round(y))), "w": str(max(1, round(w))),
            "h": str(max(1, round(h)))})
        if colours is not None:
            style = etree.SubElement(node, _tag("style"))
            for tag, colour in zip(("fillColor", "lineColor"), colours, strict=True):
                etree.SubElement(style, _tag(tag), {"r": str(int(colour[1:3], 16)),
                                                    "g": str(int(colour[3:5], 16)),
                                                    "b": str(int(colour[5:7], 16))})
        return node


@dataclass(frozen=True, slots=True)
class Rel:
    """One relationship the export writes; ends are our ids (a capability: its category)."""

    identifier: str
    type: str
    source: str
    target: str
    link: tuple[str, int] | None = None
    """For a link in the file: its kind and its place in the list."""
    notes: str = ""


def relationships(bp: Blueprint) -> Iterator[Rel]:
    """The relationships an export of ``bp`` holds: from its fields (for the picture in an
    EA tool; the properties say the same), then its links that have an ArchiMate
    counterpart (see :mod:`designer.core.archimate`)."""
    def rel(kind: str, source: str, target: str) -> Rel:
        return Rel(relationship_identifier(kind, source, target), kind, source, target)

    for body in bp.bodies:
        for force in dict.fromkeys(r.partition(".")[0] for r in (*body.chairs, *body.members)):
            yield rel("Aggregation", body.id, force)
    for fn in bp.functions:
        yield rel("Realization", fn.id, fn.category)
        for force in bp.partners_of(fn):
            yield rel("Serving", fn.id, force)
    for team in bp.teams:
        yield rel("Assignment", team.id, team.function)
        if team.owner != ALLIANCE:
            yield rel("Aggregation", team.owner, team.id)
        if team.base_area:
            yield rel("Aggregation", team.base_area, team.id)
        for area in team.serves:
            yield rel("Serving", team.id, area)
    for i, link in enumerate(bp.links):
        mapped = LINK_RELATIONSHIPS.get(link.kind)
        if mapped is not None:
            kind, reverse = mapped
            source, target = (link.target, link.source) if reverse else \
                (link.source, link.target)
            yield Rel(link_identifier(link.kind, link.source, link.target), kind, source,
                      target, (link.kind, i), link.notes)
    yield from _plateau_relationships(bp)


def _plateau_relationships(bp: Blueprint) -> Iterator[Rel]:
    """Each option's plateau aggregates the base elements it changes; the base's, every
    element an option changes or removes (an option naming what the base does not have
    is an option problem, shown when it is applied: no relationship for that)."""
    if not bp.options:
        return
    ids = {el.id for _l, _i, el in bp.elements()}
    changed = [[i for i in dict.fromkeys(c.element for c in option.changes) if i in ids]
               for option in bp.options]
    scope = dict.fromkeys(i for n, option in enumerate(bp.options)
                          for i in (*changed[n], *option.remove) if i in ids)
    base = plateau_key(BASE)
    for element_id in scope:
        yield Rel(relationship_identifier("Aggregation", base, element_id), "Aggregation",
                  base, element_id)
    for i, (option, key) in enumerate(zip(bp.options, plateau_keys(o.id for o in bp.options),
                                          strict=True)):
        for element_id in changed[i]:
            fields = dict.fromkeys(f for c in option.changes if c.element == element_id
                                   for f in c.set)
            yield Rel(relationship_identifier("Aggregation", key, element_id),
                      "Aggregation", key, element_id,
                      notes=f"{option.name} sets its {', '.join(fields)}" if fields else "")


def expected_relationships(bp: Blueprint) -> set[tuple[str, str, str]]:
    """(type, source, target) of every relationship an export of ``bp`` holds: what the
    import expects to find besides the links."""
    return {(r.type, r.source, r.target) for r in relationships(bp)}


def archimate_bytes(bp: Blueprint) -> bytes:
    """The blueprint as an ArchiMate exchange file (UTF-8): the same bytes every time."""
    root = _Writer(bp).build()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def export_archimate(bp: Blueprint, path: str | Path, projection: Any = None,
                     progress: Callable[[int, int, str], None] | None = None) -> Path:
    """Write ``bp`` as an ArchiMate 3.1 exchange file, atomically (the registry's writer)."""
    if progress:
        progress(0, 1, "model and views")
    io.atomic_write(path, archimate_bytes(bp))
    if progress:
        progress(1, 1, "done")
    return Path(path)
