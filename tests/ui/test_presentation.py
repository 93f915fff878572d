"""Presentation mode: full screen in large type, stepping through a chosen sequence, and
everything back exactly as it was on leaving."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem, QLabel

from designer.core import edits
from designer.ui.canvas.items import font_px
from designer.ui.canvas.view import PRESENT_PX
from designer.ui.main_window import STATE_VERSION
from designer.ui.style import is_dark


def _layout_of(window):
    """What presenting must give back: window geometry and state, each dock's visibility
    and place, the bars, the canvas's view and the selection."""
    return (window.geometry(), window.windowState(),
            {k: (d.isVisible(), d.geometry()) for k, d in window.docks.items()},
            window.toolbar.isVisible(), window.menuBar().isVisible(),
            window.statusBar().isVisible(), window.canvas.transform(),
            window.canvas.horizontalScrollBar().value(),
            window.canvas.verticalScrollBar().value(), window.document.selection())


@pytest.fixture
def presenting(window, qtbot):
    """The sample window, docks settled, presenting (left again at the end)."""
    window.reset_layout()
    qtbot.wait(10)  # let the dock layout settle: what leaving must give back
    window.activateWindow()
    window.act_present.trigger()
    qtbot.waitUntil(lambda: window.presenter.active and window.isFullScreen())
    yield window.presenter
    window.presenter.leave()


def _key(window, key):
    """A key as the presenter presses it, wherever the focus is on the canvas."""
    target = window.focusWidget() or window.canvas
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(target, key)


def test_entering_puts_everything_away_and_leaving_brings_it_back_exactly(window, qtbot):
    window.reset_layout()
    window.docks["outline"].raise_()  # a tab other than the first, to come back to
    window.canvas.zoom_by(1.3)
    window.document.select(("ict",))
    qtbot.wait(10)
    before = _layout_of(window)
    steps = window.document.undo_stack.count()
    window.act_present.trigger()
    qtbot.waitUntil(window.isFullScreen)
    assert window.presenter.active and window.act_present.isChecked()
    assert not any(d.isVisible() for d in window.docks.values())
    assert not (window.toolbar.isVisible() or window.menuBar().isVisible()
                or window.statusBar().isVisible())
    assert window.presenter.strip.isVisible()
    geometry = window.saveGeometry()
    window.save_layout()  # quitting while presenting remembers the window as it was
    assert window.settings.value("window/geometry") != geometry
    window.presenter.go(1)
    window.presenter.leave()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert _layout_of(window) == before
    assert window.docks["outline"].visibleRegion().isEmpty() is False  # its tab in front
    assert not window.presenter.strip.isVisible() and not window.act_present.isChecked()
    assert window.document.undo_stack.count() == steps  # presenting changed nothing


def test_page_down_and_its_friends_step_through_the_sequence(presenting, qtbot):
    window = presenting.window
    steps = presenting.steps
    assert [s.title for s in steps][:1] == ["Shared and joint units · 1 of 1"]
    assert len(steps) == 3  # the joint dog unit, then each force's lane
    assert presenting.index == -1 and "3 steps" in presenting.strip.caption.text()
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Right):
        before = presenting.index
        _key(window, key)
        assert presenting.index == before + 1, key
    assert presenting.index == 2
    _key(window, Qt.Key.Key_Down)
    assert presenting.index == 2  # the last step stays
    assert presenting.strip.counter.text() == "3 / 3"
    assert steps[2].caption.startswith(presenting.strip.caption.text()[:20])
    for key in (Qt.Key.Key_PageUp, Qt.Key.Key_Backspace):
        before = presenting.index
        _key(window, key)
        assert presenting.index == before - 1, key
    assert presenting.index == 0
    assert window.document.selection() == ("dogs",)  # the step's unit, selected
    assert presenting.strip.title.text() == "Shared and joint units · 1 of 1"
    _key(window, Qt.Key.Key_End)
    assert presenting.index == 2
    _key(window, Qt.Key.Key_Home)
    assert presenting.index == 0
    _key(window, Qt.Key.Key_Left)
    assert presenting.index == -1  # back to the opening card


def test_stepping_keys_do_nothing_outside_a_presentation(window, qtbot):
    assert not any(a.isEnabled() for a in window.presenter.actions.values())
    window.document.select(("ict",))
    window.canvas.setFocus()
    _key(window, Qt.Key.Key_PageDown)
    assert window.presenter.index == -1 and window.document.selection() == ("ict",)


def test_the_chosen_sources_make_the_sequence(presenting, window):
    presenting.set_chosen(["lanes"])
    assert [s.lane for s in presenting.steps] == ["asp", "wilts"]
    presenting.set_chosen([])
    assert presenting.steps == ()
    presenting.go(0)
    assert presenting.index == -1 and "Nothing to step through" in \
        presenting.strip.caption.text()
    presenting.set_chosen(["units", "lanes"])
    assert len(presenting.steps) == 3


def test_the_sequence_follows_edits(presenting, window):
    window.document.try_edit("Share ICT", edits.set_arrangement, "ict", "wilts", "shared")
    assert [s.select for s in presenting.steps if s.select] == [("dogs",), ("ict",)]


def _text_sizes_on_canvas(canvas) -> list[float]:
    visible = canvas.visible_scene_rect()
    sizes = []
    for item in canvas.diagram.items(visible):
        if isinstance(item, QGraphicsSimpleTextItem) and item.isVisible() and item.text():
            scale = (item.sceneTransform() * canvas.viewportTransform()).m22()
            sizes.append(font_px(item.font()) * scale)
    return sizes


def test_the_smallest_text_is_18_px_on_a_1366_by_768_projector(presenting, window, qtbot):
    """Geometrically: every text on the canvas's screen, its font's pixel size mapped
    through its item's and the view's transforms, is at least 18 px high; so is the
    caption strip's lettering and the matrix's (M), badge letters included."""
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.size().width() == 1366)
    for index in range(-1, len(presenting.steps)):
        presenting.go(index)
        sizes = _text_sizes_on_canvas(window.canvas)
        assert sizes and min(sizes) >= PRESENT_PX - 1e-6, (index, min(sizes))
    for label in presenting.strip.findChildren(QLabel):
        assert label.font().pixelSize() >= PRESENT_PX, label.objectName()
    window.canvas.zoom_by(0.2)  # a presenter zooming out cannot go below it
    assert min(_text_sizes_on_canvas(window.canvas)) >= PRESENT_PX - 1e-6
    presenting.key_matrix()
    matrix = presenting.matrix
    assert matrix.isVisible() and not window.canvas.isVisible()
    assert matrix.font().pixelSize() >= PRESENT_PX
    assert matrix.horizontalHeader().font().pixelSize() >= PRESENT_PX
    assert matrix.delegate.badge >= PRESENT_PX  # a badge that holds an 18 px letter
    presenting.key_matrix()
    assert window.canvas.isVisible() and not matrix.isVisible()


def test_presenting_is_read_only(presenting, window, qtbot):
    canvas = window.canvas
    node = canvas.diagram.node_for("bristol")
    canvas.centerOn(node.rect().center())
    start = canvas.mapFromScene(node.rect().center())
    left = Qt.MouseButton.LeftButton
    steps = window.document.undo_stack.count()
    for kind, pos, buttons in ((QEvent.Type.MouseButtonPress, start, left),
                               (QEvent.Type.MouseMove, start + QPoint(40, 60), left),
                               (QEvent.Type.MouseMove, start + QPoint(80, 120), left),
                               (QEvent.Type.MouseButtonRelease, start + QPoint(80, 120),
                                Qt.MouseButton.NoButton)):
        event = QMouseEvent(kind, QPointF(pos), QPointF(canvas.viewport().mapToGlobal(pos)),
                            left, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(canvas.viewport(), event)
    assert window.document.selection() == ("bristol",)  # a press selects
    assert window.document.undo_stack.count() == steps  # ... and the drag panned
    assert window.document.element("bristol").position is None
    assert not canvas.legend.isVisible() and not canvas.minimap.isVisible()


def test_undo_and_redo_work_the_same_before_during_and_after(window, qtbot):
    doc = window.document
    doc.try_edit("Rename", edits.update_element, "ict", name="Information technology")
    window.presenter.enter()
    window.presenter.go(0)
    doc.undo_stack.undo()  # Ctrl+Z still works while presenting
    assert doc.element("ict").name == "Ict"
    window.presenter.leave()
    doc.undo_stack.redo()
    assert doc.element("ict").name == "Information technology"
    assert doc.undo_stack.count() == 1


def test_the_pointer_follows_the_mouse_and_p_toggles_it(presenting, window):
    spot = presenting.spotlight
    assert not spot.isVisible()
    _key(window, Qt.Key.Key_P)
    assert spot.isVisible()
    vp = window.canvas.viewport()
    for at in (QPoint(200, 150), QPoint(420, 300)):
        event = QMouseEvent(QEvent.Type.MouseMove, QPointF(at), QPointF(vp.mapToGlobal(at)),
                            Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(vp, event)
        assert spot.at == QPointF(at)
    assert spot.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    image = spot.grab().toImage()
    glow = image.pixelColor(420, 300)
    assert glow.alpha() > 0 or glow.red() > 0  # lit where the pointer is
    _key(window, Qt.Key.Key_P)
    assert not spot.isVisible()


def test_t_switches_light_and_dark_and_leaving_gives_the_users_theme_back(window, qtbot):
    window.set_theme("light")
    window.presenter.enter()
    window.presenter.key_theme()
    assert is_dark() and window.settings.value("presentation/theme") == "dark"
    window.presenter.leave()
    assert not is_dark()
    window.presenter.enter()  # the presentation's own choice is kept
    assert is_dark()
    window.presenter.leave()
    assert not is_dark()


def test_f5_enters_esc_leaves_and_check_rules_moved_to_f7(window, qtbot):
    assert window.act_present.shortcut().toString() == "F5"
    assert window.act_check.shortcut().toString() == "F7"
    window.activateWindow()
    window.canvas.setFocus()
    _key(window, Qt.Key.Key_F5)
    assert window.presenter.active
    _key(window, Qt.Key.Key_Escape)
    assert not window.presenter.active


def test_hide_all_panels_and_back_exactly(window, qtbot):
    window.reset_layout()
    qtbot.wait(10)
    before = _layout_of(window)
    window.act_hide_docks.trigger()
    assert not any(d.isVisible() for d in window.docks.values())
    assert window.act_hide_docks.isChecked() and window.canvas.isVisible()
    window.save_layout()  # what is saved meanwhile is the layout to come back to
    assert window.settings.value("window/state") != window.saveState(STATE_VERSION)
    window.act_hide_docks.trigger()
    assert window.settings.value("window/state") == window.saveState(STATE_VERSION)
    assert _layout_of(window) == before
    assert not window.act_hide_docks.isChecked()


def test_a_registered_source_is_offered_in_view_present_and_presented(window, monkeypatch):
    from designer.core import presentation

    monkeypatch.setattr(presentation, "SOURCES", dict(presentation.SOURCES))
    presentation.register(presentation.StepSource(
        "stand-in", "Questions for the board", "tests.core.test_presentation:stand_in_steps"))
    window.present_menu.aboutToShow.emit()
    entries = {a.text(): a for a in window.present_menu.actions()}
    assert list(entries) == ["Shared and joint units", "Force by force",
                             "Demand walk-throughs", "Options", "Open challenges",
                             "Questions for the board"]
    assert all(a.isChecked() for a in entries.values())  # all, the first time
    entries["Force by force"].toggle()  # unticked: remembered in the settings
    assert window.presenter.chosen() == ["units", "walkthroughs", "options", "challenges",
                                         "stand-in"]
    window.presenter.enter()
    assert [s.title for s in window.presenter.steps][-2:] == ["Open challenges"] * 2
    window.presenter.key_last()
    assert window.document.selection() == (window.presenter.steps[-1].select)
    window.presenter.leave()


def test_a_walk_through_is_presented_step_by_step_with_its_path_lit(presenting, window):
    from designer.core.schema import Step, Walkthrough

    area = window.document.blueprint.areas[0]
    window.document.try_edit("Add", edits.add_walkthrough, Walkthrough(
        id="w", title="Dogs needed", area=area.id,
        steps=(Step(category="operational-support/dogs"),)), touched=frozenset())
    presenting.set_chosen(["walkthroughs"])
    [step] = presenting.steps
    assert step.title == "Walk-through 1 of 1: Dogs needed"
    presenting.go(0)
    scene = window.canvas.diagram
    assert scene.highlight.active and scene.highlight.shown[0] == area.id
    assert presenting.strip.caption.text() == step.caption
    presenting.go(-1)  # the opening card: nothing lit
    assert not scene.highlight.active
    presenting.go(0)
    presenting.leave()
    assert not scene.highlight.active
