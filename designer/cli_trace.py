"""``designer trace FILE --area AREA [--function F] [--at "Sat 03:00"] [--format text|json]``.

Who serves a policing area: per function, the team providing it, whose it is, where
it is based, how the area's force receives it (the delivery-model wording), its host
or lead force and the governance chain up to the PCCs; gaps in plain words. With
``--at``, whether each provider is on duty then. The same answers as the app's Trace
dock (:mod:`designer.core.trace`).

Areas and functions are named by id or name in any case (a function also by its
catalogue entry, "firearms"). Exit 0 with the answer (gaps are answers too); 2 when
the file cannot be used, or an area, function or time is not known — with the
closest names suggested.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from designer.cli_common import EXIT_OK, EXIT_UNUSABLE, load_or_say
from designer.core.cover import ALWAYS, CoverError, parse_time
from designer.core.trace import Trace, Unknown, resolve_area, resolve_functions, trace


def cmd_trace(args: argparse.Namespace) -> int:
    bp = load_or_say(args.file)
    if bp is None:
        return EXIT_UNUSABLE
    try:
        area = resolve_area(bp, args.area)
        functions = resolve_functions(bp, args.function) if args.function else None
        at = parse_time(args.at, loose=True) if args.at else None
    except (Unknown, CoverError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    answer = trace(bp, area, functions, at)
    if args.format == "json":
        print(json.dumps(trace_json(answer), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(trace_text(answer))
    return EXIT_OK


def trace_text(t: Trace) -> str:
    """The answer for people: one block per function, gaps said plainly."""
    when = f" on {t.at}" if t.at is not None else ""
    lines = [f"Who serves {t.area_name} ({t.force_name}){when}", ""]
    for f in t.functions:
        if not f.providers:
            lines += [f"{f.name}: {f.gap}", ""]
            continue
        lines.append(f"{f.name}:")
        for p in f.providers:
            on = f.on_duty(p)
            duty = "" if on is None else (" — on duty" if on else " — OFF DUTY")
            base = f", based in {p.base_area_name}" if p.base_area_name else ""
            lines.append(f"  {p.team_name} ({p.owner_name}{base}){duty}")
            lines.append(f"    {p.delivery_text}: {p.delivery_sentence}")
            if p.governed_by:
                lines.append(f"    answers to {p.governed_by}")
            if p.cover != ALWAYS or on is not None:
                lines.append(f"    hours: {p.cover}")
        if f.gap:
            lines.append(f"  ! {f.gap}")
        lines.append("")
    gaps = len(t.gaps)
    lines.append(f"{len(t.functions)} function{'s' * (len(t.functions) != 1)}, "
                 f"{gaps} gap{'s' * (gaps != 1)}")
    return "\n".join(lines) + "\n"


def trace_json(t: Trace) -> dict[str, Any]:
    """The answer for scripts: ids and words side by side."""
    return {
        "area": {"id": t.area, "name": t.area_name},
        "force": {"id": t.force, "name": t.force_name},
        "at": str(t.at) if t.at is not None else None,
        "functions": [{
            "id": f.function, "name": f.name, "category": f.category, "gap": f.gap or None,
            "providers": [{
                "team": {"id": p.team, "name": p.team_name},
                "owner": {"id": p.owner, "name": p.owner_name},
                "base_area": {"id": p.base_area, "name": p.base_area_name}
                if p.base_area else None,
                "delivery": p.delivery, "delivery_text": p.delivery_text,
                "delivery_sentence": p.delivery_sentence,
                "host_or_lead": {"id": p.partner, "name": p.partner_name}
                if p.partner else None,
                "governance": [{"id": i, "name": n}
                               for i, n in zip(p.chain, p.chain_names, strict=True)],
                "cover": p.cover, "on_duty": f.on_duty(p), "path": list(f.path(p)),
            } for p in f.providers],
        } for f in t.functions],
    }


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "trace", help="who serves a policing area, function by function",
        description="Who serves a policing area: for each function (or one), the team that "
        "provides it, its owning force or the alliance, its base, how the area's force "
        "receives it, its host or lead force and who it answers to up to the PCCs; gaps in "
        "plain words. With --at, whether each provider is on duty then. Exit 0 with the "
        "answer; 2 when the file is unusable or an area, function or time is unknown (the "
        "closest names are suggested).")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--area", required=True, metavar="AREA",
                   help="the policing area: its id or name, any case")
    p.add_argument("--function", metavar="FUNCTION",
                   help="one function: its id or name, or a catalogue function such as "
                   "'firearms' (default: every function)")
    p.add_argument("--at", metavar="TIME",
                   help="a time of the week, e.g. \"Sat 03:00\": say who is on duty then")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_trace)
