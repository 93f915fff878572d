"""Rule results as plain rows for the workbook and CSV exports."""

from __future__ import annotations

from dataclasses import dataclass

from designer.core.rules import check
from designer.core.schema import Blueprint

PROBLEM_COLUMNS = ("rule", "severity", "elements", "message", "suggested_fix", "rule_source",
                   "waived", "waiver_reason", "waiver_author", "waiver_date")


@dataclass(frozen=True, slots=True)
class ProblemRow:
    rule: str
    severity: str
    elements: str
    message: str
    suggested_fix: str = ""
    rule_source: str = ""
    waived: bool = False
    waiver_reason: str = ""
    waiver_author: str = ""
    waiver_date: str = ""

    def values(self) -> tuple[object, ...]:
        return tuple(getattr(self, c) for c in PROBLEM_COLUMNS)


def problem_rows(bp: Blueprint) -> list[ProblemRow]:
    """Every rule result, errors first, waived ones last in their severity."""
    order = {"error": 0, "warning": 1, "info": 2}
    rows = []
    for r in sorted(check(bp), key=lambda r: (order.get(r.severity, 3), r.waiver is not None)):
        w = r.waiver
        fix = r.fix.label if r.fix is not None else ""
        rows.append(ProblemRow(
            rule=r.rule, severity=r.severity, elements=", ".join(r.elements),
            message=r.message, suggested_fix=fix, rule_source=r.source,
            waived=w is not None,
            waiver_reason=w.reason if w else "", waiver_author=w.author if w else "",
            waiver_date=w.date.isoformat() if w else ""))
    return rows
