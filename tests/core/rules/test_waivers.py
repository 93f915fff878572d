"""Waivers: a waived result stays listed with its waiver; stale waivers are reported."""

from __future__ import annotations

from datetime import date

from designer.core.edits import add_waiver
from designer.core.rules import UNUSED_WAIVER, Checker, check, counts
from designer.core.schema import Waiver
from tests.core.rules.sample import good, replace


def _waiver(rule: str, element: str) -> Waiver:
    return Waiver(rule=rule, element=element, reason="Agreed by the board in 2016",
                  author="Programme manager", date=date(2016, 3, 1))


def test_a_waived_result_stays_in_the_list_with_its_waiver():
    bp = replace(good(), "b-west", commander="")
    bp = add_waiver(bp, _waiver("area-has-local-commander", "b-west"))
    [result] = check(bp)
    assert result.rule == "area-has-local-commander" and result.waiver is not None
    assert result.waiver.reason == "Agreed by the board in 2016"
    assert counts([result]) == {"error": 0, "warning": 0, "info": 0, "waived": 1}


def test_one_waiver_per_element_of_a_result_all_count_as_used():
    base = good()
    bp = good(teams=[t for t in base.teams if t.id != "npt-b"])
    for element in ("npt", "b-east", "b-west"):
        bp = add_waiver(bp, _waiver("coverage-gap", element))
    results = check(bp)
    assert [(r.rule, r.waiver is not None) for r in results] == [("coverage-gap", True)]


def test_an_element_free_result_is_waived_on_the_alliance():
    bp = add_waiver(good(target_pence=10**10), _waiver("savings-meet-target", "alliance"))
    [result] = check(bp)
    assert result.rule == "savings-meet-target" and result.waiver is not None


def test_a_waiver_that_matches_nothing_is_reported_not_silent():
    bp = add_waiver(good(), _waiver("coverage-gap", "npt"))
    bp = add_waiver(bp, _waiver("no-such-rule", "npt"))
    results = check(bp)
    assert [r.rule for r in results] == [UNUSED_WAIVER, UNUSED_WAIVER]
    assert results[0].severity == "info" and results[0].elements == ("npt",)
    assert results[0].message == (
        "The waiver of coverage-gap for Neighbourhood policing (Programme manager, 2016-03-01) "
        "matches no finding: remove it if the problem has been fixed")
    assert "names rule 'no-such-rule', which is not in the rule packs in use" in \
        results[1].message


def test_changing_only_waivers_is_incremental_and_exact():
    bp = replace(good(), "b-west", commander="")
    checker = Checker(bp)
    waived = add_waiver(bp, _waiver("area-has-local-commander", "b-west"))
    assert checker.update(waived) == check(waived)
    assert checker.results[0].waiver is not None
