"""``designer export FILE --xlsx OUT --csv DIR [--pdf OUT --png OUT --svg OUT]``.

Registered with :func:`designer.cli.extension`. The workbook and CSV tables
come from the Qt-free core; the PDF report and diagram images need Qt and are
imported only when asked for. Existing outputs are replaced only with
``--overwrite``, and always atomically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from designer import cli
from designer.core import io

IMAGE_FORMATS = ("pdf", "png", "svg")


def _existing(args: argparse.Namespace) -> list[Path]:
    found = []
    for attr in ("xlsx", *IMAGE_FORMATS):
        out = getattr(args, attr, None)
        if out and Path(out).exists():
            found.append(Path(out))
    if args.csv and Path(args.csv).is_dir():
        from designer.core.exports.csv_tables import TABLE_NAMES

        found += [p for name in TABLE_NAMES if (p := Path(args.csv) / f"{name}.csv").exists()]
    return found


def _progress(label: str):
    interactive = sys.stderr.isatty()

    def report(step: int, steps: int, what: str) -> None:
        if interactive:
            print(f"\r{label}: {step}/{steps} {what:<30}", end="", file=sys.stderr, flush=True)
            if step == steps:
                print(file=sys.stderr)

    return report


def cmd_export(args: argparse.Namespace) -> int:
    wanted = [a for a in ("xlsx", "csv", *IMAGE_FORMATS) if getattr(args, a, None)]
    if not wanted:
        print("nothing to export: give at least one of --xlsx, --csv, --pdf, --png, --svg",
              file=sys.stderr)
        return cli.EXIT_UNUSABLE
    try:
        bp = io.load(args.file)
    except io.BlueprintFileError as exc:
        print(exc.describe(), file=sys.stderr)
        return cli.EXIT_UNUSABLE
    existing = _existing(args)
    if existing and not args.overwrite:
        names = ", ".join(str(p) for p in existing[:5])
        print(f"would replace {names}; pass --overwrite to replace existing files",
              file=sys.stderr)
        return cli.EXIT_UNUSABLE

    from designer.core.finance import project

    projection = project(bp)
    try:
        if args.xlsx:
            from designer.core.exports.xlsx import export_xlsx

            export_xlsx(bp, args.xlsx, projection, _progress("workbook"))
            print(f"wrote {args.xlsx}")
        if args.csv:
            from designer.core.exports.csv_tables import export_csv

            files = export_csv(bp, args.csv, _progress("csv"), projection)
            print(f"wrote {len(files)} tables to {args.csv}")
        for kind in IMAGE_FORMATS:
            out = getattr(args, kind, None)
            if out:
                code = _export_with_qt(kind, bp, out, projection)
                if code:
                    return code
    except OSError as exc:
        print(f"could not write the export: {exc.strerror or exc} ({exc.filename or ''})",
              file=sys.stderr)
        return cli.EXIT_UNUSABLE
    return cli.EXIT_OK


def _export_with_qt(kind: str, bp, out: str, projection) -> int:
    try:
        from designer.ui import report_pdf
    except ImportError as exc:
        print(f"--{kind} needs the desktop part of the designer (Qt), which is not available: "
              f"{exc}", file=sys.stderr)
        return cli.EXIT_UNUSABLE
    try:
        if kind == "pdf":
            report_pdf.export_pdf(bp, out, projection, _progress("pdf"))
        else:
            report_pdf.export_diagram(bp, out, kind)
    except RuntimeError as exc:
        print(f"--{kind}: {exc}", file=sys.stderr)
        return cli.EXIT_UNUSABLE
    print(f"wrote {out}")
    return cli.EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="export the business case (xlsx, csv, pdf) or the diagram (png, svg)",
        description="Export a blueprint's business case as an xlsx workbook and/or flat CSV "
        "tables, a board-ready PDF report, or the diagram as PNG/SVG. Files are written "
        "atomically; existing files are replaced only with --overwrite.")
    p.add_argument("file", metavar="FILE", help="the blueprint (.json)")
    p.add_argument("--xlsx", metavar="OUT", help="business-case workbook")
    p.add_argument("--csv", metavar="DIR", help="folder for the flat CSV tables")
    p.add_argument("--pdf", metavar="OUT", help="board-ready PDF report")
    p.add_argument("--png", metavar="OUT", help="the diagram at print resolution")
    p.add_argument("--svg", metavar="OUT", help="the diagram as a vector image")
    p.add_argument("--overwrite", action="store_true", help="replace existing files")
    p.set_defaults(func=cmd_export)


cli.extension(register)
