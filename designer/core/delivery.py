"""Delivery models: how the alliance delivers a function (local, shared or joint).

Everything the product knows about one model is written once, in its
:class:`DeliveryModel`: the words it is shown with, the badge letter, the
colour key, which of a function's fields apply, how its cost behaves and
which default savings it takes. Schema validation, edits, finance, rules,
layout, the exports, the CLI and every view read :data:`MODELS`; a new model
is a new entry here (plus its colour in ``designer/core/palette.py``), see
``docs/architecture.md``.

    >>> MODELS["shared"].badge, MODELS["joint"].by
    ('S', 'led by')

The cell wording (:func:`cell_for`) is what the matrix, the PDF report and
the workbook all print for "how one force receives one function" (the latter
two through ``designer.core.tables.delivery_matrix``); :func:`write_delivery`
is what changing a function's model writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:  # the schema imports this module: no run-time import back
    from designer.core.schema import Blueprint, Function

Delivery = Literal["local", "shared", "joint"]
"""The models a file may name (``Function.delivery``): the keys of :data:`MODELS`."""

LOCAL: Delivery = "local"
"""The model a force keeps for a function it does not share (outside any arrangement)."""

ForceField = Literal["host_force", "lead_force"]
"""The ``Function`` fields a model may name its force in (a new one is a schema change)."""
_FORCE_FIELDS: tuple[ForceField, ...] = get_args(ForceField)


@dataclass(frozen=True, slots=True)
class DeliveryModel:
    """One delivery model: its words, its look and its behaviour.

    Templates name ``{force}`` (the force a cell is about), ``{function}`` and
    ``{partner}`` (the force in the model's force field, e.g. the host).
    """

    key: str
    """The value in the file (``Function.delivery``)."""
    label: str
    """Capitalised name: "Shared"."""
    badge: str
    """One capital letter on badges, in the matrix and as its keyboard key."""
    colour_key: str
    """Key of the model's colour in ``designer.core.palette.DELIVERY_COLOURS``."""
    choice: str
    """The model in a list of choices (the inspector): "Shared — hosted by one force"."""
    legend: str
    """The canvas legend's words: "Shared: one host"."""
    cost: Literal["own", "pooled"]
    """``"own"``: each force pays its own baseline less the savings. ``"pooled"``: one unit
    whose cost is pooled over the partner forces and apportioned by the cost basis (so
    the ``partners`` field applies, and a force outside the partners keeps it local)."""
    savings_key: str
    """Field of ``SavingsDefaults`` holding the model's default savings percentage."""
    force_field: ForceField | None = None
    """The function's field naming the force that runs it (host, lead), if any."""
    force_required: bool = False
    """A function of this model must name that force (a shared function needs a host)."""
    role: str = ""
    """What that force is: "host", "lead"."""
    by: str = ""
    """"hosted by", "led by": before the force's name or code."""
    verb: str = ""
    """"hosts", "leads": what that force does."""
    alliance_unit: bool = False
    """The unit belongs to the alliance as a whole (joint): drawn in the alliance band, its
    new teams owned by the alliance, paid to the alliance when no force leads it, run by
    one named command and serving every partner's areas."""
    summary: str = ""
    """The finance dock's words for a function of this model ("joint unit")..."""
    summary_by: str = ""
    """... and when its force is known ("joint unit led by {partner}")."""
    node_by: str = ""
    """The canvas node's second line when its force is known ("Hosted by {partner}")."""
    own: str = ""
    """Cell sentence for the named force itself, or any force of an own-cost model."""
    receives: str = ""
    """Cell sentence for a partner receiving the function from the named force."""
    no_force: str = ""
    """Cell sentence for a partner when no force is named."""
    pooled: bool = field(init=False)
    """Partners apply and the cost is pooled (see :attr:`cost`); kept as a field because
    every projection, check and redraw asks it of every function."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "pooled", self.cost == "pooled")


MODELS: dict[str, DeliveryModel] = {
    "local": DeliveryModel(
        key="local", label="Local", badge="L", colour_key="local",
        choice="Local — each force its own", legend="Local: each force",
        cost="own", savings_key="local",
        summary="delivered locally by each force", summary_by="delivered locally by each force",
        own="{force} delivers {function} itself",
    ),
    "shared": DeliveryModel(
        key="shared", label="Shared", badge="S", colour_key="shared",
        choice="Shared — hosted by one force", legend="Shared: one host",
        cost="pooled", savings_key="shared",
        force_field="host_force", force_required=True, role="host", by="hosted by",
        verb="hosts",
        summary="shared", summary_by="shared, hosted by {partner}",
        node_by="Hosted by {partner}",
        own="{force} hosts {function} for the partners",
        receives="{force} receives {function} from {partner} (shared, hosted)",
        no_force="{force} takes part in a shared {function} service with no host force",
    ),
    "joint": DeliveryModel(
        key="joint", label="Joint", badge="J", colour_key="joint",
        choice="Joint — one unit, joint governance", legend="Joint: one unit",
        cost="pooled", savings_key="joint",
        force_field="lead_force", role="lead", by="led by", verb="leads", alliance_unit=True,
        summary="joint unit", summary_by="joint unit led by {partner}",
        node_by="Joint · led by {partner}",
        # the function's name first and "a joint unit" after it: names such as "Joint
        # armed policing unit" never read "the joint Joint armed policing unit unit"
        own="{force} leads {function}, a joint unit for the partners",
        receives="{force} takes part in {function}, a joint unit led by {partner}",
        no_force="{force} takes part in {function}, a joint unit with no lead force",
    ),
}
"""Every delivery model, in the order the product lists them. Read it at call time
(never copy it at import) so every consumer sees the same models."""


def pooled(delivery: str) -> bool:
    """Partners apply: the model pools one unit's cost over partner forces."""
    return MODELS[delivery].pooled


def force_fields() -> tuple[ForceField, ...]:
    """The function fields a model may name a force in: ``('host_force', 'lead_force')``."""
    return _FORCE_FIELDS


def listed(keys: list[str] | tuple[str, ...], last: str = "or") -> str:
    """``['local', 'shared', 'joint']`` → ``'local, shared or joint'``."""
    keys = list(keys)
    return keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} {last} {keys[-1]}"


def pooled_names() -> str:
    """The pooled models in words: ``'shared or joint'``."""
    return listed([k for k, m in MODELS.items() if m.pooled])


def partner_of(fn: Function) -> str | None:
    """The force named in the function's model's force field (its host or lead), if any."""
    name = MODELS[fn.delivery].force_field
    return getattr(fn, name) if name else None


def node_subtitle(fn: Function, names: Mapping[str, str]) -> str:
    """A pooled function's second line on the canvas: "Hosted by Wiltshire", "Joint · no
    lead force" (``names``: force id → name)."""
    m = MODELS[fn.delivery]
    partner = partner_of(fn)
    if partner:
        return m.node_by.format(partner=names.get(partner, partner))
    return f"{m.label} · no {m.role} force" if m.role else m.label


def summary_text(delivery: str, partner_name: str | None) -> str:
    """The finance dock's words: "shared, hosted by Wiltshire", "joint unit"."""
    m = MODELS[delivery]
    return m.summary_by.format(partner=partner_name) if partner_name else m.summary


# ------------------------------------------------------------------ matrix cells


@dataclass(frozen=True, slots=True)
class Cell:
    """How one force receives one function, in words."""

    function: str
    force: str
    delivery: str
    text: str
    """Short words for the cell ("Shared · hosted by WILTS")."""
    sentence: str
    """The whole story, for tooltips and screen readers."""
    partner: str | None = None
    """The force in the model's force field (the host or lead)."""
    narrow: tuple[str, ...] = ()
    """Shorter wordings, longest first, for narrow columns ("S · host WILTS", "Host WILTS",
    "WILTS"): each keeps the host or lead, the part a board reads the table for."""

    def variants(self) -> tuple[str, ...]:
        return (self.text, *self.narrow)


def cell_for(bp: Blueprint, fn: Function, force_id: str) -> Cell:
    """The words of one delivery-matrix cell: how ``force_id`` receives ``fn``."""
    forces = {f.id: f for f in bp.forces}
    force = forces[force_id]
    delivery = bp.delivery_for(fn, force_id)
    m = MODELS[delivery]
    words = {"force": force.name, "function": fn.name}
    if not m.pooled:
        if fn.delivery != delivery:
            sentence = (f"{force.name} is not a partner of the {fn.delivery} arrangement and "
                        "delivers it itself")
        else:
            sentence = m.own.format(**words)
        return Cell(fn.id, force_id, delivery, m.label, sentence)
    partner_id = partner_of(fn)
    if m.force_field is None:
        return Cell(fn.id, force_id, delivery, m.label, m.receives.format(partner="", **words))
    if partner_id == force_id:
        return Cell(fn.id, force_id, delivery, f"{m.label} · {m.role}", m.own.format(**words),
                    partner_id, (f"{m.badge} · {m.role}", m.role.capitalize()))
    if partner_id is None:
        no = f"no {m.role}"
        return Cell(fn.id, force_id, delivery, f"{m.label} · {no}", m.no_force.format(**words),
                    None, (f"{m.badge} · {no}", no.capitalize()))
    partner = forces.get(partner_id)
    code, name = (partner.short_code, partner.name) if partner else (partner_id, partner_id)
    return Cell(fn.id, force_id, delivery, f"{m.label} · {m.by} {code}",
                m.receives.format(partner=name, **words), partner_id,
                (f"{m.badge} · {m.role} {code}", f"{m.role.capitalize()} {code}", code))


# ------------------------------------------------------------------ edits


def write_delivery(fn: Any, delivery: str, *, default_force: str | None = None) \
        -> dict[str, Any]:
    """The fields to write when ``fn`` moves to ``delivery``.

    The new model's force field takes the force the function already names
    (its own first, then any other force field, then for a model that needs
    one its first partner or ``default_force``); the other force fields are
    cleared, and an own-cost model drops its partners too.
    """
    m = MODELS[delivery]
    fields = force_fields()
    out: dict[str, Any] = {"delivery": delivery}
    if not m.pooled:
        return out | dict.fromkeys(fields, None) | {"partners": ()}
    if m.force_field is not None:
        named = [getattr(fn, m.force_field),
                 *(getattr(fn, f) for f in fields if f != m.force_field)]
        if m.force_required:
            named += [fn.partners[0] if fn.partners else None, default_force]
        out[m.force_field] = next((f for f in named if f), None)
    return out | {f: None for f in fields if f != m.force_field}
