"""Cost sharing: largest-remainder apportionment and cost-basis weights."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from designer.core.cost_share import apportion, basis_weights, exact
from designer.core.schema import CostBasis, ForceFigures
from tests.build import blueprint, force, function

force_keys = st.lists(st.text("abcdefgh", min_size=1, max_size=4), min_size=1, max_size=12,
                      unique=True)


@st.composite
def totals_and_weights(draw):
    keys = draw(force_keys)
    weights = draw(st.lists(st.integers(0, 10**9), min_size=len(keys), max_size=len(keys))
                   .filter(lambda ws: sum(ws) > 0))
    total = draw(st.integers(-(10**14), 10**14))
    return total, dict(zip(keys, weights, strict=True))


@given(totals_and_weights())
def test_parts_sum_to_the_total_to_the_penny(case):
    total, weights = case
    parts = apportion(total, weights)
    assert sum(parts.values()) == total
    assert list(parts) == list(weights)


@given(totals_and_weights())
def test_each_part_is_within_a_penny_of_its_exact_share(case):
    total, weights = case
    whole = sum(weights.values())
    for key, part in apportion(total, weights).items():
        assert abs(part - Fraction(total * weights[key], whole)) < 1


@given(totals_and_weights())
def test_a_zero_weight_pays_nothing_and_bigger_weights_never_pay_less(case):
    total, weights = case
    parts = apportion(abs(total), weights)
    for k, w in weights.items():
        if w == 0:
            assert parts[k] == 0
    for lo in weights:
        for hi in weights:
            if weights[lo] < weights[hi]:
                assert parts[lo] <= parts[hi]


@given(st.integers(0, 10**12), st.lists(st.floats(0.01, 100, allow_nan=False), min_size=1,
                                        max_size=10))
def test_fractional_weights_from_user_percentages(total, percents):
    weights = {f"f{i}": exact(p) for i, p in enumerate(percents)}
    assert sum(apportion(total, weights).values()) == total


def test_leftover_pence_go_to_the_largest_remainders_then_the_first_listed():
    # 100 / 3 = 33.33…: one penny left over, all remainders equal → first listed.
    assert apportion(100, {"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}
    # 10 × 0.7 = 7, 10 × 0.3 = 3: no remainder at all.
    assert apportion(10, {"a": 70, "b": 30}) == {"a": 7, "b": 3}
    # 11 × 0.65 = 7.15, 11 × 0.35 = 3.85: the penny left goes to b (.85 > .15).
    assert apportion(11, {"a": 65, "b": 35}) == {"a": 7, "b": 4}
    assert apportion(-11, {"a": 65, "b": 35}) == {"a": -7, "b": -4}


def test_bad_weights_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="all zero"):
        apportion(5, {"a": 0, "b": 0})
    with pytest.raises(ValueError, match="negative"):
        apportion(5, {"a": -1, "b": 2})
    assert apportion(0, {}) == {}


def test_exact_keeps_the_decimal_a_user_typed():
    assert exact(33.33) == Fraction(3333, 100)
    assert exact(0.1) * 3 == Fraction(3, 10)


def _bp(**fn_fields):
    fn = function("dogs", category="operational-support/dogs", delivery="joint",
                  baseline={"a": ForceFigures(cost_pence=100, fte=3.0, demand=10),
                            "b": ForceFigures(cost_pence=100, fte=1.5, demand=30)},
                  **fn_fields)
    return blueprint("a", "b", functions=[fn]), fn


@pytest.mark.parametrize(("basis", "expected"), [
    (CostBasis(kind="net-budget"), {"a": 1, "b": 1}),
    (CostBasis(kind="population"), {"a": 1, "b": 1}),
    (CostBasis(kind="officers"), {"a": 3, "b": Fraction(3, 2)}),
    (CostBasis(kind="demand"), {"a": 10, "b": 30}),
    (CostBasis(kind="equal"), {"a": 1, "b": 1}),
    (CostBasis(kind="fixed", shares={"a": 70, "b": 30}), {"a": 70, "b": 30}),
])
def test_each_basis_gives_proportional_weights(basis, expected):
    bp, fn = _bp(cost_basis=basis)
    w = basis_weights(bp, fn, ("a", "b"))
    assert not w.note
    got, want = w.percent(), {k: 100 * Fraction(v) / sum(map(Fraction, expected.values()))
                              for k, v in expected.items()}
    assert got == want


def test_a_missing_figure_falls_back_to_equal_shares_and_says_so():
    fn = function("dogs", category="operational-support/dogs", delivery="joint",
                  cost_basis=CostBasis(kind="population"))
    bp = blueprint("a", "b", functions=[fn])
    bp = bp.model_copy(update={"forces": (force("a", population=None), force("b"))})
    w = basis_weights(bp, fn, ("a", "b"))
    assert w.weights == {"a": 1, "b": 1}
    assert "population" in w.note and "a" in w.note


def test_fixed_shares_naming_a_non_partner_are_scaled_over_the_partners():
    fn = function("dogs", category="operational-support/dogs", delivery="joint",
                  partners=("a", "b"),
                  cost_basis=CostBasis(kind="fixed", shares={"a": 50, "b": 25, "c": 25}))
    bp = blueprint("a", "b", "c", functions=[fn])
    w = basis_weights(bp, fn, ("a", "b"))
    assert w.percent() == {"a": Fraction(200, 3), "b": Fraction(100, 3)}
    assert "c" in w.note
