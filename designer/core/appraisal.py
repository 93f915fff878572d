"""The economic case: business as usual, the base and each option appraised side by side.

    cmp = compare(bp)                        # every option; or compare(bp, ["dogs-local"])
    for case in cmp.cases:                   # business as usual, the base, the options
        print(case.name, case.npv, case.payback_year, case.errors)
    cmp.differences["dogs-local"]            # the option's differences from the base, in words

Every case is projected over the same financial years (the longest any of them needs)
by the one finance model, and checked by the one rule engine: the base fully, each
option incrementally from the base (only what it changes is re-checked and re-costed),
so a finding belongs to the option it is reported with. Business as usual is derived:
every force delivering every function itself at its baseline cost, with no savings,
no implementation costs and no payments between forces (its figures are the base's
baseline; a test proves them equal to projecting :func:`options.business_as_usual`).

Net present values follow HM Treasury's Green Book: each year's savings less one-off
implementation costs, times the discount factor ``1 / (1 + r)^t`` with ``t = 0`` in the
first year projected, at the alliance's ``discount_rate_percent`` (3.5 % real by
default), summed exactly and rounded to pence once. Business as usual's is zero, so an
option's NPV is its value against business as usual.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from designer.core import options as O
from designer.core.cost_share import exact
from designer.core.delivery import MODELS
from designer.core.explain import Difference, Names, differences
from designer.core.finance import (
    Projection,
    discount_factor,
    horizon,
    present_value,
    project,
)
from designer.core.rules import packs as P
from designer.core.rules.engine import Checker
from designer.core.rules.results import Result
from designer.core.schema import Blueprint, Option, Problem

Kind = Literal["bau", "base", "option"]
BASE_NAME = "Base (as drawn)"


@dataclass(frozen=True)
class Appraisal:
    """One case's figures over the comparison's years (money in pence)."""

    key: str
    """``bau``, ``base`` or the option's id."""
    name: str
    kind: Kind
    status: str = ""
    """An option's status (``short-list``, ``preferred``…); empty for the others."""
    option: Option | None = None
    blueprint: Blueprint | None = None
    """The blueprint as the case has it; None for an option that cannot be applied, and
    for business as usual (derive it with ``options.business_as_usual(bp)`` if wanted)."""
    problems: tuple[Problem, ...] = ()
    """Why an option cannot be applied (located in the file)."""
    projection: Projection | None = None
    results: tuple[Result, ...] = ()
    """Rule findings (business as usual is not checked: it is no one's design)."""
    checked: bool = False
    savings: tuple[int, ...] = ()
    """Alliance savings by year."""
    implementation: tuple[int, ...] = ()
    """One-off implementation costs by year."""
    net_change: dict[str, int] = field(default_factory=dict)
    """Force → change in its net cost in the last year (negative: it spends less)."""
    payments: dict[tuple[str, str], int] = field(default_factory=dict)
    """(payer, payee) → what one force pays another (or the alliance) in the last year."""
    counts: dict[str, int] = field(default_factory=dict)
    """Delivery model → how many functions it delivers (in the descriptor's order)."""
    npv: int = 0
    """Net present value of savings less implementation costs (Green Book)."""
    payback_year: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the case has figures (an option that cannot be applied has none)."""
        return self.kind == "bau" or self.blueprint is not None

    @property
    def cumulative_savings(self) -> tuple[int, ...]:
        return _running(self.savings)

    @property
    def net_benefit(self) -> tuple[int, ...]:
        """Savings less implementation costs, by year (what the NPV discounts)."""
        return tuple(s - i for s, i in zip(self.savings, self.implementation, strict=True))

    def count(self, severity: str) -> int | None:
        """Unwaived rule findings of a severity (None when the case is not checked)."""
        if not self.checked:
            return None
        return sum(1 for r in self.results if r.severity == severity and not r.waived)

    @property
    def errors(self) -> int | None:
        return self.count("error")

    @property
    def warnings(self) -> int | None:
        return self.count("warning")


@dataclass(frozen=True)
class Comparison:
    """Business as usual, the base and the options asked for, over the same years."""

    years: tuple[str, ...]
    forces: tuple[str, ...]
    force_names: dict[str, str]
    rate_percent: Fraction
    rate_source: str
    cases: tuple[Appraisal, ...]
    differences: dict[str, tuple[Difference, ...]]
    """Option id → its differences from the base, in words (empty for a broken one)."""
    target_year: str | None = None
    target_pence: int | None = None

    def case(self, key: str) -> Appraisal:
        return next(c for c in self.cases if c.key == key)

    @property
    def options(self) -> tuple[Appraisal, ...]:
        return tuple(c for c in self.cases if c.kind == "option")

    @property
    def preferred(self) -> tuple[Appraisal, ...]:
        return tuple(c for c in self.options if c.status == "preferred")

    @property
    def discount_factors(self) -> tuple[Fraction, ...]:
        return tuple(discount_factor(t, self.rate_percent) for t in range(len(self.years)))

    @property
    def last(self) -> str:
        return self.years[-1]

    def pairs(self) -> list[tuple[str, str]]:
        """Every (payer, payee) some case has a payment for, in a stable order."""
        seen: dict[tuple[str, str], None] = {}
        for c in self.cases:
            seen.update(dict.fromkeys(c.payments))
        order = {f: i for i, f in enumerate(self.forces)}
        return sorted(seen, key=lambda p: (order.get(p[0], 99), order.get(p[1], 99), p))


def _running(values: Iterable[int]) -> tuple[int, ...]:
    out, total = [], 0
    for v in values:
        total += v
        out.append(total)
    return tuple(out)


# ------------------------------------------------------------------ comparing


def compare(bp: Blueprint, option_ids: Sequence[str] | None = None, *,
            packs: Sequence[P.PackRef] | None = None,
            base_dir: str | os.PathLike[str] | None = None,
            projection: Projection | None = None) -> Comparison:
    """Appraise business as usual, the base and the options (all, or those named, in that
    order). :class:`options.UnknownOption` for an id no option has. ``packs``/``base_dir``
    are the rule packs to check with, as :class:`rules.Checker` takes them;
    ``projection``, the base's if already worked out (its functions' results are reused)."""
    applied = O.applied_options(bp)
    first = {a.option.id: a for a in reversed(applied)}  # the first of a repeated id
    if option_ids is None:
        chosen = [first[i] for i in O.option_ids(bp)]
    else:
        chosen = []
        for option_id in option_ids:
            if option_id not in first:
                raise O.UnknownOption(option_id, O.option_ids(bp))
            chosen.append(first[option_id])
    base = O.base_of(bp)
    years = _common_years([base, *(a.result for a in chosen if a.result is not None)])
    base_p = project(base, years=years, reuse=projection)
    rate = exact(bp.alliance.discount_rate_percent)
    checker = Checker(base, packs, base_dir=base_dir)
    cases = [_bau(bp, base_p, rate),
             _appraise("base", BASE_NAME, "base", base, base_p, tuple(checker.results), rate)]
    diffs: dict[str, tuple[Difference, ...]] = {}
    names = Names(base)
    for a in chosen:
        option = a.option
        if a.result is None:
            cases.append(Appraisal(option.id, option.name, "option", option.status, option,
                                   problems=a.problems))
            diffs[option.id] = ()
            continue
        p = project(a.result, years=years, reuse=base_p)
        results = tuple(checker.update(a.result))
        cases.append(_appraise(option.id, option.name, "option", a.result, p, results, rate,
                               option))
        added = [e for list_name in O.ADDABLE for e in getattr(option.add, list_name)]
        diffs[option.id] = tuple(differences(base, a.result, base_p, p,
                                             names=names.plus(added)))
    target = base.alliance.savings_target
    return Comparison(
        years=years, forces=base.force_ids(), force_names={f.id: f.name for f in base.forces},
        rate_percent=rate, rate_source=bp.alliance.discount_rate_source, cases=tuple(cases),
        differences=diffs, target_year=target.year if target else None,
        target_pence=target.amount_pence if target else None)


def _common_years(bps: Iterable[Blueprint]) -> tuple[str, ...]:
    """The longest horizon of the cases (they share their start: options cannot move it)."""
    return max((horizon(bp) for bp in bps), key=len)


def _appraise(key: str, name: str, kind: Kind, bp: Blueprint, p: Projection,
              results: tuple[Result, ...], rate: Fraction,
              option: Option | None = None) -> Appraisal:
    last = p.years[-1]
    savings = tuple(a.savings for a in p.alliance.values())
    implementation = tuple(a.implementation for a in p.alliance.values())
    payments: dict[tuple[str, str], int] = {}
    for fl in p.flows:
        if fl.year == last:
            payments[fl.payer, fl.payee] = payments.get((fl.payer, fl.payee), 0) \
                + fl.amount_pence
    counts = dict.fromkeys(MODELS, 0)
    for fn in bp.functions:
        counts[fn.delivery] += 1
    case = Appraisal(
        key, name, kind, option.status if option else "", option, bp, (), p, results, True,
        savings, implementation,
        {f: p.by_force[f][last].change_in_net_cost for f in p.forces},
        payments, counts,
        present_value((s - i for s, i in zip(savings, implementation, strict=True)), rate),
        p.payback_year())
    return case


def _bau(bp: Blueprint, base_p: Projection, rate: Fraction) -> Appraisal:
    """Business as usual from the base's projection: its baseline, nothing saved, spent or
    paid (equal to appraising ``options.business_as_usual(bp)``, which a test checks)."""
    zeros = tuple(0 for _ in base_p.years)
    counts = dict.fromkeys(MODELS, 0)
    counts[next(iter(k for k, m in MODELS.items() if not m.pooled))] = len(bp.functions)
    return Appraisal(O.BAU, O.BAU_NAME, "bau", "", None, None, (), None,
                     (), False, zeros, zeros, dict.fromkeys(base_p.forces, 0), {}, counts,
                     present_value(zeros, rate))


def bau_the_long_way(bp: Blueprint, years: Sequence[str]) -> Appraisal:
    """Business as usual appraised like any option, from :func:`options.business_as_usual`
    projected in full (what :func:`_bau` shortcuts; for tests)."""
    bau = O.business_as_usual(bp)
    rate = exact(bp.alliance.discount_rate_percent)
    return _appraise(O.BAU, O.BAU_NAME, "bau", bau, project(bau, years=years), (), rate)


# ------------------------------------------------------------------ checking every option


OPTION_RULE = "option"
"""Rule id of the error a check reports for an option that cannot be applied."""


def option_findings(bp: Blueprint, checker: Checker,
                    located: Sequence[Problem] | None = None) -> list[Result]:
    """The rules run on every option (``checker`` holds the base's results): each option's
    findings that the base does not have, marked with the option they belong to, and an
    error for each problem of an option that cannot be applied (``located``: the options'
    problems with their lines, when the caller has the file's text). Leaves ``checker``
    at the base."""
    base = checker.view.bp
    seen = {_key(r) for r in checker.results}
    out: list[Result] = []
    problems = list(located) if located is not None else None
    for applied in O.applied_options(bp):
        option = applied.option
        if applied.result is None:
            out += _unapplied(applied, problems)
            continue
        for r in checker.update(applied.result):
            if _key(r) not in seen:
                out.append(dataclasses.replace(r, option=option.id))
    checker.update(base)
    return out


def unapplied_results(bp: Blueprint, located: Sequence[Problem] | None = None) -> list[Result]:
    """An error for each problem of each option that cannot be applied (what
    :func:`option_findings` reports for them, without running the rules): the app lists
    them whichever option it shows."""
    problems = list(located) if located is not None else None
    return [r for applied in O.applied_options(bp) if applied.result is None
            for r in _unapplied(applied, problems)]


def _unapplied(applied: O.Applied, located: list[Problem] | None) -> list[Result]:
    option = applied.option
    mine = [p for p in located if p.element == option.id and
            p.path.startswith(f"options[{applied.index}]")] if located is not None \
        else list(applied.problems)
    return [Result(rule=OPTION_RULE, severity="error", elements=(), source=p.path,
                   message=f"The option {option.name!r} cannot be applied: {p}",
                   option=option.id) for p in mine]


def _key(r: Result) -> tuple:
    return (r.rule, r.elements, r.message, r.waiver is not None)
