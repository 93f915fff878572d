"""The scene's backdrop: the alliance band, one tinted lane per force with its header
strip, and the section captions and rules — everything drawn behind the nodes.

Built from the blueprint's layout and rebuilt only when something it shows changed
(a force renamed or recoloured, lanes or sections moved, the look switched).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from designer.core.layout import GUTTER, PAD, Layout, Rect
from designer.core.schema import Blueprint, Force
from designer.ui.canvas.items import Z_LANE, Z_SECTION, Style, elide, font, wrap
from designer.ui.style import text_on

if TYPE_CHECKING:
    from designer.ui.canvas.scene import DiagramScene


class Backdrop:
    """Lanes, band and captions of one :class:`DiagramScene` (held weakly: no cycle)."""

    def __init__(self, scene: DiagramScene):
        self._scene = weakref.proxy(scene)
        self.items: list[QGraphicsItem] = []
        self._key: tuple | None = None

    def ensure(self, bp: Blueprint, layout: Layout, style: Style) -> None:
        """Rebuild lanes, band and captions only when something they show has changed."""
        key = (bp.alliance.name, bp.forces, layout.band, tuple(layout.lanes),
               tuple(layout.sections), layout.bounds.width)
        old = self._key
        if old is not None and old[0] is style and old[1] == key:
            return
        self._build(bp, layout, style)
        self._key = (style, key)

    def forget(self) -> None:
        """The next :meth:`ensure` rebuilds whatever it is given (the look changed)."""
        self._key = None

    def _build(self, bp: Blueprint, layout: Layout, st: Style) -> None:
        scene = self._scene
        for item in self.items:
            scene.removeItem(item)
        self.items = []
        add = self.items.append
        width = layout.bounds.width

        def rect_item(r: Rect, fill: QColor, pen: QPen | None = None, z: float = Z_LANE) \
                -> QGraphicsRectItem:
            item = QGraphicsRectItem(r.x, r.y, r.width, r.height)
            item.setBrush(QBrush(fill))
            item.setPen(pen if pen is not None else QPen(Qt.PenStyle.NoPen))
            item.setZValue(z)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            scene.addItem(item)
            add(item)
            return item

        def text_item(text: str, role: str, colour: QColor, x: float, y: float,
                      z: float = Z_SECTION) -> QGraphicsSimpleTextItem:
            item = QGraphicsSimpleTextItem(text)
            item.setFont(font(role))
            item.setBrush(colour)
            item.setPos(x, y)
            item.setZValue(z)
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            scene.addItem(item)
            add(item)
            return item

        band = layout.band
        rule_pen = QPen(st.rule, 1.0)
        rule_pen.setCosmetic(st.cosmetic)
        rect_item(band, st.band, rule_pen)
        title = elide(f"{bp.alliance.name} — governance and joint units", "title",
                      band.width - 2 * PAD)
        text_item(title, "title", st.text, band.x + PAD, band.y + 10)
        forces: dict[str, Force] = {f.id: f for f in bp.forces}
        for lane in layout.lanes:
            force = forces[lane.force_id]
            rect_item(lane.rect, st.lane_tint(force.colour))
            header = rect_item(lane.header, QColor(force.colour))
            header.setToolTip(f"{force.name}\nPCC: {force.pcc}\n"
                              f"Chief Constable: {force.chief_constable}")
            ink = text_on(QColor(force.colour))
            name = elide(force.name, "header", lane.header.width - 2 * PAD - 60)
            text_item(name, "header", ink, lane.header.x + PAD, lane.header.y + 9, Z_LANE + 1)
            code = text_item(force.short_code, "sub", ink, 0, 0, Z_LANE + 1)
            code.setPos(lane.header.right - PAD - code.boundingRect().width(),
                        lane.header.y + 13)
            if lane is not layout.lanes[0]:
                sep = QPen(st.rule, 1.0)
                sep.setCosmetic(st.cosmetic)
                line = self._line(lane.rect.x, lane.rect.y, lane.rect.x, lane.rect.bottom, sep)
                line.setZValue(Z_SECTION)
                add(line)
        for section in layout.sections:
            text_item(wrap(section.label, "caption", GUTTER - 2 * PAD, 2), "caption", st.muted,
                      PAD, section.y + 6)
            line = self._line(PAD, section.y, width, section.y, rule_pen)
            line.setZValue(Z_SECTION)
            add(line)

    def _line(self, x1: float, y1: float, x2: float, y2: float, pen: QPen) -> QGraphicsLineItem:
        """A line made in Python, then added: ``addLine``'s C++-made item is freed with the
        scene while its Python wrapper lingers, which corrupts shiboken's object map."""
        line = QGraphicsLineItem(x1, y1, x2, y2)
        line.setPen(pen)
        self._scene.addItem(line)
        return line
