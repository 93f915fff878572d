"""Comparing and merging 10,000-element blueprints (``designer diff``, ``designer merge``).

- ``diff_10k_ms``: two 10,000-element blueprints, loaded separately (no shared
  objects, as from two files), differing in 100 elements (changed, added and
  removed): the diff and its words. Goal ≤ 200.
- ``diff_10k_report_ms``: the same with the money and rule differences (two
  finance projections and two full rule checks): what ``designer diff`` prints.
- ``textconv_10k_ms``: one 10,000-element blueprint listed for ``git diff``.
- ``merge_10k_ms``: a three-way merge with 100 changes on each side, to different
  elements, the result validated. Goal ≤ 400.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from bench.generate import synthetic_dict
from bench.timing import best_ms
from designer.core import diff as D
from designer.core.diff_report import report
from designer.core.schema import Blueprint


def edited(data: dict[str, Any], changes: int, seed: int, side: int = 0,
           sides: int = 1) -> dict[str, Any]:
    """A copy of ``data`` differing in ``changes`` elements: most changed, a tenth of
    them new functions, a tenth teams removed. With ``sides`` > 1 each side edits only
    its own share of the elements (index % sides == side), so sides never overlap."""
    rng = random.Random(seed)
    out = copy.deepcopy(data)
    fns, teams = out["functions"], out["teams"]
    linked = {end for link in out["links"] for end in (link["source"], link["target"])}
    mine_f = [i for i in range(len(fns)) if i % sides == side]
    mine_t = [i for i in range(len(teams)) if i % sides == side and teams[i]["id"] not in linked]
    added = removed = changes // 10
    changed = changes - added - removed
    for i in rng.sample(mine_f, changed // 2):
        fns[i]["name"] += f" (side {side})"
        fns[i]["savings_percent"] = float(rng.randrange(0, 40))
    picked = rng.sample(mine_t, changed - changed // 2 + removed)
    for i in picked[removed:]:
        teams[i]["fte"] = float(rng.randrange(1, 200))
    gone = {teams[i]["id"] for i in picked[:removed]}
    out["teams"] = [t for t in teams if t["id"] not in gone]
    template = fns[mine_f[0]]
    for n in range(added):
        fns.append({**template, "id": f"new-{side}-{n}", "name": f"New function {side}-{n}",
                    "delivery": "local", "host_force": None, "lead_force": None,
                    "partners": []})
    return out


def measure(quick: bool) -> dict[str, float]:
    from designer.core.merge import merge

    data = synthetic_dict(10_000)
    base = Blueprint.model_validate(data)
    other = Blueprint.model_validate(edited(data, 100, seed=1))
    assert len(D.diff(base, other).items()) == 100

    def compare() -> None:
        D.describe(D.diff(base, other), base, other)

    figures = {"diff_10k_ms": best_ms(compare, 5),
               "diff_10k_report_ms": best_ms(lambda: report(base, other).lines(), 2),
               "textconv_10k_ms": best_ms(lambda: D.render(base), 2)}
    ours = Blueprint.model_validate(edited(data, 100, seed=2, side=0, sides=2))
    theirs = Blueprint.model_validate(edited(data, 100, seed=3, side=1, sides=2))
    result = merge(base, ours, theirs)
    assert not result.conflicts, result.conflicts[:3]
    assert len(D.diff(base, result.blueprint).items()) == 200
    figures["merge_10k_ms"] = best_ms(lambda: merge(base, ours, theirs), 5)
    return figures
