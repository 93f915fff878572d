"""Every assumption and input figure behind the business case, with its source.

Finance officers check numbers against their sources; this list is what the
Assumptions sheet and ``assumptions.csv`` show, one figure per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.core.cost_share import BASIS_LABELS
from designer.core.delivery import MODELS
from designer.core.finance import Projection
from designer.core.schema import Blueprint

ROUNDING_RULE = (
    "Amounts are computed exactly and rounded to whole pence once: a single amount to the "
    "nearest penny (halves up); an amount shared between forces by the largest-remainder "
    "method, so shares add up to the whole to the penny.")
MODEL_RULES = (
    ("Savings", "Baseline × savings % × ramp-up %, from the go-live year; ramp-up entries "
     "apply to the first years after go-live, 100% afterwards."),
    ("Shared and joint units", "From go-live the partners' baselines are pooled; each pays "
     "the unit's cost apportioned by the cost-sharing basis, and a force's saving is its "
     "baseline less its contribution."),
    ("Payments", "Partners pay the host force (shared) or lead force (joint) their "
     "contribution; a joint unit without a lead force is paid into the alliance budget."),
    ("Implementation costs", "One-off, in the go-live year, shared by the function's "
     "cost-sharing basis."),
    ("Payback year", "First year from which cumulative savings cover cumulative "
     "implementation costs for the rest of the projection."),
    ("Rounding", ROUNDING_RULE),
)


@dataclass(frozen=True, slots=True)
class Assumption:
    topic: str
    item: str
    value: int | float | str | None
    unit: str
    """"£" (``value`` in whole pence), "%", "people", "FTE" or "" (``value`` may be words)."""
    source: str = ""
    illustrative: bool = False


def assumptions(bp: Blueprint, projection: Projection) -> list[Assumption]:
    """Every figure behind the business case, forces named as people read them."""
    a = bp.alliance
    forces = {f.id: f.name for f in bp.forces}
    rows: list[Assumption] = []
    if a.savings_target is not None:
        t = a.savings_target
        rows.append(Assumption("Alliance", f"Savings target by {t.year}",
                               t.amount_pence, "£", t.source or a.source,
                               t.illustrative))
    rows.append(Assumption("Alliance", "Start year", a.start_year, "", a.source))
    d = a.savings_defaults
    for m in MODELS.values():
        rows.append(Assumption("Savings defaults", f"{m.label} functions",
                               d.for_model(m.key), "%", d.source_for(m.key)))
    basis = a.default_cost_basis
    rows.append(Assumption("Cost sharing", "Alliance default basis", BASIS_LABELS[basis.kind],
                           "", basis.source))
    for force_id, share in basis.shares.items():
        rows.append(Assumption("Cost sharing",
                               f"Default fixed share: {forces.get(force_id, force_id)}",
                               share, "%", basis.source))
    for f in bp.forces:
        for item, value, unit in (("Net revenue budget", f.net_budget_pence, "£"),
                                  ("Population", f.population, "people"),
                                  ("Officers", f.officers_fte, "FTE"),
                                  ("Staff", f.staff_fte, "FTE")):
            if value is not None:
                rows.append(Assumption(f"Force: {f.name}", item, value, unit, f.source,
                                       f.illustrative))
    for fn in bp.functions:
        topic = f"Function: {fn.name}"
        if fn.savings_percent is not None:
            rows.append(Assumption(topic, "Savings (overrides the default)", fn.savings_percent,
                                   "%", fn.savings_source or fn.source, fn.illustrative))
        if fn.cost_basis is not None:
            rows.append(Assumption(topic, "Cost-sharing basis", BASIS_LABELS[fn.cost_basis.kind],
                                   "", fn.cost_basis.source, fn.illustrative))
            for force_id, share in fn.cost_basis.shares.items():
                rows.append(Assumption(topic,
                                       f"Fixed share: {forces.get(force_id, force_id)}",
                                       share, "%", fn.cost_basis.source, fn.illustrative))
        if fn.implementation_cost_pence:
            rows.append(Assumption(topic, "One-off implementation cost",
                                   fn.implementation_cost_pence, "£", fn.source,
                                   fn.illustrative))
        if fn.go_live:
            rows.append(Assumption(topic, "Go-live year", fn.go_live, "", fn.source,
                                   fn.illustrative))
        for k, pct in enumerate(fn.ramp_up):
            rows.append(Assumption(topic, f"Ramp-up, year {k + 1} after go-live", pct, "%",
                                   fn.source, fn.illustrative))
        for force_id, figs in fn.baseline.items():
            rows.append(Assumption(topic, f"Baseline cost: {forces.get(force_id, force_id)}",
                                   figs.cost_pence, "£", fn.source, fn.illustrative))
    names = {fn.id: fn.name for fn in bp.functions}
    for function_id, note in projection.notes:
        rows.append(Assumption(f"Function: {names.get(function_id, function_id)}",
                               "Model assumption", note, "", "finance model"))
    for item, text in MODEL_RULES:
        rows.append(Assumption("Finance model", item, text, "", "Alliance Blueprint Designer"))
    return rows
