"""Core file figures: load, save and graph build at 100 … 75,000 elements.

``load_10k_ratio_vs_json_loads`` divides our full load (parse, validate every
field, resolve every reference) by a bare ``json.loads`` of the same bytes,
both measured here in the same run. Goal: ≤ 3.

The load runs with the cyclic collector paused; once it resumes, one young-generation
pass over everything the load built falls due. The desktop app never pays it (it
freezes an opened document before the collector resumes); a script does, once.
``load_10k_then_collect_ms`` adds that pass, so the figure hides nothing.
"""

from __future__ import annotations

import gc
import json
import tempfile
from pathlib import Path

from bench.generate import synthetic_blueprint
from bench.timing import best_ms
from designer.core import io
from designer.core.graph import to_graph

SIZES = {"100": 100, "1k": 1_000, "10k": 10_000, "75k": 75_000}


def measure(quick: bool) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, n in SIZES.items():
            if quick and n > 10_000:
                continue
            repeat = 2 if n > 10_000 else 5
            bp = synthetic_blueprint(n)
            path = Path(tmp) / f"bp-{label}.json"
            figures[f"save_{label}_ms"] = best_ms(lambda bp=bp, path=path: io.save(bp, path),
                                                  repeat)
            raw = path.read_bytes()
            figures[f"file_{label}_kb"] = round(len(raw) / 1024, 1)
            figures[f"load_{label}_ms"] = best_ms(lambda path=path: io.load(path), repeat)
            if label == "10k":
                floor = best_ms(lambda raw=raw: json.loads(raw), repeat)
                figures["json_loads_10k_ms"] = floor
                figures["load_10k_ratio_vs_json_loads"] = round(
                    figures["load_10k_ms"] / floor, 2)
                figures["load_10k_then_collect_ms"] = best_ms(
                    lambda path=path: (io.load(path), gc.collect(0)), repeat)
            figures[f"graph_build_{label}_ms"] = best_ms(lambda bp=bp: to_graph(bp), repeat)
    return figures
