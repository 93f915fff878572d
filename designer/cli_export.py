"""``designer export FILE --xlsx OUT --csv DIR [--pdf OUT --png OUT --svg OUT]``.

One flag per format of :data:`designer.core.exports.formats.FORMATS`. Writers that
need Qt are imported only when asked for. Existing outputs are replaced only with
``--overwrite``, and always atomically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from designer.cli_common import EXIT_OK, EXIT_UNUSABLE, load_or_say
from designer.core.exports import formats
from designer.core.exports.formats import ExportFormat, WriterUnavailable


def _wanted(args: argparse.Namespace) -> list[tuple[ExportFormat, Path]]:
    """The formats asked for, each with where it goes, in the registry's order."""
    return [(fmt, Path(out)) for fmt in formats.FORMATS if (out := vars(args).get(fmt.key))]


def _progress(label: str):
    interactive = sys.stderr.isatty()

    def report(step: int, steps: int, what: str) -> None:
        if interactive:
            print(f"\r{label}: {step}/{steps} {what:<30}", end="", file=sys.stderr, flush=True)
            if step == steps:
                print(file=sys.stderr)

    return report


def cmd_export(args: argparse.Namespace) -> int:
    wanted = _wanted(args)
    if not wanted:
        flags = ", ".join(fmt.flag for fmt in formats.FORMATS)
        print(f"nothing to export: give at least one of {flags}", file=sys.stderr)
        return EXIT_UNUSABLE
    bp = load_or_say(args.file)
    if bp is None:
        return EXIT_UNUSABLE
    existing = [p for fmt, out in wanted for p in fmt.replaces(out)]
    if existing and not args.overwrite:
        names = ", ".join(str(p) for p in existing[:5])
        print(f"would replace {names}; pass --overwrite to replace existing files",
              file=sys.stderr)
        return EXIT_UNUSABLE

    from designer.core.finance import project

    projection = project(bp)
    for fmt, out in wanted:
        try:
            fmt.write(bp, out, projection, _progress(fmt.key))
        except WriterUnavailable as exc:
            print(f"{fmt.flag} {exc}", file=sys.stderr)
            return EXIT_UNUSABLE
        except OSError as exc:
            print(f"could not write the export: {exc.strerror or exc} ({exc.filename or ''})",
                  file=sys.stderr)
            return EXIT_UNUSABLE
        except RuntimeError as exc:  # Qt's drawing failed (e.g. no platform plugin)
            print(f"{fmt.flag}: {exc}", file=sys.stderr)
            return EXIT_UNUSABLE
        if fmt.folder:
            print(f"wrote {len(fmt.outputs(out))} files to {out}")
        else:
            print(f"wrote {out}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    keys = ", ".join(fmt.key for fmt in formats.FORMATS)
    p = sub.add_parser(
        "export", help=f"export the business case and the diagram ({keys})",
        description="Export a blueprint: " + "; ".join(fmt.help for fmt in formats.FORMATS)
        + ". Files are written atomically; existing files are replaced only with --overwrite.")
    p.add_argument("file", metavar="FILE", help="the blueprint (.json)")
    for fmt in formats.FORMATS:
        p.add_argument(fmt.flag, dest=fmt.key, metavar="DIR" if fmt.folder else "OUT",
                       help=f"folder for the {fmt.help}" if fmt.folder else fmt.help)
    p.add_argument("--overwrite", action="store_true", help="replace existing files")
    p.set_defaults(func=cmd_export)
