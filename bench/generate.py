"""Synthetic blueprints of a chosen size, for benchmarks and stress tests.

``synthetic_blueprint(10_000)`` gives a valid three-force blueprint with about
10,000 elements (nodes plus links) shaped like a real one: a few areas and
bodies per force, many functions across the POA catalogue with a mix of
delivery models, teams delivering them, dependency and accountability links.
Deterministic for a given seed.
"""

from __future__ import annotations

import random
from typing import Any

from designer.core.catalogue import load_catalogue
from designer.core.schema import ALLIANCE, VERSION, Blueprint

COLOURS = ("#0072B2", "#CC79A7", "#56B4E9", "#D55E00", "#999999")


def synthetic_dict(n_elements: int, forces: int = 3, seed: int = 0) -> dict[str, Any]:
    """The blueprint as plain JSON-ready data (what a file would hold)."""
    rng = random.Random(seed)
    cats = [e.id for e in load_catalogue().functions()]
    force_ids = [f"force-{i}" for i in range(forces)]
    n_areas = max(forces, n_elements // 20)
    n_bodies = max(1, n_elements // 200)
    n_functions = max(1, n_elements * 3 // 10)
    n_links = max(0, n_elements // 5)
    n_teams = max(0, n_elements - forces - n_areas - n_bodies - n_functions - n_links)

    data: dict[str, Any] = {
        "format": "alliance-blueprint",
        "version": VERSION,
        "alliance": {
            "name": f"Synthetic alliance ({n_elements} elements)",
            "start_year": "2015/16",
            "savings_target": {"amount_pence": 30_000_000_00, "year": "2018/19"},
        },
        "forces": [
            {
                "id": f,
                "name": f"Force {i}",
                "short_code": f"F{i}",
                "pcc": f"PCC {i}",
                "chief_constable": f"Chief Constable {i}",
                "net_budget_pence": rng.randrange(100, 300) * 1_000_000_00,
                "population": rng.randrange(600_000, 1_700_000),
                "officers_fte": float(rng.randrange(1000, 2800)),
                "colour": COLOURS[i % len(COLOURS)],
                "illustrative": True,
            }
            for i, f in enumerate(force_ids)
        ],
    }
    areas = [
        {"id": f"area-{i}", "name": f"Area {i}", "force": force_ids[i % forces],
         "commander": f"Superintendent {i}"}
        for i in range(n_areas)
    ]
    bodies = [
        {"id": "board", "name": "Strategic Alliance Board", "kind": "alliance-board",
         "chairs": [f"{f}.pcc" for f in force_ids],
         "members": [f"{f}.chief_constable" for f in force_ids]}
    ] + [
        {"id": f"body-{i}", "name": f"Joint committee {i}", "kind": "joint-committee",
         "chairs": [f"{force_ids[i % forces]}.pcc"]}
        for i in range(1, n_bodies)
    ]
    functions = []
    for i in range(n_functions):
        delivery = rng.choice(("local", "local", "shared", "joint"))
        fn: dict[str, Any] = {
            "id": f"fn-{i}",
            "name": f"Function {i}",
            "category": cats[i % len(cats)],
            "delivery": delivery,
            "baseline": {
                f: {"cost_pence": rng.randrange(10_000, 5_000_000) * 100,
                    "fte": float(rng.randrange(1, 200))}
                for f in force_ids
            },
        }
        if delivery == "shared":
            fn["host_force"] = rng.choice(force_ids)
        if delivery == "joint":
            fn["lead_force"] = rng.choice(force_ids)
            fn["command"] = f"ACC unit {i}"
        if delivery != "local":
            k = rng.randrange(n_bodies)
            fn["governing_body"] = f"body-{k}" if k else "board"
            fn["go_live"] = f"{2016 + i % 3}/{(17 + i % 3) % 100:02d}"
        functions.append(fn)
    teams = []
    for i in range(n_teams):
        fn = functions[i % n_functions]
        if fn["delivery"] == "joint":
            owner = ALLIANCE
        elif fn["delivery"] == "shared":
            owner = fn["host_force"]
        else:
            owner = force_ids[i % forces]
        team: dict[str, Any] = {"id": f"team-{i}", "name": f"Team {i}", "function": fn["id"],
                                "owner": owner, "fte": float(rng.randrange(2, 60))}
        if owner != ALLIANCE:
            own_areas = [a["id"] for a in areas[force_ids.index(owner)::forces]]
            team["base_area"] = rng.choice(own_areas)
        teams.append(team)
    links = [
        {"kind": "accountable-to", "source": f"{f}.chief_constable", "target": f"{f}.pcc"}
        for f in force_ids
    ]
    seen: set[tuple[int, int]] = set()
    while len(links) < n_links and n_functions > 1:
        a = rng.randrange(1, n_functions)
        b = rng.randrange(a)
        if (a, b) in seen:
            if len(seen) >= n_functions * (n_functions - 1) // 2:
                break
            continue
        seen.add((a, b))
        links.append({"kind": "depends-on", "source": f"fn-{a}", "target": f"fn-{b}"})
    data |= {"areas": areas, "bodies": bodies, "functions": functions, "teams": teams,
             "links": links}
    return data


def synthetic_blueprint(n_elements: int, forces: int = 3, seed: int = 0) -> Blueprint:
    """A validated synthetic blueprint of about ``n_elements`` elements."""
    return Blueprint.model_validate(synthetic_dict(n_elements, forces, seed))


def element_count(bp: Blueprint) -> int:
    """Nodes plus links: the size measure the benchmarks use."""
    return sum(len(getattr(bp, k)) for k in ("forces", "areas", "bodies", "functions",
                                             "teams", "links"))
