"""The operating model's and management case's tables: the delivery matrix, the rule
results (problems and waivers), the decision log and every assumption with its source.
"""

from __future__ import annotations

from designer.core import challenges as C
from designer.core.catalogue import load_catalogue
from designer.core.delivery import cell_for
from designer.core.exports.assumptions import assumptions as assumption_rows
from designer.core.exports.problems import problem_rows
from designer.core.finance import Projection
from designer.core.schema import Blueprint
from designer.core.tables.table import DATA, Column, Quantity, Row, Table


def delivery_matrix(bp: Blueprint) -> Table:
    """How each force receives each function: a cell of :func:`designer.core.delivery.cell_for`
    per function and force (its model, and its words, as the matrix view prints them)."""
    catalogue = load_catalogue()
    names = {f.id: f.name for f in bp.forces}
    columns = (Column("function", "Function"), Column("category", "Category"),
               *(Column(f, names[f], "delivery") for f in bp.force_ids()))
    rows = []
    for fn in bp.functions:
        top = catalogue[fn.category].top if fn.category in catalogue else fn.category
        rows.append(Row((fn.name, catalogue.name_of(top),
                         *(cell_for(bp, fn, f) for f in bp.force_ids())), key=fn.id))
    return Table("delivery_matrix", "Delivery matrix: how each force receives each function",
                 columns, tuple(rows))


def problems(bp: Blueprint) -> Table:
    """Every rule result and its waiver, errors first."""
    columns = (
        Column("rule", "Rule"), Column("severity", "Severity"),
        Column("elements", "Elements"), Column("message", "Problem"),
        Column("suggested_fix", "Suggested fix", shown_in=DATA),
        Column("rule_source", "Rule source"),
        Column("waived", "Waived", "flag", shown_in=DATA),
        Column("waiver_reason", "Waiver reason"), Column("waiver_author", "Waived by"),
        Column("waiver_date", "Waiver date", "year"),
    )
    rows = tuple(Row(r.values()) for r in problem_rows(bp))
    return Table("problems", "Problems and waivers", columns, rows, empty="No problems found.")


def assumptions(bp: Blueprint, p: Projection) -> Table:
    """Every assumption and input figure behind the business case, with its source."""
    columns = (
        Column("topic", "Topic"), Column("item", "Item"), Column("value", "Value", "quantity"),
        Column("unit", "Unit"), Column("source", "Source"),
        Column("illustrative", "Illustrative", "flag", flag=("illustrative", "")),
    )
    rows = tuple(Row((a.topic, a.item, Quantity(a.value, a.unit), a.unit, a.source,
                      a.illustrative)) for a in assumption_rows(bp, p))
    return Table("assumptions", "Assumptions and sources", columns, rows)


def decisions(bp: Blueprint) -> Table:
    """The challenge and decision log, oldest first: what was raised about which element,
    by whom and when, its replies, its status and the decision taken."""
    columns = (
        Column("id", "ID", shown_in=DATA),
        Column("raised", "Raised", "datetime"), Column("about", "About"),
        Column("element_id", "Element ID", shown_in=DATA),
        Column("status", "Status"), Column("challenge", "Challenge"),
        Column("raised_by", "Raised by"), Column("replies", "Replies"),
        Column("decision", "Decision"), Column("decided_by", "Decided by"),
        Column("decided", "Decided", "datetime"),
    )
    names = C.names(bp) if bp.challenges else {}
    rows = []
    for ch in C.by_time(bp.challenges):
        d = ch.decision
        replies = "\n".join(f"{r.author}, {C.stamp_text(r.at)}: {r.text}" for r in ch.replies)
        rows.append(Row((ch.id, ch.created, C.about(ch, names), ch.element or "",
                         C.status_label(ch.status), ch.text, ch.author, replies,
                         d.text if d else "", d.decided_by if d else "",
                         d.decided_at if d else None),
                        key=ch.id, emphasis=C.is_open(ch)))
    return Table("decisions", "Decision log: challenges and decisions", columns, tuple(rows),
                 note="Open challenges are in bold; times as recorded, with their UTC offset "
                      "in the data exports.",
                 empty="No challenges or decisions recorded.")
