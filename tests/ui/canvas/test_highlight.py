"""The highlighted path on the canvas: ids in order, the rest dimmed, cleared on demand."""

from __future__ import annotations

import pytest

from designer.core import edits
from designer.ui.canvas.highlight import FORCE_NAME_WIDTH, Z_LIFTED, Z_VEIL
from designer.ui.canvas.scene import DiagramScene
from tests.core.test_trace import workshop


@pytest.fixture
def scene(qapp):
    sc = DiagramScene()
    sc.set_blueprint(workshop())
    return sc


def test_a_path_is_highlighted_in_order_over_a_veil(scene):
    path = ("b-east", "arv", "firearms", "a", "board", "a.pcc", "b.pcc", "nowhere")
    shown = scene.highlight_path(path)
    assert shown == path[:-1]  # an id the canvas does not show is skipped
    h = scene.highlight
    assert h.active and h._veil is not None and h._veil.zValue() == Z_VEIL
    lifted = {node.element_id for node, _z in h._lifted}
    assert lifted == {"b-east", "arv", "firearms", "board", "a.pcc", "b.pcc"}
    assert all(node.body.zValue() == Z_LIFTED for node, _z in h._lifted)
    assert len(h._rings) == 7  # six nodes and force a's lane header
    assert h._line is not None and not h.rect().isNull()
    lane = scene.layout.lane("a").header  # the force: where its name is, in its header
    assert h.rect(["a"]).left() == pytest.approx(lane.x)
    assert h.rect(["a"]).width() == pytest.approx(min(lane.width, FORCE_NAME_WIDTH))


def test_clearing_puts_everything_back(scene):
    before = {key: node.body.zValue() for key, node in scene.nodes.items()}
    items = len(scene.items())
    scene.highlight_path(("b-east", "arv", "firearms"))
    assert len(scene.items()) > items
    scene.clear_highlight()
    assert not scene.highlight.active
    assert {key: node.body.zValue() for key, node in scene.nodes.items()} == before
    assert len(scene.items()) == items


def test_nothing_found_highlights_nothing(scene):
    assert scene.highlight_path(("nowhere", "")) == ()
    assert not scene.highlight.active and scene.highlight._veil is None


def test_the_highlight_follows_an_edit(scene):
    scene.highlight_path(("b-east", "cust-b", "custody"))
    bp = edits.update_element(scene.blueprint, "cust-b", name="Custody suite B")
    scene.set_blueprint(bp)
    assert scene.highlight.shown == ("b-east", "cust-b", "custody")
    node = scene.node_for("cust-b")
    assert node.body.zValue() == Z_LIFTED
    scene.set_blueprint(edits.remove_elements(bp, ["cust-b"]))
    assert scene.highlight.shown == ("b-east", "custody")


def test_a_local_function_is_taken_in_the_lane_nearest_the_step_before(scene):
    """Custody is local: a copy in each force's lane. From East (force b) the path goes to
    b's copy, not a's."""
    scene.highlight_path(("b-east", "cust-b", "custody"))
    custody = [node for node, _z in scene.highlight._lifted if node.element_id == "custody"]
    assert [n.lane for n in custody] == ["b"]
