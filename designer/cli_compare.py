"""``designer compare FILE [--option ID …] [--format text|json|csv]``: the economic case.

Business as usual, the base and each option (all, or those named) side by side: the
figures of :func:`designer.core.tables.options_comparison` as rows, then each option's
differences from the base in words and the preferred option. ``csv`` writes the data
table ``options.csv`` holds; ``json`` every figure by case. Exit codes: 0 fine; 1 when an
option asked for cannot be applied (its problems are printed, located in the file);
2 when the file cannot be used as a blueprint or an option id is unknown (the ids there
are are listed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from designer.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, load_or_say
from designer.core import io
from designer.core import tables as t
from designer.core.appraisal import Appraisal, Comparison, compare
from designer.core.exports.csv_tables import table_text
from designer.core.options import UnknownOption


def cmd_compare(args: argparse.Namespace) -> int:
    bp = load_or_say(args.file)
    if bp is None:
        return EXIT_UNUSABLE
    try:
        cmp = compare(bp, args.option or None, base_dir=Path(args.file).resolve().parent)
    except UnknownOption as exc:
        known = ", ".join(exc.ids) if exc.ids else "none (the file has no options)"
        print(f"{args.file}: there is no option {exc.option_id!r}; the options are: {known}",
              file=sys.stderr)
        return EXIT_UNUSABLE
    if args.format == "json":
        print(json.dumps(comparison_json(args.file, cmp), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        sys.stdout.write(table_text(t.flat.options(cmp)))
    else:
        sys.stdout.write(comparison_text(args.file, cmp))
    broken = [c for c in cmp.options if not c.ok]
    if broken:
        text = Path(args.file).read_text("utf-8", errors="replace")
        for case in broken:
            for problem in io.locate(text, list(case.problems)):
                print(f"{args.file}: option {case.key!r} cannot be applied: {problem}",
                      file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def comparison_text(file: str, cmp: Comparison) -> str:
    """The comparison table, each option's differences and the preferred option."""
    table = t.options_comparison(cmp)
    rows = [table.headings("dock"), *t.texts(table, "dock")]  # exact, as a terminal shows
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [f"{file}: {table.title} over {cmp.years[0]} to {cmp.last}", ""]
    for n, r in enumerate(rows):
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:],
                                                                     strict=True)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += ["", _wrap(table.note), ""]
    for case in cmp.options:
        lines.append(f"{case.name} ({case.key}, {case.status}): differences from the base")
        if not case.ok:
            lines += [f"  - cannot be applied: {p}" for p in case.problems]
        found = cmp.differences.get(case.key, ())
        if case.ok and not found:
            lines.append("  - none: the option is the base as drawn")
        lines += [f"  - {d.text}" for d in found]
        lines.append("")
    lines += t.preferred_words(cmp)
    return "\n".join(lines).rstrip("\n") + "\n"


def _wrap(text: str, width: int = 100) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _case_json(c: Appraisal, cmp: Comparison) -> dict[str, Any]:
    out: dict[str, Any] = {"key": c.key, "name": c.name, "kind": c.kind,
                           "status": c.status or None, "applied": c.ok,
                           "problems": [p.model_dump() for p in c.problems]}
    if not c.ok:
        return out
    years = cmp.years
    out |= {
        "savings_pence": dict(zip(years, c.savings, strict=True)),
        "implementation_pence": dict(zip(years, c.implementation, strict=True)),
        "cumulative_savings_pence": dict(zip(years, c.cumulative_savings, strict=True)),
        "net_benefit_pence": dict(zip(years, c.net_benefit, strict=True)),
        "npv_pence": c.npv,
        "payback_year": c.payback_year,
        "change_in_net_cost_pence": c.net_change,
        "payments_pence": [{"payer": a, "payee": b, "amount_pence": v}
                           for (a, b), v in c.payments.items()],
        "functions": c.counts,
        "rule_errors": c.errors,
        "rule_warnings": c.warnings,
        "differences": [{"text": d.text, "elements": list(d.elements)}
                        for d in cmp.differences.get(c.key, ())],
    }
    return out


def comparison_json(file: str, cmp: Comparison) -> dict[str, Any]:
    return {
        "file": file,
        "years": list(cmp.years),
        "full_rate_year": cmp.last,
        "discount_rate_percent": float(cmp.rate_percent),
        "discount_rate_source": cmp.rate_source,
        "discount_factors": [float(f) for f in cmp.discount_factors],
        "cases": [_case_json(c, cmp) for c in cmp.cases],
        "preferred": [c.key for c in cmp.preferred],
    }


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare", help="compare business as usual, the base and the options (economic case)",
        description="Appraise business as usual, the blueprint as drawn and each option over "
        "the same years: savings by year, cumulative savings, implementation costs, net "
        "benefit, net present value (Green Book discounting), payback, each force's change "
        "in net cost, payments between forces, functions by delivery model and rule "
        "findings; then each option's differences from the base in words. Exit 0 when fine, "
        "1 when an option cannot be applied, 2 when the file cannot be used or an option id "
        "is unknown.")
    p.add_argument("file", metavar="FILE", help="the blueprint (.json)")
    p.add_argument("--option", action="append", default=[], metavar="ID",
                   help="compare this option (repeatable; default: every option)")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    p.set_defaults(func=cmd_compare)
