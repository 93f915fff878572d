"""Structural checks from the graph: each broken, and kept."""

from __future__ import annotations

from designer.core.edits import add_element, add_link
from designer.core.rules import check
from designer.core.schema import Body, Link
from tests.build import area, function, team
from tests.core.rules.sample import good, ids, messages, replace


def _without_team(team_id: str):
    base = good()
    return good(teams=[t for t in base.teams if t.id != team_id])


def test_coverage_gap_names_function_and_areas():
    results = check(_without_team("npt-b"))
    assert messages(results, "coverage-gap") == [
        "No team provides Neighbourhood policing in B-East and B-West: every policing area "
        "needs a provider for a required function"]
    assert ids(results, "coverage-gap") == [("npt", "b-east", "b-west")]
    assert [r.severity for r in results if r.rule == "coverage-gap"] == ["error"]


def test_a_function_not_required_has_no_coverage_check():
    bp = replace(_without_team("npt-b"), "npt", required=False)
    assert ids(check(bp), "coverage-gap") == []


def test_orphan_team_and_orphan_body():
    bp = good(areas=list(good().areas[:2]))  # force b has no areas left
    bp = add_element(bp, "teams", team("lost", "npt", "b", name="Lost team"))
    bp = add_element(bp, "bodies", Body(id="idle", name="Idle committee", kind="other"))
    bp = add_element(bp, "bodies", Body(id="opcc", name="Office of the PCC", kind="pcc-office",
                                        chairs=("a.pcc",)))  # statutory: never an orphan
    results = check(bp)
    assert messages(results, "orphan-body") == [
        "Idle committee governs nothing and answers to no one: link it to the functions it "
        "governs or the body it reports to"]
    assert messages(results, "orphan-team") == [
        "Lost team serves no policing area: give it areas to serve or an owner force with areas",
        "B neighbourhood teams serves no policing area: give it areas to serve or an owner "
        "force with areas"]
    linked = add_link(bp, Link(kind="accountable-to", source="idle", target="board"))
    linked = add_link(linked, Link(kind="serves", source="lost", target="a-north"))
    assert ids(check(linked), "orphan-body") == []
    assert ids(check(linked), "orphan-team") == [("npt-b",)]


def test_joint_function_teams_serve_every_partner():
    bp = replace(good(), "dogs-unit", serves=("a-north", "a-south", "b-east"))
    [result] = [r for r in check(bp) if r.rule == "joint-serves-all-partners"]
    assert result.message == ("The teams of the joint function Dogs do not serve B-West: a "
                              "joint unit serves every partner's areas")
    assert result.elements == ("dogs", "b-west") and result.severity == "warning"
    none = _without_team("dogs-unit")
    assert messages(check(none), "joint-serves-all-partners") == [
        "No team delivers the joint function Dogs"]


def test_shared_host_has_a_delivering_team():
    bp = replace(good(), "ict-b", owner="a")
    [result] = [r for r in check(bp) if r.rule == "shared-host-delivers"]
    assert result.message == "B hosts ICT but has no team delivering it"
    assert result.elements == ("ict", "b")


def test_dependency_cycle():
    chain = [Link(kind="depends-on", source="dogs", target="ict"),
             Link(kind="depends-on", source="ict", target="npt")]
    assert ids(check(good(links=chain)), "no-dependency-cycle") == []
    # the editor refuses a cycle, but a file can hold one
    bp = good(links=[*chain, Link(kind="depends-on", source="npt", target="dogs")])
    [result] = [r for r in check(bp) if r.rule == "no-dependency-cycle"]
    assert result.message == "Dogs, ICT and Neighbourhood policing depend on each other in a cycle"
    assert result.elements == ("dogs", "ict", "npt")


def test_duplicate_names_within_a_kind():
    bp = add_element(good(), "functions", function("dogs2", "operational-support/dogs",
                                                   name="dogs"))
    bp = replace(bp, "npt-b", name="ICT service")  # a team: a different kind from ICT
    results = check(bp)
    assert messages(results, "distinct-names") == [
        "2 functions are called 'Dogs' (dogs, dogs2): give each a distinct name",
        "2 teams are called 'ICT service' (ict-b, npt-b): give each a distinct name"]


def _nine_gaps():
    """Neighbourhood policing with no team for any of force a's nine areas."""
    areas = [area(f"a-{n}", "a", name=f"Area {n}") for n in range(1, 10)]
    base = _without_team("npt-a")
    return good(areas=[*areas, area("b-east", "b")], teams=list(base.teams))


def test_a_long_list_is_short_in_the_message_and_whole_in_the_full_message():
    (result,) = [r for r in check(_nine_gaps()) if r.rule == "coverage-gap"]
    tail = ": every policing area needs a provider for a required function"
    first = ", ".join(f"Area {n}" for n in range(1, 9))
    assert result.message == f"No team provides Neighbourhood policing in {first} and 1 more{tail}"
    assert result.full_message == (
        f"No team provides Neighbourhood policing in {first} and Area 9{tail}")
    assert len(result.elements) == 10


def test_a_short_list_needs_no_second_message():
    (result,) = [r for r in check(_without_team("npt-b")) if r.rule == "coverage-gap"]
    assert result.full_message == result.message
