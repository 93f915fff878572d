"""``designer diff``: what changed between two blueprints, in words or as JSON.

``designer diff A B`` lists the changed elements, links and settings by name
(``designer.core.diff``), then what they do to the business case (savings in the
target year, each force's net cost) and to the rules (new and fixed findings).
Exit 0 when the blueprints are the same, 1 when they differ, 2 when either cannot
be read (the loader's message, naming the file and where it is wrong).

``designer diff --textconv FILE`` prints one blueprint as stable, readable lines
for ``git diff`` (git's ``textconv``; ``designer git-setup`` configures it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from designer.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE
from designer.core import diff as D
from designer.core import diff_report, io
from designer.core.schema import Blueprint


def load_all(paths: list[str]) -> list[Blueprint] | None:
    """Every file loaded, or None after printing each one's problems (all are tried)."""
    loaded: list[Blueprint] = []
    failed = False
    for path in paths:
        try:
            loaded.append(io.load(path))
        except io.BlueprintFileError as exc:
            print(exc.describe(), file=sys.stderr)
            failed = True
    return None if failed else loaded


def cmd_diff(args: argparse.Namespace) -> int:
    if args.textconv:
        if len(args.files) != 1:
            print("designer diff --textconv takes one file", file=sys.stderr)
            return EXIT_UNUSABLE
        return textconv(args.files[0])
    if len(args.files) != 2:
        print("designer diff takes two files: designer diff A.json B.json", file=sys.stderr)
        return EXIT_UNUSABLE
    loaded = load_all(args.files)
    if loaded is None:
        return EXIT_UNUSABLE
    before, after = loaded
    rep = diff_report.report(before, after, base_dir=Path(args.files[0]).resolve().parent,
                   after_dir=Path(args.files[1]).resolve().parent)
    if args.format == "json":
        data = {"before": args.files[0], "after": args.files[1], **rep.as_json()}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif not rep.diff:
        print(f"{args.files[0]} and {args.files[1]}: the same blueprint")
    else:
        n = len(rep.diff.items())
        print(f"{args.files[0]} → {args.files[1]}: {n} item{'s' if n != 1 else ''} changed")
        print("\n".join(rep.lines()))
    return EXIT_PROBLEMS if rep.diff else EXIT_OK


def textconv(path: str) -> int:
    """Print one blueprint as lines for ``git diff``. A file that is not a readable
    blueprint (one left with text-merge markers, say) is shown as it is, after a
    line saying why, so ``git diff`` still works; only a file that cannot be read at
    all fails."""
    try:
        bp = io.load(path)
    except io.BlueprintFileError as exc:
        try:
            raw = io.read_file(path, io.MAX_FILE_BYTES)
        except (OSError, io.NotARegularFile):
            print(exc.describe(), file=sys.stderr)
            return EXIT_UNUSABLE
        first = exc.problems[0] if exc.problems else None
        sys.stdout.write(f"(not a readable blueprint: {first})\n")
        sys.stdout.write(raw.decode("utf-8", errors="replace"))
        return EXIT_OK
    sys.stdout.write(D.render(bp))
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "diff", help="what changed between two blueprints, in words",
        description="Compare two blueprints: the elements, links and settings added, removed "
        "and changed (by name, field by field), then the difference in savings in the target "
        "year and each force's net cost, and the rule findings that are new or fixed. Exit 0 "
        "when the blueprints are the same, 1 when they differ, 2 when a file cannot be read "
        "as a blueprint. With --textconv FILE, print one blueprint as readable lines (for "
        "git's diff driver; see `designer git-setup`).")
    p.add_argument("files", nargs="+", metavar="FILE", help="the blueprint before, then after")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--textconv", action="store_true",
                   help="print one FILE as stable readable lines (git's textconv)")
    p.set_defaults(func=cmd_diff)
