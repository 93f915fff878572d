"""Who serves here: providers per function for one area, gaps in words, paths, names typed."""

from __future__ import annotations

import pytest

from designer.core import io
from designer.core.cover import parse_time
from designer.core.schema import ALLIANCE, CoverWindow, Link
from designer.core.trace import Unknown, pairs, resolve_area, resolve_functions, trace
from tests.build import area, blueprint, board, function, team
from tests.core.test_samples import MODELS

DAYTIME = (CoverWindow(days="Mon-Fri", start="08:00", end="18:00"),)


def workshop():
    """Forces a and b, two areas each: joint firearms (one alliance unit), custody local
    (b's suite open weekdays only), dogs joint but serving a's areas only, front desk
    local with no team at all in b, and a local investigation team with no governing body
    whose chief constable answers to the PCC."""
    return blueprint(
        "a", "b",
        areas=[area("a-north", "a", name="North"), area("a-south", "a", name="South"),
               area("b-east", "b", name="East"), area("b-west", "b", name="West")],
        bodies=[board(["a", "b"])],
        functions=[
            function("firearms", "operational-support/firearms", name="Armed policing",
                     delivery="joint", lead_force="a", governing_body="board"),
            function("custody", "criminal-justice/custody", name="Custody"),
            function("dogs", "operational-support/dogs", name="Dogs", delivery="joint",
                     lead_force="a", governing_body="board"),
            function("desk", "dealing-with-public/front-desk", name="Front desk"),
        ],
        teams=[team("arv", "firearms", ALLIANCE, name="Armed response"),
               team("cust-a", "custody", "a", name="Custody A", base_area="a-north"),
               team("cust-b", "custody", "b", name="Custody B", cover=DAYTIME),
               team("dogs-unit", "dogs", ALLIANCE, name="Dog unit",
                    serves=("a-north", "a-south")),
               team("desk-a", "desk", "a", name="Front desk A")],
        links=[Link(kind="accountable-to", source="a.chief_constable", target="a.pcc")],
    )


def test_every_function_and_its_provider_for_one_area():
    bp = workshop()
    t = trace(bp, "b-east")
    assert (t.area_name, t.force_name) == ("East", "B")
    by_id = {f.function: f for f in t.functions}
    assert list(by_id) == ["firearms", "custody", "dogs", "desk"]
    arv = by_id["firearms"].providers[0]
    assert (arv.team, arv.owner, arv.owner_name) == ("arv", ALLIANCE, "the alliance")
    assert (arv.delivery, arv.partner, arv.partner_name) == ("joint", "a", "A")
    assert arv.delivery_text == "Joint · led by A"
    assert "takes part in Armed policing, a joint unit led by A" in arv.delivery_sentence
    assert arv.chain == ("firearms", "board", "a.pcc", "b.pcc")
    assert arv.chain_names[1] == "Strategic Alliance Board"
    assert by_id["firearms"].path(arv) == ("b-east", "arv", "firearms", "a", "board", "a.pcc",
                                           "b.pcc")
    assert by_id["firearms"].on_duty(arv) is None and arv.cover == "24/7"
    cust = by_id["custody"].providers
    assert [p.team for p in cust] == ["cust-b"] and cust[0].delivery == "local"


def test_gaps_in_plain_words():
    t = trace(workshop(), "b-east")
    assert [f.gap for f in t.gaps] == ["No team serves East for Dogs",
                                       "No team serves East for Front desk"]
    assert trace(workshop(), "a-north").gaps == ()


def test_a_time_says_who_is_on_duty():
    bp = workshop()
    night = trace(bp, "b-east", ["custody", "firearms"], at=parse_time("Sat 03:00"))
    custody, firearms = night.functions
    assert custody.on_duty(custody.providers[0]) is False
    assert custody.gap == ("No team serving East for Custody is on duty on Sat 03:00 "
                           "(Custody B: Mon-Fri 08:00–18:00)")
    assert custody.on_duty_providers == () and custody.first.team == "cust-b"
    assert firearms.on_duty(firearms.providers[0]) is True and firearms.gap == ""
    day = trace(bp, "b-east", ["custody"], at=parse_time("Wed 10:00"))
    assert day.functions[0].on_duty(day.functions[0].providers[0]) is True and day.gaps == ()


def test_a_local_team_answers_through_its_chief_constable_to_the_pcc():
    bp = workshop()
    north = trace(bp, "a-north", ["custody"]).functions[0]
    cust_a = north.providers[0]
    assert cust_a.chain == ("custody", "a.chief_constable", "a.pcc")
    assert cust_a.base_area_name == "North"
    assert north.path(cust_a) == ("a-north", "cust-a", "custody", "a", "a.chief_constable",
                                  "a.pcc")
    assert cust_a.governed_by.startswith("Chief Constable for A (")
    # no accountability link drawn for b: the chief constable still answers to b's PCC
    cust_b = trace(bp, "b-east", ["custody"]).functions[0].providers[0]
    assert cust_b.chain == ("custody", "b.chief_constable", "b.pcc")


def test_names_typed_any_case_and_close_matches_for_unknowns():
    bp = workshop()
    assert resolve_area(bp, "EAST") == resolve_area(bp, "b-east") == "b-east"
    assert resolve_functions(bp, "armed POLICING") == ["firearms"]
    assert resolve_functions(bp, "front-desk") == ["desk"]  # the catalogue's last part
    assert resolve_functions(bp, "operational-support") == ["firearms", "dogs"]
    assert resolve_functions(bp, "Specialist firearms") == ["firearms"]  # catalogue name
    with pytest.raises(Unknown, match=r"no area called 'Eest'; did you mean .*'East'"):
        resolve_area(bp, "Eest")
    with pytest.raises(Unknown, match="did you mean 'Custody'") as err:
        resolve_functions(bp, "custdy")
    assert err.value.close == ("Custody",)
    with pytest.raises(Unknown, match=r"^no function called 'zebra'$"):
        resolve_functions(bp, "zebra")


def test_pairs_find_a_function_and_an_area_named_together():
    bp = workshop()
    assert pairs(bp, "firearms east") == [("firearms", "b-east")]
    assert pairs(bp, "East armed") == [("firearms", "b-east")]
    assert pairs(bp, "custody") == [] and pairs(bp, "east") == []
    assert pairs(bp, "dogs nowhere") == []


def test_the_workshop_question_on_the_sample():
    bp = io.load(MODELS / "avon-somerset-wiltshire.json")
    fids = resolve_functions(bp, "firearms")
    answer = trace(bp, resolve_area(bp, "swindon"), fids, at=parse_time("sat 3:00", loose=True))
    p = answer.functions[0].first
    assert p.team == "firearms-unit" and answer.functions[0].on_duty(p) is True
    assert p.partner == "avon-somerset" and "alliance-board" in p.chain
    assert {"avon-somerset.pcc", "wiltshire.pcc"} <= set(p.chain)


def test_remembered_answers_follow_the_blueprint_value():
    """Who provides what is remembered per blueprint value: an edit's new blueprint gets
    its own answers, the old one keeps its own, and a cold start gives the same."""
    from designer.core import edits
    from designer.core.trace import _memory

    bp = workshop()
    before = trace(bp, "b-east")
    serving_east = edits.update_element(bp, "dogs-unit", serves=("a-north", "b-east"))
    after = trace(serving_east, "b-east")
    assert [f.gap for f in after.gaps] == ["No team serves East for Front desk"]
    assert trace(bp, "b-east") == before
    _memory.clear()
    assert trace(bp, "b-east") == before and trace(serving_east, "b-east") == after


def test_the_trace_table_has_a_row_per_provider_and_per_gap():
    from designer.core.tables import texts, trace_table

    table = trace_table(trace(workshop(), "b-east", at=parse_time("Sat 03:00")))
    assert table.title == "Who serves East on Sat 03:00"
    assert table.headings("dock") == ["Function", "Provider", "Owned by", "Based in",
                                      "Delivery", "Host or lead force", "Answers to", "Hours",
                                      "On duty", "Gap"]
    rows = texts(table, "dock")
    assert rows[0][:5] == ["Armed policing", "Armed response", "the alliance", "",
                           "Joint · led by A"]
    assert rows[0][8] == "on duty"
    assert rows[1][8] == "off duty" and rows[1][9].startswith("No team serving East for "
                                                              "Custody is on duty")
    assert rows[2] == ["Dogs", "none", "", "", "", "", "", "", "", "No team serves East "
                       "for Dogs"]
    assert [r.key for r in table.rows] == ["firearms", "custody", "dogs", "desk"]


def test_a_non_partners_own_team_answers_to_its_own_force_not_the_arrangement():
    from designer.core import edits

    bp = edits.add_element(workshop(), "forces", workshop().forces[0].model_copy(
        update={"id": "c", "name": "C", "short_code": "C"}))
    bp = edits.add_element(bp, "areas", area("c-area", "c", name="Middle"))
    bp = edits.update_element(bp, "dogs", partners=("a", "b"))
    bp = edits.add_element(bp, "teams", team("dogs-c", "dogs", "c", name="C's dogs"))
    own = trace(bp, "c-area", ["dogs"]).functions[0].providers[0]
    assert own.team == "dogs-c" and own.delivery == "local"
    assert own.chain == ("dogs", "c.chief_constable", "c.pcc")
    joint = trace(bp, "a-north", ["dogs"]).functions[0].providers[0]
    assert joint.chain[:2] == ("dogs", "board")
