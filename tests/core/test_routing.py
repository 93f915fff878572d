"""Edge routes run in the layout's free channels: straight segments that cross no node."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import synthetic_blueprint
from designer.core.layout import NODE_SIZE, compute_layout
from designer.core.routing import route
from tests.core.test_layout import _kind


def _boxes(bp, layout):
    """Every node's box: element nodes, copies of local functions, references to hosted
    units in partners' lanes, role chips."""
    boxes = []
    for element_id, (x, y) in layout.positions.items():
        boxes.append((x, y, *NODE_SIZE[_kind(bp, element_id)]))
    for by_lane in layout.copies.values():
        boxes += [(x, y, *NODE_SIZE["function"]) for x, y in by_lane.values()]
    for by_lane in layout.references.values():
        boxes += [(x, y, *NODE_SIZE["reference"]) for x, y in by_lane.values()]
    roles = [(r.x, r.y, r.width, r.height) for r in layout.roles.values()]
    return boxes, roles


def _crosses(a, b, box):
    """Whether the axis-aligned segment a→b passes through the inside of ``box``."""
    x, y, w, h = box
    eps = 0.5
    left, right = min(a[0], b[0]), max(a[0], b[0])
    top, bottom = min(a[1], b[1]), max(a[1], b[1])
    return left < x + w - eps and right > x + eps and top < y + h - eps and bottom > y + eps


def _on_edge(point, box):
    x, y, w, h = box
    px, py = point
    inside_x, inside_y = x - 1e-6 <= px <= x + w + 1e-6, y - 1e-6 <= py <= y + h + 1e-6
    return (inside_x and py in (y, y + h)) or (inside_y and px in (x, x + w))


def _assert_clean(points, source, target, obstacles):
    assert _on_edge(points[0], source) and _on_edge(points[-1], target)
    for a, b in itertools.pairwise(points):
        assert a[0] == b[0] or a[1] == b[1], (a, b)  # straight, horizontal or vertical
        for box in obstacles:
            if box is not source and box is not target:
                assert not _crosses(a, b, box), (a, b, box)


@settings(max_examples=12, deadline=None)
@given(st.integers(60, 500), st.integers(2, 4), st.integers(0, 10_000))
def test_routes_between_any_two_nodes_cross_no_other_node(n, forces, seed):
    bp = synthetic_blueprint(n, forces=forces, seed=seed)
    layout = compute_layout(bp)
    boxes, roles = _boxes(bp, layout)
    rng = random.Random(seed)
    for _ in range(40):
        source, target = rng.sample(boxes, 2)
        _assert_clean(route(layout, source, target), source, target, boxes)
    for _ in range(10):  # chairs and accountability: a chip on a lane's header strip
        chip, other = rng.choice(roles), rng.choice(boxes)
        _assert_clean(route(layout, chip, other), chip, other, boxes)
        _assert_clean(route(layout, other, chip), other, chip, boxes)


def test_a_route_enters_its_target_from_the_right_with_at_most_six_segments():
    bp = synthetic_blueprint(300, forces=3, seed=4)
    layout = compute_layout(bp)
    boxes, _roles = _boxes(bp, layout)
    rng = random.Random(1)
    for _ in range(50):
        source, target = rng.sample(boxes, 2)
        points = route(layout, source, target)
        assert 2 <= len(points) <= 7
        (x0, y0), (x1, y1) = points[-2], points[-1]
        assert y0 == y1 == target[1] + target[3] / 2 and x1 == target[0] + target[2] < x0


def test_moving_both_ends_alike_moves_the_route_alike():
    """Within a section, a route only depends on where its ends are."""
    bp = synthetic_blueprint(300, forces=3, seed=4)
    layout = compute_layout(bp)
    source, target = (400.0, 1500.0, 208.0, 56.0), (900.0, 1600.0, 208.0, 56.0)
    moved = route(layout, (432.0, 1500.0, 208.0, 56.0), (932.0, 1600.0, 208.0, 56.0))
    assert moved == [(x + 32, y) for x, y in route(layout, source, target)]


def test_route_box_is_the_bounding_box_of_the_route():
    from designer.core.routing import route_box

    bp = synthetic_blueprint(400, forces=3, seed=8)
    layout = compute_layout(bp)
    boxes, roles = _boxes(bp, layout)
    rng = random.Random(2)
    pairs = [rng.sample(boxes, 2) for _ in range(60)]
    pairs += [(rng.choice(roles), rng.choice(boxes)) for _ in range(10)]
    pairs += [(rng.choice(boxes), rng.choice(roles)) for _ in range(10)]
    for source, target in pairs:
        points = route(layout, source, target)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        left, top, right, bottom = route_box(layout, source, target)
        assert left <= min(xs) and right >= max(xs) and top <= min(ys) and bottom >= max(ys)
        assert top == min([*ys, source[1], target[1]])


def test_a_team_under_its_function_hangs_off_an_elbow_else_it_is_routed():
    from designer.core.routing import tree_route

    bp = synthetic_blueprint(40, forces=2, seed=3)
    layout = compute_layout(bp)
    fw, fh = NODE_SIZE["function"]
    tw, th = NODE_SIZE["team"]
    function = (200.0, 600.0, fw, fh)
    under = (224.0, 600.0 + fh + 6, tw, th)
    assert tree_route(layout, function, under) == [
        (212.0, 600.0 + fh), (212.0, under[1] + th / 2), (224.0, under[1] + th / 2)]
    elsewhere = (224.0 + 400, 900.0, tw, th)
    assert tree_route(layout, function, elsewhere) == route(layout, function, elsewhere)


def test_section_tops_are_remembered_for_the_last_layout_only():
    from designer.core import routing

    routing._memory.clear()
    one = compute_layout(synthetic_blueprint(60, forces=3, seed=1))
    two = compute_layout(synthetic_blueprint(80, forces=3, seed=2))
    tops = routing._section_tops(one)
    assert routing._section_tops(one) is tops  # asked again: remembered
    assert routing._section_tops(two) == [s.y for s in two.sections if s.y >= two.band.bottom]
    assert routing._memory.tops[0] is two.sections  # the other layout's went
    assert routing._section_tops(one) == tops and routing._section_tops(one) is not tops
