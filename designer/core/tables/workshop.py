"""The workshop's tables: who serves an area (a trace), and walk-through results.

A trace row is one provider of one function (or the function's gap when nobody
serves it); the app's Trace dock and ``designer trace`` show these words.
"""

from __future__ import annotations

from collections.abc import Sequence

from designer.core.tables.table import DATA, Column, Remark, Row, Table
from designer.core.trace import Trace
from designer.core.walkthroughs import WalkResult

TRACE_COLUMNS = (
    Column("function", "Function"),
    Column("team", "Provider"),
    Column("owner", "Owned by"),
    Column("base_area", "Based in"),
    Column("delivery", "Delivery"),
    Column("partner", "Host or lead force"),
    Column("governance", "Answers to"),
    Column("cover", "Hours"),
    Column("on_duty", "On duty", "flag", flag=("on duty", "off duty")),
    Column("gap", "Gap"),
    Column("function_id", "Function id", shown_in=DATA),
    Column("team_id", "Team id", shown_in=DATA),
)


def trace_table(t: Trace) -> Table:
    """Who serves ``t``'s area, one row per provider (a gap: one row saying so).

    The ``On duty`` column is filled only when the trace asked about a time; a row's key
    is its function id."""
    rows: list[Row] = []
    for f in t.functions:
        if not f.providers:
            rows.append(Row((f.name, Remark("none"), None, None, None, None, None, None, None,
                             f.gap, f.function, None), key=f.function, emphasis=True))
            continue
        for p in f.providers:
            on = f.on_duty(p)
            rows.append(Row((
                f.name, p.team_name, p.owner_name, p.base_area_name, p.delivery_text,
                p.partner_name, p.governed_by, p.cover, on,
                f.gap if on is not True else "", f.function, p.team),
                key=f.function, emphasis=bool(f.gap)))
    when = f" on {t.at}" if t.at is not None else ""
    note = (f"Every function's provider in {t.area_name} ({t.force_name}){when}: the team, "
            "whose it is, how the area's force receives it and who it answers to, up to "
            "the PCCs.")
    return Table("trace", f"Who serves {t.area_name}{when}", TRACE_COLUMNS, tuple(rows),
                 note=note, empty="The blueprint has no functions.")


def walkthrough_table(results: Sequence[WalkResult]) -> Table:
    """Every walk-through step: who provides it, and whether it passed."""
    columns = (
        Column("walkthrough", "Walk-through"), Column("step", "Step", "number"),
        Column("function", "Function"), Column("provider", "Provider"),
        Column("delivery", "Delivery"), Column("passed", "Result", "flag",
                                               flag=("passes", "fails")),
        Column("problem", "Problem"),
        Column("walkthrough_id", "Walk-through id", shown_in=DATA),
    )
    rows = []
    for r in results:
        for s in r.steps:
            p = s.provider
            rows.append(Row((r.walkthrough.title, s.number, s.label,
                             p.team_name if p else Remark("none"),
                             p.delivery_text if p else None, s.ok, s.problem,
                             r.walkthrough.id), key=r.walkthrough.id, emphasis=not s.ok))
    return Table("walkthroughs", "Demand walk-throughs", columns, tuple(rows),
                 empty="The blueprint has no walk-throughs.")
