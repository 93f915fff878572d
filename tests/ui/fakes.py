"""Rule results made by hand, to drive the problems dock with findings the rules would not give."""

from __future__ import annotations

from designer.core.rules import Fix, Result, Severity
from designer.core.schema import Waiver


def local_fix(label: str, function_id: str = "dogs") -> Fix:
    """A suggested fix that makes one function local again."""
    return Fix(element=function_id, label=label,
               changes=(("delivery", "local"), ("lead_force", None), ("command", "")))


def rule_result(rule: str, severity: Severity, message: str, elements: tuple[str, ...],
                source: str = "Alliance principles", fix: Fix | None = None,
                waiver: Waiver | None = None) -> Result:
    return Result(rule=rule, severity=severity, message=message, elements=elements,
                  source=source, fix=fix, waiver=waiver)
