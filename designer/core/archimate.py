"""The blueprint in ArchiMate's words: the mapping both ways of the Open Exchange Format share.

The ArchiMate 3.1 Model Exchange File Format (The Open Group; the XSDs Archi bundles are
in ``tests/data/archimate-xsd``) is how enterprise-architecture tools such as Archi trade
models. A blueprint maps onto it like this:

=====================================  ==================================================
blueprint                              ArchiMate
=====================================  ==================================================
function                               BusinessFunction
force; team of a force                 BusinessActor
policing area                          Location
governance body; joint unit (a team    BusinessCollaboration
of the alliance itself)
POA category of a function             Capability the function realizes
every field (delivery model, host and  a property; its propertyDefinition says the type:
lead force, costs, FTE, sources …)     money as ``currency`` in pounds (exact pence),
                                       counts and FTE as ``number``
an element's notes                     its documentation
the alliance's settings                the model's name, documentation and properties
a team's function, owner, base area    Assignment team → function; Aggregation force →
and areas served                       team; Aggregation area → team; Serving team → area
a function's partner forces            Serving function → force
a body's chairs and members            Aggregation body → their forces
links ``delivers``, ``serves``,        Assignment, Serving (team → area), Serving (the
``depends-on``                         function depended on → the one depending on it)
links ``governs``, ``accountable-to``  a ``link`` property of the model (roles are not
                                       ArchiMate elements; ArchiMate has no governs)
the challenge log, and any other part  a ``blueprint.<part>`` property of the model (JSON)
an option                              a Plateau: its name; its description as the
                                       documentation; every other field (status, source,
                                       notes, the changes, additions and removals exactly,
                                       as JSON) an ``option.<field>`` property; an
                                       Aggregation of each base element it changes
the base (the blueprint as drawn)      one more Plateau (when there are options),
                                       aggregating every element an option changes or
                                       removes
the canvas                             one diagram per force lane, and one for the
                                       alliance band, with our layout
=====================================  ==================================================

Only relationships ArchiMate allows between those types are written (:data:`ALLOWED`,
checked by Archi's model; see ``relationships.xml`` of Archi, ``archimatetool/archi``).

Identifiers are ``xs:ID``\\ s derived from our ids, so they are the same in every
export: ``id-<element id>``, ``id-capability.<category>``, ``id-<relationship>.<source>.
<target>``, ``id-link.<kind>.<source>.<target>``, ``id-property.<name>``, ``id-view.<lane>``,
``id-plateau.<option>`` (``id-plateau.base`` for the base; an option id used twice, or
``base``, an option problem, adds its place: ``id-plateau.<option>.<i>``) and
``id-aggregation.plateau.<option>.<element>``. Our ids never hold a dot, so none of these
can be taken for another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Literal

from designer.core.options import BASE as BASE  # the base: plateau.base (never an option id)

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
LANG = "en"

ELEMENT_TYPES = frozenset({
    "BusinessActor", "BusinessRole", "BusinessCollaboration", "BusinessInterface",
    "BusinessProcess", "BusinessFunction", "BusinessInteraction", "BusinessEvent",
    "BusinessService", "BusinessObject", "Contract", "Representation", "Product",
    "ApplicationComponent", "ApplicationCollaboration", "ApplicationInterface",
    "ApplicationFunction", "ApplicationInteraction", "ApplicationProcess", "ApplicationEvent",
    "ApplicationService", "DataObject", "Node", "Device", "SystemSoftware",
    "TechnologyCollaboration", "TechnologyInterface", "Path", "CommunicationNetwork",
    "TechnologyFunction", "TechnologyProcess", "TechnologyInteraction", "TechnologyEvent",
    "TechnologyService", "Artifact", "Equipment", "Facility", "DistributionNetwork",
    "Material", "Stakeholder", "Driver", "Assessment", "Goal", "Outcome", "Principle",
    "Requirement", "Constraint", "Meaning", "Value", "Resource", "Capability",
    "CourseOfAction", "ValueStream", "WorkPackage", "Deliverable", "ImplementationEvent",
    "Plateau", "Gap", "Grouping", "Location", "AndJunction", "OrJunction",
})
"""Every element type of ArchiMate 3.1 (the XSD's ElementTypeEnum)."""
RELATIONSHIP_TYPES = frozenset({
    "Composition", "Aggregation", "Assignment", "Realization", "Serving", "Access",
    "Influence", "Triggering", "Flow", "Specialization", "Association",
})

ACTOR, COLLABORATION, FUNCTION, LOCATION, CAPABILITY, PLATEAU = (
    "BusinessActor", "BusinessCollaboration", "BusinessFunction", "Location", "Capability",
    "Plateau")

TYPE_OF_KIND = {"force": ACTOR, "team": ACTOR, "area": LOCATION, "body": COLLABORATION,
                "function": FUNCTION}
"""An element kind's ArchiMate type (a team of the alliance itself is a collaboration)."""
KINDS_OF_TYPE = {ACTOR: ("force", "team"), COLLABORATION: ("body", "team"),
                 LOCATION: ("area",), FUNCTION: ("function",)}

Relationship = Literal["Assignment", "Serving", "Aggregation", "Realization"]

ALLOWED: frozenset[tuple[str, str, str]] = frozenset({
    (ACTOR, "Assignment", FUNCTION),
    (COLLABORATION, "Assignment", FUNCTION),
    (ACTOR, "Aggregation", ACTOR),
    (COLLABORATION, "Aggregation", ACTOR),
    (LOCATION, "Aggregation", ACTOR),
    (LOCATION, "Aggregation", COLLABORATION),
    (ACTOR, "Serving", LOCATION),
    (COLLABORATION, "Serving", LOCATION),
    (FUNCTION, "Serving", ACTOR),
    (FUNCTION, "Serving", FUNCTION),
    (FUNCTION, "Realization", CAPABILITY),
    (PLATEAU, "Aggregation", ACTOR),
    (PLATEAU, "Aggregation", COLLABORATION),
    (PLATEAU, "Aggregation", FUNCTION),
    (PLATEAU, "Aggregation", LOCATION),
})
"""(source type, relationship, target type) this mapping writes; each one allowed by
ArchiMate 3.1 (Archi's relationships table: actor/collaboration → function ``i``,
actor → actor and collaboration → actor ``g``, location → anything ``g``, actor and
collaboration → location ``v``, function → actor and function → function ``v``,
function → capability ``r``, plateau → anything ``g``)."""

LINK_RELATIONSHIPS: dict[str, tuple[Relationship, bool]] = {
    "delivers": ("Assignment", False),
    "serves": ("Serving", False),
    "depends-on": ("Serving", True),
}
"""Link kind → (relationship, drawn from the link's target to its source). A function that
depends on another is served by it."""

OTHER_PREFIX = "blueprint."
"""Model properties ``blueprint.<part>`` carry, as JSON, the parts of a blueprint that are
neither elements nor links (the challenge log; whatever later versions add), so a round
trip keeps them and a new part travels the day it is added."""


def other_parts() -> tuple[str, ...]:
    """The blueprint's fields carried as ``blueprint.<part>`` model properties (options
    are plateaus)."""
    from designer.core.schema import ELEMENT_LISTS, Blueprint

    return tuple(name for name in Blueprint.model_fields
                 if name not in ("format", "version", "alliance", "links", "options",
                                 *ELEMENT_LISTS))


OPTIONS_PART = "options"
"""Exports made before options were plateaus carried them as ``blueprint.options``; the
import still reads that."""


KIND_PROPERTY = "kind"
"""The property naming an element's kind (BusinessActor is a force or a team)."""
LINK_PROPERTY = "link"
"""On a relationship: the link kind it stands for. On the model: one unmapped link (JSON)."""
LINK_ORDER_PROPERTY = "link.order"
"""A link's place in the blueprint's list, so a round trip keeps the file's order."""
PENCE_SUFFIX, POUNDS_SUFFIX = "_pence", "_gbp"

PLATEAU_PREFIX = "plateau."
"""An option's key among the export's ends (``plateau.<option id>``): its identifier is
``id-plateau.<option id>``, so a plateau can never be taken for an element of ours."""
OPTION_KIND, BASE_KIND = "option", "base"
"""The ``kind`` property of an option's plateau, and of the base's."""
OPTION_PREFIX = "option."
"""An option's fields are properties ``option.<field>`` (``option.changes`` …), so they
never share a property definition with an element's field of the same name."""


# ------------------------------------------------------------------ identifiers


def element_identifier(element_id: str) -> str:
    return f"id-{element_id}"


def capability_identifier(category: str) -> str:
    return "id-capability." + category.replace("/", ".")


def relationship_identifier(relationship: str, source: str, target: str) -> str:
    """``id-assignment.dogs-unit.dogs``; a capability end by its category, dotted."""
    return f"id-{relationship.lower()}.{source}.{target.replace('/', '.')}"


def link_identifier(kind: str, source: str, target: str) -> str:
    return f"id-link.{kind}.{source}.{target}"


def property_identifier(name: str) -> str:
    return f"id-property.{name}"


def plateau_key(option_id: str) -> str:
    """``dogs-local`` → ``plateau.dogs-local`` (the key :func:`element_identifier` takes)."""
    return PLATEAU_PREFIX + option_id


def plateau_keys(option_ids: Iterable[str]) -> list[str]:
    """Each option's key, in order: ``plateau.<id>``, or ``plateau.<id>.<i>`` (its place in
    the list) for an id used before or called ``base`` — an option problem the file may
    hold, whose plateau must still have an identifier of its own."""
    seen = {BASE}
    keys = []
    for i, option_id in enumerate(option_ids):
        keys.append(plateau_key(option_id) + (f".{i}" if option_id in seen else ""))
        seen.add(option_id)
    return keys


def option_id_of(identifier: str) -> str | None:
    """The option id in one of our plateau identifiers (``id-plateau.x`` or
    ``id-plateau.x.3``); ``None`` for any other identifier."""
    match = _PLATEAU_IDENTIFIER.match(identifier)
    return match.group(1) if match else None


_PLATEAU_IDENTIFIER = re.compile(r"^id-plateau\.([a-z0-9][a-z0-9_-]{0,63})(?:\.\d+)?$")


def our_id(identifier: str) -> str:
    """The blueprint id an identifier of ours stands for (``id-wilts`` → ``wilts``)."""
    return identifier.removeprefix("id-")


# ------------------------------------------------------------------ property names and values


def property_name(column_name: str, kind: str = "") -> str:
    """A field's property name. Money is written in pounds (``baseline.asp.cost_pence`` →
    ``baseline.asp.cost_gbp``); a field called ``kind`` (a body's) is ``body.kind``, as
    :data:`KIND_PROPERTY` says which kind of element it is."""
    if column_name == KIND_PROPERTY and kind:
        return f"{kind}.{column_name}"
    if column_name.endswith(PENCE_SUFFIX):
        return column_name.removesuffix(PENCE_SUFFIX) + POUNDS_SUFFIX
    return column_name


def column_name(property_name: str, kind: str = "") -> str:
    """The field a property name stands for (inverse of :func:`property_name`)."""
    if kind and property_name == f"{kind}.{KIND_PROPERTY}":
        return KIND_PROPERTY
    if property_name.endswith(POUNDS_SUFFIX):
        return property_name.removesuffix(POUNDS_SUFFIX) + PENCE_SUFFIX
    return property_name


def pounds(pence: int) -> str:
    """``123456`` → ``'1234.56'``: a currency value, exact."""
    sign = "-" if pence < 0 else ""
    pence = abs(pence)
    return f"{sign}{pence // 100}.{pence % 100:02d}"


def pence_of(text: str) -> int:
    """``'1234.56'``, ``'£1,234.56'`` or ``'1234'`` → pence, exactly; ``ValueError`` for
    anything else (more than two decimal places included: pence are exact)."""
    cleaned = text.strip().replace(",", "").removeprefix("£").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount of money") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not an amount of money")
    pence = value * 100
    if pence != pence.to_integral_value():
        raise ValueError(f"{text!r} has fractions of a penny")
    return int(pence)
