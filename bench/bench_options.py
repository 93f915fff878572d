"""The economic case: options compared.

- ``compare_10k_5_options_ms``: ``appraisal.compare`` of a 10,000-element blueprint
  (about 3,000 functions, three forces) with five generated options, each changing about
  one function in a hundred (delivery, savings, go-live) and a few teams: business as
  usual, the base and the five options projected over the same years and checked by the
  rules (the base in full, each option incrementally), with their differences in words.
"""

from __future__ import annotations

import random

from bench.generate import synthetic_blueprint
from bench.timing import best_ms
from designer.core.appraisal import compare
from designer.core.schema import Blueprint, Option, OptionChange


def generated_options(bp: Blueprint, count: int = 5, share: float = 0.01,
                      seed: int = 0) -> tuple[Option, ...]:
    """``count`` options, each changing about ``share`` of the functions and as many teams."""
    rng = random.Random(seed)
    forces = list(bp.force_ids())
    statuses = ("long-list", "short-list", "short-list", "preferred", "rejected")
    options = []
    for k in range(count):
        changes = []
        for fn in rng.sample(list(bp.functions), max(1, int(len(bp.functions) * share))):
            if fn.delivery == "local":
                host = rng.choice(forces)
                fields = {"delivery": "shared", "host_force": host,
                          "governing_body": "board", "savings_percent": 12.5,
                          "implementation_cost_pence": rng.randrange(1, 50) * 1_000_000}
            else:
                fields = {"delivery": "local", "host_force": None, "lead_force": None,
                          "partners": [], "go_live": None}
            changes.append(OptionChange(element=fn.id, set=fields))
        teams = [t for t in bp.teams if t.owner != "alliance"]
        for team in rng.sample(teams, max(1, int(len(bp.functions) * share) // 2)):
            changes.append(OptionChange(element=team.id, set={"fte": team.fte + 1}))
        options.append(Option(id=f"option-{k + 1}", name=f"Option {k + 1}",
                               status=statuses[k % len(statuses)], changes=tuple(changes)))
    return tuple(options)


def measure(quick: bool) -> dict[str, float]:
    bp = synthetic_blueprint(10_000)
    bp = bp.model_copy(update={"options": generated_options(bp)})
    cmp = compare(bp)
    assert len(cmp.cases) == 7 and all(c.ok for c in cmp.cases), "options must apply"
    return {"compare_10k_5_options_ms": best_ms(lambda: compare(bp), 3 if quick else 5)}
