"""What each node of the diagram says, worked out without Qt."""

from __future__ import annotations

from designer.core.node_text import (
    BODY_KINDS,
    NodeText,
    area_text,
    body_text,
    element_text,
    force_names,
    function_text,
    function_tooltip,
    role_name,
    role_texts,
    team_text,
)
from designer.core.schema import ForceFigures
from tests.build import area, blueprint, board, force, function, team


def _bp(**extra):
    return blueprint("asp", "wilts", "glos", **extra)


def test_a_local_function_says_what_it_costs_the_force_of_its_lane():
    fn = function("resp", "local-policing/incident-response",
                  baseline={"asp": ForceFigures(cost_pence=420_000_00)})
    names = {"asp": "Avon", "wilts": "Wiltshire"}
    assert function_text(fn, "asp", names, 3, ("asp", "wilts", "glos")) == NodeText(
        "function", "Resp", "Local · £420k baseline", "local")
    assert function_text(fn, "wilts", names, 3, ()).sub == "Local"  # no figure: no money


def test_a_shared_function_names_its_host_and_how_many_forces_take_part():
    fn = function("dogs", delivery="shared", host_force="wilts", partners=("asp", "wilts"))
    names = {"asp": "Avon", "wilts": "Wiltshire"}
    text = function_text(fn, "wilts", names, 3, ("asp", "wilts"))
    assert (text.sub, text.delivery) == ("Hosted by Wiltshire · 2 of 3 forces", "shared")
    # a copy in a lane outside the arrangement is that force's own local function
    assert function_text(fn, "glos", names, 3, ("asp", "wilts")).delivery == "local"


def test_a_joint_function_names_its_lead_force_or_says_it_has_none():
    names = {"asp": "Avon"}
    led = function("mc", delivery="joint", lead_force="asp")
    assert function_text(led, None, names, 2, ("asp", "wilts")).sub == "Joint · led by Avon"
    unled = function("mc", delivery="joint")
    assert function_text(unled, None, names, 2, ("asp", "wilts")).sub == \
        "Joint · no lead force"


def test_teams_areas_and_bodies_say_whose_they_are():
    names = {"asp": "Avon"}
    t = team_text(team("t1", "dogs", "asp", fte=12.5), names)
    assert (t.name, t.right) == ("T1", "12.5 FTE")
    assert t.tooltip == "T1\nTeam of Avon, 12.5 FTE"
    assert team_text(team("t2", "dogs", "alliance"), names).tooltip == "T2\nTeam of Alliance"
    a = area_text(area("bristol", "asp", commander="Supt Grey", population=450_000), names)
    assert a.sub == "Supt Grey"
    assert a.tooltip == ("Bristol\nPolicing area of Avon\nLocal commander: Supt Grey"
                         "\nPopulation: 450,000")
    bp = _bp()
    b = body_text(board(["asp", "wilts"]), bp)
    assert b.sub == BODY_KINDS["alliance-board"] == "Alliance board"
    assert b.tooltip.endswith("Chaired by PCC of Asp, PCC of Wilts")


def test_element_text_picks_the_wording_by_kind():
    fn = function("dogs", delivery="shared", host_force="wilts")
    bp = _bp(functions=[fn])
    names = force_names(bp)
    assert names == {"asp": "Asp", "wilts": "Wilts", "glos": "Glos"}
    assert element_text("function", fn, "wilts", bp, names) == \
        function_text(fn, "wilts", names, 3, bp.partners_of(fn))
    body = bp.bodies[0]
    assert element_text("body", body, None, bp, names) == body_text(body, bp)


def test_role_chips_and_role_names():
    f = force("wilts", name="Wiltshire", pcc="Ms P", chief_constable="Mr C")
    chips = role_texts(f, ink="#FFFFFF")
    assert [role for role, _t in chips] == ["wilts.pcc", "wilts.chief_constable"]
    assert chips[0][1] == NodeText("role", "PCC: Ms P", "", None, "PCC of Wiltshire: Ms P",
                                   ink="#FFFFFF")
    assert chips[1][1].name == "Chief Constable: Mr C"
    bp = blueprint(f, "asp")
    assert role_name(bp, "wilts.pcc") == "PCC of Wiltshire"
    assert role_name(bp, "wilts.chief_constable") == "Chief Constable of Wiltshire"
    assert role_name(bp, "nowhere.pcc") == "nowhere.pcc"


def test_a_function_tooltip_tells_its_category_command_and_costs():
    fn = function("dogs", "operational-support/dogs", command="ACC Ops",
                  baseline={"asp": ForceFigures(cost_pence=1_234_567_89),
                            "wilts": ForceFigures(cost_pence=100_00)})
    tip = function_tooltip(fn, "wilts", "Hosted by Wilts", {"wilts": "Wiltshire"}).split("\n")
    assert tip[0] == "Dogs"
    assert tip[1].endswith("(operational-support/dogs)") and "Dogs" in tip[1]
    assert tip[2:] == ["Hosted by Wilts", "Command: ACC Ops",
                       "Baseline cost (all forces): £1,234,668",
                       "Baseline cost (Wiltshire): £100"]
    assert function_tooltip(function("x"), None, "Local", {}).split("\n")[2:] == ["Local"]
