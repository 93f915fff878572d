"""The economic case: business as usual, the base and each option over the same years,
Green Book net present values, and the rules run on each option."""

from __future__ import annotations

from fractions import Fraction

import pytest

from designer.core import appraisal as A
from designer.core import edits
from designer.core import options as O
from designer.core import tables as t
from designer.core.finance import discount_factor, present_value, project
from designer.core.rules.engine import Checker
from designer.core.schema import ALLIANCE, CostBasis, ForceFigures, Option, OptionChange
from designer.core.tables.economic import NOT_APPLIED, Versus
from tests.build import area, blueprint, board, function, team


def _worked() -> O.Blueprint:
    """One joint unit: £600,000 (force a) + £400,000 (force b) a year before the alliance,
    20% saved (the joint default) from 2016/17 at half rate in its first year, £150,000 of
    one-off costs in 2016/17."""
    return blueprint(
        "a", "b", bodies=[board(["a", "b"])],
        functions=[function("dogs", category="operational-support/dogs", delivery="joint",
                            lead_force="a", governing_body="board", command="ACC Dogs",
                            go_live="2016/17", ramp_up=(50.0,),
                            cost_basis=CostBasis(kind="net-budget", source="Board, 2015"),
                            implementation_cost_pence=150_000_00,
                            baseline={"a": ForceFigures(cost_pence=600_000_00),
                                      "b": ForceFigures(cost_pence=400_000_00)}),
                   function("npt", category="local-policing/neighbourhood", required=True,
                            baseline={"a": ForceFigures(cost_pence=900_000_00),
                                      "b": ForceFigures(cost_pence=500_000_00)})],
        teams=[team("dogs-unit", "dogs", ALLIANCE),
               team("npt-a", "npt", "a", serves=("a-area",)),
               team("npt-b", "npt", "b", serves=("b-area",))],
        areas=[area("a-area", "a"), area("b-area", "b")],
        target_year="2018/19", target_pence=150_000_00,
    )


# ---------------------------------------------------------------- Green Book discounting


def test_discount_factors_follow_the_green_book():
    """1 / (1 + r)^t with t = 0 in the first year: the first year is not discounted."""
    assert discount_factor(0, 3.5) == 1
    assert discount_factor(1, 3.5) == Fraction(1000, 1035)
    assert discount_factor(2, 3.5) == Fraction(1000, 1035) ** 2
    assert float(discount_factor(5, 3.5)) == pytest.approx(0.8419731668585239)


def test_worked_npv_example():
    """The worked example, by hand (pounds):

    year      t  savings   one-off   net benefit  factor 1/1.035^t   discounted
    2015/16   0        0         0             0  1.000000000              0.00
    2016/17   1  100,000   150,000       -50,000  0.966183575        -48,309.18
    2017/18   2  200,000         0       200,000  0.933510700        186,702.14
    2018/19   3  200,000         0       200,000  0.901942706        180,388.54
    2019/20   4  200,000         0       200,000  0.871442228        174,288.45
    2020/21   5  200,000         0       200,000  0.841973167        168,394.63

    NPV = -48,309.1787 + 200,000 × (0.9335107004 + 0.9019427057 + 0.8714422277
          + 0.8419731669) = -48,309.1787 + 709,773.7601 = £661,464.58
    (summed exactly, then rounded to the penny once).
    """
    cmp = A.compare(_worked())
    base = cmp.case("base")
    assert cmp.years == ("2015/16", "2016/17", "2017/18", "2018/19", "2019/20", "2020/21")
    assert base.savings == (0, 100_000_00, 200_000_00, 200_000_00, 200_000_00, 200_000_00)
    assert base.implementation == (0, 150_000_00, 0, 0, 0, 0)
    assert base.net_benefit == (0, -50_000_00, *[200_000_00] * 4)
    assert base.npv == 661_464_58
    assert present_value(base.net_benefit, 3.5) == 661_464_58
    assert base.payback_year == "2017/18"
    assert cmp.case("bau").npv == 0
    table = t.options_discounting(cmp)
    assert table.value(table.rows[-1], "discounted.base") == 661_464_58
    assert [table.value(r, "discounted.base") for r in table.body] == [
        0, -48_309_18, 186_702_14, 180_388_54, 174_288_45, 168_394_63]


def test_the_discount_rate_is_an_alliance_setting_with_its_source():
    bp = _worked()
    assert bp.alliance.discount_rate_percent == 3.5
    assert "Green Book" in bp.alliance.discount_rate_source
    lower = edits.update_alliance(bp, discount_rate_percent=1.5,
                                  discount_rate_source="Sensitivity test")
    cmp = A.compare(lower)
    assert cmp.rate_percent == Fraction(3, 2) and cmp.rate_source == "Sensitivity test"
    assert cmp.case("base").npv == present_value(cmp.case("base").net_benefit, 1.5)
    assert cmp.case("base").npv > A.compare(bp).case("base").npv


# ---------------------------------------------------------------- the cases


DOGS_LOCAL = Option(id="dogs-local", name="Dogs kept local", status="short-list", changes=(
    OptionChange(element="dogs", set={"delivery": "local", "lead_force": None, "command": "",
                                      "governing_body": None}),
    OptionChange(element="dogs-unit", set={"owner": "a"})))
NPT_JOINT = Option(id="npt-joint", name="Neighbourhood policing joint", status="rejected",
                   changes=(OptionChange(element="npt", set={
                       "delivery": "joint", "lead_force": "a", "governing_body": "board",
                       "command": "ACC"}),))
LATER = Option(id="later", name="Later", changes=(OptionChange(element="dogs", set={
    "go_live": "2019/20", "ramp_up": [25, 50, 75]}),))


def _with(*options: Option) -> O.Blueprint:
    return _worked().model_copy(update={"options": options})


def test_each_case_is_what_projecting_its_blueprint_gives():
    bp = _with(DOGS_LOCAL, NPT_JOINT)
    cmp = A.compare(bp)
    assert [c.key for c in cmp.cases] == ["bau", "base", "dogs-local", "npt-joint"]
    for case in cmp.cases[1:]:
        p = project(case.blueprint, years=cmp.years)
        assert case.savings == tuple(a.savings for a in p.alliance.values())
        assert case.implementation == tuple(a.implementation for a in p.alliance.values())
        assert case.net_change == {f: p.by_force[f][cmp.last].change_in_net_cost
                                   for f in p.forces}
        assert case.payback_year == p.payback_year()
    dogs = cmp.case("dogs-local")
    assert dogs.counts == {"local": 2, "shared": 0, "joint": 0}
    assert cmp.case("base").counts == {"local": 1, "shared": 0, "joint": 1}
    # the unit costs £1,000,000 less 20%; equal net budgets share it half and half
    assert cmp.case("base").payments == {("b", "a"): 800_000_00 // 2}
    assert dogs.payments == {}


def test_every_case_covers_the_same_years():
    cmp = A.compare(_with(LATER))
    later = project(O.apply_option(_with(LATER), "later"))
    assert len(later.years) > len(project(_worked()).years)
    assert cmp.years == later.years
    assert all(len(c.savings) == len(cmp.years) for c in cmp.cases)


def test_business_as_usual_is_derived_and_equals_appraising_it_the_long_way():
    bp = _with(DOGS_LOCAL)
    cmp = A.compare(bp)
    bau = cmp.case("bau")
    long_way = A.bau_the_long_way(bp, cmp.years)
    for field in ("savings", "implementation", "net_change", "payments", "counts", "npv",
                  "payback_year"):
        assert getattr(bau, field) == getattr(long_way, field), field
    assert not bau.checked and bau.errors is None
    assert bp.options == (DOGS_LOCAL,)  # business as usual is never stored


def test_rules_run_on_each_option_and_a_finding_belongs_to_its_option():
    bp = _with(DOGS_LOCAL, NPT_JOINT)
    cmp = A.compare(bp)
    assert cmp.case("base").errors == 0 and cmp.case("dogs-local").errors == 0
    npt = cmp.case("npt-joint")
    assert npt.errors and any(r.rule == "local-policing-stays-local" for r in npt.results)
    checker = Checker(O.base_of(bp))
    findings = A.option_findings(bp, checker)
    assert {r.option for r in findings if r.severity == "error"} == {"npt-joint"}
    # an option's own findings only: the base's are not repeated for each option
    base_keys = {(r.rule, r.elements, r.message) for r in checker.results}
    assert not any((r.rule, r.elements, r.message) in base_keys for r in findings)
    assert any(r.rule == "local-policing-stays-local" for r in findings)
    assert checker.results == Checker(O.base_of(bp)).results  # left at the base


def test_a_broken_option_is_a_column_of_dashes_and_a_finding():
    broken = Option(id="broken", name="Broken", changes=(
        OptionChange(element="dogz", set={"delivery": "local"}),))
    bp = _with(broken)
    cmp = A.compare(bp)
    case = cmp.case("broken")
    assert not case.ok and case.problems
    table = t.options_comparison(cmp)
    row = next(r for r in table.rows if r.key == "npv")
    assert table.value(row, "case.broken") == NOT_APPLIED == "—"
    assert table.value(row, "case.base") == cmp.case("base").npv
    findings = A.option_findings(bp, Checker(O.base_of(bp)))
    assert [(r.rule, r.option, r.severity) for r in findings] == [("option", "broken", "error")]
    assert A.unapplied_results(bp) == findings  # the same errors, without the rules run
    assert "options[0].changes[0].element" in findings[0].message
    assert A.unapplied_results(_with(DOGS_LOCAL)) == []


def test_unknown_option_ids_are_refused_with_the_ids_there_are():
    with pytest.raises(O.UnknownOption) as info:
        A.compare(_with(DOGS_LOCAL), ["nope"])
    assert info.value.ids == ["dogs-local"]


def test_only_the_options_asked_for_in_that_order():
    cmp = A.compare(_with(DOGS_LOCAL, NPT_JOINT), ["npt-joint", "dogs-local"])
    assert [c.key for c in cmp.cases] == ["bau", "base", "npt-joint", "dogs-local"]


# ---------------------------------------------------------------- words


def test_differences_say_who_receives_what_and_who_pays_whom():
    cmp = A.compare(_with(DOGS_LOCAL))
    texts = [d.text for d in cmp.differences["dogs-local"]]
    assert texts[0].startswith("Dogs: joint → local for A and B; governing body Strategic "
                               "Alliance Board → none")
    assert "B pays £400k a year less to A" in texts[0]
    assert texts[1] == "Team Dogs-Unit: owner the alliance → A"
    assert cmp.differences["dogs-local"][0].elements == ("dogs",)


def test_the_preferred_option_and_why():
    preferred = DOGS_LOCAL.model_copy(update={"status": "preferred",
                                              "description": "Keeps dogs under local command."})
    words = t.preferred_words(A.compare(_with(preferred, NPT_JOINT)))
    assert words[0] == "Preferred option: Dogs kept local."
    assert words[1] == "Keeps dogs under local command."
    assert "the highest of the options not rejected" in words[2]
    assert t.preferred_words(A.compare(_with(NPT_JOINT))) == ["No option is marked preferred "
                                                             "yet."]


# ---------------------------------------------------------------- against the base


def test_each_option_figure_against_the_base_better_or_worse_in_words():
    table = t.options_comparison(A.compare(_with(DOGS_LOCAL, LATER)))
    vs = t.versus_base(table)
    # keeping dogs local loses the unit's 20% of £1,000,000 a year, half in its first year
    assert vs["savings.2016/17", "case.dogs-local"] == Versus("worse", "−£100k, worse")
    assert vs["savings.2018/19", "case.dogs-local"] == Versus("worse", "−£200k, worse")
    assert vs["savings.2015/16", "case.dogs-local"] == Versus("same", "same as the base")
    # the same one-off costs, never paid back; force A's net cost £200k higher
    assert vs["implementation", "case.dogs-local"].verdict == "same"
    assert vs["payback", "case.dogs-local"] == Versus("worse", "no payback, worse")
    assert vs["net_change.a", "case.dogs-local"] == Versus("worse", "+£200k, worse")
    # payments and counts are said, not judged
    assert vs["payment.b.a", "case.dogs-local"] == Versus("different", "−£400k")
    assert vs["functions.local", "case.dogs-local"] == Versus("different", "+1")
    # going live in 2019/20 instead of 2016/17 pays back three years later
    assert vs["payback", "case.later"] == Versus("worse", "3 years later, worse")
    assert vs["savings.2024/25", "case.later"].verdict == "same"
    # only options are weighed; business as usual and the base are the yardsticks
    assert {case for _row, case in vs} == {"case.dogs-local", "case.later"}
    assert not any(row == "status" for row, _case in vs)


def test_a_cheaper_option_is_better_and_a_broken_one_is_not_weighed():
    cheaper = Option(id="cheaper", name="Cheaper", changes=(OptionChange(
        element="dogs", set={"implementation_cost_pence": 50_000_00}),))
    broken = Option(id="broken", name="Broken", changes=(
        OptionChange(element="dogz", set={"delivery": "local"}),))
    vs = t.versus_base(t.options_comparison(A.compare(_with(cheaper, broken))))
    assert vs["implementation", "case.cheaper"] == Versus("better", "−£100k, better")
    assert vs["npv", "case.cheaper"].verdict == "better"
    assert vs["payback", "case.cheaper"] == Versus("better", "1 year earlier, better")
    assert not any(case == "case.broken" for _row, case in vs)
