"""The finance model: savings by year, cost sharing, phasing, payback."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.core.finance import (
    Scenario,
    alliance_totals,
    horizon,
    project,
    round_pence,
    savings_by_year,
    sensitivity,
)
from designer.core.schema import CostBasis, ForceFigures
from tests.build import blueprint, force, function


def fig(pounds: int) -> ForceFigures:
    return ForceFigures(cost_pence=pounds * 100)


def test_savings_by_year_follows_go_live_and_ramp_up():
    # A joint unit of £1,000 + £3,000 at 20% saves £800 a year at full rate:
    # nothing before go-live (2016/17), 50% (£400) in its first year, then £800.
    fn = function("dogs", category="operational-support/dogs", delivery="joint",
                  baseline={"a": fig(1000), "b": fig(3000)}, savings_percent=20,
                  go_live="2016/17", ramp_up=(50,))
    bp = blueprint("a", "b", functions=[fn], start_year="2015/16", target_year="2018/19")
    by_year = savings_by_year(bp)
    assert list(by_year) == list(horizon(bp))
    assert by_year["2015/16"] == 0
    assert by_year["2016/17"] == 400_00
    assert by_year["2017/18"] == 800_00
    assert by_year["2018/19"] == 800_00
    assert list(by_year)[-1] == "2020/21"  # two years beyond the target


def test_local_functions_save_the_local_default_only():
    fn = function("neighbourhood", category="local-policing/neighbourhood",
                  baseline={"a": fig(1000), "b": fig(3000)})
    bp = blueprint("a", "b", functions=[fn])
    assert set(savings_by_year(bp).values()) == {0}


def test_the_target_year_is_always_in_the_projection():
    bp = blueprint("a", "b", start_year="2015/16", target_year="2030/31")
    p = project(bp)
    assert "2030/31" in p.years
    assert p.alliance["2030/31"].target == 1_000_000_00


# ---------------------------------------------------------------- the worked example
#
# Two forces, a and b:
#   a: net budget £300m, population 1,200,000      b: net budget £100m, population 800,000
# "dogs": shared, hosted by a, 15% savings, live 2016/17 with 50% in its first year,
#   one-off implementation £100,000.01; baseline a £600,000.20 (15 FTE, demand 700),
#   b £400,000.00 (5 FTE, demand 300)  → pooled baseline 100,000,020p.
# "major crime": joint, lead force b, the joint default 20%, live 2017/18, no ramp-up;
#   baseline a £1,000,000 (90 FTE, demand 40), b £500,000 (60 FTE, demand 60)
#   → pooled baseline 150,000,000p.
#
# Unit savings and costs (one rounding: nearest penny, halves up):
#   dogs 2016/17: 100,000,020 × 15% × 50% = 7,500,001.5 → 7,500,002; cost 92,500,018
#   dogs 2017/18 on: 100,000,020 × 15% = 15,000,003;                  cost 85,000,017
#   major crime 2017/18 on: 150,000,000 × 20% = 30,000,000;           cost 120,000,000
# Alliance savings: 2015/16 0; 2016/17 7,500,002; 2017/18 on 15,000,003 + 30,000,000
#   = 45,000,003, against the £400,000 (40,000,000p) target in 2018/19.
#
# Each basis's a:b weights, and the largest-remainder split of each amount:
#   basis        dogs  major  dogs 2016/17 (92,500,018)     dogs 2017/18 (85,000,017)
#   net-budget   3:1   3:1    69,375,013.5|23,125,004.5     63,750,012.75|21,250,004.25
#                             tie .5/.5 → a first:          → 63,750,013|21,250,004
#                             69,375,014|23,125,004
#   population   3:2   3:2    55,500,010.8|37,000,007.2     51,000,010.2|34,000,006.8
#                             → 55,500,011|37,000,007       → 51,000,010|34,000,007
#   officers     15:5  90:60  (3:1 as net-budget)           (3:1 as net-budget)
#   demand       7:3   2:3    64,750,012.6|27,750,005.4     59,500,011.9|25,500,005.1
#                             → 64,750,013|27,750,005       → 59,500,012|25,500,005
#   equal        1:1   1:1    46,250,009|46,250,009         42,500,008.5 each, tie → a:
#                                                           42,500,009|42,500,008
#   fixed 70:30  7:3   7:3    (7:3 as demand)               (7:3 as demand)
#   major crime 120,000,000: 3:1 → 90,000,000|30,000,000; 3:2 → 72,000,000|48,000,000;
#     2:3 → 48,000,000|72,000,000; 1:1 → 60,000,000 each; 7:3 → 84,000,000|36,000,000
#   dogs implementation 10,000,001 (2016/17): 3:1 → 7,500,000.75|2,500,000.25 →
#     7,500,001|2,500,000; 3:2 → 6,000,000.6|4,000,000.4 → 6,000,001|4,000,000;
#     7:3 → 7,000,000.7|3,000,000.3 → 7,000,001|3,000,000; 1:1 → 5,000,000.5 each →
#     5,000,001|5,000,000


WORKED = {  # basis → (dogs 2016/17, dogs 2017/18 on, major crime 2017/18 on, implementation)
    "net-budget": ((69_375_014, 23_125_004), (63_750_013, 21_250_004),
                   (90_000_000, 30_000_000), (7_500_001, 2_500_000)),
    "population": ((55_500_011, 37_000_007), (51_000_010, 34_000_007),
                   (72_000_000, 48_000_000), (6_000_001, 4_000_000)),
    "officers": ((69_375_014, 23_125_004), (63_750_013, 21_250_004),
                 (72_000_000, 48_000_000), (7_500_001, 2_500_000)),
    "demand": ((64_750_013, 27_750_005), (59_500_012, 25_500_005),
               (48_000_000, 72_000_000), (7_000_001, 3_000_000)),
    "equal": ((46_250_009, 46_250_009), (42_500_009, 42_500_008),
              (60_000_000, 60_000_000), (5_000_001, 5_000_000)),
    "fixed": ((64_750_013, 27_750_005), (59_500_012, 25_500_005),
              (84_000_000, 36_000_000), (7_000_001, 3_000_000)),
}
BASELINE = {"dogs": {"a": 60_000_020, "b": 40_000_000},
            "major": {"a": 100_000_000, "b": 50_000_000}}


def worked_example(kind: str):
    basis = CostBasis(kind=kind, shares={"a": 70, "b": 30} if kind == "fixed" else {})
    dogs = function(
        "dogs", category="operational-support/dogs", delivery="shared", host_force="a",
        savings_percent=15, go_live="2016/17", ramp_up=(50,),
        implementation_cost_pence=10_000_001,
        baseline={"a": ForceFigures(cost_pence=60_000_020, fte=15, demand=700),
                  "b": ForceFigures(cost_pence=40_000_000, fte=5, demand=300)})
    major = function(
        "major", category="investigations/major-investigation", delivery="joint",
        lead_force="b", go_live="2017/18",
        baseline={"a": ForceFigures(cost_pence=100_000_000, fte=90, demand=40),
                  "b": ForceFigures(cost_pence=50_000_000, fte=60, demand=60)})
    bp = blueprint("a", "b", functions=[dogs, major], start_year="2015/16",
                   target_pence=40_000_000, target_year="2018/19", default_cost_basis=basis)
    return bp.model_copy(update={"forces": (
        force("a", net_budget_pence=300_000_000_00, population=1_200_000),
        force("b", net_budget_pence=100_000_000_00, population=800_000))})



@pytest.mark.parametrize("kind", list(WORKED))
def test_worked_example_matches_to_the_penny(kind):
    dogs_ramp, dogs_full, major_full, impl = WORKED[kind]
    p = project(worked_example(kind))
    assert p.years == ("2015/16", "2016/17", "2017/18", "2018/19", "2019/20", "2020/21")
    dogs, major = p.functions

    def pair(fr, year):
        return fr.years[year].net_cost["a"], fr.years[year].net_cost["b"]

    # Before go-live each force pays its own baseline.
    assert pair(dogs, "2015/16") == (60_000_020, 40_000_000)
    assert pair(major, "2016/17") == (100_000_000, 50_000_000)
    # Contributions, split as in the table above.
    assert pair(dogs, "2016/17") == dogs_ramp
    for year in ("2017/18", "2018/19", "2019/20", "2020/21"):
        assert pair(dogs, year) == dogs_full
        assert pair(major, year) == major_full
    assert dogs.years["2016/17"].unit_cost_pence == 92_500_018
    assert dogs.years["2017/18"].unit_cost_pence == 85_000_017
    assert major.years["2017/18"].unit_cost_pence == 120_000_000
    assert (dogs.years["2016/17"].implementation["a"],
            dogs.years["2016/17"].implementation["b"]) == impl
    assert dogs.years["2017/18"].implementation_pence == 0

    # A force's saving is its baseline less its contribution.
    for fr in (dogs, major):
        for year, fy in fr.years.items():
            for f in "ab":
                assert fy.savings[f] == BASELINE[fr.id][f] - fy.net_cost[f], (fr.id, year, f)

    # Alliance savings do not depend on the basis.
    assert p.savings_by_year() == {"2015/16": 0, "2016/17": 7_500_002, "2017/18": 45_000_003,
                                   "2018/19": 45_000_003, "2019/20": 45_000_003,
                                   "2020/21": 45_000_003}
    assert p.projected_at_target() == 45_000_003
    assert p.alliance["2018/19"].target == 40_000_000
    assert p.alliance["2017/18"].cumulative_savings == 7_500_002 + 45_000_003
    # Cumulative 2016/17: 7,500,002 < 10,000,001 spent; 2017/18: 52,500,005 ≥ it.
    assert p.payback_year() == "2017/18"

    # The host of dogs (a) is paid by b; the lead of major crime (b) is paid by a.
    flows = {(fl.year, fl.function): (fl.payer, fl.payee, fl.amount_pence) for fl in p.flows}
    assert flows[("2016/17", "dogs")] == ("b", "a", dogs_ramp[1])
    assert flows[("2017/18", "dogs")] == ("b", "a", dogs_full[1])
    assert flows[("2017/18", "major")] == ("a", "b", major_full[0])
    assert ("2016/17", "major") not in flows and ("2015/16", "dogs") not in flows
    a18 = p.by_force["a"]["2017/18"]
    assert a18.paid_to_others == major_full[0] and a18.received_from_others == dogs_full[1]
    assert a18.contributions == dogs_full[0] + major_full[0]


def test_worked_example_per_force_with_equal_shares():
    p = project(worked_example("equal"))
    a, b = p.by_force["a"], p.by_force["b"]
    # a, 2016/17: dogs 60,000,020 − 46,250,009 = 13,750,011 saved; 5,000,001 implementation.
    assert a["2016/17"].savings == 13_750_011
    assert a["2016/17"].implementation == 5_000_001
    assert a["2016/17"].change_in_net_cost == -13_750_011 + 5_000_001
    # b, 2016/17: dogs 40,000,000 − 46,250,009 = −6,250,009 (b pays more than before).
    assert b["2016/17"].savings == -6_250_009
    assert b["2016/17"].change_in_net_cost == 6_250_009 + 5_000_000
    # 2017/18: a: (60,000,020 − 42,500,009) + (100,000,000 − 60,000,000) = 57,500,011;
    #          b: (40,000,000 − 42,500,008) + (50,000,000 − 60,000,000) = −12,500,008;
    #          together 45,000,003, the alliance's savings.
    assert a["2017/18"].savings == 57_500_011
    assert b["2017/18"].savings == -12_500_008
    assert a["2017/18"].baseline == 160_000_020 and b["2017/18"].baseline == 90_000_000
    assert a["2017/18"].net_cost == 42_500_009 + 60_000_000
    # a's 13,750,011 in 2016/17 already covers its 5,000,001; b never pays back.
    assert p.payback_year("a") == "2016/17"
    assert p.payback_year("b") is None
    assert a["2020/21"].cumulative_savings == 13_750_011 + 4 * 57_500_011


# ---------------------------------------------------------------- properties

CATEGORIES = ("operational-support/dogs", "support-functions/ict", "intelligence/analysis")
percents = st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def blueprints(draw):
    n = draw(st.integers(2, 5))
    ids = [f"f{i}" for i in range(n)]
    forces = [force(f, net_budget_pence=draw(st.integers(0, 10**12)),
                    population=draw(st.integers(0, 10**7))) for f in ids]
    functions = []
    for i in range(draw(st.integers(0, 6))):
        delivery = draw(st.sampled_from(("local", "shared", "joint")))
        partners = tuple(draw(st.lists(st.sampled_from(ids), min_size=2, unique=True))) \
            if delivery != "local" and draw(st.booleans()) else ()
        pool = partners or ids
        kind = draw(st.sampled_from(("net-budget", "population", "officers", "demand",
                                     "equal", "fixed")))
        shares = {}
        if kind == "fixed":
            cut = draw(st.integers(0, 100))
            shares = {pool[0]: cut, pool[1]: 100 - cut}
        fields = {}
        if delivery == "shared":
            fields["host_force"] = draw(st.sampled_from(pool))
        if delivery == "joint" and draw(st.booleans()):
            fields["lead_force"] = draw(st.sampled_from(pool))
        functions.append(function(
            f"fn{i}", category=draw(st.sampled_from(CATEGORIES)), delivery=delivery,
            partners=partners, cost_basis=CostBasis(kind=kind, shares=shares),
            savings_percent=draw(st.none() | percents),
            implementation_cost_pence=draw(st.integers(0, 10**10)),
            go_live=draw(st.none() | st.sampled_from(("2014/15", "2016/17", "2019/20"))),
            ramp_up=tuple(draw(st.lists(percents, max_size=3))),
            baseline={f: ForceFigures(cost_pence=draw(st.integers(0, 10**11)),
                                      fte=draw(st.integers(0, 500)),
                                      demand=draw(st.none() | st.integers(0, 10**6)))
                      for f in ids if draw(st.booleans())},
            **fields))
    bp = blueprint(*ids, functions=functions,
                   savings_defaults={"local": draw(percents), "shared": draw(percents),
                                     "joint": draw(percents)})
    return bp.model_copy(update={"forces": tuple(forces)})


@settings(max_examples=60, deadline=None)
@given(blueprints())
def test_every_penny_is_accounted_for(bp):
    p = project(bp)
    for fr in p.functions:
        for year, fy in fr.years.items():
            # Contributions sum to the unit's cost; implementation shares to the whole cost.
            if fy.pooled:
                assert sum(fy.net_cost[f] for f in fr.partners) == fy.unit_cost_pence
            assert sum(fy.savings.values()) == fr.baseline_pence - sum(fy.net_cost.values())
            assert 0 <= fy.savings_pence <= fr.baseline_pence, (fr.id, year)
        assert sum(fy.implementation_pence for fy in fr.years.values()) == \
            bp.functions[p.functions.index(fr)].implementation_cost_pence
    for year, a in p.alliance.items():
        forces = [p.by_force[f][year] for f in p.forces]
        assert a.savings == sum(f.savings for f in forces) == sum(
            fr.years[year].savings_pence for fr in p.functions)
        assert a.baseline == sum(f.baseline for f in forces)
        year_flows = [fl for fl in p.flows if fl.year == year]
        assert sum(f.paid_to_others for f in forces) == sum(fl.amount_pence for fl in year_flows)
        assert sum(f.received_from_others for f in forces) == sum(
            fl.amount_pence for fl in year_flows if fl.payee != "alliance")
        for f in forces:
            assert f.net_cost == f.baseline - f.savings


@given(st.integers(-(10**15), 10**15), st.integers(1, 10**6))
def test_round_pence_rounds_half_up_and_is_within_half_a_penny(num, den):
    from fractions import Fraction

    x = Fraction(num, den)
    r = round_pence(x)
    assert abs(r - x) <= Fraction(1, 2)
    if abs(r - x) == Fraction(1, 2):
        assert abs(r) > abs(x)


def test_a_go_live_beyond_the_projection_is_noted_not_lost_silently():
    fn = function("dogs", category="operational-support/dogs", delivery="joint",
                  baseline={"a": fig(1000), "b": fig(3000)}, go_live="2099/00",
                  implementation_cost_pence=5_00)
    p = project(blueprint("a", "b", functions=[fn], start_year="2015/16"))
    assert len(p.years) == 40 and p.years[-1] == "2054/55"
    assert p.notes == (("dogs", "goes live in 2099/00, after the last year shown (2054/55); "
                        "its savings and costs are not in these figures"),)
    assert set(p.savings_by_year().values()) == {0}


@given(st.integers(-(10**14), 10**14), st.fractions(min_value=0, max_value=1))
def test_fast_rounding_agrees_with_the_rounding_rule(amount, rate):
    from designer.core.finance import _part

    assert _part(amount, rate) == round_pence(amount * rate)


def test_sensitivity_scenarios_scale_savings_and_costs():
    from fractions import Fraction

    bp = worked_example("equal")
    lower = project(bp, Scenario("lower", savings=Fraction(3, 4)))
    # dogs: 100,000,020 × 15% × 3/4 = 11,250,002.25 → 11,250,002;
    # major crime: 150,000,000 × 20% × 3/4 = 22,500,000.
    assert lower.alliance["2018/19"].savings == 11_250_002 + 22_500_000
    costly = project(bp, Scenario("costly", implementation=Fraction(3, 2)))
    # 10,000,001 × 1.5 = 15,000,001.5 → 15,000,002, split 1:1 → 7,500,001 each.
    assert costly.alliance["2016/17"].implementation == 15_000_002
    assert costly.by_force["a"]["2016/17"].implementation == 7_500_001
    capped = project(bp, Scenario("all", savings=Fraction(10)))
    assert capped.alliance["2018/19"].savings == 250_000_020  # 100% of both units at most


scenarios = st.builds(Scenario, st.just("case"), st.fractions(0, 3, max_denominator=8),
                      st.fractions(0, 3, max_denominator=8))


@settings(max_examples=60, deadline=None)
@given(blueprints(), scenarios)
def test_alliance_totals_agree_with_the_full_projection(bp, scenario):
    p = project(bp, scenario)
    savings, implementation = alliance_totals(bp, scenario)
    assert savings == {y: a.savings for y, a in p.alliance.items()}
    assert implementation == {y: a.implementation for y, a in p.alliance.items()}
    (case,) = sensitivity(bp, [scenario])
    assert case.payback_year == p.payback_year()
    assert case.at_target == p.projected_at_target()


_SAMPLE = None


def _sample():
    global _SAMPLE
    if _SAMPLE is None:
        from pathlib import Path

        from designer.core import io
        _SAMPLE = io.load(Path(__file__).resolve().parents[2] / "models"
                          / "avon-somerset-wiltshire.json")
    return _SAMPLE


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_projection_reusing_the_one_before_an_edit_is_a_full_projection(data):
    """Only functions an edit touched are worked out again; the rest keep their results,
    and the whole is what projecting from scratch gives (years, forces and defaults
    changed too: then nothing is reused)."""
    from designer.core import edits
    from designer.core.finance import project as full

    bp = _sample()
    before = full(bp)
    fns = [f for f in bp.functions if f.delivery != "local"]
    fn = data.draw(st.sampled_from(fns))
    edit = data.draw(st.sampled_from(["local", "savings", "cost", "defaults", "go-live"]))
    if edit == "local":
        after_bp = edits.set_arrangement(bp, fn.id, bp.force_ids()[0], "local")
    elif edit == "savings":
        after_bp = edits.update_element(bp, fn.id, savings_percent=data.draw(
            st.integers(0, 100).map(float)))
    elif edit == "cost":
        after_bp = edits.update_element(bp, fn.id, implementation_cost_pence=data.draw(
            st.integers(0, 10**9)))
    elif edit == "defaults":
        after_bp = edits.update_alliance(bp, savings_defaults=bp.alliance.savings_defaults
                                         .model_copy(update={"joint": 30.0}))
    else:
        after_bp = edits.update_element(bp, fn.id, go_live="2030/31")
    reused = full(after_bp, reuse=before)
    assert reused == full(after_bp)
    if edit in ("savings", "cost"):
        same = [r for r, s in zip(reused.functions, after_bp.functions, strict=True)
                if s.id != fn.id]
        assert all(any(r is b for b in before.functions) for r in same)


def test_a_projection_over_given_years():
    bp = blueprint("a", "b", functions=[function("f", baseline={
        "a": ForceFigures(cost_pence=100_00)})])
    years = ("2015/16", "2016/17", "2017/18", "2018/19", "2019/20", "2020/21", "2021/22",
             "2022/23")
    p = project(bp, years=years)
    assert p.years == years and tuple(p.alliance) == years
