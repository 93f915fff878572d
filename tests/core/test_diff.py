"""The semantic diff: changes keyed by element and field, said in words with names."""

from __future__ import annotations

from datetime import date

import pytest

from designer.core import diff as D
from designer.core import edits
from designer.core.schema import Blueprint, Conflict, ForceFigures, Link, Waiver, _Model
from tests.build import blueprint, force, function, team


def _alliance() -> Blueprint:
    return blueprint(
        force("asp", name="Avon and Somerset"), force("wilts", name="Wiltshire"),
        functions=[
            function("dogs", "operational-support/dogs", name="Dogs", delivery="joint",
                     lead_force="asp",
                     baseline={"asp": ForceFigures(cost_pence=100_000_00, fte=10.0),
                               "wilts": ForceFigures(cost_pence=50_000_00, fte=5.0)}),
            function("ict", "support-functions/ict", name="ICT",
                     baseline={"asp": ForceFigures(cost_pence=2_000_000_00)}),
        ],
        teams=[team("tri-dogs", "dogs", "alliance", name="Dogs (Tri-Force)")],
        links=[Link(kind="depends-on", source="dogs", target="ict")],
    )


def _words(before: Blueprint, after: Blueprint) -> list[str]:
    return D.describe(D.diff(before, after), before, after)


def test_the_same_blueprint_has_no_changes():
    bp = _alliance()
    same = Blueprint.model_validate(bp.model_dump())  # equal, not the same objects
    assert not D.diff(bp, same)
    assert _words(bp, same) == []


def test_a_changed_function_in_words_with_names_not_ids():
    before = _alliance()
    after = edits.update_element(before, "dogs", delivery="local", lead_force=None)
    assert _words(before, after) == [
        "Dogs: delivery joint → local; lead force Avon and Somerset → none"]
    [item] = D.diff(before, after).items()
    assert (item.id, item.kind, item.status) == ("dogs", "function", "changed")
    assert [c.path for c in item.changes] == [("delivery",), ("lead_force",)]


def test_added_and_removed_elements():
    before = _alliance()
    after = edits.remove_elements(before, ["tri-dogs"])
    assert _words(before, after) == ["team Dogs (Tri-Force) removed"]
    assert _words(after, before) == ["team Dogs (Tri-Force) added"]
    assert D.diff(before, after).element_ids() == {"tri-dogs": "removed"}


def test_elements_are_matched_by_id_not_by_place():
    before = _alliance()
    after = before.model_copy(update={"functions": before.functions[::-1]})
    assert not D.diff(before, after)


def test_money_and_per_force_figures_in_words():
    before = _alliance()
    dogs = before.functions[0]
    baseline = {**dogs.baseline, "wilts": ForceFigures(cost_pence=60_000_00, fte=5.0)}
    after = edits.update_element(before, "dogs", baseline=baseline, savings_percent=12.5,
                                 implementation_cost_pence=1_234_567)
    assert _words(before, after) == [
        "Dogs: baseline Wiltshire cost £50,000 → £60,000; savings none → 12.5%; "
        "implementation cost £0 → £12,345.67"]


def test_links_are_known_by_kind_source_and_target():
    before = _alliance()
    link = before.links[0]
    noted = before.model_copy(update={"links": (link.model_copy(update={"notes": "Kennels"}),)})
    assert _words(before, noted) == ["link Dogs depends on ICT: notes none → Kennels"]
    gone = edits.remove_link(before, link)
    assert _words(before, gone) == ["link Dogs depends on ICT removed"]
    [item] = D.diff(before, gone).items()
    assert item.path == ("links", ("depends-on", "dogs", "ict"))


def test_alliance_settings_and_waivers_by_field_path():
    before = _alliance()
    after = edits.update_alliance(before, start_year="2016/17")
    after = edits.add_waiver(after, Waiver(rule="coverage-gap", element="dogs",
                                           reason="Agreed by the board", author="A. Person",
                                           date=date(2016, 1, 1)))
    assert _words(before, after) == [
        "alliance: start year 2015/16 → 2016/17",
        "waiver of coverage-gap for Dogs added",
    ]
    target = before.alliance.savings_target
    richer = edits.update_alliance(
        before, savings_target=target.model_copy(update={"amount_pence": 2_000_000_00}))
    assert _words(before, richer) == ["alliance: savings target amount £1,000,000 → £2,000,000"]


def test_role_references_read_as_the_role():
    before = _alliance()
    board = before.bodies[0]
    after = edits.update_element(before, board.id, chairs=("asp.pcc",))
    assert _words(before, after) == [
        "Strategic Alliance Board: chairs PCC of Avon and Somerset, PCC of Wiltshire → "
        "PCC of Avon and Somerset"]


def test_a_field_the_schema_gains_is_covered_without_new_code():
    """Walks the models: a new list of identified models (options, say) needs nothing here."""

    class Option(_Model):
        id: str
        name: str
        notes: str = ""

    class Later(Blueprint):
        options: tuple[Option, ...] = ()

    base = _alliance().model_dump()
    before = Later.model_validate({**base, "options": [{"id": "o1", "name": "Option one"}]})
    after = Later.model_validate({**base, "options": [
        {"id": "o1", "name": "Option one", "notes": "Cheaper"},
        {"id": "o2", "name": "Option two"}]})
    d = D.diff(before, after)
    assert [(i.path, i.status) for i in d.items()] == [
        (("options", ("o1",)), "changed"), (("options", ("o2",)), "added")]
    assert D.describe(d, before, after) == ["option o1: notes none → Cheaper",
                                            "option o2 added"]


@pytest.mark.parametrize("path", [
    ("functions", ("dogs",), "baseline", "wilts", "cost_pence"),
    ("links", ("accountable-to", "a/b.pcc", "x~y")),
    ("alliance", "waivers", ("coverage-gap", "dogs"), "reason"),
    ("alliance",),
])
def test_paths_as_text_and_back(path):
    assert D.parse_path(D.path_text(path)) == path


def test_a_bad_path_is_refused_in_words():
    with pytest.raises(D.PathError, match="no field 'colour'"):
        D.parse_path("functions/dogs/colour")
    with pytest.raises(D.PathError, match="3 segments"):
        D.parse_path("links/delivers/team")


def test_value_at_follows_keys_and_says_missing():
    bp = _alliance()
    assert D.value_at(bp, ("functions", ("dogs",), "baseline", "wilts", "fte")) == 5.0
    assert D.value_at(bp, ("functions", ("nope",), "name")) is D.MISSING


def test_render_lists_every_item_stably_with_whole_texts():
    bp = _alliance()
    notes = "First line\nsecond line, which is long enough to be cut short in a diff's words"
    bp = edits.update_element(bp, "ict", notes=notes)
    text = D.render(bp)
    assert "function Dogs [dogs]\n  category: operational-support/dogs\n  delivery: joint\n" \
           "  lead force: Avon and Somerset\n" in text
    assert "  notes: First line\n    second line, which is long enough to be cut short in a " \
           "diff's words\n" in text
    assert "link Dogs depends on ICT\n" in text
    shuffled = bp.model_copy(update={"functions": bp.functions[::-1]})
    assert D.render(shuffled) == text


def test_an_item_known_by_one_field_and_free_json_values_in_listings():
    bp = _alliance().model_copy(update={"conflicts": (Conflict(
        path="functions/dogs", base={"id": "dogs", "name": "Dogs"}, ours=None,
        theirs={"id": "dogs", "name": "Dogs", "notes": "x" * 100}),)})
    assert D.item_key(bp.conflicts[0]) == ("functions/dogs",)
    text = D.render(bp)
    assert "merge conflict at functions/dogs\n" \
           '  base: {"id": "dogs", "name": "Dogs"}\n' \
           f'  theirs: {{"id": "dogs", "name": "Dogs", "notes": "{"x" * 100}"}}\n' in text
