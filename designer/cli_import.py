"""``designer import FILE --KEY SOURCE [-o OUT] [--dry-run]``: ``--xlsx``/``--csv`` (a baseline
spreadsheet), ``--archimate`` (an ArchiMate exchange file).

One flag per format of :data:`designer.core.imports.formats.FORMATS`. FILE is the blueprint
imported into: read first if it exists (what the source does not say is kept from it),
created if it does not. The result goes to ``-o OUT`` (never an existing file unless
``--overwrite``) or back to FILE, atomically, and only when the whole import worked;
``--dry-run`` writes nothing. What did not map is listed element by element.

Exit codes: 0 imported; 1 imported, but some of the source did not map (listed);
2 nothing imported (an unreadable source or blueprint, nothing to import).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from designer.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, summary
from designer.core import diff, io
from designer.core.imports import formats
from designer.core.imports.formats import ImportFileError, ImportFormat


def _wanted(args: argparse.Namespace) -> list[tuple[ImportFormat, Path]]:
    return [(fmt, Path(src)) for fmt in formats.FORMATS if (src := vars(args).get(fmt.key))]


def cmd_import(args: argparse.Namespace) -> int:
    wanted = _wanted(args)
    flags = ", ".join(fmt.flag for fmt in formats.FORMATS)
    if len(wanted) != 1:
        print(f"give one source to import: one of {flags}", file=sys.stderr)
        return EXIT_UNUSABLE
    fmt, source = wanted[0]
    target = Path(args.file)
    out = Path(args.output) if args.output else target
    if args.output and out.exists() and not args.overwrite and out.resolve() != \
            target.resolve():
        print(f"{out} already exists; pass --overwrite to replace it", file=sys.stderr)
        return EXIT_UNUSABLE
    base = None
    if target.exists():
        try:
            base = io.load(target)
        except io.BlueprintFileError as exc:
            print(exc.describe(), file=sys.stderr)
            return EXIT_UNUSABLE
    try:
        imported = fmt.read(source, base)
    except ImportFileError as exc:
        print(exc.describe(), file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return EXIT_UNUSABLE
    for note in imported.notes:
        print(f"{source}: {note}")
    if base is not None:
        lines = diff.describe(diff.diff(base, imported.blueprint), base, imported.blueprint)
        for line in lines:
            print(f"  {line}")
        print(f"{len(lines)} element(s) {'would change' if args.dry_run else 'changed'}"
              if lines else f"{source} changes nothing in {target}")
    if args.dry_run:
        print(f"dry run: {out} not written; it would hold {summary(imported.blueprint)}")
    else:
        try:
            io.save(imported.blueprint, out)
        except io.SaveError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_UNUSABLE
        print(f"wrote {out}: {summary(imported.blueprint)}")
    if imported.notes:
        print(f"{len(imported.notes)} part(s) of {source} did not map exactly (listed above)")
        return EXIT_PROBLEMS
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    keys = ", ".join(fmt.key for fmt in formats.FORMATS)
    p = sub.add_parser(
        "import", help=f"import a model from another tool into a blueprint ({keys})",
        description="Import into the blueprint FILE (created if it does not exist; what the "
        "source does not say is kept from it): " + "; ".join(fmt.help for fmt in
                                                             formats.FORMATS)
        + ". What did not map is listed element by element. The result is written "
        "atomically to FILE, or to -o OUT, and only when the import worked. Exit 0 imported; "
        "1 imported, some parts did not map; 2 nothing imported.")
    p.add_argument("file", metavar="FILE", help="the blueprint (.json) imported into")
    for fmt in formats.FORMATS:
        p.add_argument(fmt.flag, dest=fmt.key, metavar="SOURCE", help=fmt.help)
    p.add_argument("-o", "--output", metavar="OUT", help="write the result here, not to FILE")
    p.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    p.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    p.set_defaults(func=cmd_import)
