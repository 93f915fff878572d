"""``designer bulk FILE [--joint-except CATEGORY …] [--local-teams [FUNCTION …]] [-o OUT]``.

The bulk helpers of :mod:`designer.core.bulk` on a saved blueprint, the same code the
app's Tools menu runs: make every function joint except some categories, and give
each policing area its own team for local functions. The changes are listed in the
semantic diff's words; the result is written atomically to FILE (or ``-o OUT``) only
when every helper worked, and not at all with ``--dry-run``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from designer.cli_common import EXIT_OK, EXIT_UNUSABLE, summary
from designer.core import bulk, diff, io
from designer.core.edits import EditError


def cmd_bulk(args: argparse.Namespace) -> int:
    if args.joint_except is None and args.local_teams is None:
        print("nothing to do: give --joint-except or --local-teams", file=sys.stderr)
        return EXIT_UNUSABLE
    target = Path(args.file)
    out = Path(args.output) if args.output else target
    if args.output and out.exists() and not args.overwrite and out.resolve() != \
            target.resolve():
        print(f"{out} already exists; pass --overwrite to replace it", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        before = io.load(target)
    except io.BlueprintFileError as exc:
        print(exc.describe(), file=sys.stderr)
        return EXIT_UNUSABLE
    after = before
    try:
        if args.joint_except is not None:
            after = bulk.joint_except(after, args.joint_except)
        if args.local_teams is not None:
            after = bulk.local_teams(after, bulk.function_ids(after, args.local_teams or None))
    except EditError as exc:
        print(f"{target}: {exc}; nothing was written", file=sys.stderr)
        return EXIT_UNUSABLE
    lines = diff.describe(diff.diff(before, after), before, after)
    for line in lines:
        print(f"  {line}")
    if not lines:
        print(f"{target}: nothing to change")
        return EXIT_OK
    if args.dry_run:
        print(f"dry run: {out} not written; it would hold {summary(after)}")
        return EXIT_OK
    try:
        io.save(after, out)
    except io.SaveError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"wrote {out}: {summary(after)}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bulk", help="make functions joint, or give each area its local team, in one go",
        description="Change many elements of a blueprint at once: --joint-except makes every "
        "function joint except those in the catalogue categories given; --local-teams gives "
        "each policing area a team, owned by the area's force, for each local function "
        "named (or every local function). The changes are listed; the result is written "
        "atomically to FILE or -o OUT, and only when everything worked.")
    p.add_argument("file", metavar="FILE", help="the blueprint (.json)")
    p.add_argument("--joint-except", nargs="*", action="extend", metavar="CATEGORY",
                   help="catalogue categories (names or ids) that stay as they are")
    p.add_argument("--local-teams", nargs="*", action="extend", metavar="FUNCTION",
                   help="local functions (ids or names) to give every area a team; alone: "
                   "every local function")
    p.add_argument("-o", "--output", metavar="OUT", help="write the result here, not to FILE")
    p.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    p.add_argument("--dry-run", action="store_true", help="list the changes; write nothing")
    p.set_defaults(func=cmd_bulk)
