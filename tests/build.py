"""Blueprints in a line or two, for tests.

    bp = blueprint("asp", "wilts", functions=[function("dogs", delivery="joint")])

Forces get a PCC, a chief constable and one area each; pass elements to add more.
"""

from __future__ import annotations

from typing import Any

from designer.core.delivery import MODELS, DeliveryModel
from designer.core.schema import (
    Alliance,
    Area,
    Blueprint,
    Body,
    Force,
    Function,
    Link,
    SavingsTarget,
    Team,
)


def force(force_id: str, **fields: Any) -> Force:
    defaults: dict[str, Any] = {
        "name": force_id.title(),
        "short_code": force_id.upper()[:8].replace("-", "").replace("_", "") or "F",
        "pcc": f"PCC of {force_id}",
        "chief_constable": f"Chief Constable of {force_id}",
        "net_budget_pence": 100_000_000_00,
        "population": 1_000_000,
        "officers_fte": 1000.0,
    }
    return Force(id=force_id, **{**defaults, **fields})


def area(area_id: str, force_id: str, **fields: Any) -> Area:
    return Area(id=area_id, name=fields.pop("name", area_id.title()), force=force_id,
                commander=fields.pop("commander", "Superintendent"), **fields)


def function(function_id: str, category: str = "investigations/major-investigation",
             **fields: Any) -> Function:
    return Function(id=function_id, name=fields.pop("name", function_id.title()),
                    category=category, **fields)


def team(team_id: str, function_id: str, owner: str, **fields: Any) -> Team:
    return Team(id=team_id, name=fields.pop("name", team_id.title()), function=function_id,
                owner=owner, **fields)


def board(forces: list[str], board_id: str = "board", **fields: Any) -> Body:
    return Body(
        id=board_id,
        name=fields.pop("name", "Strategic Alliance Board"),
        kind=fields.pop("kind", "alliance-board"),
        chairs=fields.pop("chairs", tuple(f"{f}.pcc" for f in forces)),
        members=fields.pop("members", tuple(f"{f}.chief_constable" for f in forces)),
        **fields,
    )


def blueprint(
    *forces: str | Force,
    functions: list[Function] | tuple[Function, ...] = (),
    teams: list[Team] | tuple[Team, ...] = (),
    areas: list[Area] | None = None,
    bodies: list[Body] | None = None,
    links: list[Link] | tuple[Link, ...] = (),
    target_pence: int | None = 1_000_000_00,
    target_year: str = "2018/19",
    **alliance: Any,
) -> Blueprint:
    """A valid blueprint: forces (ids or Force; default "a", "b") each with an area, and a board."""
    force_models = tuple(f if isinstance(f, Force) else force(f) for f in forces or ("a", "b"))
    force_ids = tuple(f.id for f in force_models)
    return Blueprint(
        alliance=Alliance(
            name=alliance.pop("name", "Test alliance"),
            start_year=alliance.pop("start_year", "2015/16"),
            savings_target=(SavingsTarget(amount_pence=target_pence, year=target_year)
                            if target_pence is not None else None),
            **alliance,
        ),
        forces=force_models,
        areas=tuple(areas if areas is not None else [area(f"{f}-area", f) for f in force_ids]),
        bodies=tuple(bodies if bodies is not None else [board(list(force_ids))]),
        functions=tuple(functions),
        teams=tuple(teams),
        links=tuple(links),
    )


NETWORK = DeliveryModel(
    key="network", label="Networked", badge="N", colour_key="joint",
    choice="Networked — coordinated by one force", legend="Networked: one coordinator",
    cost="pooled", savings_key="joint",
    force_field="lead_force", role="coordinator", by="coordinated by", verb="coordinates",
    summary="networked", summary_by="networked, coordinated by {partner}",
    node_by="Coordinated by {partner}",
    own="{force} coordinates the {function} network",
    receives="{force} takes part in the {function} network coordinated by {partner}",
    no_force="{force} takes part in the {function} network with no coordinator",
)
"""A hypothetical fourth delivery model: pooled, its force optional and not an alliance unit."""


def add_network_model(monkeypatch: Any) -> DeliveryModel:
    """Register :data:`NETWORK` for one test (the file format still names only three)."""
    monkeypatch.setitem(MODELS, NETWORK.key, NETWORK)
    return NETWORK


def as_network(bp: Blueprint, *function_ids: str) -> Blueprint:
    """``bp`` with these functions' model set to the hypothetical ``network`` (unvalidated:
    the schema's ``Delivery`` literal does not name it)."""
    functions = tuple(f.model_copy(update={"delivery": NETWORK.key}) if f.id in function_ids
                      else f for f in bp.functions)
    return bp.model_copy(update={"functions": functions})
