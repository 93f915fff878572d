"""The built-in "alliance principles" pack: each principle broken, and kept."""

from __future__ import annotations

from designer.core.edits import add_element, add_link, update_alliance
from designer.core.rules import check
from designer.core.schema import Body, CostBasis, Link, SavingsTarget
from tests.build import area, blueprint, board, function, team
from tests.core.rules.sample import good, ids, messages, replace


def test_the_sample_keeps_every_principle():
    assert check(good()) == []


def test_local_policing_stays_local_with_a_fix():
    bp = replace(good(), "npt", delivery="shared", host_force="a")
    [result] = [r for r in check(bp) if r.rule == "local-policing-stays-local"]
    assert result.message == ("Neighbourhood policing is shared, but neighbourhood policing and "
                              "incident response stay local in every force")
    assert result.elements == ("npt",) and result.severity == "error"
    assert "Avon & Somerset–Wiltshire" in result.source
    assert result.fix is not None and result.fix.field == "delivery" and result.fix.value == "local"
    assert dict(result.fix.changes)["host_force"] is None
    fixed = result.fix.apply(bp)
    assert fixed.functions[0].delivery == "local"
    assert "local-policing-stays-local" not in {r.rule for r in check(fixed)}


def test_incident_response_is_covered_too():
    bp = good(functions=[*good().functions,
                         function("resp", "local-policing/incident-response", name="Response",
                                  delivery="joint", lead_force="a", command="ACC",
                                  governing_body="board", cost_basis=CostBasis(kind="equal"))],
              teams=[*good().teams, team("resp-unit", "resp", "alliance")])
    assert messages(check(bp), "local-policing-stays-local") == [
        "Response is joint, but neighbourhood policing and incident response stay local in "
        "every force"]


def test_every_area_has_a_local_commander():
    bp = replace(good(), "b-west", commander="")
    assert messages(check(bp), "area-has-local-commander") == [
        "B-West has no local commander: every policing area keeps one"]


def test_volume_crime_and_vulnerable_people_stay_local():
    extra = [function("volume", "investigations/local-investigation", name="Volume crime",
                      delivery="shared", host_force="a", governing_body="board"),
             function("cp", "public-protection/child-protection", name="Child protection",
                      delivery="joint", lead_force="a", command="DCS", governing_body="board")]
    base = good()
    bp = good(functions=[*base.functions, *extra],
              teams=[*base.teams, team("vol-a", "volume", "a"), team("cp-u", "cp", "alliance")],
              default_cost_basis=CostBasis(kind="net-budget", source="s22A"))
    results = check(bp)
    assert [r.severity for r in results if r.rule == "volume-crime-stays-local"] == ["warning"]
    assert messages(results, "volume-crime-stays-local")[0].startswith(
        "Volume crime is shared, but volume crime investigation stays local")
    assert messages(results, "vulnerable-people-stay-local")[0].startswith(
        "Child protection is joint, but protecting vulnerable people stays local")
    assert {r.rule for r in check(good())}.isdisjoint(
        {"volume-crime-stays-local", "vulnerable-people-stay-local"})


def test_no_merger_of_chief_constables_or_pccs():
    bp = replace(good(), "b", chief_constable="Chief Constable of a",
                 pcc="P. Smith")
    bp = replace(bp, "a", pcc="p.  smith")
    msgs = messages(check(bp), "one-chief-one-pcc")
    assert "A and B share one Police and Crime Commissioner (p.  smith): each force keeps its " \
           "own Police and Crime Commissioner — an alliance is not a merger" in msgs
    assert any(m.startswith("A and B share one chief constable") for m in msgs)


def test_a_chief_constable_answers_to_their_own_pcc_only():
    bp = add_link(good(), Link(kind="accountable-to", source="b.chief_constable",
                               target="a.pcc"))
    [result] = [r for r in check(bp) if r.rule == "one-chief-one-pcc"]
    assert result.message == ("The chief constable of B is accountable to PCC of a: each chief "
                              "constable answers to their own force's PCC only")
    assert result.elements == ("b", "a.pcc")
    own = add_link(good(), Link(kind="accountable-to", source="b.chief_constable",
                                target="b.pcc"))
    own = add_link(own, Link(kind="accountable-to", source="b.chief_constable",
                             target="board"))  # answering to the alliance board is fine
    assert check(own) == []


def test_there_is_exactly_one_alliance_board():
    none = good(bodies=[Body(id="jc", name="Joint committee", kind="joint-committee",
                             chairs=("a.pcc",))],
                functions=[f.model_copy(update={"governing_body": "jc"} if f.governing_body
                                        else {}) for f in good().functions])
    assert messages(check(none), "alliance-board-exists") == [
        "There are 0 alliance boards; an alliance needs exactly one strategic alliance board"]
    two = add_element(good(), "bodies", board(["a", "b"], "board2", name="Second board"))
    [result] = [r for r in check(two) if r.rule == "alliance-board-exists"]
    assert result.elements == ("board", "board2")


def test_board_is_jointly_chaired_with_every_chief():
    bp = replace(good(), "board", chairs=("a.pcc",), members=("a.chief_constable",))
    msgs = messages(check(bp), "board-jointly-chaired")
    assert sorted(msgs) == [
        "Strategic Alliance Board is not chaired by B's PCC (PCC of b): the board is jointly "
        "chaired by every partner's PCC",
        "B's chief constable (Chief Constable of b) is not a member of Strategic Alliance Board: "
        "every chief constable sits on the board"][::-1]


def test_each_partner_has_an_equal_voice():
    bp = replace(good(), "board", members=("a.chief_constable", "b.chief_constable", "a.pcc"))
    assert messages(check(bp), "board-equal-voice") == []  # a.pcc already chairs: same seats
    bp = replace(good(), "board", chairs=("a.pcc", "b.pcc", "a.chief_constable"),
                 members=("b.chief_constable",))
    assert check(bp) == []
    bp = replace(good(), "board", chairs=("a.pcc", "b.pcc"), members=("a.chief_constable",))
    results = check(bp)
    assert messages(results, "board-equal-voice") == [
        "Partners have unequal seats on Strategic Alliance Board (A 2, B 1): each partner has "
        "an equal voice"]
    assert ids(results, "board-equal-voice") == [("board", "a")]


def test_shared_and_joint_functions_need_lead_governance_basis_and_command():
    bp = replace(good(), "dogs", lead_force=None, command="", governing_body=None,
                 cost_basis=None)
    results = check(bp)
    assert messages(results, "joint-has-lead-force") == [
        "Dogs is joint but has no lead force: name the force that leads it"]
    assert messages(results, "arrangement-has-governing-body") == [
        "Dogs is joint but no body governs it: set its governing body"]
    assert messages(results, "joint-unit-single-command") == [
        "Dogs is joint but has no single named command: the Tri-Force collaboration collapsed "
        "without one"]
    assert messages(results, "arrangement-has-cost-basis")[0].startswith(
        "Dogs is joint but has no agreed cost-sharing basis")


def test_a_governs_link_counts_as_governance_and_a_sourced_default_as_a_basis():
    bp = replace(good(), "ict", governing_body=None, cost_basis=None)
    assert {r.rule for r in check(bp)} == {"arrangement-has-governing-body",
                                           "arrangement-has-cost-basis"}
    bp = add_link(bp, Link(kind="governs", source="board", target="ict"))
    bp = update_alliance(bp, default_cost_basis=CostBasis(kind="population", source="s22A"))
    assert check(bp) == []


def test_an_arrangement_needs_two_partners():
    bp = blueprint("solo", functions=[function("x", delivery="joint", lead_force="solo",
                                               command="C", governing_body="board",
                                               cost_basis=CostBasis(kind="equal"))],
                   teams=[team("xu", "x", "alliance")], target_pence=None)
    assert messages(check(bp), "arrangement-has-two-partners") == [
        "X is joint but has only 1 partner force: sharing needs at least two"]


def test_an_existing_partnership_raises_a_consideration():
    bp = replace(good(), "ict", tags=("partnership:council",))
    [result] = [r for r in check(bp) if r.rule == "existing-partnership-considered"]
    assert result.severity == "info" and result.fix is None
    assert result.message == ("ICT is part of an existing partnership and is now shared: "
                              "consider the partnership's agreement before sharing it")
    local = replace(good(), "npt", tags=("partnership:council",))
    assert check(local) == []


def test_savings_short_of_target():
    bp = good(target_pence=5_000_000_00, target_year="2018/19")
    [result] = [r for r in check(bp) if r.rule == "savings-meet-target"]
    assert result.severity == "warning" and result.elements == ()
    assert result.message.startswith(
        "Projected savings of £3.5m a year by 2018/19 fall £1.5m short of the £5.0m target")
    bp = update_alliance(good(), savings_target=SavingsTarget(amount_pence=3_500_000_00,
                                                              year="2018/19"))
    assert check(bp) == []


def test_savings_count_only_from_go_live_with_ramp_up():
    bp = replace(good(target_pence=3_000_000_00), "dogs", go_live="2019/20")
    assert messages(check(bp), "savings-meet-target")[0].startswith(
        "Projected savings of £1.5m a year by 2018/19")
    bp = replace(good(target_pence=3_000_000_00), "dogs", go_live="2018/19", ramp_up=(50.0,))
    assert messages(check(bp), "savings-meet-target")[0].startswith(
        "Projected savings of £2.5m a year by 2018/19")


def test_savings_estimate_matches_the_finance_model():
    from designer.core import finance
    from designer.core.rules.checks import function_savings
    from designer.core.schema import financial_year_start

    bp = replace(good(), "dogs", go_live="2017/18", ramp_up=(33.33, 70.0), savings_percent=17.5)
    bp = replace(bp, "npt", baseline={"a": {"cost_pence": 123_456_789}}, savings_percent=2.5)
    by_year = finance.savings_by_year(bp)
    for year, expected in by_year.items():
        start = financial_year_start(year)
        assert sum(function_savings(bp, fn, start) for fn in bp.functions) == expected, year


def test_areas_outside_the_area_list_still_need_commanders():
    bp = good(areas=[*good().areas, area("b-extra", "b", commander="")])
    assert ids(check(bp), "area-has-local-commander") == [("b-extra",)]
