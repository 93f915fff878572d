"""What each node of the diagram says, worked out without Qt."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from designer.core.node_text import (
    BODY_KINDS,
    NodeText,
    area_text,
    body_text,
    element_text,
    force_names,
    function_text,
    function_tooltip,
    reference_text,
    role_name,
    role_texts,
    team_text,
    wrap_lines,
)
from designer.core.schema import ForceFigures
from designer.core.short_names import ELLIPSIS
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


def test_a_reference_says_where_a_partner_receives_a_unit_from():
    fn = function("pnc", delivery="shared", host_force="asp")
    text = reference_text(fn, {"asp": "Avon and Somerset"})
    assert (text.kind, text.name, text.sub, text.delivery) == (
        "reference", "Pnc", "from Avon and Somerset", "shared")
    assert text.tooltip.startswith("Pnc\n") and "Avon and Somerset's lane" in text.tooltip
    bp = _bp(functions=[fn])
    assert element_text("reference", fn, "wilts", bp, force_names(bp)).kind == "reference"


# ---------------------------------------------------------------- line breaking

def _advance(text: str) -> float:
    """A stand-in font: wide capitals, narrow spaces (what counts is that it adds up)."""
    return sum(9.0 if ch.isupper() else 3.0 if ch == " " else 6.0 for ch in text)


_words = st.lists(st.text("abcdefghijklmnopqrstuvwxyzABC()-/&·", min_size=1, max_size=14),
                  min_size=1, max_size=12)


@given(_words, st.lists(st.floats(40, 300), min_size=1, max_size=3),
       st.none() | st.floats(20, 300))
@example(words=["AAA"], widths=[40.0, 40.0], last=20.0)  # fits a line, not the room left
def test_wrapped_lines_keep_to_their_widths_and_lose_no_word_that_fits(words, widths, last):
    text = " ".join(words)
    lines = wrap_lines(text, widths, _advance, last=last)
    assert 1 <= len(lines) <= len(widths)
    for i, line in enumerate(lines):
        assert _advance(line) <= widths[i] + 1e-9 or len(line) == 1
    if last is not None:
        assert _advance(lines[-1]) <= max(last, _advance(lines[-1][:1])) + 1e-9
    if not lines[-1].endswith(ELLIPSIS):  # shown whole: every letter, in order
        assert "".join("".join(lines).split()) == "".join(words)
        if all(_advance(w) <= min(widths) for w in words) and last is None:
            assert " ".join(lines) == text  # words kept whole, joined by single spaces
    else:  # cut: what shows is the start of the text, and only then
        shown = "".join("".join(lines)[:-1].split())
        assert "".join(words).startswith(shown)


def test_a_name_that_fits_is_never_cut_and_one_too_long_says_so():
    assert wrap_lines("Joint · led by Avon and Somerset", (110, 110), lambda s: 6 * len(s)) \
        == ("Joint · led by", "Avon and Somerset")
    long = "Serious and organised crime, regional asset recovery and economic crime"
    lines = wrap_lines(long, (120, 120), lambda s: 6 * len(s))
    assert len(lines) == 2 and lines[-1].endswith(ELLIPSIS)
    # a word wider than a line breaks after its hyphen or slash, else between letters
    assert wrap_lines("Counter-terrorism/Special-Branch", (120, 120), lambda s: 6 * len(s)) \
        == ("Counter-terrorism/", "Special-Branch")
    assert wrap_lines("Supercalifragilistic", (60, 60, 60), lambda s: 6 * len(s)) == (
        "Supercalif", "ragilistic")
    # a figure after the last line: the text moves down a line rather than run into it
    assert wrap_lines("Wiltshire Police: air operations", (200, 200), lambda s: 6 * len(s),
                      last=150) == ("Wiltshire Police: air", "operations")
    assert wrap_lines("Air operations", (200, 200), lambda s: 6 * len(s), last=150) == (
        "Air operations",)


def test_the_challenge_log_follows_a_tooltip_after_a_blank_line():
    from designer.core.node_text import with_challenges

    assert with_challenges("Dogs\nJoint", "1 open challenge") == "Dogs\nJoint\n\n1 open challenge"
    assert with_challenges("Dogs", "") == "Dogs"
    assert with_challenges("", "1 open challenge") == "1 open challenge"
