"""Rules benchmark: a full check, and one delivery-model edit re-checked incrementally.

Figures: ``validate_full_10k_ms`` (every rule on 10,000 elements, best of
several runs), ``revalidate_one_edit_10k_ms`` (median of successive edits,
each changing one function's delivery, then ``Checker.update``),
``validate_full_75k_ms``. Blueprint validation is not
timed: the app makes edited blueprints with ``model_copy``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import synthetic_blueprint
from bench.timing import best_ms
from designer.core.rules import Checker, check
from designer.core.schema import Blueprint


def delivery_edits(bp: Blueprint, count: int) -> list[Blueprint]:
    """``count`` successive blueprints, each changing one function's delivery model."""
    out = []
    current = bp
    local = [i for i, f in enumerate(bp.functions) if f.delivery == "local"]
    step = max(1, len(local) // (count + 1))
    for n in range(count):
        i = local[(n * step) % len(local)]
        fn = current.functions[i]
        changed = fn.model_copy(update={"delivery": "joint", "lead_force": bp.forces[0].id,
                                        "command": "ACC joint unit"})
        functions = list(current.functions)
        functions[i] = changed
        current = current.model_copy(update={"functions": tuple(functions)})
        out.append(current)
    return out


def measure(quick: bool) -> dict[str, float]:
    figures: dict[str, float] = {}
    bp = synthetic_blueprint(10_000)
    check(bp)  # warm caches (catalogue, packs)
    figures["validate_full_10k_ms"] = best_ms(lambda: check(bp), 3 if quick else 5)
    checker = Checker(bp)
    edits = delivery_edits(bp, 10 if quick else 30)
    times = []
    for edited in edits:
        start = time.perf_counter()
        checker.update(edited, None)
        times.append((time.perf_counter() - start) * 1000)
    figures["revalidate_one_edit_10k_ms"] = round(statistics.median(times), 2)
    if not quick:
        big = synthetic_blueprint(75_000)
        figures["validate_full_75k_ms"] = best_ms(lambda: check(big), 3)
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(measure("--quick" in sys.argv), indent=2))
