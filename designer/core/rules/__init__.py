"""Rules: the alliance's principles and structural checks, run on a blueprint.

    from designer.core.rules import check, Checker
    for r in check(bp):                 # list[Result], stable order
        print(r.severity, r.message, r.elements, r.source)

    checker = Checker(bp)               # the app keeps one per document
    results = checker.update(new_bp)    # after each edit: only affected rules re-run

Rules come from packs (``resources/rules/*.toml``; see :mod:`.packs`): declarative
rules (:mod:`.declarative`) and registered Python checks (:mod:`.checks`).
A waiver (``alliance.waivers``) keeps its result in the list with ``waiver``
set; reports show it, the app greys it. A result's ``fix`` is data: set each
``(field, value)`` of ``fix.changes`` on ``fix.element`` (:func:`apply_fix`).
"""

from __future__ import annotations

from designer.core.rules.base import RulePackError
from designer.core.rules.engine import (
    PACK_ERROR,
    UNUSED_WAIVER,
    Checker,
    available_rules,
    check,
)
from designer.core.rules.packs import builtin_packs
from designer.core.rules.results import SEVERITIES, Fix, Result, RuleInfo, Severity
from designer.core.schema import Blueprint

__all__ = [
    "PACK_ERROR",
    "SEVERITIES",
    "UNUSED_WAIVER",
    "Checker",
    "Fix",
    "Result",
    "RuleInfo",
    "RulePackError",
    "Severity",
    "apply_fix",
    "available_rules",
    "builtin_packs",
    "check",
    "counts",
]


def apply_fix(bp: Blueprint, fix: Fix) -> Blueprint:
    """The blueprint with a fix made, as one validated edit (see :meth:`Fix.apply`)."""
    return fix.apply(bp)


def counts(results: list[Result]) -> dict[str, int]:
    """Unwaived results per severity, plus ``waived``."""
    out = dict.fromkeys((*SEVERITIES, "waived"), 0)
    for r in results:
        out["waived" if r.waiver else r.severity] += 1
    return out
