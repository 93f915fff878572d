"""Bulk helpers: local teams for every area, and "make joint except…"."""

from __future__ import annotations

import pytest

from designer.core import bulk, io
from designer.core.edits import EditError
from designer.core.schema import NAME_MAX, Blueprint, Team
from designer.core.starter import starter_blueprint
from tests.build import area, blueprint, function, team


def sample() -> Blueprint:
    return blueprint(
        "asp", "wilts",
        areas=[area("bristol", "asp", name="Bristol"), area("somerset", "asp", name="Somerset"),
               area("swindon", "wilts", name="Swindon")],
        functions=[function("response", "local-policing/incident-response", name="Response"),
                   function("custody", "criminal-justice/custody", name="Custody"),
                   function("dogs", "operational-support/dogs", name="Dogs", delivery="joint")],
        teams=[team("response-swindon", "response", "wilts", base_area="swindon")])


def test_one_team_per_area_owned_by_the_area_s_force():
    bp = sample()
    new = bulk.local_teams(bp, ["response", "custody"])
    added = new.teams[len(bp.teams):]
    assert [(t.function, t.base_area, t.owner, t.serves, t.name) for t in added] == [
        ("response", "bristol", "asp", ("bristol",), "Response — Bristol"),
        ("response", "somerset", "asp", ("somerset",), "Response — Somerset"),
        ("custody", "bristol", "asp", ("bristol",), "Custody — Bristol"),
        ("custody", "somerset", "asp", ("somerset",), "Custody — Somerset"),
        ("custody", "swindon", "wilts", ("swindon",), "Custody — Swindon"),
    ]  # Swindon already has its response team
    ids = [t.id for t in new.teams]
    assert len(set(ids)) == len(ids)
    assert "custody-bristol" in ids
    assert io.loads(io.dumps(new)) == new  # a valid file
    assert bulk.local_teams(new, ["response", "custody"]) is new  # nothing missing now


def test_ids_stay_unique_when_the_natural_one_is_taken():
    bp = blueprint("asp", "wilts", areas=[area("north", "asp")],
                   functions=[function("custody", "criminal-justice/custody")],
                   teams=[team("custody-north", "custody", "wilts")])
    new = bulk.local_teams(bp, ["custody"])
    assert new.teams[-1].id == "custody-north-2"


def test_long_names_fit_the_limit_with_both_parts_readable():
    name = bulk.team_name("F" * 190, "A" * 150)
    assert len(name) <= NAME_MAX
    first, second = name.split(" — ")
    assert first.endswith("…") and second.endswith("…") and min(len(first), len(second)) > 90
    short = bulk.team_name("F" * 199, "North")
    assert short.endswith("F… — North") and len(short) == NAME_MAX
    assert bulk.team_name("F" * 190, "North") == "F" * 190 + " — North"
    Team(id="t", name=name, function="f", owner="a")  # a valid name


def test_local_teams_refuses_what_it_cannot_do():
    bp = sample()
    with pytest.raises(EditError, match="Dogs is joint: local teams are for functions each "
                                        "force delivers itself"):
        bulk.local_teams(bp, ["dogs"])
    with pytest.raises(EditError, match="'asp' is not a function"):
        bulk.local_teams(bp, ["asp"])
    with pytest.raises(EditError, match="choose the local functions"):
        bulk.local_teams(bp, [])
    no_areas = blueprint("asp", "wilts", areas=[], functions=[function("custody")])
    with pytest.raises(EditError, match="no policing areas"):
        bulk.local_teams(no_areas, ["custody"])


def test_categories_by_id_name_or_last_part_of_the_id():
    assert bulk.category_ids(["local policing", "Local investigation",
                              "public-protection"]) == list(bulk.DEFAULT_EXCEPTIONS)
    assert bulk.category_ids(["Dogs", "operational-support/firearms"]) == [
        "operational-support/dogs", "operational-support/firearms"]
    with pytest.raises(EditError, match="'unicorns' is not a category of the CIPFA"):
        bulk.category_ids(["unicorns"])


def test_joint_except_makes_the_rest_joint_for_every_force():
    bp = starter_blueprint(["Avon and Somerset", "Wiltshire"])
    new = bulk.joint_except(bp, ["local policing", "local investigation", "public protection"])
    for old, fn in zip(bp.functions, new.functions, strict=True):
        kept = bulk.excepted(fn.category, bulk.DEFAULT_EXCEPTIONS)
        assert fn.delivery == ("local" if kept else "joint"), fn.category
        assert fn.partners == () and fn.lead_force is None
        if kept:
            assert fn is old
    assert any(f.delivery == "local" and f.category.startswith("investigations/local")
               for f in new.functions)
    assert io.loads(io.dumps(new)) == new


def test_joint_except_keeps_a_shared_function_s_host_as_lead_and_its_partners():
    bp = blueprint("a", "b", "c", functions=[
        function("ict", "support-functions/ict", delivery="shared", host_force="b",
                 partners=("a", "b")),
        function("dogs", "operational-support/dogs", delivery="joint", lead_force="c")])
    new = bulk.joint_except(bp, [])
    ict, dogs = new.functions
    assert (ict.delivery, ict.lead_force, ict.host_force, ict.partners) == \
        ("joint", "b", None, ("a", "b"))
    assert dogs is bp.functions[1]


def test_joint_except_needs_two_forces():
    with pytest.raises(EditError, match="at least two forces"):
        bulk.joint_except(blueprint("a", functions=[function("x")]), [])


def test_function_ids_by_id_or_name():
    bp = sample()
    assert bulk.function_ids(bp, ["RESPONSE", "custody"]) == ["response", "custody"]
    assert bulk.function_ids(bp, None) == ["response", "custody"]  # every local function
    with pytest.raises(EditError, match="no function is called 'nothing'"):
        bulk.function_ids(bp, ["nothing"])
