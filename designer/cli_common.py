"""What every ``designer`` subcommand shares: exit codes, loading a file, the one-line summary.

Its own module so :mod:`designer.cli` (which builds the parser) and the
subcommand modules (:mod:`designer.cli_rules`, :mod:`designer.cli_export`,
:mod:`designer.cli_app`) both import it and never each other's parent.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from designer.core import io
from designer.core.delivery import MODELS
from designer.core.schema import Blueprint

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2

Command = Callable[[argparse.Namespace], int]


def load_or_report(path: str, problems_out: list[dict]) -> Blueprint | None:
    """Load a blueprint, recording a structured entry for a file that fails."""
    try:
        return io.load(path)
    except io.BlueprintFileError as exc:
        problems_out.append(
            {
                "file": path,
                "readable": exc.readable,
                "problems": [p.model_dump() for p in exc.problems],
            }
        )
        return None


def load_or_say(path: str) -> Blueprint | None:
    """Load a blueprint, or print which file, where and what is wrong (the caller then
    exits :data:`EXIT_UNUSABLE`)."""
    try:
        return io.load(path)
    except io.BlueprintFileError as exc:
        print(exc.describe(), file=sys.stderr)
        return None


def summary(bp: Blueprint) -> str:
    """The blueprint's shape in one line, for ``check`` and ``new``."""
    by_model = ", ".join(f"{sum(1 for f in bp.functions if f.delivery == m)} {m}"
                         for m in MODELS)
    options = f", {len(bp.options)} option{'s' * (len(bp.options) != 1)}" if bp.options else ""
    return (f"{len(bp.forces)} forces, {len(bp.areas)} areas, {len(bp.functions)} functions "
            f"({by_model}), {len(bp.teams)} teams, {len(bp.bodies)} bodies{options}")
