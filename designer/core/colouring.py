"""Colour by data, decided without Qt: which node gets which colour key.

The canvas can colour its nodes by rule status (the worst unwaived finding about
each element), by baseline cost (a heat map in quantile steps) or by the changes
since a compared file (File ▸ Compare with File…). This module makes those
decisions and names the outcome with a key — ``"error"``, ``"warning"``,
``"heat-0"`` … ``"heat-4"``, ``"added"``, ``"changed"`` or ``None`` for the plain
look; the UI owns the colours
(:func:`designer.ui.canvas.items.data_fill`)::

    status = worst_status(results)                    # {'dogs': 'error'}
    fill_key("status", "function", "dogs", None, status, {})   # 'error'
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from designer.core.delivery import pooled
from designer.core.rules.results import Result
from designer.core.schema import Blueprint, Function

COLOUR_MODES = ("none", "cost", "status", "changes")
"""Plain (the delivery badges say it all), baseline cost heat map, rule status, changes
since a compared file."""
CHANGE_KEYS = ("added", "changed")
"""How an element differs from the compared file, as colour keys (a removed element is
not on the canvas)."""
HEAT_STEPS = 5
"""Quantile steps of the cost heat map (the UI has one colour per step)."""
SEVERITY_RANK = {"error": 2, "warning": 1}
"""Severities that colour a node, the worse ranked higher (info does not colour)."""

K = TypeVar("K", bound=Hashable)


def worst_status(problems: Iterable[Result]) -> dict[str, str]:
    """Element id → the worst severity ('error' or 'warning') of the unwaived findings
    naming it."""
    rank = SEVERITY_RANK
    status: dict[str, str] = {}
    for result in problems:
        severity = result.severity
        if severity not in rank or result.waived:
            continue
        for element_id in result.elements:
            if rank[severity] > rank.get(status.get(element_id, ""), 0):
                status[element_id] = severity
    return status


def node_cost(bp: Blueprint, fn: Function, lane: str | None, delivery: str | None) -> int:
    """The baseline cost (pence) a function's node stands for: a local copy in a force's
    lane shows that force's cost; a shared or joint node the partners' total."""
    if lane is not None and delivery is not None and not pooled(delivery):
        fig = fn.baseline.get(lane)
        return fig.cost_pence if fig else 0
    return sum(fn.baseline[p].cost_pence for p in bp.partners_of(fn) if p in fn.baseline)


def heat_steps(values: Mapping[K, int], steps: int = HEAT_STEPS) \
        -> tuple[dict[K, int], tuple[int, ...]]:
    """Each value's step (0 … ``steps`` - 1) and the ``steps`` - 1 limits between steps.

    Quantiles, not equal ranges: a few huge units would otherwise paint everything
    else the palest step.
    """
    ordered = sorted(values.values())
    if not ordered:
        return {}, ()
    limits = tuple(ordered[min(len(ordered) - 1, (len(ordered) * k) // steps)]
                   for k in range(1, steps))
    return {key: bisect.bisect_right(limits, v) for key, v in values.items()}, limits


def cost_heat(bp: Blueprint, function_nodes: Iterable[tuple[K, str, str | None, str | None]]) \
        -> tuple[dict[K, int], tuple[int, ...]]:
    """Heat steps and limits of baseline cost over function nodes given as
    (key, function id, lane, delivery shown); nodes of unknown functions are left out."""
    fns = {f.id: f for f in bp.functions}
    values: dict[K, int] = {}
    for key, fn_id, lane, delivery in function_nodes:
        fn = fns.get(fn_id)
        if fn is not None:
            values[key] = node_cost(bp, fn, lane, delivery)
    return heat_steps(values)


def heat_key(step: int) -> str:
    """The colour key of a heat step."""
    return f"heat-{step}"


def heat_step_of(key: str) -> int:
    """The step a heat colour key stands for (inverse of :func:`heat_key`)."""
    return int(key.removeprefix("heat-"))


def change_keys(statuses: Mapping[str, str]) -> dict[str, str]:
    """Element id → colour key from a diff's element statuses (``Diff.element_ids``):
    the added and changed ones (removed elements are not on the canvas)."""
    return {i: s for i, s in statuses.items() if s in CHANGE_KEYS}


def fill_key(mode: str, kind: str, element_id: str, lane: str | None,
             status: Mapping[str, str], heat: Mapping[tuple[str, str | None], int],
             changes: Mapping[str, str] | None = None) -> str | None:
    """The colour key of one node in colour ``mode``; None keeps the plain look.

    Status colours every kind of node with a finding; cost colours function nodes only
    (a node copy in a lane by that lane's figure); changes colours what was added or
    changed since the compared file (``changes``: :func:`change_keys`).
    """
    if mode == "status":
        return status.get(element_id)
    if mode == "changes":
        return (changes or {}).get(element_id)
    if mode == "cost" and kind == "function":
        step = heat.get((element_id, lane))
        return heat_key(step) if step is not None else None
    return None
