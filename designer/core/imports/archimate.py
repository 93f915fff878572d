"""Reading an ArchiMate 3.1 Open Exchange File into a blueprint.

    imported = import_archimate(Path("model.xml"), base=None)
    imported.blueprint, imported.notes        # notes: what did not map, element by element

The mapping is :mod:`designer.core.archimate`. Two kinds of file arrive:

- **Our own export** (maybe edited in Archi): each element says which kind of element it
  is (property ``kind``) and carries its fields as properties, complete (a field left out
  is its default), so a round trip gives back the very blueprint. Relationships then only
  add what a property does not say (links); one that contradicts the properties, or that
  a user drew and no field can hold, is reported. Options are plateaus with ``kind``
  ``option`` and their fields as ``option.<field>`` properties; the base's plateau
  (``kind`` ``base``) and the plateaus' aggregations are what the options say, so they
  add nothing. An option's change to an element the model no longer has goes, as
  deleting the element in the designer would take it, with a note.
- **A foreign model**: elements are told apart by their ArchiMate type and relationships
  (an actor assigned to a function is a team, other actors forces), fields come from
  the relationships the mapping knows and from properties named like our fields; what a
  blueprint needs and the file does not say is taken from ``base`` (the blueprint imported
  into, same id) or made up in plain sight (a note says so). What does not map — other
  ArchiMate types, unknown properties, relationships with no counterpart, a plateau
  that is not one of our options — is reported element by element, with its line.

The file is parsed as untrusted (:mod:`.safe_xml`). A file that is not an exchange file —
wrong namespace, an element or relationship type ArchiMate does not have, a relationship
or property pointing nowhere, an identifier used twice — is refused as a whole with a
located message (:class:`ImportFileError`): nothing is half imported.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import BaseModel, ValidationError

from designer.core import references
from designer.core.archimate import (
    BASE,
    BASE_KIND,
    CAPABILITY,
    COLLABORATION,
    ELEMENT_TYPES,
    FUNCTION,
    KIND_PROPERTY,
    KINDS_OF_TYPE,
    LINK_ORDER_PROPERTY,
    LINK_PROPERTY,
    LINK_RELATIONSHIPS,
    NS,
    OPTION_KIND,
    OPTION_PREFIX,
    OPTIONS_PART,
    OTHER_PREFIX,
    PLATEAU,
    RELATIONSHIP_TYPES,
    XSI,
    column_name,
    option_id_of,
    other_parts,
    our_id,
    pence_of,
    plateau_key,
    plateau_keys,
)
from designer.core.catalogue import load_catalogue
from designer.core.field_paths import Column, column_named, nest
from designer.core.imports.formats import Imported, ImportFileError, Note
from designer.core.imports.safe_xml import parse_untrusted
from designer.core.options import BAU
from designer.core.schema import (
    ALLIANCE,
    ELEMENT_LISTS,
    KIND_OF_LIST,
    Alliance,
    Blueprint,
    BlueprintInvalid,
    Link,
    Option,
    error_message,
)
from designer.core.starter import current_financial_year, short_code, slug

TYPE = f"{{{XSI}}}type"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
LIST_OF_KIND = {kind: list_name for list_name, kind in KIND_OF_LIST.items()}


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


@dataclass
class _Concept:
    """An element or relationship as the file gives it."""

    identifier: str
    type: str
    line: int | None
    name: str = ""
    documentation: str | None = None
    properties: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    source: str = ""  # relationships
    target: str = ""

    def label(self) -> str:
        shown = f" {self.name!r}" if self.name else ""
        return f"{self.type}{shown} ({self.identifier})"


@dataclass
class _Element:
    """An element on its way into the blueprint."""

    concept: _Concept
    kind: str
    id: str
    ours: bool
    data: dict[str, Any]


def import_archimate(source: Path, base: Blueprint | None = None) -> Imported:
    """Read an exchange file (see the module docstring). Raises :class:`ImportFileError`."""
    root = parse_untrusted(source, "ArchiMate exchange")
    return _Reader(source, root, base).read()


class _Reader:
    def __init__(self, source: Path, root: etree._Element, base: Blueprint | None):
        self.source = source
        self.root = root
        self.base = base
        self.notes: list[Note] = []
        self.errors: list[Note] = []
        self.definitions: dict[str, str] = {}  # property definition identifier → name
        self.elements: dict[str, _Concept] = {}
        self.relationships: dict[str, _Concept] = {}
        self.used: set[str] = set()  # relationships that said something
        self.other: dict[str, Any] = {}  # blueprint.<part> model properties
        self.plateaus: dict[str, str] = {}  # identifier → plateau.<option id> (ours)
        self.options: list[tuple[_Concept, Option]] = []
        self.catalogue = load_catalogue()

    # ------------------------------------------------------------ notes

    def note(self, message: str, concept: _Concept | None = None) -> None:
        self.notes.append(Note(message, concept.line if concept else None,
                               concept.label() if concept else ""))

    def error(self, message: str, el: etree._Element | None = None, identifier: str = "") \
            -> None:
        self.errors.append(Note(message, el.sourceline if el is not None else None,
                                identifier))

    def _fail_if_errors(self) -> None:
        if self.errors:
            raise ImportFileError(self.source, self.errors)

    # ------------------------------------------------------------ reading the file

    def read(self) -> Imported:
        self._check_root()
        self._read_definitions()
        self._read_concepts()
        self._fail_if_errors()
        bp = self._build()
        notes = sorted(self.notes, key=lambda n: (n.line is None, n.line or 0))
        return Imported(bp, tuple(notes))

    def _check_root(self) -> None:
        root = self.root
        qname = etree.QName(root)
        if qname.localname == "model" and qname.namespace != NS:
            self.error(f"the model is in namespace {qname.namespace or '(none)'!r}; an "
                       f"ArchiMate 3.1 exchange file uses {NS!r}", root)
        elif qname.localname != "model":
            self.error(f"not an ArchiMate exchange file: the root element is <{qname.localname}>"
                       ", not <model>", root)
        self._fail_if_errors()

    def _text(self, parent: etree._Element, tag: str) -> str | None:
        child = parent.find(_tag(tag))
        return None if child is None else (child.text or "")

    def _props(self, parent: etree._Element, owner: str) -> dict[str, tuple[str, int | None]]:
        out: dict[str, tuple[str, int | None]] = {}
        holder = parent.find(_tag("properties"))
        if holder is None:
            return out
        for prop in holder.findall(_tag("property")):
            ref = prop.get("propertyDefinitionRef", "")
            name = self.definitions.get(ref)
            if name is None:
                self.error(f"a property of {owner} refers to property definition {ref!r}, "
                           "which the file does not define", prop, owner)
                continue
            value = self._text(prop, "value")
            if name in out and name != LINK_PROPERTY:
                self.error(f"{owner} has property {name!r} twice", prop, owner)
            out[name] = (value or "", prop.sourceline)
        return out

    def _read_definitions(self) -> None:
        holder = self.root.find(_tag("propertyDefinitions"))
        if holder is None:
            return
        for definition in holder.findall(_tag("propertyDefinition")):
            identifier = definition.get("identifier")
            if not identifier:
                self.error("a property definition has no identifier", definition)
                continue
            name = self._text(definition, "name")
            self.definitions[identifier] = (name or identifier).strip()

    def _concept(self, el: etree._Element, kinds: frozenset[str], what: str) -> _Concept | None:
        identifier = el.get("identifier")
        if not identifier:
            self.error(f"{what} without an identifier", el)
            return None
        raw_type = el.get(TYPE)
        if not raw_type:
            self.error(f"{what} {identifier} has no xsi:type", el, identifier)
            return None
        archimate_type = raw_type.rpartition(":")[2]
        if archimate_type not in kinds:
            self.error(f"{what} {identifier} has type {raw_type!r}, which is not an "
                       f"ArchiMate 3.1 {what} type", el, identifier)
            return None
        if identifier in self.elements or identifier in self.relationships:
            self.error(f"identifier {identifier!r} is used twice", el, identifier)
            return None
        concept = _Concept(identifier, archimate_type, el.sourceline,
                           (self._text(el, "name") or "").strip(),
                           self._text(el, "documentation"))
        concept.properties = self._props(el, identifier)
        return concept

    def _read_concepts(self) -> None:
        holder = self.root.find(_tag("elements"))
        for el in holder.findall(_tag("element")) if holder is not None else ():
            concept = self._concept(el, ELEMENT_TYPES, "element")
            if concept is not None:
                self.elements[concept.identifier] = concept
        if self.root.find(_tag("model")) is not None:  # pragma: no cover - nothing nests
            self.error("a model inside the model", self.root.find(_tag("model")))
        holder = self.root.find(_tag("relationships"))
        rels = holder.findall(_tag("relationship")) if holder is not None else ()
        for el in rels:
            concept = self._concept(el, RELATIONSHIP_TYPES, "relationship")
            if concept is None:
                continue
            concept.source, concept.target = el.get("source", ""), el.get("target", "")
            self.relationships[concept.identifier] = concept
        known = self.elements.keys() | self.relationships.keys()
        for el in rels:
            concept = self.relationships.get(el.get("identifier", ""))
            if concept is None:
                continue
            for end in ("source", "target"):
                ref = getattr(concept, end)
                if ref not in known:
                    self.error(f"relationship {concept.identifier} ({concept.type}): its {end} "
                               f"{ref!r} is no element or relationship of the file", el,
                               concept.identifier)

    # ------------------------------------------------------------ classifying

    def _assigned(self) -> set[str]:
        """Identifiers of actors and collaborations assigned to a function."""
        return {r.source for r in self.relationships.values()
                if r.type == "Assignment" and self.elements.get(r.target) is not None
                and self.elements[r.target].type == FUNCTION}

    def _classify(self) -> list[_Element]:
        assigned = self._assigned()
        taken: set[str] = set()
        out: list[_Element] = []
        for concept in self.elements.values():
            kinds = KINDS_OF_TYPE.get(concept.type)
            if kinds is None:
                if concept.type == CAPABILITY:
                    continue  # read as a function's category
                if concept.type == PLATEAU:
                    self._plateau(concept)
                else:
                    self.note(f"not imported: a blueprint has nothing like an ArchiMate "
                              f"{concept.type}", concept)
                continue
            said = concept.properties.get(KIND_PROPERTY, ("", None))[0]
            ours = said in kinds
            if said and not ours:
                self.note(f"property kind {said!r} does not fit a {concept.type}; read as "
                          "ArchiMate says", concept)
            if ours:
                kind = said
            elif len(kinds) == 1:
                kind = kinds[0]
            else:
                kind = "team" if concept.identifier in assigned else kinds[0]
            element_id = self._id_for(concept, taken)
            taken.add(element_id)
            out.append(_Element(concept, kind, element_id, ours, {}))
        return out

    def _plateau(self, concept: _Concept) -> None:
        """An option of ours, the base's plateau, or a plateau nothing maps to."""
        said = concept.properties.get(KIND_PROPERTY, ("", None))[0]
        if said == BASE_KIND:
            self.plateaus[concept.identifier] = plateau_key(BASE)
        elif said == OPTION_KIND:
            option = self._option(concept)
            if option is not None:
                self.options.append((concept, option))
        else:
            self.note("not imported: a plateau is an option only with the properties the "
                      f"designer's export gives it ({KIND_PROPERTY} = {OPTION_KIND!r}, "
                      f"{OPTION_PREFIX}changes …); make the option in the designer", concept)

    def _option(self, concept: _Concept) -> Option | None:
        """An option from its plateau: id from the identifier, description from the
        documentation, every other field from its ``option.<field>`` property."""
        data: dict[str, Any] = {"id": self._option_id(concept), "name": concept.name,
                                "description": concept.documentation or ""}
        pairs = []
        for name, (text, line) in concept.properties.items():
            if name == KIND_PROPERTY:
                continue
            col = column_named(Option, column_name(name.removeprefix(OPTION_PREFIX))) \
                if name.startswith(OPTION_PREFIX) else None
            if col is None or col.path[0] in ("id", "name", "description"):
                self.note(f"property {name!r} is not a field of an option: left out", concept)
                continue
            try:
                pairs.append((col, _parse(col, text)))
            except ValueError as exc:
                self.note(f"property {name!r} (line {line}): {exc}; left out", concept)
        nest(pairs, data)
        try:
            return Option.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, err['loc'])) or 'option'}: "
                                 f"{error_message(err)}" for err in exc.errors()[:3])
            self.note(f"not imported as an option: {problems}", concept)
            return None

    def _option_id(self, concept: _Concept) -> str:
        """``id-plateau.<option id>`` → the option id (as the file says it, an option
        problem included); any other identifier (a plateau copied in an EA tool): an id
        made from its name, and said so."""
        said = option_id_of(concept.identifier)
        if said is not None:
            return said
        taken = {o.id for _c, o in self.options} | {BASE, BAU}
        made = slug(concept.name or concept.identifier)[:56]
        unique, n = made, 2
        while unique in taken:
            unique = f"{made}-{n}"
            n += 1
        self.note(f"identifier {concept.identifier!r} is not an option's: imported as option "
                  f"{unique!r}", concept)
        return unique

    def _id_for(self, concept: _Concept, taken: set[str]) -> str:
        """Our id: the identifier without ``id-`` when that is a valid id, else made from
        the name (and said so)."""
        candidate = our_id(concept.identifier)
        if _ID.match(candidate) and candidate not in taken and candidate != ALLIANCE:
            return candidate
        made = slug(concept.name or concept.identifier)
        if made == ALLIANCE:
            made = f"{made}-1"
        n = 2
        unique = made
        while unique in taken:
            unique = f"{made[:60]}-{n}"
            n += 1
        self.note(f"identifier {concept.identifier!r} is not a blueprint id: imported as "
                  f"{unique!r}", concept)
        return unique

    # ------------------------------------------------------------ building

    def _base_element(self, kind: str, element_id: str) -> dict[str, Any]:
        if self.base is None:
            return {}
        for el in getattr(self.base, LIST_OF_KIND[kind]):
            if el.id == element_id:
                return el.model_dump()
        return {}

    def _build(self) -> Blueprint:
        elements = self._classify()
        by_identifier = {e.concept.identifier: e for e in elements}
        self.by_identifier = by_identifier
        for e in elements:
            e.data = {} if e.ours else self._base_element(e.kind, e.id)
            e.data.update(id=e.id, name=e.concept.name or (e.data.get("name") or e.id))
            if e.concept.documentation is not None or e.ours:
                e.data["notes"] = e.concept.documentation or ""
            self._read_properties(e)
        self._infer_from_relationships(elements, by_identifier)
        links = self._links(by_identifier)
        alliance = self._alliance()
        if self.options:  # plateaus say it now; older exports said blueprint.options
            self.other[OPTIONS_PART] = [option for _c, option in self.options]
        self._keep_what_the_model_does_not_carry()
        return self._assemble(elements, links, alliance)

    def _keep_what_the_model_does_not_carry(self) -> None:
        """Into a blueprint: its options, challenge log (…) stay when the model carries
        none (a foreign model, or one whose tool dropped our properties), so an import
        never loses them; what they say of elements the model lacks is cleared later."""
        if self.base is None:
            return
        for part in (OPTIONS_PART, *other_parts()):
            kept = getattr(self.base, part, None)
            if part in self.other or not kept:
                continue
            self.other[part] = list(kept) if isinstance(kept, tuple) else kept
            count = len(kept) if isinstance(kept, tuple) else 1
            self.notes.append(Note(f"{part}: the model carries none, so the blueprint's "
                                   f"{count} {'are' if count != 1 else 'is'} kept"))

    def _model_class(self, kind: str) -> type[BaseModel]:
        return references.item_class(Blueprint, LIST_OF_KIND[kind])

    def _read_properties(self, e: _Element) -> None:
        cls = self._model_class(e.kind)
        pairs = []
        for name, (text, line) in e.concept.properties.items():
            if name in (KIND_PROPERTY, LINK_PROPERTY, LINK_ORDER_PROPERTY):
                continue
            col = column_named(cls, column_name(name, e.kind))
            if col is None or col.path[0] in ("id", "name", "notes"):
                self.note(f"property {name!r} is not a field of a {e.kind}: left out",
                          e.concept)
                continue
            try:
                pairs.append((col, _parse(col, text)))
            except ValueError as exc:
                self.note(f"property {name!r} (line {line}): {exc}; left out", e.concept)
        nest(pairs, e.data)

    # ------------------------------------------------------------ relationships

    def _ends(self, rel: _Concept, by_identifier: dict[str, _Element]) \
            -> tuple[_Element | None, _Element | None]:
        return by_identifier.get(rel.source), by_identifier.get(rel.target)

    def _infer_from_relationships(self, elements: list[_Element],
                                  by_identifier: dict[str, _Element]) -> None:
        """Fields a foreign element does not carry as properties, from its relationships."""
        assignments: dict[str, list[str]] = defaultdict(list)
        for rel in self.relationships.values():
            if rel.properties.get(LINK_PROPERTY):
                continue  # a link: read with the links
            src, dst = self._ends(rel, by_identifier)
            target_concept = self.elements.get(rel.target)
            if rel.type == "Realization" and src is not None and src.kind == "function" \
                    and target_concept is not None and target_concept.type == CAPABILITY:
                if not src.ours and "category" not in src.data:
                    category = self._category_of(target_concept)
                    if category:
                        src.data["category"] = category
                        self.used.add(rel.identifier)
                continue
            if src is None or dst is None or (src.ours and dst.ours):
                continue
            if rel.type == "Assignment" and src.kind == "team" and dst.kind == "function":
                assignments[src.id].append(dst.id)
                if not src.ours and "function" not in src.data:
                    src.data["function"] = dst.id
                self.used.add(rel.identifier)
            elif rel.type == "Aggregation" and src.kind == "force" and dst.kind == "team" \
                    and not dst.ours and "owner" not in dst.data:
                dst.data["owner"] = src.id
                self.used.add(rel.identifier)
            elif rel.type == "Aggregation" and src.kind == "area" and dst.kind == "team" \
                    and not dst.ours and not dst.data.get("base_area"):
                dst.data["base_area"] = src.id
                self.used.add(rel.identifier)
            elif rel.type == "Serving" and src.kind == "team" and dst.kind == "area" \
                    and not src.ours:
                src.data["serves"] = (*src.data.get("serves", ()), dst.id)
                self.used.add(rel.identifier)
            elif rel.type == "Aggregation" and src.kind == "body" and dst.kind == "force" \
                    and not src.ours:
                roles = (f"{dst.id}.pcc", f"{dst.id}.chief_constable")
                members = tuple(src.data.get("members", ()))
                src.data["members"] = (*members, *(r for r in roles if r not in members))
                self.note(f"{dst.concept.name or dst.id}'s PCC and chief constable taken as "
                          "members (the file names the force, not a role)", src.concept)
                self.used.add(rel.identifier)
            elif rel.type == "Serving" and src.kind == "function" and dst.kind == "force" \
                    and not src.ours:
                src.data["partners"] = (*src.data.get("partners", ()), dst.id)
                self.used.add(rel.identifier)
        self.extra_assignments = assignments
        for e in elements:
            if not e.ours:
                self._complete(e, elements)

    def _category_of(self, capability: _Concept) -> str | None:
        said = capability.properties.get("category", ("", None))[0]
        if said in self.catalogue:
            return said
        return self._category_named(capability.name)

    def _category_named(self, name: str) -> str | None:
        wanted = name.strip().casefold()
        for entry_id in self.catalogue.entries:
            if self.catalogue.name_of(entry_id).casefold() == wanted:
                return entry_id
        return None

    def _complete(self, e: _Element, elements: list[_Element]) -> None:
        """What a foreign element must have and the file did not say: a stated guess."""
        data, concept = e.data, e.concept
        forces = [x for x in elements if x.kind == "force"]
        only = forces[0].id if len(forces) == 1 else None
        if e.kind == "force":
            for key, made in (("short_code", short_code(data["name"])),
                              ("pcc", f"Police and Crime Commissioner for {data['name']}"),
                              ("chief_constable", f"Chief Constable of {data['name']}")):
                if not data.get(key):
                    data[key] = made
                    self.note(f"{key} is not in the file: {made!r} put in its place", concept)
        elif e.kind == "area" and not data.get("force"):
            if only:
                data["force"] = only
                self.note(f"the file does not say which force it is in: taken as {only!r}, "
                          "the only force", concept)
        elif e.kind == "team" and not data.get("owner"):
            owner = ALLIANCE if concept.type == COLLABORATION or only is None else only
            data["owner"] = owner
            said = "the alliance (a joint unit)" if owner == ALLIANCE else \
                f"{owner!r}, the only force"
            self.note(f"the file does not say whose team it is: taken as {said}", concept)
        elif e.kind == "body" and not data.get("kind"):
            data["kind"] = "other"
            self.note("the file does not say what kind of body it is: 'other'", concept)
        elif e.kind == "function" and not data.get("category"):
            category = self._category_named(data["name"])
            if category:
                data["category"] = category
                self.note(f"category {category!r} taken from its name", concept)
            else:
                self.note("not imported: the file gives it no POA category (a property "
                          "'category' such as 'dealing-with-public/central-communications', or "
                          "a Realization of a Capability named like a catalogue category)",
                          concept)
                data["category"] = None  # refused below without a second note

    def _links(self, by_identifier: dict[str, _Element]) -> list[tuple[float, int, dict]]:
        """(order, position in the file, link data) of every link the file holds."""
        links: list[tuple[float, int, dict]] = []
        for i, rel in enumerate(self.relationships.values()):
            kind = rel.properties.get(LINK_PROPERTY, ("", None))[0]
            src, dst = self._ends(rel, by_identifier)
            if kind:
                mapped = LINK_RELATIONSHIPS.get(kind)
                if mapped is None or mapped[0] != rel.type or src is None or dst is None:
                    self.note(f"property link {kind!r} does not fit a {rel.type} "
                              "relationship: left out", rel)
                    continue
                source, target = (dst.id, src.id) if mapped[1] else (src.id, dst.id)
                order = _number(rel.properties.get(LINK_ORDER_PROPERTY, ("", None))[0])
                links.append((order, i, {"kind": kind, "source": source, "target": target,
                                         "notes": rel.documentation or ""}))
                self.used.add(rel.identifier)
            elif src is not None and dst is not None:  # drawn in an EA tool, maybe
                if rel.type == "Serving" and src.kind == dst.kind == "function":
                    links.append((math.inf, i, {"kind": "depends-on", "source": dst.id,
                                                "target": src.id,
                                                "notes": rel.documentation or ""}))
                    self.used.add(rel.identifier)
                elif rel.type == "Assignment" and src.kind == "team" and \
                        dst.kind == "function" and src.data.get("function") != dst.id:
                    links.append((math.inf, i, {"kind": "delivers", "source": src.id,
                                                "target": dst.id,
                                                "notes": rel.documentation or ""}))
                    self.used.add(rel.identifier)
        start = len(self.relationships)
        holder = self.root.find(_tag("properties"))
        for j, prop in enumerate(holder.findall(_tag("property")) if holder is not None else ()):
            if self.definitions.get(prop.get("propertyDefinitionRef", "")) != LINK_PROPERTY:
                continue
            text = self._text(prop, "value") or ""
            try:
                data = json.loads(text, parse_constant=_no_constant)
                if not isinstance(data, dict):
                    raise ValueError("not an object")
                order = data.pop("order", math.inf)
                if not isinstance(order, int | float):
                    raise ValueError("its order is not a number")
                links.append((float(order), start + j, data))
            except ValueError as exc:
                self.notes.append(Note(f"model property link {text[:60]!r} is not a link "
                                       f"({exc}): left out", prop.sourceline))
        return sorted(links, key=lambda x: (x[0], x[1]))

    def _alliance(self) -> dict[str, Any]:
        root = self.root
        props = self._props(root, "the model")
        ours = "start_year" in props
        data = {} if ours or self.base is None else self.base.alliance.model_dump()
        name = (self._text(root, "name") or "").strip()
        data["name"] = name or data.get("name") or "Imported alliance"
        doc = self._text(root, "documentation")
        if doc is not None or ours:
            data["notes"] = doc or ""
        pairs = []
        for prop_name, (text, line) in props.items():
            if prop_name in (LINK_PROPERTY,):
                continue
            if prop_name.startswith(OTHER_PREFIX) and \
                    prop_name.removeprefix(OTHER_PREFIX) in (*other_parts(), OPTIONS_PART):
                self._other_part(prop_name.removeprefix(OTHER_PREFIX), text, line)
                continue
            col = column_named(Alliance, column_name(prop_name))
            if col is None or col.path[0] in ("name", "notes"):
                self.notes.append(Note(f"model property {prop_name!r} is not an alliance "
                                       "setting: left out", line, "the model"))
                continue
            try:
                pairs.append((col, _parse(col, text)))
            except ValueError as exc:
                self.notes.append(Note(f"model property {prop_name!r}: {exc}; left out", line,
                                       "the model"))
        nest(pairs, data)
        if not data.get("start_year"):
            data["start_year"] = current_financial_year()
            self.notes.append(Note(f"no start year in the file: {data['start_year']} "
                                   "(this financial year) put in its place", None, "the model"))
        return data

    def _other_part(self, part: str, text: str, line: int | None) -> None:
        """A ``blueprint.<part>`` model property (the challenge log …): its items, each
        validated on its own so one bad item is left out, not the log."""
        try:
            data = json.loads(text, parse_constant=_no_constant)
        except ValueError as exc:
            self.notes.append(Note(f"model property {OTHER_PREFIX}{part} is not JSON ({exc}): "
                                   "left out", line, "the model"))
            return
        try:
            cls = references.item_class(Blueprint, part)
        except TypeError:  # not a list of models: the blueprint validates it as a whole
            self.other[part] = data
            return
        items = []
        for i, item in enumerate(data if isinstance(data, list) else [data]):
            try:
                items.append(cls.model_validate(item))
            except ValidationError as exc:
                self.notes.append(Note(f"{part}[{i}] left out: "
                                       f"{error_message(exc.errors()[0])}", line, "the model"))
        self.other[part] = items

    # ------------------------------------------------------------ assembling

    def _assemble(self, elements: list[_Element], links: list[tuple[float, int, dict]],
                  alliance_data: dict[str, Any]) -> Blueprint:
        try:
            alliance = Alliance.model_validate(alliance_data)
        except ValidationError as exc:
            self.notes += [Note(f"alliance setting {'.'.join(map(str, err['loc']))}: "
                                f"{error_message(err)}; the default is used", None, "the model")
                           for err in exc.errors()]
            clean = {k: v for k, v in alliance_data.items()
                     if k not in {str(err["loc"][0]) for err in exc.errors()}}
            clean.setdefault("start_year", current_financial_year())
            alliance = Alliance.model_validate(clean)
        models: dict[str, list[tuple[_Element, BaseModel]]] = defaultdict(list)
        for e in elements:
            if e.kind == "function" and "category" in e.data and e.data["category"] is None:
                continue  # noted in _complete
            try:
                model = self._model_class(e.kind).model_validate(e.data)
            except ValidationError as exc:
                problems = "; ".join(f"{'.'.join(map(str, err['loc'])) or e.kind}: "
                                     f"{error_message(err)}" for err in exc.errors()[:3])
                self.note(f"not imported as a {e.kind}: {problems}", e.concept)
                continue
            if e.kind == "function" and model.category not in self.catalogue:  # type: ignore[attr-defined]
                self.note(f"not imported: category {model.category!r} is not in the "  # type: ignore[attr-defined]
                          f"{self.catalogue.name} catalogue", e.concept)
                continue
            models[e.kind].append((e, model))
        link_models = []
        for _order, _i, data in links:
            try:
                link_models.append(Link.model_validate(data))
            except ValidationError as exc:
                self.notes.append(Note(f"link {data.get('kind')!r} from {data.get('source')!r} "
                                       f"to {data.get('target')!r} left out: "
                                       f"{error_message(exc.errors()[0])}"))
        return self._resolve(alliance, models, link_models)

    def _resolve(self, alliance: Alliance, models: dict[str, list[tuple[_Element, BaseModel]]],
                 links: list[Link]) -> Blueprint:
        """Drop what names something not imported (as deleting it would), then build."""
        if not models["force"]:
            raise ImportFileError(self.source, [Note(
                "the model has no force (a BusinessActor that is not assigned to a function): "
                "a blueprint needs at least one")])
        while True:
            kinds = {m.id: kind for kind, items in models.items() for _e, m in items}  # type: ignore[attr-defined]
            for _e, force in models["force"]:
                kinds[force.pcc_role] = kinds[force.chief_role] = "role"  # type: ignore[attr-defined]
            changed = False
            for kind, items in models.items():
                kept = []
                for e, model in items:
                    gone = {ref for _p, ref, _k, _w in references.unresolved(model, kinds)}
                    if not gone:
                        kept.append((e, model))
                        continue
                    changed = True
                    cleaned = references.without(model, gone)
                    names = ", ".join(sorted(gone))
                    if cleaned is None:
                        self.note(f"not imported: it needs {names}, which is not in the "
                                  "blueprint", e.concept)
                        continue
                    self.note(f"{names} left out of its fields: not in the blueprint",
                              e.concept)
                    kept.append((e, cleaned))
                models[kind] = kept
            kept_links = []
            for link in links:
                gone = {ref for _p, ref, _k, _w in references.unresolved(link, kinds)}
                if gone:
                    changed = True
                    self.notes.append(Note(f"link {link.kind} from {link.source!r} to "
                                           f"{link.target!r} left out: {', '.join(sorted(gone))} "
                                           "is not in the blueprint"))
                else:
                    kept_links.append(link)
            links = kept_links
            for part, items in self.other.items():
                if not isinstance(items, list):
                    continue
                kept_items = []
                for item in items:
                    gone = _dangling(item, kinds)
                    if not gone:
                        kept_items.append(item)
                        continue
                    changed = True
                    cleaned = references.without(item, gone)
                    what = f"{part[:-1] if part.endswith('s') else part} " \
                        f"{getattr(item, 'id', '')}".strip()
                    plateau = self._plateau_of(item) if part == OPTIONS_PART else None
                    self.notes.append(Note(
                        f"{what}: {', '.join(sorted(gone))} is not in the blueprint: " +
                        ("left out" if cleaned is None else "what it says of it is left out"
                         if part == OPTIONS_PART else "the reference is cleared"),
                        plateau.line if plateau else None,
                        plateau.label() if plateau else ""))
                    if cleaned is not None:
                        kept_items.append(cleaned)
                self.other[part] = kept_items
            if not changed:
                break
        lists = {LIST_OF_KIND[kind]: tuple(m for _e, m in items) for kind, items in
                 models.items()}
        try:
            others = {part: tuple(v) if isinstance(v, list) else v
                      for part, v in self.other.items()}
            bp = Blueprint(alliance=alliance, links=tuple(links), **lists, **others)
        except BlueprintInvalid as exc:
            raise ImportFileError(self.source, [Note(f"the imported blueprint would be "
                                                     f"invalid: {p}") for p in exc.problems]) \
                from None
        except ValidationError as exc:
            raise ImportFileError(self.source, [
                Note(f"the imported blueprint would be invalid: "
                     f"{'.'.join(map(str, err['loc']))}: {error_message(err)}")
                for err in exc.errors()]) from None
        self._report_unused(bp)
        self._report_left_out(bp)
        return bp

    def _plateau_of(self, option: Any) -> _Concept | None:
        return next((c for c, o in self.options if o.id == option.id), None)

    def _plateau_keys(self) -> dict[str, str]:
        """Plateau identifier → its key among the ends the export writes (as
        :func:`~designer.core.archimate.plateau_keys` gives them for the options read)."""
        keys = plateau_keys(o.id for _c, o in self.options)
        return {**self.plateaus, **{c.identifier: key for (c, _o), key in
                                    zip(self.options, keys, strict=True)}}

    def _report_unused(self, bp: Blueprint) -> None:
        """Relationships that said nothing: unless the blueprint draws the same one (ours,
        written from its fields), a user drew something no field holds."""
        from designer.core.exports.archimate import expected_relationships

        expected = expected_relationships(bp)
        by_identifier = self.by_identifier
        plateaus = self._plateau_keys()
        for rel in self.relationships.values():
            if rel.identifier in self.used:
                continue
            src, dst = by_identifier.get(rel.source), by_identifier.get(rel.target)
            src_key = src.id if src else plateaus.get(rel.source) or \
                _category_key(self.elements.get(rel.source))
            dst_key = dst.id if dst else _category_key(self.elements.get(rel.target))
            if (rel.type, src_key, dst_key) in expected:
                continue
            ends = " to ".join(self.elements[x].label() if x in self.elements else x
                               for x in (rel.source, rel.target))
            self.note(f"not imported: no blueprint field or link is {_a(rel.type)} from {ends}",
                      rel)

    def _report_left_out(self, bp: Blueprint) -> None:
        if self.base is None:
            return
        kept = {el.id for _l, _i, el in bp.elements()}
        for list_name in ELEMENT_LISTS:
            for el in getattr(self.base, list_name):
                if el.id not in kept:
                    self.notes.append(Note(f"{KIND_OF_LIST[list_name]} {el.name!r} ({el.id}) "
                                           "of the blueprint imported into is not in the "
                                           "model: left out"))


def _a(noun: str) -> str:
    """``'an Aggregation'``, ``'a Serving'``."""
    return f"{'an' if noun[:1] in 'AEIOU' else 'a'} {noun}"


def _dangling(item: BaseModel, kinds: dict[str, str]) -> set[str]:
    """The ids ``item`` names that are not in the blueprint: its checked references that
    fail, and the unchecked ones (an option's) naming nothing."""
    gone = {ref for _p, ref, _k, _w in references.unresolved(item, kinds)}
    return gone | {r.target for r in references.refs(item) if r.target not in kinds}


def _category_key(concept: _Concept | None) -> str | None:
    if concept is None or concept.type != CAPABILITY:
        return None
    return concept.properties.get("category", ("", None))[0] or None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return math.inf
    return value if math.isfinite(value) else math.inf


def _parse(col: Column, text: str) -> Any:
    """A property's text as the field's value; ``ValueError`` saying why not."""
    text = text.strip() if col.type != "string" else text
    if col.path[-1].endswith("_pence") and col.type == "integer":
        return pence_of(text)
    if col.type == "integer":
        if not re.fullmatch(r"[+-]?\d+(\.0*)?", text):
            raise ValueError(f"{text!r} is not a whole number")
        return int(text.split(".")[0])
    if col.type == "number":
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
        if not math.isfinite(value):
            raise ValueError(f"{text!r} is not a number")
        return value
    if col.type == "boolean":
        lowered = text.lower()
        if lowered not in ("true", "false"):
            raise ValueError(f"{text!r} is not true or false")
        return lowered == "true"
    if col.type == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    if col.type == "json":
        try:
            return json.loads(text, parse_constant=_no_constant)
        except ValueError as exc:
            raise ValueError(f"{text[:40]!r} is not a list (JSON): {exc}") from None
    return text
