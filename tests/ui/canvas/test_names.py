"""Shortened names never collide on the canvas or in the diagram files (issue 13 item 18):
both PCC offices read "Office of the PCC for D…", and the roads and firearms teams
"Alliance Operations: …"."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from designer.core import edits, io
from designer.ui.canvas.render import render_diagram
from designer.ui.canvas.scene import DiagramScene
from tests.build import area, blueprint, force, function, team
from tests.build import board as body
from tests.core.test_samples import MODELS

PCC = ("Office of the Police and Crime Commissioner for Devon and Cornwall and the Isles of "
       "Scilly, Estates and Resources Directorate: Plymouth",
       "Office of the Police and Crime Commissioner for Devon and Cornwall and the Isles of "
       "Scilly, Estates and Resources Directorate: Exeter")
TEAMS = ("Alliance Operations Command and Specialist Support Services: Roads Policing Unit",
         "Alliance Operations Command and Specialist Support Services: Firearms Unit",
         "Alliance Operations Command and Specialist Support Services: Dogs Section")


def devon_dorset():
    """A fourth alliance as a new user wrote it: two forces, long alike names."""
    return blueprint(
        force("dc", name="Devon and Cornwall Police", short_code="D&C"),
        force("dorset", name="Dorset Police", short_code="DOR"),
        areas=[area("plymouth", "dc"), area("poole", "dorset")],
        bodies=[body(["dc", "dorset"], "pcc-dc", name=PCC[0], kind="pcc-office",
                     chairs=("dc.pcc",)),
                body(["dc", "dorset"], "pcc-dorset", name=PCC[1], kind="pcc-office",
                     chairs=("dorset.pcc",))],
        functions=[function("ops", "operational-support/firearms", delivery="joint",
                            lead_force="dc", name="Alliance Operations: armed policing")],
        teams=[team(f"t{i}", "ops", "alliance", name=n, fte=40.0)
               for i, n in enumerate(TEAMS)])


def labels(scene: DiagramScene) -> dict[tuple[str, str | None], str]:
    """Each node's name label, as drawn."""
    scene.ensure_details()
    out = {}
    for key, node in scene.nodes.items():
        out[key] = next(item for item, muted in node.labels if not muted).text()
    return out


def assert_distinct_and_inside(scene: DiagramScene) -> dict:
    """No two different names read the same in a region of the diagram (the band, a
    force's lane: what a reader takes in together, and a page of the PDF), and every
    label inside its node."""
    drawn = labels(scene)
    by_words: dict[tuple[str | None, str], set[str]] = {}
    for key, words in drawn.items():
        by_words.setdefault((key[1], words), set()).add(scene.nodes[key].text.name)
    assert all(len(names) == 1 for names in by_words.values()), \
        {w: n for w, n in by_words.items() if len(n) > 1}
    for key, node in scene.nodes.items():
        for item, _muted in node.labels:
            box = item.mapRectToItem(node.body, item.boundingRect())
            assert box.right() <= node.size[0] + 0.5 and box.bottom() <= node.size[1] + 0.5, \
                (key, item.text())
    return drawn


def test_alike_names_read_differently_and_fit_their_nodes(qapp):
    scene = DiagramScene()
    scene.set_blueprint(devon_dorset())
    drawn = assert_distinct_and_inside(scene)
    offices = [drawn[("pcc-dc", None)], drawn[("pcc-dorset", None)]]
    assert "Plymouth" in offices[0] and "Exeter" in offices[1]
    teams = [w for k, w in drawn.items() if k[0].startswith("t")]
    assert len(set(teams)) == 3
    assert any("Roads" in w for w in teams) and any("Firearms" in w for w in teams)


def test_the_full_name_is_on_hover_and_forces_go_by_their_short_codes(qapp):
    scene = DiagramScene()
    scene.set_blueprint(devon_dorset())
    scene.ensure_details()
    ops = scene.node_for("ops")
    assert ops.text.sub.startswith("Joint · led by D&C")
    assert "Devon and Cornwall Police" in scene.tooltip_for(ops)
    for key in (("pcc-dc", None), ("pcc-dorset", None)):
        assert scene.nodes[key].body.toolTip().startswith(scene.nodes[key].text.name)
    team_node = scene.node_for("t0")
    assert team_node.body.toolTip().startswith(TEAMS[0])


def test_a_rename_that_makes_two_names_alike_relabels_the_one_already_drawn(qapp):
    bp = devon_dorset()
    scene = DiagramScene()
    scene.set_blueprint(bp)
    scene.ensure_details()
    bp = edits.update_element(bp, "t2", name="Alliance Operations: Roads Policing Unit North")
    scene.set_blueprint(bp)
    assert_distinct_and_inside(scene)
    bp = edits.update_element(bp, "t2", name="Alliance Operations: Roads Policing Unit South")
    scene.set_blueprint(bp)
    bp = edits.update_element(bp, "t0", name="Alliance Operations: Roads Policing Unit Nort")
    scene.set_blueprint(bp)
    assert_distinct_and_inside(scene)


def test_the_diagram_files_tell_the_names_apart(qapp, tmp_path):
    path = render_diagram(devon_dorset(), tmp_path / "d.svg")
    root = ET.fromstring(path.read_bytes())
    words = " ".join("".join(t.itertext()) for t in root.iter() if t.tag.endswith("text"))
    for told_apart in ("Plymouth", "Exeter", "Roads", "Firearms", "Dogs"):
        assert told_apart in words


@pytest.mark.parametrize("model", sorted(p.name for p in MODELS.glob("*.json")))
def test_no_two_names_read_alike_in_the_samples(qapp, model):
    """Names alike in different ways ("X Police: fleet", "Y Police: fleet", "X Police:
    firearms") are told apart across the groups they fall in, too."""
    scene = DiagramScene()
    scene.set_blueprint(io.load(MODELS / model))
    assert_distinct_and_inside(scene)
