"""The automatic layout: lanes respected, deterministic, stored positions win."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import synthetic_blueprint
from designer.core.layout import NODE_SIZE, compute_layout
from designer.core.schema import Position
from tests.build import area, blueprint, function, team


def _sample():
    return blueprint(
        "asp", "wilts", "glos",
        areas=[area("bristol", "asp"), area("swindon", "wilts"), area("glos-area", "glos")],
        functions=[
            function("response", "local-policing/incident-response"),
            function("dogs", "operational-support/dogs", delivery="joint", lead_force="asp"),
            function("it", "support-functions/ict", delivery="shared", host_force="wilts"),
            function("firearms", "operational-support/firearms", delivery="shared",
                     host_force="asp", partners=("asp", "wilts")),
        ],
        teams=[
            team("resp-asp", "response", "asp"), team("resp-wilts", "response", "wilts"),
            team("dog-unit", "dogs", "alliance"), team("it-team", "it", "wilts"),
            team("glos-dogs", "dogs", "glos"),
        ],
    )


def _kind(bp, element_id):
    for list_name, kind in (("areas", "area"), ("bodies", "body"), ("functions", "function"),
                            ("teams", "team")):
        if any(e.id == element_id for e in getattr(bp, list_name)):
            return kind
    raise KeyError(element_id)


def test_same_blueprint_same_layout():
    bp = synthetic_blueprint(800, seed=3)
    assert compute_layout(bp) == compute_layout(bp)


def _assert_nodes_inside_their_lanes(bp, layout):
    for element_id, (x, y) in layout.positions.items():
        w, h = NODE_SIZE[_kind(bp, element_id)]
        home = layout.home[element_id]
        outer = layout.band if home is None else layout.lane(home).rect
        assert outer.contains(x, y, w, h), element_id


def test_every_node_sits_inside_its_lane_or_the_band():
    bp = synthetic_blueprint(1500, forces=4, seed=1)
    layout = compute_layout(bp)
    _assert_nodes_inside_their_lanes(bp, layout)
    for by_lane in layout.copies.values():
        for force_id, (x, y) in by_lane.items():
            assert layout.lane(force_id).rect.contains(x, y, *NODE_SIZE["function"])
    assert layout.references  # the synthetic alliance shares functions
    for by_lane in layout.references.values():
        for force_id, (x, y) in by_lane.items():
            assert layout.lane(force_id).rect.contains(x, y, *NODE_SIZE["reference"])


def test_delivery_models_decide_the_lane():
    bp = _sample()
    layout = compute_layout(bp)
    assert layout.home["dogs"] is None  # joint → alliance band
    assert layout.home["it"] == "wilts"  # shared → its host
    assert layout.home["firearms"] == "asp"
    assert set(layout.copies["firearms"]) == {"glos"}  # the non-partner keeps its own
    assert layout.home["response"] == "asp"  # local → first lane, copies in the others
    assert set(layout.copies["response"]) == {"wilts", "glos"}
    assert layout.home["bristol"] == "asp" and layout.home["swindon"] == "wilts"
    assert layout.home["dog-unit"] is None
    assert layout.home["glos-dogs"] == "glos"  # its function has no node in glos: other teams


def test_each_partner_lane_shows_a_reference_to_a_unit_hosted_elsewhere():
    layout = compute_layout(_sample())
    # shared, hosted by Wiltshire for every force: a reference in each other lane
    assert set(layout.references["it"]) == {"asp", "glos"}
    # shared by two forces: the other partner only (the non-partner has its own copy)
    assert set(layout.references["firearms"]) == {"wilts"}
    assert "glos" not in layout.references["firearms"] and "glos" in layout.copies["firearms"]
    # a joint unit sits in the band above every lane; a local function is in each lane
    assert "dogs" not in layout.references and "response" not in layout.references
    # a reference sits in its function's category section, like the unit itself
    (_x, y), (_hx, hy) = layout.references["firearms"]["wilts"], layout.positions["firearms"]
    section = next(s for s in layout.sections if s.y <= hy < s.y + s.height)
    assert section.y <= y < section.y + section.height
    # a view, not an element: no home, no position of its own, no teams
    assert set(layout.home) == set(compute_layout(_sample()).home)


def test_references_follow_the_arrangement():
    bp = _sample()
    local = bp.model_copy(update={"functions": tuple(
        f.model_copy(update={"delivery": "local", "host_force": None, "partners": ()})
        if f.id == "it" else f for f in bp.functions)})
    assert "it" not in compute_layout(local).references
    rehosted = bp.model_copy(update={"functions": tuple(
        f.model_copy(update={"host_force": "asp"}) if f.id == "it" else f
        for f in bp.functions)})
    assert set(compute_layout(rehosted).references["it"]) == {"wilts", "glos"}


def test_local_copies_share_a_row_at_the_same_place_in_each_lane():
    layout = compute_layout(_sample())
    x, y = layout.positions["response"]
    first = layout.lane("asp").rect.x
    for force_id, (cx, cy) in layout.copies["response"].items():
        assert cy == y
        assert cx - layout.lane(force_id).rect.x == x - first


def test_teams_hang_under_their_function_in_their_own_lane():
    layout = compute_layout(_sample())
    fx, fy = layout.copies["response"]["wilts"]
    tx, ty = layout.positions["resp-wilts"]
    assert tx > fx and ty >= fy + NODE_SIZE["function"][1]
    assert layout.lane("wilts").rect.contains(tx, ty, *NODE_SIZE["team"])


def test_automatic_nodes_do_not_overlap():
    bp = synthetic_blueprint(600, seed=2)
    layout = compute_layout(bp)
    boxes = [(x, y, *NODE_SIZE[_kind(bp, i)]) for i, (x, y) in layout.positions.items()]
    boxes += [(x, y, *NODE_SIZE["function"])
              for c in layout.copies.values() for x, y in c.values()]
    boxes += [(x, y, *NODE_SIZE["reference"])
              for c in layout.references.values() for x, y in c.values()]
    boxes.sort(key=lambda b: (b[1], b[0]))
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, _h2 in boxes[i + 1:]:
            if y2 >= y + h:
                break
            assert x2 >= x + w or x >= x2 + w2, ((x, y), (x2, y2))


def test_stored_position_wins_and_nothing_else_moves():
    bp = _sample()
    before = compute_layout(bp)
    lane = before.lane("wilts").rect
    it = next(f for f in bp.functions if f.id == "it")
    moved_pos = Position(x=lane.x + 40, y=lane.y + 900)
    bp2 = bp.model_copy(update={"functions": tuple(
        f.model_copy(update={"position": moved_pos}) if f.id == "it" else f
        for f in bp.functions)})
    after = compute_layout(bp2)
    assert after.positions["it"] == (moved_pos.x, moved_pos.y)
    for element_id, pos in before.positions.items():
        if element_id not in {"it", "it-team"}:
            assert after.positions[element_id] == pos, element_id
    # its automatically placed team follows it
    tx, ty = after.positions["it-team"]
    assert (tx - moved_pos.x, ty - moved_pos.y) == (
        before.positions["it-team"][0] - before.positions["it"][0],
        before.positions["it-team"][1] - before.positions["it"][1])
    assert it.position is None


def test_a_stored_position_outside_the_lane_is_clamped_into_it():
    bp = _sample()
    bp2 = bp.model_copy(update={"functions": tuple(
        f.model_copy(update={"position": Position(x=-5000, y=-5000)}) if f.id == "it" else f
        for f in bp.functions)})
    layout = compute_layout(bp2)
    x, y = layout.positions["it"]
    assert layout.lane("wilts").rect.contains(x, y, *NODE_SIZE["function"])


def test_moving_a_local_function_moves_every_copy():
    bp = _sample()
    before = compute_layout(bp)
    x, y = before.positions["response"]
    bp2 = bp.model_copy(update={"functions": tuple(
        f.model_copy(update={"position": Position(x=x + 10, y=y + 500)})
        if f.id == "response" else f for f in bp.functions)})
    after = compute_layout(bp2)
    for force_id, (cx, cy) in after.copies["response"].items():
        bx, by = before.copies["response"][force_id]
        assert (cx, cy) == (bx + 10, by + 500)


def test_wide_blueprints_get_a_wide_picture():
    layout = compute_layout(synthetic_blueprint(5000))
    assert 1.0 < layout.bounds.width / layout.bounds.height < 2.5
    assert layout.lane_at(layout.lanes[1].rect.x + 5, layout.lanes[1].rect.y + 5) == "force-1"
    assert layout.lane_at(layout.band.x + 5, layout.band.y + 5) is None


def test_edge_cases_lay_out_without_trouble():
    from tests.build import blueprint as make

    lone = make("solo", areas=[], bodies=[])
    layout = compute_layout(lone)
    assert layout.lanes[0].force_id == "solo" and layout.positions == {}
    many = make(*[f"f{i}" for i in range(50)], functions=[function("x")])
    layout = compute_layout(many)
    assert len(layout.lanes) == 50 and set(layout.copies["x"]) == {f"f{i}" for i in range(1, 50)}



@settings(max_examples=25, deadline=None)
@given(st.integers(20, 600), st.integers(1, 6), st.integers(0, 10_000))
def test_any_blueprint_keeps_nodes_in_their_lanes(n, forces, seed):
    bp = synthetic_blueprint(n, forces=forces, seed=seed)
    layout = compute_layout(bp)
    _assert_nodes_inside_their_lanes(bp, layout)
    assert layout == compute_layout(bp)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.tuples(st.integers(0, 10_000),
                                                  st.sampled_from(["local", "joint", "shared",
                                                                   "move", "rename",
                                                                   "retarget", "undo"])),
                                        min_size=1, max_size=8))
def test_remembered_sections_give_the_same_layout_as_a_cold_start(seed, steps):
    """Sections are reused across edits; the answer must equal laying out from scratch."""
    from designer.core import edits
    from designer.core.layout import clear_cache

    bp = synthetic_blueprint(300, forces=3, seed=seed)
    history = [bp]
    compute_layout(bp)
    for pick, action in steps:
        fn = bp.functions[pick % len(bp.functions)]
        force = bp.forces[pick % len(bp.forces)].id
        if action == "undo":
            bp = history[-2] if len(history) > 1 else bp
        elif action == "retarget":
            team = bp.teams[pick % len(bp.teams)]
            bp = edits.update_element(bp, team.id, function=fn.id)
        elif action == "move":
            bp = edits.set_positions(bp, {fn.id: (400.0 + pick % 300, 900.0 + pick % 500)})
        elif action == "rename":
            bp = edits.update_element(bp, fn.id, name=f"Renamed {pick}")
        else:
            bp = edits.set_arrangement(bp, fn.id, force, action)
        history.append(bp)
        warm = compute_layout(bp)
        clear_cache()
        assert warm == compute_layout(bp)
        compute_layout(history[-2] if len(history) > 1 else bp)  # warm again, from elsewhere


def test_another_blueprints_sections_are_not_kept_for_long():
    """After a few layouts of a new blueprint, the old one's sections are let go."""
    from designer.core import layout as layout_module

    big = synthetic_blueprint(1500, seed=11)
    compute_layout(big)
    assert any(key[2] == big.force_ids() for key in layout_module._memory.sections)
    small = _sample()
    for _ in range(layout_module._KEPT_LAYOUTS + 1):
        compute_layout(small)
    assert layout_module._memory.sections
    assert all(key[2] == small.force_ids() for key in layout_module._memory.sections)
