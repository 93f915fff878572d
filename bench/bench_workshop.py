"""Workshop figures on a 10,000-element blueprint: who serves an area, and walk-throughs.

``trace_area_10k_ms``: every function's provider (team, owner, base, delivery wording,
host or lead, governance chain up to the PCCs, on duty at a time) for one area, given
the blueprint's graph (the app and the rules keep one built), once the blueprint has
been asked about before: who provides what to a force's areas is remembered per
blueprint value (``core/trace.py``), as the app asks about one area after another.
Goal: ≤ 20. ``..._cold_ms``: the first question about a blueprint value (a fresh copy
each time), which works that out.

``walkthroughs_100_10k_ms``: run 100 walk-throughs of four steps each, at a time of
the week, given the graph. Goal: ≤ 200. ``..._cold_ms`` on a fresh blueprint value,
as the rule runs after an edit; ``..._with_graph_ms`` adds building the graph too,
what a one-off ``designer check`` pays (once, for all its rules).

The synthetic blueprint files ~55 functions under each catalogue entry, so each step
asks about ~55 functions (a real blueprint has one or two).

A fifth of the teams keep weekly hours, so on-duty checks do real work.
"""

from __future__ import annotations

import random

from bench.generate import synthetic_dict
from bench.timing import best_ms
from designer.core.catalogue import load_catalogue
from designer.core.cover import parse_time
from designer.core.graph import to_graph
from designer.core.schema import Blueprint
from designer.core.trace import trace
from designer.core.walkthroughs import run_all

HOURS = [{"days": "Mon-Fri", "from": "07:00", "to": "19:00"},
         {"days": "Sat", "from": "08:00", "to": "14:00"}]


def workshop_blueprint(n: int = 10_000, walkthroughs: int = 100, seed: int = 1) -> Blueprint:
    """The synthetic blueprint with weekly hours on a fifth of its teams and walk-throughs
    of four steps through the catalogue functions it uses."""
    rng = random.Random(seed)
    data = synthetic_dict(n)
    for i, team in enumerate(data["teams"]):
        if i % 5 == 0:
            team["cover"] = HOURS
    used = sorted({fn["category"] for fn in data["functions"]})
    data["walkthroughs"] = [{
        "id": f"walk-{i}", "title": f"Walk-through {i}",
        "area": rng.choice(data["areas"])["id"],
        "time": f"{rng.choice(('Mon', 'Wed', 'Sat', 'Sun'))} {rng.randrange(24):02d}:00",
        "steps": [{"category": rng.choice(used),
                   **({"delivery": "joint"} if rng.random() < 0.3 else {})}
                  for _ in range(4)],
    } for i in range(walkthroughs)]
    return Blueprint.model_validate(data)


def measure(quick: bool) -> dict[str, float]:
    bp = workshop_blueprint()
    assert load_catalogue()  # parsed once, outside the timings
    g = to_graph(bp)
    area = bp.areas[len(bp.areas) // 2].id
    at = parse_time("Sat 03:00")
    return {
        "trace_area_10k_ms": best_ms(lambda: trace(bp, area, None, at, g)),
        "trace_area_10k_cold_ms": best_ms(lambda: trace(bp.model_copy(), area, None, at, g)),
        "walkthroughs_100_10k_ms": best_ms(lambda: run_all(bp, g)),
        "walkthroughs_100_10k_cold_ms": best_ms(lambda: run_all(bp.model_copy(), g)),
        "walkthroughs_100_10k_with_graph_ms": best_ms(lambda: run_all(bp.model_copy())),
    }
