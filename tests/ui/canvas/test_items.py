"""The canvas's drawing pieces: node outlines and labels, link paths and pens, fonts."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from designer.core.delivery import MODELS
from designer.core.layout import NODE_SIZE
from designer.core.node_text import NodeText
from designer.ui.canvas.items import (
    HEAT,
    NodeItem,
    Style,
    edge_pen,
    metrics,
    polyline_path,
    shape_path,
    wrap,
)
from designer.ui.style import delivery_colour, text_on

LIGHT = Style.light_style()


def texts_under(item) -> list[str]:
    """Every text item below ``item``, depth first."""
    found = []
    for child in item.childItems():
        if isinstance(child, QGraphicsSimpleTextItem):
            found.append(child.text())
        found += texts_under(child)
    return found


# ---------------------------------------------------------------- shapes


@pytest.mark.parametrize("kind", list(NODE_SIZE))
def test_each_kind_of_node_fills_its_box_and_is_built_once(qapp, kind):
    w, h = NODE_SIZE[kind]
    path = shape_path(kind, w, h)
    assert path.boundingRect() == QRectF(0, 0, w, h)
    assert path.contains(QPointF(w / 2, h / 2))
    assert shape_path(kind, w, h) is path  # shared by every node of the kind


def test_shapes_tell_the_kinds_apart(qapp):
    """Areas are square-cornered, teams and role chips pill-shaped, bodies pointed."""
    corner = QPointF(1, 1)
    assert shape_path("area", 208, 44).contains(corner)
    assert not shape_path("team", 184, 28).contains(corner)
    assert not shape_path("function", 208, 56).contains(corner)
    body = shape_path("body", 208, 60)
    assert not body.contains(corner) and body.contains(QPointF(2, 30))  # the point, mid-side
    with pytest.raises(KeyError):
        shape_path("cloud", 10, 10)


# ---------------------------------------------------------------- nodes


def test_a_nodes_words_and_badge_are_built_only_when_asked_for(qapp):
    node = NodeItem("dogs", None, NodeText("function", "Dogs", sub="Led by ASP",
                                           delivery="joint", tooltip="Dogs (joint)"))
    assert node.detail is None and node.labels == []  # far away: just the outline
    node.ensure_detail(LIGHT)
    assert texts_under(node.body) == [MODELS["joint"].badge, "Dogs", "Led by ASP"]
    assert node.body.toolTip() == "Dogs (joint)"
    node.set_detail_visible(False)
    assert not node.detail.isVisible()


def test_a_name_too_long_for_its_lines_is_wrapped_then_cut_inside_the_node(qapp):
    name = ("Serious and organised crime, regional asset recovery, economic crime, cyber "
            "crime and the regional organised crime unit's intelligence cell")
    node = NodeItem("soc", None, NodeText("function", name, delivery="shared",
                                          tooltip=name))
    node.ensure_detail(LIGHT)
    label = next(item for item, muted in node.labels if not muted)
    lines = label.text().split("\n")
    assert len(lines) == 3  # no line under the name: it may take a third
    shown = " ".join(lines)
    assert shown.endswith("…") and name.startswith(shown[:-1])
    assert label.pos().x() + label.boundingRect().width() <= node.size[0]
    assert label.pos().y() >= 0 and label.pos().y() + label.boundingRect().height() \
        <= node.size[1]
    assert node.body.toolTip() == name  # whole on hover


def test_a_name_that_fits_two_lines_is_never_cut(qapp):
    name = "Central communications unit (control room)"
    node = NodeItem("ccu", None, NodeText("function", name, "Joint · led by Avon and Somerset",
                                          delivery="joint"))
    node.ensure_detail(LIGHT)
    name_label, sub_label = (item for item, _muted in node.labels)
    assert name_label.text().replace("\n", " ") == name
    assert sub_label.text().replace("\n", " ") == "Joint · led by Avon and Somerset"
    assert sub_label.pos().y() + sub_label.boundingRect().height() <= node.size[1]


def test_new_words_drop_the_old_labels_and_a_new_size_reshapes_the_outline(qapp):
    scene = QGraphicsScene()
    node = NodeItem("dogs", "a", NodeText("function", "Dogs", delivery="local"))
    scene.addItem(node.body)
    node.ensure_detail(LIGHT)
    assert len(scene.items()) > 1
    node.set_text(NodeText("function", "Hounds", delivery="shared"), (240.0, 60.0))
    assert node.detail is None and node.labels == []
    assert scene.items() == [node.body]  # the old words have left the scene
    assert node.body.path().boundingRect() == QRectF(0, 0, 240, 60)
    assert node.rect().size().toTuple() == (240.0, 60.0)
    node.ensure_detail(LIGHT)
    assert texts_under(node.body) == [MODELS["shared"].badge, "Hounds"]


def test_selection_and_delivery_show_in_the_outline(qapp):
    node = NodeItem("dogs", None, NodeText("function", "Dogs", delivery="joint"))
    node.apply(LIGHT, None, selected=False, detailed=True)
    assert node.body.pen().color() == QColor(delivery_colour("joint"))
    node.apply(LIGHT, None, selected=True, detailed=True)
    assert node.body.pen().color() == LIGHT.selection
    assert node.body.pen().widthF() > 2
    node.apply(LIGHT, None, selected=False, detailed=False)  # far: tinted by its model
    assert node.body.brush().color() == LIGHT.delivery_fill("joint")


def test_on_a_dark_heat_fill_the_words_turn_to_the_colour_that_reads(qapp):
    node = NodeItem("dogs", None, NodeText("function", "Dogs", sub="£1.2m"))
    node.ensure_detail(LIGHT)
    darkest = QColor(HEAT[-1])
    node.apply(LIGHT, darkest, selected=False, detailed=True)
    name, sub = (item for item, _ in node.labels)
    assert name.brush().color() == text_on(darkest)
    assert sub.brush().color().rgb() == text_on(darkest).rgb()  # muted: same ink, softer
    assert sub.brush().color().alpha() < 255
    node.apply(LIGHT, None, selected=False, detailed=True)  # back to plain
    assert name.brush().color() == LIGHT.text and sub.brush().color() == LIGHT.muted


# ---------------------------------------------------------------- links


def test_a_link_runs_from_its_first_point_to_its_last_with_rounded_corners(qapp):
    points = [(0.0, 0.0), (100.0, 0.0), (100.0, 80.0)]
    plain = polyline_path(points, arrow=False)
    assert plain.pointAtPercent(0).toTuple() == (0.0, 0.0)
    assert plain.pointAtPercent(1).toTuple() == (100.0, 80.0)
    assert plain.boundingRect() == QRectF(0, 0, 100, 80)
    assert 180 - 2 * 6 < plain.length() < 180  # the corner is cut by its radius, no more
    arrow = polyline_path(points, arrow=True)
    head = arrow.boundingRect().united(plain.boundingRect())
    assert arrow.length() > plain.length()  # the chevron's two strokes
    assert head.adjusted(-1, -1, 1, 1).contains(QRectF(0, 0, 100, 80))
    assert head.bottom() <= 80 + 1e-9  # the head points along the last run, not past it


def test_link_pens_are_shared_and_say_what_kind_of_link_it_is(qapp):
    plain = edge_pen(LIGHT, hot=False, kind="depends-on")
    assert edge_pen(LIGHT, hot=False, kind="depends-on") is plain
    assert plain.style() == Qt.PenStyle.SolidLine and plain.isCosmetic()
    assert edge_pen(LIGHT, hot=False, kind="chairs").style() == Qt.PenStyle.DashLine
    assert edge_pen(LIGHT, hot=False, kind="member").style() == Qt.PenStyle.DashLine
    hot = edge_pen(LIGHT, hot=True, kind="depends-on")
    assert hot.color() == LIGHT.edge_hot and hot.widthF() > plain.widthF()
    faded = edge_pen(LIGHT, hot=False, kind="depends-on", faded=True)
    assert faded.color().alpha() == 255  # paler, never translucent (slow to composite)
    canvas = LIGHT.canvas.lightness()
    assert abs(faded.color().lightness() - canvas) < abs(plain.color().lightness() - canvas)
    assert edge_pen(LIGHT, hot=True, kind="depends-on", faded=True) is hot  # selected: strong
    paper = dataclasses.replace(LIGHT, cosmetic=False)
    assert not edge_pen(paper, hot=False, kind="depends-on").isCosmetic()  # scales in print


# ---------------------------------------------------------------- looks and words


def test_the_style_follows_the_palette(qapp):
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    light = QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#F5F5F5"))
    assert Style.from_palette(dark).dark and not Style.from_palette(light).dark
    assert Style.from_palette(dark).text.lightness() > Style.from_palette(dark).canvas.lightness()


def test_wrapped_words_keep_to_the_width_and_the_number_of_lines(qapp):
    text = "Protecting vulnerable people, child sexual exploitation and offender management"
    wrapped = wrap(text, "name", 150, 2)
    lines = wrapped.split("\n")
    assert len(lines) == 2
    assert all(metrics("name").horizontalAdvance(line) <= 150 for line in lines)
    assert lines[-1].endswith("…")  # the rest did not fit: cut, and said so
    assert wrap("Dogs", "name", 150, 2) == "Dogs"


def test_open_challenges_are_a_numbered_bubble_over_the_top_right_corner(qapp):
    from designer.ui.style import CHALLENGE_COLOUR

    node = NodeItem("dogs", None, NodeText("function", "Dogs", "Joint", "joint"))
    node.ensure_detail(LIGHT)
    plain = texts_under(node.body)
    node.set_challenges(3)
    assert node.detail is None  # rebuilt with the badge when next shown
    node.ensure_detail(LIGHT)
    assert texts_under(node.body) == [*plain, "3"]
    bubble = next(c for c in node.detail.childItems()
                  if c.brush().color().name().upper() == CHALLENGE_COLOUR.upper())
    w, _h = node.size
    box = bubble.mapRectToItem(node.body, bubble.boundingRect())
    assert box.right() <= w and box.top() < 0 < box.bottom()  # on the corner, inside the width
    node.set_challenges(120)
    node.ensure_detail(LIGHT)
    assert texts_under(node.body)[-1] == "99+"
    node.set_challenges(0)
    node.ensure_detail(LIGHT)
    assert texts_under(node.body) == plain
