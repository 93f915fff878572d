"""The scene changes only what an edit changed."""

from __future__ import annotations

from designer.core import edits
from designer.ui.canvas.scene import DiagramScene
from tests.build import blueprint, function, team


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
    assert [k for k in scene.nodes if k[0] == "dogs"] == [("dogs", "b")]
    assert scene.nodes[("dogs", "b")].text.sub == "Hosted by B"
    assert scene.nodes[("dogs", "b")].text.delivery == "shared"
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
