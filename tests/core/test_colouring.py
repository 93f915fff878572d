"""Colour by data: which node gets which colour key, decided without Qt."""

from __future__ import annotations

from datetime import date

import pytest

from designer.core.colouring import (
    HEAT_STEPS,
    change_keys,
    cost_heat,
    fill_key,
    heat_key,
    heat_step_of,
    heat_steps,
    node_cost,
    worst_status,
)
from designer.core.rules import Result
from designer.core.schema import ForceFigures, Waiver
from tests.build import blueprint, function


def finding(severity, elements, waived=False):
    """A rule result about ``elements``, waived or not."""
    waiver = Waiver(rule="r", element=elements[0], reason="agreed", author="T",
                    date=date(2015, 4, 1)) if waived else None
    return Result(rule="r", severity=severity, message="m", elements=elements, source="s",
                  waiver=waiver)


def test_worst_status_keeps_the_worst_unwaived_finding_per_element():
    status = worst_status([
        finding("warning", ("dogs", "ict")),
        finding("error", ("dogs",)),
        finding("warning", ("dogs",)),  # an error already marks it
        finding("info", ("resp",)),  # information colours nothing
        finding("error", ("ict",), waived=True),  # a waived finding neither
    ])
    assert status == {"dogs": "error", "ict": "warning"}
    assert worst_status([]) == {}


def test_heat_steps_are_quantiles_not_equal_ranges():
    values = {f"n{i}": v for i, v in enumerate([1, 2, 3, 4, 5, 6, 7, 8, 9, 10_000])}
    steps, limits = heat_steps(values)
    assert len(limits) == HEAT_STEPS - 1 and list(limits) == sorted(limits)
    assert limits == (3, 5, 7, 9)
    # one huge unit does not push everything else into the palest step
    assert [steps[f"n{i}"] for i in range(10)] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert heat_steps({}) == ({}, ())
    assert heat_steps({"only": 5}) == ({"only": 4}, (5, 5, 5, 5))


def _fig(pounds: int) -> ForceFigures:
    return ForceFigures(cost_pence=pounds * 100)


def test_a_nodes_cost_is_its_lanes_figure_or_the_partners_total():
    shared = function("dogs", delivery="shared", host_force="a", partners=("a", "b"),
                      baseline={"a": _fig(100), "b": _fig(50), "c": _fig(7)})
    bp = blueprint("a", "b", "c", functions=[shared])
    assert node_cost(bp, shared, "a", "shared") == 150_00  # the partners, not force c
    assert node_cost(bp, shared, "c", "local") == 7_00  # c's own local copy
    assert node_cost(bp, shared, None, "local") == 150_00
    lonely = function("x", baseline={"a": _fig(3)})
    assert node_cost(bp, lonely, "b", "local") == 0


def test_cost_heat_steps_the_function_nodes_it_is_given():
    fns = [function(f"f{i}", baseline={"a": _fig(10 * (i + 1)), "b": _fig(i)})
           for i in range(5)]
    bp = blueprint("a", "b", functions=fns)
    nodes = [((f.id, "a"), f.id, "a", "local") for f in fns] + \
        [(("ghost", "a"), "ghost", "a", "local")]
    heat, limits = cost_heat(bp, nodes)
    assert ("ghost", "a") not in heat  # not a function of the blueprint
    assert [heat[(f.id, "a")] for f in fns] == [0, 1, 2, 3, 4]
    assert limits == (20_00, 30_00, 40_00, 50_00)


def test_fill_key_by_mode():
    status = {"dogs": "error", "area1": "warning"}
    heat = {("dogs", "a"): 3}
    assert fill_key("none", "function", "dogs", "a", status, heat) is None
    assert fill_key("status", "function", "dogs", "a", status, heat) == "error"
    assert fill_key("status", "area", "area1", None, status, heat) == "warning"
    assert fill_key("status", "function", "ict", None, status, heat) is None
    assert fill_key("cost", "function", "dogs", "a", status, heat) == heat_key(3) == "heat-3"
    assert fill_key("cost", "function", "dogs", "b", status, heat) is None  # no step
    assert fill_key("cost", "team", "dogs", "a", status, heat) is None  # functions only


def test_changes_since_a_compared_file():
    """Added and changed elements are marked; a removed one is not on the canvas."""
    changes = change_keys({"dogs": "changed", "ict": "added", "old": "removed"})
    assert changes == {"dogs": "changed", "ict": "added"}
    assert fill_key("changes", "function", "dogs", "a", {}, {}, changes) == "changed"
    assert fill_key("changes", "team", "ict", None, {}, {}, changes) == "added"
    assert fill_key("changes", "area", "x", None, {"x": "error"}, {}, changes) is None
    assert fill_key("status", "function", "dogs", "a", {}, {}, changes) is None


@pytest.mark.parametrize("step", range(HEAT_STEPS))
def test_heat_keys_round_trip(step):
    assert heat_step_of(heat_key(step)) == step
