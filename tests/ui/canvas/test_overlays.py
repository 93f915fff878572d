"""Widgets floating over the canvas: the legend and the overview minimap."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QMenu

from designer.core import edits
from tests.build import add_network_model


def test_legend_can_be_dismissed(view, qtbot):
    view.set_legend_visible(True)
    qtbot.mouseClick(view.legend.close_button, Qt.MouseButton.LeftButton)
    assert not view.legend.isVisible()


def test_minimap_shows_only_when_something_is_off_screen(view):
    view.zoom_by(2.0 / view.zoom())
    assert view.minimap.isVisible()
    view.zoom_to_fit()
    assert not view.minimap.isVisible()


def test_minimap_picture_draws_each_node_where_it_is_in_its_colour(view):
    from PySide6.QtGui import QColor

    from designer.ui.style import DELIVERY_COLOURS

    view.zoom_by(2.0 / view.zoom())
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


def test_legend_explains_the_colours_only_when_the_canvas_is_coloured(view):
    view.set_colour_by("none")
    plain = view.legend.sizeHint().height()
    view.set_colour_by("status")  # error and warning swatches
    status = view.legend.sizeHint().height()
    view.set_colour_by("cost")  # a row for each step of the heat scale
    cost = view.legend.sizeHint().height()
    assert plain < status < cost
    assert view.legend.mode == "cost" and view.legend.limits == view.diagram.heat_limits
    view.set_colour_by("none")
    assert view.legend.sizeHint().height() == plain


def test_clicking_the_legend_title_folds_and_unfolds_it(view, qtbot):
    legend = view.legend
    view.set_legend_visible(True)
    legend.set_folded(False)
    full = legend.height()
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton, pos=QPoint(40, legend.TITLE_H // 2))
    assert legend.folded and legend.height() == legend.TITLE_H < full
    assert legend.isVisible()
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton, pos=QPoint(40, legend.TITLE_H // 2))
    assert not legend.folded and legend.height() == full
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton, pos=QPoint(40, full - 8))
    assert not legend.folded  # a click below the title leaves it as it is


def test_closing_the_legend_unticks_its_menu_entry(view, qtbot):
    menu = QMenu()
    view.add_view_actions(menu)
    entry = next(a for a in menu.actions() if a.text() == "&Legend")
    view.set_legend_visible(True)
    entry.setChecked(True)
    with qtbot.waitSignal(view.legend.closed):
        qtbot.mouseClick(view.legend.close_button, Qt.MouseButton.LeftButton)
    assert not entry.isChecked() and not view.legend.isVisible()
    entry.setChecked(True)  # View > Legend brings it back
    assert view.legend.isVisible()


def test_clicking_or_dragging_on_the_minimap_moves_the_canvas_there(view, qtbot):
    view.zoom_by(2.0 / view.zoom())
    minimap = view.minimap
    assert minimap.isVisible()
    minimap.repaint()  # drawn, as the user sees it before clicking
    scene = view.diagram.sceneRect()
    corner = QPoint(minimap.width() - 2, minimap.height() - 2)
    qtbot.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=corner)
    assert view.visible_scene_rect().contains(scene.bottomRight() - QPointF(4, 4))
    qtbot.mousePress(minimap, Qt.MouseButton.LeftButton, pos=corner)
    qtbot.mouseMove(minimap, QPoint(2, 2))  # dragging, the button held down
    qtbot.mouseRelease(minimap, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert view.visible_scene_rect().contains(scene.topLeft() + QPointF(4, 4))


def test_the_legend_lists_every_delivery_model(view, monkeypatch):
    add_network_model(monkeypatch)
    view.set_legend_visible(True)
    entries = [e for e in view.legend._entries() if e[0] == "delivery"]
    assert [e[2] for e in entries] == ["local", "shared", "joint", "network"]
    assert entries[-1][1] == "Networked: one coordinator"
    view.legend.grab()  # draws its swatch and badge


def test_on_a_short_canvas_the_overview_never_covers_the_legend(view, qtbot):
    """Issue 13 item 23: in a window sized for a small screen the canvas is short, and the
    overview was drawn over the legend's title."""
    view.set_legend_visible(True)
    view.resize(420, 190)
    qtbot.waitUntil(lambda: view.viewport().height() < 190)
    view.zoom_by(3.0 / view.zoom())  # part of the diagram off screen: an overview wanted
    for height in (190, 240, 420):
        view.resize(420, height)
        qtbot.waitUntil(lambda h=height: view.height() == h)
        if view.minimap.isVisible() and view.legend.isVisible():
            assert not view.minimap.geometry().intersects(view.legend.geometry()), height
    assert view.minimap.isVisible()  # at 420 pixels there is room for both


def test_painting_the_legend_leaves_the_canvas_fonts_alone(view):
    """The legend draws its badges a little smaller, on a copy of the shared font: the
    canvas's badge letters (and the smallest text size presenting relies on) stay put."""
    from designer.ui.canvas.items import font

    view.set_legend_visible(True)
    view.legend.set_folded(False)
    for _ in range(3):
        view.legend.grab()
    assert font("badge").pointSizeF() == font("sub").pointSizeF()  # as font() made it
