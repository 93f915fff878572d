"""The scene changes only what an edit changed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import synthetic_blueprint
from designer.core import edits
from designer.core.layout import NODE_SIZE
from designer.ui.canvas.scene import DiagramScene
from designer.ui.style import CHALLENGE_COLOUR, OPTION_COLOUR
from tests.build import add_network_model, as_network, blueprint, function, team


def _bp():
    return blueprint("a", "b", "c", functions=[
        function("resp", "local-policing/incident-response"),
        function("dogs", "operational-support/dogs", delivery="shared", host_force="b"),
    ], teams=[team("resp-a", "resp", "a"), team("dog-team", "dogs", "b")])


def test_an_edit_keeps_the_items_it_did_not_touch(qapp):
    scene = DiagramScene()
    bp = _bp()
    scene.set_blueprint(bp)
    bodies = {k: n.body for k, n in scene.nodes.items()}
    edges = dict(scene.edges)
    renamed = edits.update_element(bp, "dogs", name="Dog section")
    scene.set_blueprint(renamed)
    assert scene.nodes[("dogs", "b")].text.name == "Dog section"
    assert all(scene.nodes[k].body is body for k, body in bodies.items())
    assert all(scene.edges[s] is item for s, item in edges.items())


def test_shared_function_has_one_node_and_says_who_hosts_it(qapp):
    scene = DiagramScene()
    scene.set_blueprint(_bp())
    units = [k for k in scene.nodes if k[0] == "dogs" and scene.nodes[k].kind == "function"]
    assert units == [("dogs", "b")]
    assert scene.nodes[("dogs", "b")].text.sub == "Hosted by B"
    assert scene.nodes[("dogs", "b")].text.delivery == "shared"
    # the other partners' lanes show what they receive: references, not copies
    refs = {k for k in scene.nodes if k[0] == "dogs" and scene.nodes[k].kind == "reference"}
    assert refs == {("dogs", "a"), ("dogs", "c")}
    assert all(scene.is_reference(k) for k in refs) and not scene.is_reference(("dogs", "b"))
    assert scene.nodes[("dogs", "a")].text.sub == "from B"
    assert {k for k in scene.nodes if k[0] == "resp"} == {("resp", f) for f in "abc"}


def test_team_is_tied_to_its_own_lanes_copy(qapp):
    scene = DiagramScene()
    scene.set_blueprint(_bp())
    tree = [s for s in scene.edges if s.kind == "delivers" and s.source == ("resp-a", "a")]
    assert tree and tree[0].target == ("resp", "a")


def test_status_colouring_marks_elements_with_problems(qapp):
    class Result:
        def __init__(self, severity, elements):
            self.severity, self.elements, self.waived = severity, elements, False

    scene = DiagramScene()
    scene.set_blueprint(_bp())
    plain = scene.nodes[("dogs", "b")].body.brush().color()
    scene.set_colour_mode("status", [Result("error", ("dogs",)), Result("info", ("resp",))])
    assert scene.status == {"dogs": "error"}
    assert scene.nodes[("dogs", "b")].body.brush().color() != plain



def test_data_colours_are_the_ui_colours_of_the_cores_keys(qapp):
    """The core picks a key per node, the UI one colour per key (light and dark)."""
    from designer.core.colouring import HEAT_STEPS, heat_key
    from designer.ui.canvas.items import HEAT, Style, data_fill

    assert len(HEAT) == HEAT_STEPS
    for style in (Style.light_style(), Style.dark_style()):
        assert data_fill(None, style) is None
        fills = [data_fill(k, style).name() for k in ("error", "warning",
                                                      *map(heat_key, range(HEAT_STEPS)))]
        assert len(set(fills)) == len(fills)
    scene = DiagramScene()
    scene.set_blueprint(_bp())
    scene.set_colour_mode("cost")
    node = scene.nodes[("dogs", "b")]
    step = scene.heat[("dogs", "b")]
    assert node.body.brush().color() == data_fill(heat_key(step), scene.style)


def _scene_for(bp):
    """A scene built from scratch for ``bp`` (what incremental updates must equal)."""
    scene = DiagramScene()
    scene.set_blueprint(bp)
    return scene


def _picture(scene):
    """What a scene shows: node words and places, edges in order, backdrop item count."""
    nodes = {k: (n.text, n.size, (n.body.pos().x(), n.body.pos().y()))
             for k, n in scene.nodes.items()}
    return nodes, set(scene.edge_specs), len(scene.backdrop.items)


def test_edits_that_move_a_functions_nodes_match_a_fresh_scene(qapp):
    """Reused words and team edges must follow a function whose lanes change."""
    scene = DiagramScene()
    bp = _bp()
    scene.set_blueprint(bp)
    steps = [
        edits.set_arrangement(bp, "resp", "a", "joint"),
        edits.set_arrangement(bp, "dogs", "b", "local"),
        edits.update_element(bp, "resp-a", function="dogs"),
        edits.remove_elements(bp, ["dog-team"]),
    ]
    for step in steps:
        scene.set_blueprint(step)
        assert _picture(scene) == _picture(_scene_for(step))
        back = _scene_for(step)  # and back again, as undo does
        back.set_blueprint(bp)
        assert _picture(back) == _picture(_scene_for(bp))


def _backdrop_words(scene):
    return sorted(item.text() for item in scene.backdrop.items if hasattr(item, "text"))


def test_backdrop_is_kept_for_a_small_edit_and_rebuilt_when_lanes_or_names_change(qapp):
    scene = DiagramScene()
    bp = _bp()
    scene.set_blueprint(bp)
    kept = list(scene.backdrop.items)
    scene.set_blueprint(edits.update_element(bp, "resp-a", name="Response A"))
    assert scene.backdrop.items == kept  # nothing the lanes show changed: same items
    for changed, shown in ((edits.update_element(bp, "b", name="Bravo"), "Bravo"),
                           (edits.update_alliance(bp, name="Northern"), "Northern"),
                           (edits.set_arrangement(bp, "dogs", "b", "local"), None)):
        scene.set_blueprint(changed)
        fresh = _scene_for(changed)
        assert _backdrop_words(scene) == _backdrop_words(fresh)
        assert [(item.pos(), item.boundingRect()) for item in scene.backdrop.items] == \
            [(item.pos(), item.boundingRect()) for item in fresh.backdrop.items]
        if shown:
            assert any(shown in words for words in _backdrop_words(scene))


def _full_picture(scene):
    """Everything the incremental update keeps: nodes, copies, geometry, every edge and
    the path of every drawn edge."""
    nodes, specs, backdrop = _picture(scene)
    at = {k: set(v) for k, v in scene.edges_at.items() if v}
    paths = {s: tuple(round(v, 6) for v in item.sceneBoundingRect().getRect())
             for s, item in scene.edges.items()}
    return (nodes, specs, backdrop, {k: list(v) for k, v in scene.copies_of.items()},
            dict(scene.geom), at, paths)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 1000), st.lists(
    st.tuples(st.integers(0, 10_000), st.sampled_from(
        ["local", "joint", "shared", "move", "rename", "retarget", "remove", "unlink",
         "rename-force", "undo"])), min_size=1, max_size=6))
def test_any_edit_sequence_matches_a_fresh_scene(qapp, seed, steps):
    """The scene reuses items across edits; after any edits it must equal a scene
    built from scratch for the same blueprint (and undo brings back the old one)."""
    bp = synthetic_blueprint(160, forces=3, seed=seed)
    history = [bp]
    scene = DiagramScene()
    scene.set_blueprint(bp)
    for pick, action in steps:
        fn = bp.functions[pick % len(bp.functions)]
        force = bp.forces[pick % len(bp.forces)]
        if action == "move":
            bp = edits.set_positions(bp, {fn.id: (300.0 + pick % 400, 700.0 + pick % 900)})
        elif action == "rename":
            bp = edits.update_element(bp, fn.id, name=f"Renamed {pick}")
        elif action == "retarget" and bp.teams:
            t = bp.teams[pick % len(bp.teams)]
            bp = edits.update_element(bp, t.id, function=fn.id)
        elif action == "remove":
            bp = edits.remove_elements(bp, [fn.id])
        elif action == "unlink" and bp.links:
            bp = edits.remove_link(bp, bp.links[pick % len(bp.links)])
        elif action == "rename-force":
            bp = edits.update_element(bp, force.id, name=f"Force {pick}")
        elif action == "undo" and len(history) > 1:
            history.pop()
            bp = history[-1]
        elif action in ("local", "joint", "shared"):
            bp = edits.set_arrangement(bp, fn.id, force.id, action)
        history.append(bp)
        scene.set_blueprint(bp)
        assert _full_picture(scene) == _full_picture(_scene_for(bp))


def test_labels_are_built_for_the_nodes_in_the_region_asked_for_only(qapp):
    scene = DiagramScene()
    bp = _bp()
    scene.set_blueprint(bp)
    assert all(node.detail is None for node in scene.nodes.values())
    dogs = scene.nodes[("dogs", "b")]
    region = dogs.rect()
    scene.ensure_details(region)
    built = {key for key, node in scene.nodes.items() if node.detail is not None}
    assert ("dogs", "b") in built and dogs.labels
    assert all(scene.nodes[key].rect().intersects(region.adjusted(-1, -1, 1, 1))
               for key in built)
    assert ("resp", "a") not in built
    # a node moved by an edit is found where it is now
    far = scene.nodes[("resp", "a")]
    before = scene.node_for("resp-a").rect()
    moved = edits.set_positions(bp, {"resp-a": (far.rect().x(), far.rect().bottom() + 400)})
    scene.set_blueprint(moved)
    team_node = scene.node_for("resp-a")
    assert team_node.detail is None and not team_node.rect().intersects(before)
    scene.ensure_details(before)
    assert team_node.detail is None  # no longer there
    scene.ensure_details(team_node.rect())
    assert team_node.detail is not None
    scene.ensure_details(None)
    assert all(node.detail is not None for node in scene.nodes.values())


def test_items_added_while_held_back_arrive_after_every_removal(qapp):
    from PySide6.QtWidgets import QGraphicsRectItem

    scene = DiagramScene()
    scene.set_blueprint(_bp())
    old = scene.nodes[("dogs", "b")].body
    with scene.additions_last():
        new = QGraphicsRectItem(0, 0, 10, 10)
        scene.addItem(new)
        assert new.scene() is None  # held back
        brief = QGraphicsRectItem(0, 0, 10, 10)
        scene.addItem(brief)
        scene.removeItem(brief)  # added and removed in the block: never arrives
        scene.removeItem(old)
        assert old.scene() is None  # removals happen at once
    assert new.scene() is scene and brief.scene() is None


def test_replacing_a_blueprint_by_another_leaves_exactly_its_nodes(qapp):
    scene = DiagramScene()
    scene.set_blueprint(synthetic_blueprint(400, seed=0))
    with scene.additions_last():
        scene.set_blueprint(synthetic_blueprint(400, seed=1))
    fresh = _scene_for(synthetic_blueprint(400, seed=1))
    assert set(scene.nodes) == set(fresh.nodes)
    assert all(node.body.scene() is scene for node in scene.nodes.values())
    on_scene = {id(i) for i in scene.items() if i.parentItem() is None}
    assert {id(n.body) for n in scene.nodes.values()} <= on_scene
    assert len(on_scene) == len(scene.nodes) + len(scene.edges) + len(scene.backdrop.items)


def _crossing(scene, rect):
    """Edges whose route box meets ``rect`` (worked out the long way)."""
    from designer.core.routing import route_box

    out = set()
    for spec in scene.edge_specs:
        a, b = scene.geom.get(spec.source), scene.geom.get(spec.target)
        if spec.quiet or a is None or b is None:
            continue
        x0, y0, x1, y1 = route_box(scene.layout, a, b)
        if x0 <= rect.right() and x1 >= rect.left() and y0 <= rect.bottom() and y1 >= rect.top():
            out.add(spec)
    return out


def test_a_lazy_scene_draws_exactly_the_edges_crossing_the_region(qapp):
    from PySide6.QtCore import QRectF

    bp = synthetic_blueprint(600, forces=3, seed=5)
    scene = DiagramScene()
    scene.lazy_edges = True
    scene.set_blueprint(bp)
    assert not scene.edges  # nothing asked for yet
    b = scene.layout.bounds
    region = QRectF(b.width * 0.4, b.height * 0.3, 2500, 1400)
    scene.ensure_edges(region)
    assert set(scene.edges) == _crossing(scene, region) != set()
    # an edit that moves many nodes: edges filed again, the region's edges still drawn
    fn = next(f for f in bp.functions if f.delivery == "local")
    scene.set_blueprint(edits.set_arrangement(bp, fn.id, bp.forces[0].id, "joint"))
    assert _crossing(scene, region) <= set(scene.edges)
    elsewhere = QRectF(b.width * 0.05, b.height * 0.7, 1800, 900)
    scene.ensure_edges(elsewhere)
    assert _crossing(scene, elsewhere) <= set(scene.edges)


def test_a_lazy_scene_finds_the_edges_of_a_node_moved_across_the_canvas(qapp):
    from PySide6.QtCore import QRectF

    bp = synthetic_blueprint(600, forces=3, seed=5)
    scene = DiagramScene()
    scene.lazy_edges = True
    scene.set_blueprint(bp)
    linked = {link.source for link in bp.links}
    fn = next(f for f in bp.functions if f.delivery == "shared" and f.id in linked)
    lane = scene.layout.lane(scene.layout.home[fn.id]).rect
    x, y = scene.layout.positions[fn.id]
    far = lane.right - NODE_SIZE["function"][0] - 32 if x < lane.x + lane.width / 2 \
        else lane.x + 20
    scene.set_blueprint(edits.set_positions(bp, {fn.id: (far, y)}))
    assert scene.geom[(fn.id, scene.layout.home[fn.id])][0] == far
    region = QRectF(far - 50, y - 50, 400, 200)
    scene.ensure_edges(region)
    crossing = _crossing(scene, region)
    assert any(fn.id in (s.source[0], s.target[0]) for s in crossing)
    assert crossing <= set(scene.edges)


def test_zoomed_out_edges_are_paler_but_never_translucent(qapp):
    """Translucent items made a far-out repaint six times slower: fade with the pen."""
    scene = DiagramScene()
    scene.set_blueprint(synthetic_blueprint(120, forces=2, seed=3))
    spec, item = next((s, i) for s, i in scene.edges.items() if not s.quiet)
    near = item.pen().color()
    scene.set_detail(False)
    far = item.pen().color()
    assert item.opacity() == 1.0 and far != near
    canvas = scene.style.canvas
    assert abs(far.lightness() - canvas.lightness()) < abs(near.lightness() - canvas.lightness())
    scene.set_selection([spec.source[0]])  # a selected element's edges stay strong
    assert item.pen().color() != far and item.pen().widthF() > 1.0


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 1000), st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(
    ["local", "joint", "shared", "move", "remove"])), min_size=1, max_size=5))
def test_a_lazy_scene_finds_every_edge_crossing_a_region_after_any_edits(qapp, seed, steps):
    """Edges are filed by strip and refiled only when their ends move sideways: whatever
    the edits, asking for a region must draw every edge crossing it."""
    from PySide6.QtCore import QRectF

    bp = synthetic_blueprint(300, forces=3, seed=seed)
    scene = DiagramScene()
    scene.lazy_edges = True
    scene.set_blueprint(bp)
    b = scene.layout.bounds
    regions = [QRectF(b.width * fx, b.height * fy, 1500, 900)
               for fx, fy in ((0.0, 0.0), (0.3, 0.4), (0.6, 0.2), (0.5, 0.7))]
    scene.ensure_edges(regions[seed % len(regions)])
    for pick, action in steps:
        fn = bp.functions[pick % len(bp.functions)]
        if action == "move":
            bp = edits.set_positions(bp, {fn.id: (200.0 + pick % 3000, 800.0 + pick % 900)})
        elif action == "remove":
            bp = edits.remove_elements(bp, [fn.id])
        else:
            bp = edits.set_arrangement(bp, fn.id, bp.forces[pick % len(bp.forces)].id, action)
        scene.set_blueprint(bp)
        for region in regions:
            scene.ensure_edges(region)
            assert _crossing(scene, region) <= set(scene.edges)


def test_a_fourth_delivery_model_says_who_runs_it(qapp, monkeypatch):
    add_network_model(monkeypatch)
    scene = DiagramScene()
    unled = edits.update_element(_bp(), "dogs", delivery="joint", host_force=None)
    scene.set_blueprint(as_network(unled, "dogs"))
    assert [k for k in scene.nodes if k[0] == "dogs"] == [("dogs", None)]  # no force: band
    assert scene.nodes[("dogs", None)].text.sub == "Networked · no coordinator force"
    scene.set_blueprint(as_network(edits.update_element(unled, "dogs", lead_force="c"), "dogs"))
    units = [k for k in scene.nodes if k[0] == "dogs" and scene.nodes[k].kind != "reference"]
    assert units == [("dogs", "c")]  # its force's lane
    assert scene.nodes[("dogs", "c")].text.sub == "Coordinated by C"
    # run from one force's lane: the other partners' lanes show references to it
    assert {k for k in scene.nodes if k[0] == "dogs" and scene.is_reference(k)} == \
        {("dogs", "a"), ("dogs", "b")}
    assert scene.nodes[("dogs", "c")].text.delivery == "network"


def _with_log(bp, *entries):
    from datetime import UTC, datetime

    from designer.core.schema import Challenge

    return bp.model_copy(update={"challenges": tuple(
        Challenge(id=f"c{i}", element=element, text=text, author="Ann", status=status,
                  created=datetime(2015, 3, 1 + i, 9, 0, tzinfo=UTC))
        for i, (element, text, status) in enumerate(entries))})


def _badge_texts(node):
    from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsSimpleTextItem

    return [t.text() for child in node.detail.childItems()
            if isinstance(child, QGraphicsPathItem)
            for t in child.childItems() if isinstance(t, QGraphicsSimpleTextItem)
            and child.brush().color().name().upper() == CHALLENGE_COLOUR.upper()]


def test_open_challenges_show_as_a_badge_and_in_the_tooltip(qapp):
    scene = DiagramScene()
    bp = _with_log(_bp(), ("dogs", "Who pays?", "open"), ("dogs", "Kennels?", "open"),
                   ("resp", "Is it local?", "accepted"), (None, "Target?", "open"))
    scene.set_blueprint(bp)
    scene.ensure_details()
    dogs, resp = scene.nodes[("dogs", "b")], scene.nodes[("resp", "a")]
    assert (dogs.challenges, resp.challenges) == (2, 0)
    assert _badge_texts(dogs) == ["2"] and _badge_texts(resp) == []
    tip = dogs.body.toolTip()
    assert "2 open challenges" in tip and "“Kennels?”" in tip
    assert tip.startswith("Dogs")  # the function's own story first
    assert "“Is it local?”" in resp.body.toolTip()  # decided: no badge, still the latest word
    # every lane's copy of a local function carries the mark
    assert all(scene.nodes[("resp", f)].challenges == 0 for f in "abc")


def test_a_change_to_the_log_touches_only_the_nodes_it_concerns(qapp):
    scene = DiagramScene()
    bp = _with_log(_bp(), ("dogs", "Who pays?", "open"), ("resp", "Local?", "open"))
    scene.set_blueprint(bp)
    scene.ensure_details()
    details = {k: n.detail for k, n in scene.nodes.items()}
    answered = edits.update_challenge(bp, "c0", status="answered")
    scene.set_blueprint(answered)
    assert scene.nodes[("dogs", "b")].challenges == 0
    assert scene.nodes[("dogs", "b")].detail is None  # rebuilt without its badge when shown
    assert all(scene.nodes[k].detail is d for k, d in details.items() if k[0] != "dogs")
    scene.ensure_details()
    assert _badge_texts(scene.nodes[("dogs", "b")]) == []
    assert "Answered challenge" in scene.nodes[("dogs", "b")].body.toolTip()
    again = edits.add_challenge(answered, {"id": "c9", "element": "dogs", "text": "More?",
                                           "author": "Bo", "created": "2015-04-01T10:00:00Z"})
    scene.set_blueprint(again)
    scene.ensure_details()
    assert _badge_texts(scene.nodes[("dogs", "b")]) == ["1"]
    removed = edits.remove_elements(again, ["resp"])  # its challenge is kept, detached
    scene.set_blueprint(removed)
    assert not [k for k in scene.nodes if k[0] == "resp"]
    assert "resp" not in scene.marks and scene.marks["dogs"].open == 1


def _option_tags(node):
    """The texts of the option marks on a node (the tag in the option colour)."""
    from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsSimpleTextItem

    return [t.text() for child in node.detail.childItems()
            if isinstance(child, QGraphicsPathItem)
            for t in child.childItems() if isinstance(t, QGraphicsSimpleTextItem)
            and child.brush().color().name().upper() == OPTION_COLOUR.upper()]


def test_what_the_option_shown_changes_or_adds_carries_a_mark_and_words(qapp):
    from designer.core import options as O
    from designer.core.schema import Option, OptionAdditions, OptionChange

    option = Option(id="dogs-local", name="Dogs kept local", changes=(
        OptionChange(element="dogs", set={"delivery": "local", "host_force": None}),),
        add=OptionAdditions(teams=(team("kennels", "resp", "c"),)))
    bp = _bp().model_copy(update={"options": (option,)})
    shown = O.apply_option(bp, "dogs-local")
    scene = DiagramScene()
    scene.set_blueprint(bp)
    scene.ensure_details()
    details = {k: n.detail for k, n in scene.nodes.items()}
    scene.set_blueprint(shown)
    scene.set_option_marks(O.marks(bp, "dogs-local"), O.mark_tips(bp, "dogs-local"))
    scene.ensure_details()
    dogs = [scene.nodes[k] for k in scene.copies_of["dogs"]]
    assert dogs and all(_option_tags(n) == ["Δ option"] for n in dogs)
    assert _option_tags(scene.node_for("kennels")) == ["+"]  # a small node: the glyph
    assert _option_tags(scene.node_for("resp")) == []
    tip = dogs[0].body.toolTip()
    assert tip.startswith("Dogs") and \
        "Option “Dogs kept local” changes its delivery and host force" in tip
    assert "Added by option “Dogs kept local”" in scene.node_for("kennels").body.toolTip()
    untouched = [k for k in details if k[0] == "resp-a"]
    assert untouched and all(scene.nodes[k].detail is details[k] for k in untouched)
    scene.set_blueprint(bp)  # back to the base: the marks go
    scene.set_option_marks({}, {})
    scene.ensure_details()
    assert all(_option_tags(scene.nodes[k]) == [] for k in scene.copies_of["dogs"])
    assert "Option" not in scene.node_for("dogs").body.toolTip()


def test_switching_between_options_and_back_matches_a_fresh_scene(qapp):
    """Options shown in turn (the layouts and edge indexes of those shown lately are
    kept and found again): each time, the scene equals one built from scratch."""
    from bench.bench_options import generated_options
    from designer.core import options as O

    bp = synthetic_blueprint(400, forces=3, seed=3)
    bp = bp.model_copy(update={"options": generated_options(bp, 2, share=0.05)})
    shown = {None: bp, **{i: O.apply_option(bp, i) for i in O.option_ids(bp)}}
    scene = DiagramScene()
    for option in (None, "option-1", "option-2", "option-1", None, "option-2", "option-2"):
        scene.set_blueprint(shown[option])
        fresh = _scene_for(shown[option])
        assert _full_picture(scene) == _full_picture(fresh), option
        # edges filed under the strips they span (what the view draws near), as if new
        assert scene.edge_layer._columns_of == fresh.edge_layer._columns_of, option
