"""A small blueprint that keeps every built-in principle, and ways to break it."""

from __future__ import annotations

from typing import Any

from designer.core.schema import Blueprint, CostBasis, ForceFigures
from tests.build import area, blueprint, board, function, team

NET = CostBasis(kind="net-budget", source="s22A agreement")


def good(**overrides: Any) -> Blueprint:
    """Two forces, two areas each; local policing local with a team per force, a joint
    dogs unit, a shared ICT service hosted by b. Passes every built-in rule."""
    figures = {f: ForceFigures(cost_pence=5_000_000_00) for f in ("a", "b")}
    parts: dict[str, Any] = {
        "areas": [area("a-north", "a"), area("a-south", "a"), area("b-east", "b"),
                  area("b-west", "b")],
        "bodies": [board(["a", "b"])],
        "functions": [
            function("npt", "local-policing/neighbourhood", name="Neighbourhood policing",
                     required=True),
            function("dogs", "operational-support/dogs", name="Dogs", delivery="joint",
                     lead_force="a", command="ACC Operations", governing_body="board",
                     cost_basis=NET, baseline=figures),
            function("ict", "support-functions/ict", name="ICT", delivery="shared",
                     host_force="b", governing_body="board", cost_basis=NET, baseline=figures),
        ],
        "teams": [team("npt-a", "npt", "a", name="A neighbourhood teams"),
                  team("npt-b", "npt", "b", name="B neighbourhood teams"),
                  team("dogs-unit", "dogs", "alliance", name="Joint dogs unit"),
                  team("ict-b", "ict", "b", name="ICT service")],
        "target_pence": 1_000_000_00,
    }
    parts.update(overrides)
    return blueprint("a", "b", **parts)


def replace(bp: Blueprint, element_id: str, **fields: Any) -> Blueprint:
    """``bp`` with one element's fields changed (through edits, so validated)."""
    from designer.core.edits import update_element

    return update_element(bp, element_id, **fields)


def ids(results, rule: str) -> list[tuple[str, ...]]:
    return [r.elements for r in results if r.rule == rule]


def messages(results, rule: str) -> list[str]:
    return [r.message for r in results if r.rule == rule]
