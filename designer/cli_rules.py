"""The rules side of the command line: ``designer check`` reports and ``designer rules``.

``designer check`` loads each file (schema problems as before), then runs the
rule packs: text grouped by severity with counts and sources, then one summary
line per file (savings against the target, errors and warnings); ``--format
json`` or ``--format sarif`` (SARIF 2.1.0). Exit codes: 0 fine; 1 only when a
readable blueprint has rule findings that fail (errors; with ``--strict``,
warnings too); 2 when a file cannot be used as a blueprint (unreadable, or
breaking the schema) or a rule pack is unusable. The rules also run on every option
in the file: an option's findings that the blueprint as drawn does not have are
reported with the option they belong to, and an option that cannot be applied is an
error located in the file; both count like the blueprint's own findings.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from designer.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, load_or_report, summary
from designer.core import finance, io
from designer.core.appraisal import option_findings
from designer.core.money import format_pence_short
from designer.core.options import option_problems
from designer.core.rules import RuleInfo, RulePackError, available_rules
from designer.core.rules import report as R
from designer.core.rules.engine import Checker
from designer.core.rules.packs import DEFAULT
from designer.core.schema import Blueprint, Problem


def add_check_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                   help="text (default), json, or sarif (SARIF 2.1.0 for CI and editors)")
    p.add_argument("--strict", action="store_true", help="fail on warnings as well as errors")
    p.add_argument("--rules", action="append", default=[], metavar="PACK",
                   help="add a rule pack (a built-in name or a .toml file); repeatable")


def _packs(bp_packs: tuple[str, ...], extra: list[str]) -> list[str]:
    added = [str(Path(p).resolve()) if ("/" in p or p.endswith(".toml")) else p for p in extra]
    return [*bp_packs, *added]


def check_files(args: argparse.Namespace) -> int:
    reports: list[R.FileReport] = []
    infos: dict[str, RuleInfo] = {}
    unusable = False
    for path in args.files:
        failures: list[dict] = []
        bp = load_or_report(path, failures)
        if bp is None:
            f = failures[0]
            unusable = True  # schema violations too: 1 is kept for rule findings
            reports.append(R.FileReport(path, problems=[Problem(**p) for p in f["problems"]],
                                        readable=f["readable"]))
            continue
        checker = Checker(bp, _packs(bp.alliance.rule_packs, args.rules),
                          base_dir=Path(path).resolve().parent)
        for exc in checker.pack_errors:
            print(f"{path}: cannot check the rules: {exc}", file=sys.stderr)
            unusable = True
        text = Path(path).read_text("utf-8", errors="replace") \
            if args.format == "sarif" or bp.options else ""
        results = list(checker.results)
        if bp.options:  # every option too: its own findings, and why one cannot be applied
            located = io.locate(text, option_problems(bp))
            results += option_findings(bp, checker, located)
        reports.append(R.FileReport(path, results, text=text if args.format == "sarif" else "",
                                    shape=summary(bp), savings=savings_summary(bp)))
        for rule in checker.rules:
            infos.setdefault(rule.id, rule.info)
    if args.format == "json":
        print(json.dumps(R.json_report(reports, args.strict), indent=2, ensure_ascii=False))
    elif args.format == "sarif":
        sys.stdout.write(R.dumps(R.sarif(reports, list(infos.values()))))
    else:
        _print_text(reports)
    if unusable:
        return EXIT_UNUSABLE
    failing = any(rep.failing(args.strict) for rep in reports)
    return EXIT_PROBLEMS if failing else EXIT_OK


def _print_text(reports: list[R.FileReport]) -> None:
    for rep in reports:
        if rep.problems:
            print(io.BlueprintFileError(rep.file, rep.problems).describe(), file=sys.stderr)
            continue
        shape = rep.shape
        if not rep.results:
            print(f"{rep.file}: ok — {shape}")
            print(_verdict_line(rep))
            continue
        body = R.text([rep])
        first, _, rest = body.partition("\n")
        print(f"{first} — {shape}" if shape else first)
        print(_verdict_line(rep))
        if rest.strip():
            print(rest, end="")


def savings_summary(bp: Blueprint) -> str:
    """Projected savings in the target year against the target, in words."""
    target = bp.alliance.savings_target
    if target is None:
        return "savings: no target set"
    projected = finance.savings_by_year(bp).get(target.year, 0)
    share = f" ({projected * 100 // target.amount_pence}%)" if target.amount_pence else ""
    return (f"savings in {target.year}: {format_pence_short(projected)} a year against a "
            f"target of {format_pence_short(target.amount_pence)}{share}")


def _verdict_line(rep: R.FileReport) -> str:
    counts = rep.counts()
    return (f"  {rep.savings}; {R.plural(counts['error'], 'error')}, "
            f"{R.plural(counts['warning'], 'warning')}")


# ------------------------------------------------------------------ designer rules


def cmd_rules(args: argparse.Namespace) -> int:
    extra = [str(Path(p).resolve()) if ("/" in p or p.endswith(".toml")) else p
             for p in args.rules]
    try:
        infos = available_rules([*(args.pack or DEFAULT), *extra])
    except RulePackError as exc:
        print(f"cannot list the rules: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    if args.format == "json":
        print(json.dumps([{"id": r.id, "title": r.title, "severity": r.severity,
                           "source": r.source, "pack": r.pack, "kind": r.kind,
                           "description": r.description} for r in infos],
                         indent=2, ensure_ascii=False))
        return EXIT_OK
    pack = None
    for r in infos:
        if r.pack != pack:
            pack = r.pack
            print(f"{pack}:")
        print(f"  {r.id}  [{r.severity}]  {r.title}")
        print(f"      source: {r.source}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="list the available rules and their sources",
                       description="List the rules a check runs (the structure pack and the "
                       "alliance principles, or the packs given), with severity and source.")
    p.add_argument("--pack", action="append", default=[], metavar="PACK",
                   help="list this pack instead of the defaults (repeatable)")
    p.add_argument("--rules", action="append", default=[], metavar="PACK",
                   help="add a pack to the defaults (repeatable)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_rules)

