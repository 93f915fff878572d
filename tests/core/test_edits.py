"""Pure edits: each returns a new valid blueprint or refuses in plain words."""

from __future__ import annotations

import pytest

from designer.core import edits
from designer.core.catalogue import load_catalogue
from designer.core.edits import EditError
from designer.core.io import dumps, loads
from designer.core.schema import Link, Position
from tests.build import blueprint, function, team


def roundtrip_valid(bp):
    """A full validation of the edited blueprint (what a save and reopen would do)."""
    return loads(dumps(bp))


@pytest.fixture
def bp():
    return blueprint(
        "a", "b", "c",
        functions=[function("dogs", category="operational-support/dogs"),
                   function("mci", delivery="joint", lead_force="a"),
                   function("ict", category="support-functions/ict", delivery="shared",
                            host_force="b", partners=("a", "b"))],
        teams=[team("dog-unit", "dogs", "a", base_area="a-area")],
    )


def test_update_element_returns_new_blueprint_and_keeps_others(bp):
    new = edits.update_element(bp, "dogs", delivery="shared", host_force="b")
    assert new is not bp
    assert edits.find(new, "dogs")[2].host_force == "b"
    assert edits.find(bp, "dogs")[2].delivery == "local"  # the original is untouched
    assert new.teams is bp.teams  # unrelated lists are shared, not copied
    assert roundtrip_valid(new) == new


def test_update_element_refuses_invalid_fields(bp):
    with pytest.raises(EditError, match="host force"):
        edits.update_element(bp, "dogs", delivery="shared")
    with pytest.raises(EditError, match="does not exist"):
        edits.update_element(bp, "dogs", delivery="shared", host_force="nowhere")
    with pytest.raises(EditError, match="is an area, not a force"):
        edits.update_element(bp, "dogs", delivery="shared", host_force="a-area")
    with pytest.raises(EditError, match="no field"):
        edits.update_element(bp, "dogs", colour="#000000")
    with pytest.raises(EditError, match="cannot be changed"):
        edits.update_element(bp, "dogs", id="cats")
    with pytest.raises(EditError, match="no element"):
        edits.update_element(bp, "nothing", name="x")


def test_update_without_change_returns_same_blueprint(bp):
    assert edits.update_element(bp, "dogs", name="Dogs") is bp


def test_add_element_checks_id_and_references(bp):
    new = edits.add_element(bp, "functions", function("fire", category="operational-support/"
                                                      "firearms"))
    with pytest.raises(EditError, match="not in the catalogue"):
        edits.add_element(bp, "functions", function("x", category="nope/nothing"))
    assert edits.kind_of(new, "fire") == "function"
    with pytest.raises(EditError, match="already used"):
        edits.add_element(new, "functions", function("fire"))
    with pytest.raises(EditError, match="does not exist"):
        edits.add_element(bp, "teams", team("t", "nothing", "a"))
    with pytest.raises(EditError, match="not an element list"):
        edits.add_element(bp, "links", function("x"))
    from_dict = edits.add_element(bp, "areas", {"id": "new-area", "name": "New", "force": "c"})
    assert edits.kind_of(from_dict, "new-area") == "area"
    assert roundtrip_valid(from_dict) == from_dict


def test_new_id_is_fresh_and_valid(bp):
    assert edits.new_id(bp, "Dogs") == "dogs-2"
    assert edits.new_id(bp, "Major Crime & Co.") == "major-crime-co"
    assert edits.new_id(bp, "!!!") == "element"


def test_remove_cascades_and_clears_references(bp):
    bp = edits.add_link(bp, Link(kind="depends-on", source="dogs", target="mci"))
    new = edits.remove_elements(bp, ["mci"])
    assert edits.kind_of(new, "mci") is None
    assert new.links == ()
    new = edits.remove_elements(bp, ["dogs"])
    assert edits.kind_of(new, "dog-unit") is None  # its team goes with it
    new = edits.remove_elements(bp, ["b"])  # host of the shared ICT, and a partner
    ict = edits.find(new, "ict")[2]
    assert ict.delivery == "local" and ict.host_force is None and ict.partners == ()
    assert all(a.force != "b" for a in new.areas)
    assert all("b.pcc" not in body.chairs for body in new.bodies)
    assert roundtrip_valid(new) == new


def test_cannot_remove_every_force(bp):
    with pytest.raises(EditError, match="at least one force"):
        edits.remove_elements(bp, ["a", "b", "c"])


def test_set_positions(bp):
    new = edits.set_positions(bp, {"dogs": (10.0, 20.5), "a": Position(x=1, y=2)})
    assert edits.find(new, "dogs")[2].position == Position(x=10, y=20.5)
    assert edits.find(new, "a")[2].position == Position(x=1, y=2)
    with pytest.raises(EditError):
        edits.set_positions(bp, {"dogs": (float("nan"), 0)})


def test_link_refusals_say_why(bp):
    assert edits.link_refusal(bp, "depends-on", "dogs", "mci") is None
    assert "starts at a team" in edits.link_refusal(bp, "serves", "dogs", "a-area")
    assert "itself" in edits.link_refusal(bp, "depends-on", "dogs", "dogs")
    assert "does not exist" in edits.link_refusal(bp, "depends-on", "dogs", "zzz")
    bp2 = edits.add_link(bp, Link(kind="depends-on", source="dogs", target="mci"))
    assert "already exists" in edits.link_refusal(bp2, "depends-on", "dogs", "mci")
    assert "circle" in edits.link_refusal(bp2, "depends-on", "mci", "dogs")
    assert edits.link_refusal(bp, "accountable-to", "a.chief_constable", "a.pcc") is None
    with pytest.raises(EditError):
        edits.add_link(bp2, Link(kind="depends-on", source="dogs", target="mci"))
    assert edits.remove_link(bp2, Link(kind="depends-on", source="dogs", target="mci")).links == ()


@pytest.mark.parametrize(
    ("fn", "force", "delivery", "other", "expect"),
    [
        # local → shared hosted by b: partners are the force and its host
        ("dogs", "a", "shared", "b", {"delivery": "shared", "host_force": "b",
                                      "partners": ("a", "b")}),
        # joint across all → c goes local: explicit partners without c
        ("mci", "c", "local", None, {"delivery": "joint", "partners": ("a", "b")}),
        # shared a+b → a goes local: fewer than two partners, the function becomes local
        ("ict", "a", "local", None, {"delivery": "local", "host_force": None, "partners": ()}),
        # shared a+b → c joins
        ("ict", "c", "shared", None, {"delivery": "shared", "host_force": "b",
                                      "partners": ("a", "b", "c")}),
        # shared → joint led by a
        ("ict", "a", "joint", "a", {"delivery": "joint", "lead_force": "a",
                                    "host_force": None}),
    ],
)
def test_set_arrangement(bp, fn, force, delivery, other, expect):
    new = edits.set_arrangement(bp, fn, force, delivery, other)
    got = edits.find(new, fn)[2]
    assert {k: getattr(got, k) for k in expect} == expect
    assert new.delivery_for(got, force) == delivery
    assert roundtrip_valid(new) == new


def test_set_arrangement_removing_host_picks_another(bp):
    new = edits.set_arrangement(bp, "ict", "c", "shared")
    new = edits.set_arrangement(new, "ict", "b", "local")
    ict = edits.find(new, "ict")[2]
    assert ict.host_force in ("a", "c") and "b" not in ict.partners


def test_waivers(bp):
    from datetime import date

    from designer.core.schema import Waiver

    w = Waiver(rule="r1", element="dogs", reason="agreed", author="Me", date=date(2025, 1, 1))
    new = edits.add_waiver(bp, w)
    assert new.alliance.waivers == (w,)
    assert edits.remove_waiver(new, "r1", "dogs").alliance.waivers == ()


def test_changed_ids(bp):
    new = edits.update_element(bp, "dogs", name="Hounds")
    assert edits.changed_ids(bp, new) == {"dogs"}
    new2 = edits.add_link(new, Link(kind="depends-on", source="dogs", target="mci"))
    assert edits.changed_ids(new, new2) == {"dogs", "mci"}
    assert edits.changed_ids(bp, edits.remove_elements(bp, ["dogs"])) == {"dogs", "dog-unit"}


@pytest.mark.parametrize("payload", ["operational-support/dogs", "function", "team", "area",
                                     "body", "force"])
def test_palette_elements_are_valid(bp, payload):
    list_name, element = edits.palette_element(bp, payload, force="c", position=(5.0, 6.0))
    new = edits.add_element(bp, list_name, element)
    assert edits.kind_of(new, element.id) is not None
    assert element.position == Position(x=5, y=6)
    assert roundtrip_valid(new) == new


def test_palette_refuses_unknown(bp):
    with pytest.raises(EditError):
        edits.palette_element(bp, "nope/none")
    with pytest.raises(EditError):
        edits.palette_element(bp, "spaceship")


def test_find_follows_each_blueprint_as_elements_are_renamed_and_removed():
    """The index reuses unchanged lists between blueprints; answers must stay per blueprint."""
    bp = blueprint("a", "b", functions=[function("f1"), function("f2"), function("f3")],
                   teams=[team("t1", "f1", "a"), team("t3", "f3", "b")])
    renamed = edits.update_element(bp, "f2", name="Two")
    fewer = edits.remove_elements(renamed, ["f1", "t1"])
    for version in (bp, renamed, fewer, bp, fewer, renamed):
        for list_name in ("functions", "teams"):
            for i, element in enumerate(getattr(version, list_name)):
                assert edits.find(version, element.id) == (list_name, i, element)
    assert edits.find(renamed, "f2")[2].name == "Two"
    assert edits.find(bp, "f2")[2].name != "Two"
    assert edits.kind_of(fewer, "f1") is None
    assert edits.kind_of(bp, "f1") == "function"


def test_the_lookup_index_does_not_keep_a_closed_blueprint_alive():
    import gc
    import weakref

    from bench.generate import synthetic_blueprint

    bp = synthetic_blueprint(200, seed=1)
    assert edits.find(bp, bp.functions[0].id)[2] is bp.functions[0]
    gone = weakref.ref(bp)
    del bp
    other = synthetic_blueprint(50, seed=2)
    assert edits.find(other, other.teams[0].id)[2] is other.teams[0]
    gc.collect()
    assert gone() is None


def test_blank_palette_function_is_filed_beside_a_function_else_first_in_the_catalogue():
    bp = blueprint("a", "b", functions=[function("ict", "support-functions/ict")])
    _, beside = edits.palette_element(bp, "function", function="ict")
    _, alone = edits.palette_element(bp, "function", function="a")  # a force: not a function
    assert (beside.id, beside.name, beside.category) == ("new-function", "New function",
                                                         "support-functions/ict")
    assert alone.category == load_catalogue().functions()[0].id


def test_many_elements_change_in_one_step_or_none_does():
    bp = blueprint("a", "b", functions=[function("x"), function("y"), function("z")])
    new = edits.update_many(bp, {"x": {"savings_percent": 5.0}, "z": {"name": "Zed"}})
    assert [f.savings_percent for f in new.functions] == [5.0, None, None]
    assert new.functions[2].name == "Zed" and new.functions[1] is bp.functions[1]
    assert edits.update_many(bp, {"x": {"savings_percent": None}}) is bp
    with pytest.raises(edits.EditError, match="Y"):
        edits.update_many(bp, {"x": {"savings_percent": 5.0}, "y": {"host_force": "nobody"}})
    assert edits.changed_element(bp, "x", name="X") is None
    assert edits.changed_element(bp, "x", name="Ex").name == "Ex"


def test_several_new_elements_at_once_with_fresh_ids():
    bp = blueprint("a", "b", functions=[function("x")])
    taken = {edits.new_id(bp, "x")}
    assert taken == {"x-2"} and edits.new_id(bp, "x", taken) == "x-3"
    new = edits.add_elements(bp, "teams", [team("t1", "x", "a"), team("t2", "x", "b")])
    assert [t.id for t in new.teams] == ["t1", "t2"]
    with pytest.raises(edits.EditError, match="'t1' is already used"):
        edits.add_elements(bp, "teams", [team("t1", "x", "a"), team("t1", "x", "b")])
    with pytest.raises(edits.EditError, match="nobody"):
        edits.add_elements(bp, "teams", [team("t1", "x", "a"), team("t2", "nobody", "b")])
    assert edits.add_elements(bp, "teams", []) is bp
