"""The desktop app's commands: ``designer open FILE`` and plain ``designer`` (start page).

The command line imports this module, never Qt: Qt loads only when one of these
commands runs.
"""

from __future__ import annotations

import argparse


def cmd_open(args: argparse.Namespace) -> int:
    from designer.ui.app import run

    return run(args.file, out_dir=args.out or "out", offscreen=True if args.offscreen else None)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "open", help="open a blueprint in the desktop designer",
        description="Open the desktop designer on FILE (or the start page). With no display "
        "it runs offscreen: it writes a screenshot of the main window and the problems report "
        "to the output folder and prints their paths.")
    p.add_argument("file", nargs="?", metavar="FILE", help="the blueprint to open")
    p.add_argument("--offscreen", action="store_true",
                   help="do not show a window; write the screenshot and report only")
    p.add_argument("--out", default="out", metavar="DIR",
                   help="where offscreen output goes (default: out)")
    p.set_defaults(func=cmd_open)

