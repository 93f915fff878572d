"""Widgets floating over the canvas: the legend (dismissible) and the overview minimap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QFrame, QToolButton, QWidget

from designer.core.colouring import HEAT_STEPS, heat_key
from designer.core.delivery import MODELS
from designer.core.money import pounds_short
from designer.ui.canvas.items import (
    Style,
    arrow_path,
    data_fill,
    font,
    pin_path,
    text_on,
)
from designer.ui.style import OPTION_COLOUR, delivery_colour

if TYPE_CHECKING:
    from designer.ui.canvas.view import CanvasView


class Legend(QFrame):
    """What the shapes, badges, edges and (when on) the colours mean. Closable.

    Two columns, so it covers little of the diagram in the corner it sits in.
    """

    closed = Signal()
    ROW = 21

    def view(self) -> CanvasView:
        """The canvas this floats over (its parent; no Python back-reference, so no cycle)."""
        return self.parentWidget()  # type: ignore[return-value]

    COL = 176
    WIDTH = 2 * COL + 16
    TITLE_H = 30
    BASE = 10
    """Entries always shown (two columns of five), before the colouring's."""

    def __init__(self, view: CanvasView):
        super().__init__(view)
        self.setObjectName("canvasLegend")
        self.setAccessibleName("Legend")
        self.mode = "none"
        self.limits: tuple[int, ...] = ()
        self.folded = False
        self.setToolTip("Click the title to fold or unfold the legend")
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setToolTip("Hide the legend (View ▸ Legend shows it again)")
        self.close_button.setAccessibleName("Hide legend")
        self.close_button.setAutoRaise(True)
        self.close_button.setFixedSize(22, 22)
        self.close_button.clicked.connect(self._close)
        self.close_button.move(self.WIDTH - 28, 4)

    def _close(self) -> None:
        self.hide()
        self.closed.emit()

    def set_mode(self, mode: str, limits: tuple[int, ...] = ()) -> None:
        self.mode, self.limits = mode, limits
        self.adjustSize()
        self.update()

    def _entries(self) -> list[tuple[str, str, Any]]:
        """(kind of swatch, words, extra) in reading order, filled column by column."""
        entries: list[tuple[str, str, Any]] = [
            *(("delivery", m.legend, m.key) for m in MODELS.values()),
            ("edge", "Link", False),
            ("shape", "Team or unit", "team"),
            ("shape", "Policing area", "area"),
            ("shape", "Governance body", "body"),
            ("edge", "Chairs a body", True),
            ("reference", "Received from its host", "shared"),
            ("option", "Changed by option", None)
            if getattr(self.view().document, "option", None) else ("blank", "", None),
        ]
        if self.mode == "cost":
            bounds = (0, *self.limits)
            st = self.view().diagram.style
            for i in range(HEAT_STEPS):
                lo = pounds_short(bounds[i]) if i < len(bounds) else ""
                hi = pounds_short(self.limits[i]) if i < len(self.limits) else ""
                words = f"{lo} to {hi}" if hi else f"{lo} or more"
                entries.append(("swatch", words, data_fill(heat_key(i), st)))
            entries.append(("blank", "", None))
        elif self.mode == "status":
            st = self.view().diagram.style
            entries.append(("swatch", "Has an error", data_fill("error", st)))
            entries.append(("swatch", "Has a warning", data_fill("warning", st)))
        elif self.mode == "changes":
            st = self.view().diagram.style
            entries.append(("swatch", "Added since the file", data_fill("added", st)))
            entries.append(("swatch", "Changed since the file", data_fill("changed", st)))
        return entries

    def _title_rows(self) -> int:
        return 1 if self.mode in ("cost", "status", "changes") else 0

    def sizeHint(self) -> QSize:
        if self.folded:
            return QSize(120, self.TITLE_H)
        rows = (len(self._entries()) + 1) // 2 + self._title_rows()
        return QSize(self.WIDTH, self.TITLE_H + rows * self.ROW + 8)

    def set_folded(self, folded: bool) -> None:
        """Fold to just its title (small canvases), or unfold."""
        self.folded = folded
        self.close_button.move(self.sizeHint().width() - 28, 4)
        self.adjustSize()
        self.update()
        self.view()._update_minimap()  # unfolded, it may leave no room for the overview
        self.view()._place_overlays()

    def mousePressEvent(self, event: Any) -> None:
        if event.position().y() <= self.TITLE_H:
            self.set_folded(not self.folded)
        event.accept()

    def paintEvent(self, _event: Any) -> None:
        st: Style = self.view().diagram.style
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        bg = QColor(st.surface)
        bg.setAlpha(245)
        p.setPen(QPen(st.border, 1))
        p.setBrush(bg)
        p.drawRoundedRect(r, 6, 6)
        p.setFont(font("name"))
        p.setPen(st.text)
        p.drawText(QRectF(12, 4, 200, 22), Qt.AlignmentFlag.AlignVCenter,
                   "Legend ▸" if self.folded else "Legend")
        if self.folded:
            p.end()
            return
        entries = self._entries()
        base = entries[:self.BASE]
        extra = entries[self.BASE:]
        rows = self.BASE // 2
        for i, entry in enumerate(base):
            self._entry(p, st, 12 + (i // rows) * self.COL,
                        self.TITLE_H + (i % rows) * self.ROW, *entry)
        if extra:
            y0 = self.TITLE_H + rows * self.ROW
            p.setPen(st.muted)
            p.setFont(font("caption"))
            p.drawText(QRectF(12, y0, self.WIDTH, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                       {"cost": "Baseline cost", "changes": "Changes since the compared file"}
                       .get(self.mode, "Rule status"))
            half = (len(extra) + 1) // 2
            for i, entry in enumerate(extra):
                self._entry(p, st, 12 + (i // half) * self.COL,
                            y0 + self.ROW + (i % half) * self.ROW, *entry)
        p.end()

    def _entry(self, p: QPainter, st: Style, x: float, y: float, kind: str, words: str,
               extra: Any) -> None:
        if kind == "blank":
            return
        cy = y + self.ROW / 2
        if kind == "delivery":
            colour = QColor(delivery_colour(extra))
            p.setPen(QPen(colour, 1.4))
            p.setBrush(st.surface)
            p.drawRoundedRect(QRectF(x, cy - 9, 38, 18), 4, 4)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawEllipse(QRectF(x + 3, cy - 7, 14, 14))
            p.setPen(text_on(colour))
            f = QFont(font("badge"))  # a copy: the shared font must not shrink
            f.setPointSizeF(max(6.0, f.pointSizeF() - 1.5))
            p.setFont(f)
            p.drawText(QRectF(x + 3, cy - 7, 14, 14), Qt.AlignmentFlag.AlignCenter,
                       MODELS[extra].badge)
        elif kind == "shape":
            path = QPainterPath()
            if extra == "team":
                path.addRoundedRect(QRectF(x, cy - 7, 38, 14), 7, 7)
            elif extra == "area":
                path.addRect(QRectF(x, cy - 8, 38, 16))
            else:
                pts = ((x + 5, cy - 8), (x + 33, cy - 8), (x + 38, cy), (x + 33, cy + 8),
                       (x + 5, cy + 8), (x, cy))
                path.moveTo(*pts[0])
                for pt in pts[1:]:
                    path.lineTo(*pt)
                path.closeSubpath()
            p.setPen(QPen(st.text if extra == "body" else st.border, 1.1))
            p.setBrush(st.surface if extra == "body" else st.surface_alt)
            p.drawPath(path)
            if extra == "area":
                p.save()
                p.translate(x + 4, cy - 5.5)
                p.scale(0.65, 0.65)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(st.muted)
                p.drawPath(pin_path())
                p.restore()
        elif kind == "reference":  # a unit as a partner's lane shows it: dashed, an arrow
            colour = QColor(delivery_colour(extra))
            pen = QPen(colour, 1.3, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(st.reference_fill(extra))
            p.drawRoundedRect(QRectF(x, cy - 9, 38, 18), 4, 4)
            p.save()
            p.translate(x + 3, cy - 7)
            p.scale(14 / 22, 14 / 22)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawPath(arrow_path())
            p.restore()
        elif kind == "edge":
            pen = QPen(st.edge, 1.2, Qt.PenStyle.DashLine if extra else Qt.PenStyle.SolidLine)
            p.setPen(pen)
            p.drawLine(QPointF(x, cy), QPointF(x + 38, cy))
            if not extra:
                p.setPen(QPen(st.edge, 1.2))
                p.drawLine(QPointF(x + 38, cy), QPointF(x + 32, cy - 4))
                p.drawLine(QPointF(x + 38, cy), QPointF(x + 32, cy + 4))
        elif kind == "swatch":
            p.setPen(QPen(st.border, 1))
            p.setBrush(extra)
            p.drawRoundedRect(QRectF(x, cy - 8, 38, 16), 3, 3)
        elif kind == "option":  # the tag on what the option shown changes or adds
            colour = QColor(OPTION_COLOUR)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(x, cy - 8, 38, 16), 3, 3)
            p.setPen(text_on(colour))
            p.setFont(font("badge"))
            p.drawText(QRectF(x, cy - 8, 38, 16), Qt.AlignmentFlag.AlignCenter, "Δ +")
        p.setPen(st.text)
        p.setFont(font("sub"))
        p.drawText(QRectF(x + 48, y, self.COL - 52, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                   words)


class Minimap(QWidget):
    """The whole diagram in miniature, with the part on screen outlined; click or drag to go."""

    MAX_W, MAX_H = 240, 160

    def view(self) -> CanvasView:
        """The canvas this floats over (its parent; no Python back-reference, so no cycle)."""
        return self.parentWidget()  # type: ignore[return-value]

    def __init__(self, view: CanvasView):
        super().__init__(view)
        self.setObjectName("canvasMinimap")
        self.setAccessibleName("Overview")
        self.setToolTip("Overview: click or drag to move around")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._picture: QPixmap | None = None
        self._scale = 1.0
        self._origin = QPointF()
        self.resize(self.MAX_W, 120)

    def scene_changed(self) -> None:
        self._picture = None
        rect = self.view().diagram.sceneRect()
        vp = self.view().viewport().size()
        max_w = min(self.MAX_W, max(120, vp.width() // 5))  # a fifth of a small canvas
        max_h = min(self.MAX_H, max(80, vp.height() // 4))
        if rect.width() > 0 and rect.height() > 0:
            s = min(max_w / rect.width(), max_h / rect.height())
            self.resize(max(80, round(rect.width() * s)), max(60, round(rect.height() * s)))
        self.update()

    def _draw_picture(self) -> QPixmap:
        """Lanes and nodes as flat rectangles, drawn in a few batched calls (cheap at 5k)."""
        sc = self.view().diagram
        st = sc.style
        ratio = self.devicePixelRatioF()
        pix = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pix.setDevicePixelRatio(ratio)
        pix.fill(st.canvas)
        rect = sc.sceneRect()
        s = min(self.width() / rect.width(), self.height() / rect.height())
        self._scale, self._origin = s, rect.topLeft()
        p = QPainter(pix)
        p.scale(s, s)
        p.translate(-rect.topLeft())
        p.setPen(Qt.PenStyle.NoPen)
        layout = sc.layout
        if layout is not None and sc.blueprint is not None:
            band = layout.band
            p.setBrush(QColor(st.band.red(), st.band.green(), st.band.blue(), 30))
            p.drawRect(QRectF(band.x, band.y, band.width, band.height))
            colours = {f.id: f.colour for f in sc.blueprint.forces}
            for lane in layout.lanes:
                c = QColor(colours.get(lane.force_id, "#999999"))
                c.setAlpha(40)
                p.setBrush(c)
                r = lane.rect
                p.drawRect(QRectF(r.x, r.y, r.width, r.height))
                p.setBrush(QColor(colours.get(lane.force_id, "#999999")))
                h = lane.header
                p.drawRect(QRectF(h.x, h.y, h.width, h.height))
        # Nodes as whole device pixels, from the scene's plain-number geometry: at 75,000
        # elements most nodes are under a pixel here, so the covered pixels are far fewer
        # than the nodes, and asking 80,000 items for their rectangles took a second.
        k = s * ratio
        ox, oy = rect.left(), rect.top()
        nodes = sc.nodes
        groups: dict[str, set[tuple[int, int, int, int]]] = {}
        for key, (x, y, w, h) in sc.geom.items():
            node = nodes.get(key)
            if node is None:
                continue
            # the pixels whose centres the box covers, as an aliased fill paints them
            x0, y0 = (x - ox) * k + 0.5, (y - oy) * k + 0.5
            px, py = int(x0), int(y0)
            pw, ph = int(x0 + w * k) - px, int(y0 + h * k) - py
            if pw > 0 and ph > 0:
                groups.setdefault(node.text.delivery or node.kind, set()).add((px, py, pw, ph))
        fills = {**{d: delivery_colour(d) for d in MODELS}, "team": st.border.name(),
                 "area": st.muted.name(), "body": st.text.name(), "role": st.surface.name()}
        p.resetTransform()
        p.scale(1 / ratio, 1 / ratio)
        for group, cells in groups.items():
            p.setBrush(QBrush(QColor(fills.get(group, "#888888"))))
            p.drawRects([QRect(*cell) for cell in cells])
        p.end()
        return pix

    def paintEvent(self, _event: Any) -> None:
        if self._picture is None:
            self._picture = self._draw_picture()
        st = self.view().diagram.style
        p = QPainter(self)
        p.drawPixmap(0, 0, self._picture)
        visible = self.view().visible_scene_rect()
        s, o = self._scale, self._origin
        r = QRectF((visible.x() - o.x()) * s, (visible.y() - o.y()) * s,
                   visible.width() * s, visible.height() * s).intersected(
                       QRectF(self.rect()).adjusted(1, 1, -1, -1))
        p.setPen(QPen(st.selection, 1.5))
        p.setBrush(QColor(st.selection.red(), st.selection.green(), st.selection.blue(), 28))
        p.drawRect(r)
        p.setPen(QPen(st.border, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        p.end()

    def _go(self, event: QMouseEvent) -> None:
        pos = event.position()
        s, o = self._scale, self._origin
        if s > 0:
            self.view().centerOn(QPointF(pos.x() / s + o.x(), pos.y() / s + o.y()))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._go(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._go(event)

