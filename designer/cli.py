"""The `designer` command line: check, format, create and export blueprints.

Every command is a thin wrapper over ``designer.core``; the desktop app calls
the same functions. Exit codes: 0 fine, 1 problems found (rule findings of a
readable blueprint; files ``fmt --check`` would change), 2 unusable input (a file
that cannot be used as a blueprint, schema violations included).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from designer import (
    __version__,
    cli_app,
    cli_bulk,
    cli_compare,
    cli_diff,
    cli_export,
    cli_import,
    cli_merge,
    cli_rules,
    cli_trace,
)
from designer.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, summary
from designer.core import io
from designer.core.schema import VERSION, Blueprint

# ------------------------------------------------------------------ fmt


def cmd_fmt(args: argparse.Namespace) -> int:
    changed, unusable = [], False
    for path in args.files:
        try:
            bp = io.load(path)
        except io.BlueprintFileError as exc:
            print(exc.describe(), file=sys.stderr)
            unusable = True
            continue
        canonical = io.dumps(bp).encode("utf-8")
        if Path(path).read_bytes() == canonical:
            continue
        changed.append(path)
        if args.check:
            print(f"would reformat {path}")
        else:
            try:
                io.atomic_write(path, canonical)
            except OSError as exc:
                print(f"{path}: could not write: {exc.strerror or exc}; the file is unchanged",
                      file=sys.stderr)
                unusable = True
                continue
            print(f"reformatted {path}")
    if unusable:
        return EXIT_UNUSABLE
    if args.check and changed:
        return EXIT_PROBLEMS
    if not changed:
        print(f"{len(args.files)} file(s) already canonical")
    return EXIT_OK


# ------------------------------------------------------------------ schema


def schema_text() -> str:
    """The JSON Schema of the file format (committed as resources/schema/)."""
    schema = Blueprint.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://alliance-blueprint-designer.invalid/schema/v{VERSION}.json"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def cmd_schema(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.output:
        io.atomic_write(args.output, text.encode("utf-8"))
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


# ------------------------------------------------------------------ new


def cmd_new(args: argparse.Namespace) -> int:
    from designer.core.starter import starter_blueprint

    out = Path(args.output)
    if out.exists() and not args.overwrite:
        print(f"{out} already exists; choose another name or pass --overwrite", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        bp = starter_blueprint(args.force, name=args.name, start_year=args.start_year)
        if args.joint_except is not None:
            from designer.core.bulk import joint_except

            bp = joint_except(bp, args.joint_except)
    except ValueError as exc:  # EditError is one
        print(f"cannot create the blueprint: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        io.save(bp, out)
    except io.SaveError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"wrote {out}: {summary(bp)}")
    return EXIT_OK


# ------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="designer",
        description="Alliance Blueprint Designer: design, check and cost the target operating "
        "model of a police strategic alliance.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("check", help="check blueprint files against the rules",
                       description="Load blueprint files, report schema problems, then check "
                       "the rule packs each uses; after each file's verdict, one line gives "
                       "the projected savings against the target and the errors and warnings. "
                       "Exit 0 when fine; 1 when a readable blueprint has rule findings "
                       "(errors; with --strict, warnings too); 2 when a file cannot be used as "
                       "a blueprint (unreadable, or breaking the schema) or a rule pack is "
                       "unusable.")
    p.add_argument("files", nargs="+", metavar="FILE")
    cli_rules.add_check_options(p)
    p.set_defaults(func=cli_rules.check_files)

    p = sub.add_parser("fmt", help="rewrite files in canonical form",
                       description="Rewrite blueprint files in canonical form (stable order, "
                       "2-space indent). With --check, change nothing and exit 1 if any would "
                       "change.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--check", action="store_true", help="report only; exit 1 if any would change")
    p.set_defaults(func=cmd_fmt)

    p = sub.add_parser("schema", help="print the JSON Schema of the file format")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("new", help="create a starter blueprint",
                       description="Create a starter blueprint: the forces with their PCC and "
                       "chief constable, a strategic alliance board, every catalogue function "
                       "local.")
    p.add_argument("--force", action="append", required=True, metavar="NAME",
                   help="a partner force (repeat for each)")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--name", help="the alliance's name")
    p.add_argument("--start-year", metavar="YYYY/YY", help="first financial year, e.g. 2015/16")
    p.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")
    p.add_argument("--joint-except", nargs="*", action="extend", metavar="CATEGORY",
                   help="make every function joint except those in these catalogue categories "
                   "(names or ids, e.g. 'local policing' 'local investigation' 'public "
                   "protection'); alone: every function joint")
    p.set_defaults(func=cmd_new)

    for module in (cli_rules, cli_trace, cli_compare, cli_export, cli_import, cli_bulk,
                   cli_diff,
                   cli_merge, cli_app):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # plain `designer` is `designer open`: the start page
        args = parser.parse_args(["open"])
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
