"""The single entry point for every benchmark.

    python bench/run.py            # human-readable table
    python bench/run.py --json     # one JSON object of figures
    python bench/run.py --quick    # skip the 75,000-element size (under a minute)
    python bench/run.py --only core,rules

Each ``bench/bench_<area>.py`` module exposes ``measure(quick: bool) -> dict``;
figures are milliseconds (``*_ms``) or ratios (``*_ratio*``). Benchmarks live
here, never in the test suite: tests assert behaviour, this prints numbers.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def modules(only: set[str] | None) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    return [n for n in names if only is None or n.removeprefix("bench_") in only]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="skip the 75,000-element size")
    parser.add_argument("--only", help="comma-separated areas, e.g. core,rules")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None

    figures: dict[str, object] = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "quick": args.quick,
    }
    for name in modules(only):
        start = time.perf_counter()
        module = importlib.import_module(f"bench.{name}")
        try:
            figures.update(module.measure(args.quick))
        except Exception as exc:  # one broken benchmark must not hide the others
            figures[f"{name}_error"] = f"{type(exc).__name__}: {exc}"
        if not args.json:
            print(f"[{name}: {time.perf_counter() - start:.1f} s]", file=sys.stderr)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        width = max(map(len, figures))
        for key, value in figures.items():
            shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
            print(f"{key:<{width}}  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
