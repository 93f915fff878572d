"""The round-the-clock cover rule: a function the catalogue marks round-the-clock needs a
provider on duty at every hour in every area it serves."""

from __future__ import annotations

from designer.core import edits
from designer.core.catalogue import load_catalogue
from designer.core.rules import Checker, available_rules, check
from designer.core.schema import CoverWindow
from tests.core.rules.sample import good, messages
from tests.core.test_trace import workshop

RULE = "round-the-clock-cover"
DAY = CoverWindow(days="Mon-Fri", start="08:00", end="18:00")
EVENING = CoverWindow(days="Mon-Fri", start="18:00", end="24:00")
WEEKEND = CoverWindow(days="Sat-Sun", start="00:00", end="24:00")
EARLY = CoverWindow(days="Mon-Fri", start="00:00", end="08:00")


def test_the_catalogue_marks_the_round_the_clock_functions():
    catalogue = load_catalogue()
    marked = {e.id for e in catalogue.functions() if e.round_the_clock}
    assert {"local-policing/incident-response", "dealing-with-public/control-room",
            "criminal-justice/custody", "operational-support/dogs",
            "operational-support/firearms", "road-policing/traffic-units"} <= marked
    assert "local-policing/neighbourhood" not in marked
    assert "support-functions/hr" not in marked


def test_the_rule_is_listed_with_its_source():
    info = next(r for r in available_rules() if r.id == RULE)
    assert info.severity == "warning" and "resilience" in info.source


def test_24_7_teams_raise_nothing():
    assert messages(check(edits.update_element(workshop(), "cust-b", cover="24/7")), RULE) == []


def test_an_area_without_cover_at_some_hours_is_named_with_the_hours():
    bp = workshop()  # Custody B keeps weekday office hours
    found = [r for r in check(bp) if r.rule == RULE]
    assert [r.message for r in found] == [
        "Custody is needed round the clock, but no team serving East and West is on duty "
        "Mon-Fri 00:00–08:00 and 18:00–24:00; Sat-Sun all day: give a team cover for those "
        "hours (or make one 24/7)"]
    assert found[0].elements == ("custody", "b-east", "b-west")


def test_teams_serving_one_area_cover_for_each_other():
    bp = edits.update_element(workshop(), "cust-b", cover=(DAY, EVENING))
    assert "Mon-Fri 00:00–08:00; Sat-Sun all day" in messages(check(bp), RULE)[0]
    bp = edits.update_element(bp, "cust-a", serves=("a-north", "b-east"))  # a 24/7 neighbour
    assert messages(check(bp), RULE) == [
        "Custody is needed round the clock, but no team serving West is on duty Mon-Fri "
        "00:00–08:00; Sat-Sun all day: give a team cover for those hours (or make one 24/7)"]
    bp = edits.update_element(bp, "cust-b", cover=(EARLY, DAY, EVENING, WEEKEND))
    assert messages(check(bp), RULE) == []


def test_functions_not_marked_may_keep_office_hours():
    bp = edits.update_element(workshop(), "cust-b", cover="24/7")
    assert messages(check(edits.update_element(bp, "desk-a", cover=(DAY,))), RULE) == []


def test_an_edit_to_cover_is_rechecked_incrementally():
    bp = good()
    checker = Checker(bp)
    part_time = edits.update_element(bp, "dogs-unit", cover=(DAY,))
    assert [r for r in checker.update(part_time) if r.rule == RULE] == \
        [r for r in check(part_time) if r.rule == RULE] != []
    assert [r for r in checker.update(bp) if r.rule == RULE] == []
