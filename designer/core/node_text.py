"""What each node of the diagram says: its name, the line under it, a figure and a tooltip.

Plain functions of the blueprint, without Qt, so the canvas, tests and any other
picture of the blueprint word an element the same way::

    text = element_text("function", fn, "wilts", bp, force_names(bp))
    text.sub        # 'Hosted by Wiltshire'

The canvas keeps the words per element and draws them
(:class:`designer.ui.canvas.items.NodeItem`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from designer.core.catalogue import load_catalogue
from designer.core.delivery import LOCAL, MODELS, node_subtitle, pooled
from designer.core.money import format_pounds, pounds_short
from designer.core.schema import ALLIANCE, Area, Blueprint, Body, Force, Function, Team

BODY_KINDS = {"alliance-board": "Alliance board", "joint-committee": "Joint committee",
              "pcc-office": "PCC office", "chief-officer-group": "Chief officer group",
              "other": "Governance body"}


@dataclass(frozen=True, slots=True)
class NodeText:
    """What a node says: worked out here, drawn by the canvas."""

    kind: str
    name: str
    sub: str = ""
    delivery: str | None = None  # functions only
    tooltip: str = ""
    right: str = ""  # a short figure at the right edge (a team's FTE)
    ink: str = ""  # text colour when it sits on a coloured strip (role chips in headers)


def force_names(bp: Blueprint) -> dict[str, str]:
    """Force id → name: the words every node uses for a force."""
    return {f.id: f.name for f in bp.forces}


def element_text(kind: str, element: Any, lane: str | None, bp: Blueprint,
                 names: Mapping[str, str]) -> NodeText:
    """The words of an element's node in ``lane`` (``kind``: function, team, area, body)."""
    if kind == "function":
        return function_text(element, lane, names, len(bp.forces), bp.partners_of(element))
    if kind == "team":
        return team_text(element, names)
    if kind == "area":
        return area_text(element, names)
    return body_text(element, bp)


def function_text(fn: Function, lane: str | None, names: Mapping[str, str], n_forces: int,
                  partners: tuple[str, ...]) -> NodeText:
    """What a function's node says (its tooltip is built only when it is shown)."""
    # a lane outside the arrangement keeps the function local
    delivery = fn.delivery if lane is None or lane in partners else LOCAL
    if not pooled(delivery):  # the lane names the force; say what it costs it
        fig = fn.baseline.get(lane or "")
        label = MODELS[delivery].label
        sub = f"{label} · {pounds_short(fig.cost_pence)} baseline" if fig and \
            fig.cost_pence else label
    else:
        sub = node_subtitle(fn, names)
    if pooled(delivery) and 0 < len(partners) < n_forces:
        sub += f" · {len(partners)} of {n_forces} forces"
    return NodeText("function", fn.name, sub, delivery)


def team_text(team: Team, names: Mapping[str, str]) -> NodeText:
    """A team: its name, whose it is and its FTE (shown at the right edge)."""
    owner = "Alliance" if team.owner == ALLIANCE else names.get(team.owner, team.owner)
    fte = f"{team.fte:g} FTE" if team.fte else ""
    tip = f"{team.name}\nTeam of {owner}" + (f", {fte}" if fte else "")
    return NodeText("team", team.name, "", None, tip, fte)


def area_text(area: Area, names: Mapping[str, str]) -> NodeText:
    """A policing area: its name over its local commander."""
    sub = area.commander or "Policing area"
    tip = f"{area.name}\nPolicing area of {names.get(area.force, area.force)}" \
        + (f"\nLocal commander: {area.commander}" if area.commander else "")
    if area.population:
        tip += f"\nPopulation: {area.population:,}"
    return NodeText("area", area.name, sub, None, tip)


def body_text(body: Body, bp: Blueprint) -> NodeText:
    """A governance body: its name over its kind; the tooltip says who chairs it."""
    body_kind = BODY_KINDS.get(body.kind, body.kind)
    chairs = ", ".join(role_name(bp, r) for r in body.chairs)
    tip = f"{body.name}\n{body_kind}" + (f"\nChaired by {chairs}" if chairs else "")
    return NodeText("body", body.name, body_kind, None, tip)


def role_texts(force: Force, ink: str = "") -> tuple[tuple[str, NodeText], ...]:
    """The PCC and chief constable chips on a force's lane header: (role id, words).
    ``ink`` is the text colour the chips take on the force's colour."""
    return tuple((role, NodeText("role", f"{title}: {person}", "", None,
                                 f"{title} of {force.name}: {person}", ink=ink))
                 for role, title, person in ((force.pcc_role, "PCC", force.pcc),
                                             (force.chief_role, "Chief Constable",
                                              force.chief_constable)))


def role_name(bp: Blueprint, role: str) -> str:
    """'PCC of Wiltshire' for ``wilts.pcc`` (the role id itself if its force is unknown)."""
    force_id, _, which = role.partition(".")
    for f in bp.forces:
        if f.id == force_id:
            return f"PCC of {f.name}" if which == "pcc" else f"Chief Constable of {f.name}"
    return role


def function_tooltip(fn: Function, lane: str | None, sub: str,
                     names: Mapping[str, str]) -> str:
    """A function's full story for its tooltip: category, delivery line, command, costs."""
    catalogue = load_catalogue()
    tip = [fn.name, f"{catalogue.name_of(fn.category)} ({fn.category})", sub]
    if fn.command:
        tip.append(f"Command: {fn.command}")
    cost = sum(fig.cost_pence for fig in fn.baseline.values())
    if cost:
        tip.append(f"Baseline cost (all forces): {format_pounds(cost)}")
    if lane is not None and lane in fn.baseline:
        tip.append(f"Baseline cost ({names.get(lane, lane)}): "
                   f"{format_pounds(fn.baseline[lane].cost_pence)}")
    return "\n".join(tip)

