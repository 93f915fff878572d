"""Widgets floating over the canvas: the legend and the overview minimap."""

from __future__ import annotations

from PySide6.QtCore import Qt

from designer.core import edits


def test_legend_can_be_dismissed(view, qtbot):
    view.set_legend_visible(True)
    qtbot.mouseClick(view.legend.close_button, Qt.MouseButton.LeftButton)
    assert not view.legend.isVisible()


def test_minimap_shows_only_when_something_is_off_screen(view):
    view._set_zoom(2.0)
    assert view.minimap.isVisible()
    view.zoom_to_fit()
    assert not view.minimap.isVisible()


def test_minimap_picture_draws_each_node_where_it_is_in_its_colour(view):
    from PySide6.QtGui import QColor

    from designer.ui.style import DELIVERY_COLOURS

    view._set_zoom(2.0)
    minimap = view.minimap
    image = minimap._draw_picture().toImage()
    ratio = minimap.devicePixelRatioF()
    s, o = minimap._scale, minimap._origin

    def pixel(element_id: str) -> str:
        c = view.diagram.node_for(element_id).rect().center()
        x, y = round((c.x() - o.x()) * s * ratio), round((c.y() - o.y()) * s * ratio)
        return QColor(image.pixel(x, y)).name().upper()

    assert pixel("it") == DELIVERY_COLOURS["shared"]
    assert pixel("dogs") == DELIVERY_COLOURS["joint"]
    assert pixel("response") == DELIVERY_COLOURS["local"]
    doc = view.document
    doc.try_edit("Share", edits.update_element, "dogs", delivery="shared", host_force="asp",
                 lead_force=None)
    minimap.scene_changed()
    image = minimap._draw_picture().toImage()
    assert pixel("dogs") == DELIVERY_COLOURS["shared"]
