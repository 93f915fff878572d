"""Cost sharing: who pays what share of a shared or joint unit, to the penny.

Two steps, kept apart so each can be checked on its own:

- :func:`basis_weights` turns a function's cost basis (net budget, population,
  demand, officers contributed, equal, fixed percentages) into one exact weight
  per partner force;
- :func:`apportion` splits a whole number of pence by those weights with the
  largest-remainder method, so the parts always add up to the total exactly.

>>> apportion(100, {"a": 1, "b": 1, "c": 1})
{'a': 34, 'b': 33, 'c': 33}
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from designer.core.schema import Blueprint, CostBasis, Function

BASIS_LABELS = {
    "net-budget": "share of net revenue budget",
    "population": "share of population",
    "demand": "share of demand",
    "officers": "share of officers (FTE) contributed",
    "equal": "equal shares",
    "fixed": "fixed percentages",
}


def exact(value: float | int | Decimal) -> Fraction:
    """An input number as an exact fraction, through its shortest decimal text.

    ``33.33`` becomes 3333/100, not the binary float's 33.3299999…
    """
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return _exact_float(value)
    return Fraction(value)


@functools.lru_cache(maxsize=8192)
def _exact_float(value: float) -> Fraction:
    return Fraction(Decimal(repr(value)))  # the same few percentages recur across functions


def apportion(total: int, weights: Mapping[str, Fraction | int]) -> dict[str, int]:
    """Split ``total`` pence in proportion to ``weights`` (largest remainder).

    Each key first gets the whole pence of its exact share (rounded towards
    zero); the pence left over go one each to the keys with the largest
    fractional remainders, ties going to the key listed first. The parts sum
    to ``total`` exactly and no part differs from its exact share by a penny
    or more. A negative total is split as its magnitude and negated.

    Raises ``ValueError`` when the weights are negative or all zero.
    """
    if not weights:
        if total:
            raise ValueError("cannot apportion a non-zero amount between no one")
        return {}
    integers = integer_weights(weights)
    if any(w < 0 for w in integers.values()):
        raise ValueError("cost-sharing weights cannot be negative")
    whole = sum(integers.values())
    if whole == 0:
        raise ValueError("cost-sharing weights are all zero")
    return apportion_checked(total, integers, whole)


def apportion_checked(total: int, integers: Mapping[str, int], whole: int) -> dict[str, int]:
    """:func:`apportion` for whole-number weights already checked: none negative, and
    ``whole`` their (positive) sum. The finance model splits tens of thousands of
    amounts by the same few weights, so it checks them once."""
    sign, magnitude = (-1, -total) if total < 0 else (1, total)
    parts: dict[str, int] = {}
    remainders: list[tuple[int, int, str]] = []
    for index, (key, weight) in enumerate(integers.items()):
        floor, remainder = divmod(magnitude * weight, whole)
        parts[key] = floor
        remainders.append((remainder, -index, key))
    left = magnitude - sum(parts.values())
    if left:
        remainders.sort(reverse=True)
        for _, _, key in remainders[:left]:
            parts[key] += 1
    if sign < 0:
        return {k: -v for k, v in parts.items()}
    return parts


def integer_weights(weights: Mapping[str, Fraction | int]) -> dict[str, int]:
    """The same proportions as whole numbers (scaled by the denominators' lcm)."""
    values = weights.values()
    if all(type(w) is int for w in values):
        return dict(weights)  # type: ignore[arg-type]
    fractions = {k: w if isinstance(w, Fraction) else Fraction(w) for k, w in weights.items()}
    scale = math.lcm(*(f.denominator for f in fractions.values()))
    return {k: f.numerator * (scale // f.denominator) for k, f in fractions.items()}


@dataclass(frozen=True, slots=True)
class Weights:
    """The weights a basis gives each partner, and why they may differ from it."""

    basis: CostBasis
    weights: dict[str, Fraction]
    note: str = ""
    """Non-empty when the basis could not be applied as set (e.g. a missing figure)."""

    def percent(self) -> dict[str, Fraction]:
        """Each partner's exact share in percent (sums to 100)."""
        whole = sum(self.weights.values(), Fraction(0))
        return {k: 100 * w / whole for k, w in self.weights.items()}


def basis_of(bp: Blueprint, fn: Function) -> CostBasis:
    """The basis a function uses: its own, or the alliance default."""
    return fn.cost_basis or bp.alliance.default_cost_basis


def basis_weights(bp: Blueprint, fn: Function, partners: Sequence[str],
                  memo: dict[tuple, Weights] | None = None) -> Weights:
    """Exact weights per partner for a function's cost basis.

    A basis that cannot be applied — a force's figure is missing, or every
    figure is zero — falls back to equal shares, and the note says why, so a
    finance officer sees the assumption instead of a crash.

    ``memo`` (a dict kept for one pass over a blueprint) shares the result between
    functions with the same basis, partners and figures: thousands of functions
    usually share a handful of weightings.
    """
    basis = basis_of(bp, fn)
    kind = basis.kind
    if kind == "equal":
        raw_values: tuple = ()
    elif kind == "officers":
        raw_values = tuple(fn.baseline[p].fte if p in fn.baseline else None for p in partners)
    elif kind == "demand":
        raw_values = tuple(fn.baseline[p].demand if p in fn.baseline else None
                           for p in partners)
    else:
        raw_values = ()  # from the forces or the basis itself: the same for the whole pass
    if memo is None:
        return _weights(bp, basis, partners, raw_values)
    key = (id(basis), tuple(partners), raw_values)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _weights(bp, basis, partners, raw_values)
    return hit


def _weights(bp: Blueprint, basis: CostBasis, partners: Sequence[str],
             raw_values: tuple) -> Weights:
    kind = basis.kind
    raw: dict[str, float | int | None]
    note = ""
    if kind == "equal":
        return Weights(basis, {p: Fraction(1) for p in partners})
    if kind in ("officers", "demand"):
        raw = dict(zip(partners, raw_values, strict=True))
    elif kind in ("net-budget", "population"):
        forces = {f.id: f for f in bp.forces}
        raw = {p: forces[p].net_budget_pence if kind == "net-budget" else forces[p].population
               for p in partners}
    else:  # fixed
        raw = {p: basis.shares.get(p) for p in partners}
        outsiders = sorted(set(basis.shares) - set(partners))
        if outsiders:
            note = (f"fixed shares name {', '.join(outsiders)}, not partners here; the "
                    "partners' shares are scaled to total 100%")
    missing = [p for p, v in raw.items() if v is None]
    if missing:
        return _equal(basis, partners, f"{BASIS_LABELS[kind]} needs a figure for "
                      f"{', '.join(missing)}; equal shares used instead")
    weights = {p: exact(v) for p, v in raw.items() if v is not None}
    if sum(weights.values()) == 0:
        return _equal(basis, partners, f"{BASIS_LABELS[kind]}: every figure is zero; "
                      "equal shares used instead")
    return Weights(basis, weights, note)


def _equal(basis: CostBasis, partners: Sequence[str], note: str) -> Weights:
    return Weights(basis, {p: Fraction(1) for p in partners}, note)
