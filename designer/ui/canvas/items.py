"""The canvas's drawing pieces: node shapes, labels, badges, edges, lanes.

Everything here is a stock C++ graphics item (``QGraphicsPathItem``,
``QGraphicsSimpleTextItem``, ``QGraphicsRectItem``) configured from Python, never a
Python ``paint()`` override: painting then runs without calling back into Python,
bounding rects and shapes are cached by Qt, and each shape's ``QPainterPath`` is built
once per kind and shared by every node of that kind. A node's labels and badge live in
a ``detail`` child created lazily (only when the node is shown close enough to read)
and hidden as a whole when zoomed out — the level of detail.
"""

from __future__ import annotations

import atexit
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsSimpleTextItem,
)

from designer.core.canvas_edges import EdgeSpec as EdgeSpec  # which edges: core's to say
from designer.core.colouring import heat_step_of
from designer.core.delivery import MODELS
from designer.core.layout import NODE_SIZE
from designer.core.node_text import NodeText, wrap_lines
from designer.core.palette import DELIVERY_TINT, LANE_TINT, PAPER
from designer.core.short_names import ELLIPSIS
from designer.ui.style import CHALLENGE_COLOUR, OPTION_COLOUR, delivery_colour, text_on

ERROR_COLOUR = "#D55E00"
WARNING_COLOUR = "#F0E442"
HEAT = ("#FFF7D6", "#FDDC8A", "#F6B04D", "#E07B2E", "#B8461B")
"""Sequential heat scale, light to dark (readable in greyscale: lightness falls steadily)."""
ADDED_COLOUR = "#009E73"
CHANGED_COLOUR = "#56B4E9"
STATUS_FILLS = {"error": (ERROR_COLOUR, 0.30), "warning": (WARNING_COLOUR, 0.55),
                "added": (ADDED_COLOUR, 0.35), "changed": (CHANGED_COLOUR, 0.45)}
"""A finding's (or a change's) colour and how much of it shows over the node's surface
(Okabe–Ito colours, told apart by colour-blind readers)."""

KEY_ROLE = 0  # item.data(KEY_ROLE): (element id, lane force id or None) of a node
EDGE_ROLE = 2  # item.data(EDGE_ROLE): index into the scene's edge list

Z_LANE, Z_SECTION, Z_EDGE, Z_NODE, Z_EDGE_HOT = -30.0, -20.0, -10.0, 0.0, -5.0


# ---------------------------------------------------------------- colours


@dataclass(frozen=True)
class Style:
    """Colours for one palette (light or dark); built from the application palette."""

    dark: bool
    canvas: QColor
    surface: QColor
    surface_alt: QColor
    text: QColor
    muted: QColor
    border: QColor
    edge: QColor
    edge_hot: QColor
    band: QColor
    rule: QColor
    selection: QColor
    cosmetic: bool = True
    """Hairlines stay one pixel at any zoom on screen; in print they scale with the page."""

    @classmethod
    def from_palette(cls, palette: QPalette | None = None) -> Style:
        if palette is None:
            app = QApplication.instance()
            palette = app.palette() if app is not None else QPalette()  # type: ignore[attr-defined]
        window = palette.color(QPalette.ColorRole.Window)
        return cls.dark_style() if window.lightness() < 128 else cls.light_style()

    @classmethod
    def dark_style(cls) -> Style:
        return cls(
                dark=True,
                canvas=QColor("#1E2124"), surface=QColor("#2A2E33"),
                surface_alt=QColor("#30353B"), text=QColor("#E8EAED"),
                muted=QColor("#A6ADB5"), border=QColor("#5C646D"), edge=QColor("#7D8690"),
                edge_hot=QColor("#E8EAED"), band=QColor(255, 255, 255, 14),
                rule=QColor("#3A4047"), selection=QColor("#56B4E9"),
            )

    @classmethod
    def light_style(cls) -> Style:
        """The paper look (also used for exports, whatever the screen's palette)."""
        return cls(dark=False, band=QColor(40, 50, 60, 12),
                   **{role: QColor(colour) for role, colour in PAPER.items()})

    def lane_tint(self, colour: str) -> QColor:
        c = QColor(colour)
        # about 10 % (13 % on dark, which needs a touch more)
        c.setAlpha(34 if self.dark else round(LANE_TINT * 255))
        return c

    def delivery_fill(self, delivery: str) -> QColor:
        """Far-zoom fill: a light tint of the model's colour (the badge is not drawn then)."""
        c = QColor(delivery_colour(delivery))
        return _mix(c, self.surface, DELIVERY_TINT if not self.dark else 0.35)

    def reference_fill(self, delivery: str | None) -> QColor:
        """A reference's fill: fainter than a unit's, the lane's tint showing through."""
        c = _mix(QColor(delivery_colour(delivery)), self.surface, 0.06) if delivery \
            else QColor(self.surface)
        c.setAlpha(150 if not self.dark else 110)
        return c


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``t`` of ``a`` over ``1 - t`` of ``b``."""
    return QColor(round(a.red() * t + b.red() * (1 - t)),
                  round(a.green() * t + b.green() * (1 - t)),
                  round(a.blue() * t + b.blue() * (1 - t)))


def data_fill(key: str | None, style: Style) -> QColor | None:
    """The fill for a colour key of :mod:`designer.core.colouring` (None: the plain look)."""
    if key is None:
        return None
    status = STATUS_FILLS.get(key)
    if status is not None:
        return _mix(QColor(status[0]), style.surface, status[1])
    return QColor(HEAT[heat_step_of(key)])


# ---------------------------------------------------------------- fonts


@cache
def font(role: str) -> QFont:
    """'name', 'sub', 'badge', 'header', 'caption' fonts from the system UI font."""
    base = QApplication.font() if QApplication.instance() else QFont()
    f = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 9.0
    if role == "name":
        f.setPointSizeF(size)
        f.setWeight(QFont.Weight.DemiBold)
    elif role == "sub":
        f.setPointSizeF(size - 1)
    elif role == "badge":
        f.setPointSizeF(size - 1)
        f.setWeight(QFont.Weight.Bold)
    elif role == "header":
        f.setPointSizeF(size + 2)
        f.setWeight(QFont.Weight.Bold)
    elif role == "caption":
        f.setPointSizeF(size)
        f.setWeight(QFont.Weight.DemiBold)
        f.setCapitalization(QFont.Capitalization.AllUppercase)
        f.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
    elif role == "team":
        f.setPointSizeF(size)
    elif role == "title":
        f.setPointSizeF(size + 3)
        f.setWeight(QFont.Weight.DemiBold)
    return f


@cache
def metrics(role: str) -> QFontMetricsF:
    return QFontMetricsF(font(role))


CANVAS_TEXT_ROLES = ("name", "sub", "badge", "header", "caption", "team", "title")
"""Every font the diagram draws text in (nodes, lane headers, captions, the band's title)."""


def font_px(f: QFont) -> float:
    """The height of a font's em in pixels at 100 % zoom (its point size at the screen's
    logical dpi): what a zoom multiplies."""
    if f.pixelSize() > 0:
        return float(f.pixelSize())
    screen = QGuiApplication.primaryScreen() if QGuiApplication.instance() else None
    dpi = screen.logicalDotsPerInchY() if screen is not None else 96.0
    return f.pointSizeF() * dpi / 72.0


def smallest_text_px() -> float:
    """The em height of the smallest text on the canvas at 100 % zoom: a zoom that makes
    this readable makes every label readable."""
    return min(font_px(font(role)) for role in CANVAS_TEXT_ROLES)


@lru_cache(maxsize=8192)
def wrapped(text: str, role: str, widths: tuple[float, ...], last: float | None = None) \
        -> tuple[str, ...]:
    """:func:`~designer.core.node_text.wrap_lines` in a canvas font, remembered: a local
    function's copies in every lane, and every node redrawn, say the same words."""
    return wrap_lines(text, widths, metrics(role).horizontalAdvance, last=last)


Shown = Callable[[tuple[str, str | None], str, str, float, int], tuple[str, ...]]
"""shown(node key, name, font role, width, lines): the lines a cut name shows instead,
told apart from the other names near it (the scene's :class:`~.names.ShownNames`)."""
NAME_LEFT = {"function": 40.0, "reference": 40.0, "area": 31.0, "body": 22.0}
"""Where a node's name starts (after its badge, arrow or pin); 12 for the rest."""


def name_room(text: NodeText, size: tuple[float, float]) -> tuple[str, float, int]:
    """Where a node's name goes as :meth:`NodeItem._lines` lays it out: its font role,
    the width of its lines (the last one's, short of a figure at the right) and how
    many lines it may take."""
    left = NAME_LEFT.get(text.kind, 12.0) if text.kind != "function" or text.delivery \
        else 12.0
    avail = size[0] - left - 12 - (10 if text.kind == "body" else 0)
    if text.right:
        avail -= metrics("sub").horizontalAdvance(text.right) + 8
    role = "team" if text.kind in ("team", "role") else "name"
    most_name, most_sub = LABEL_LINES.get(text.kind, (1, 1))
    room = size[1] - 2 * LABEL_PAD
    reserve = metrics("sub").lineSpacing() if text.sub and most_sub else 0.0
    lines = max(1, min(most_name, int((room - reserve) // metrics(role).lineSpacing())))
    return role, avail, lines


def elide(text: str, role: str, width: float) -> str:
    return metrics(role).elidedText(text, Qt.TextElideMode.ElideRight, width)


def wrap(text: str, role: str, width: float, max_lines: int) -> str:
    """Break ``text`` into at most ``max_lines`` lines that fit ``width`` (the last elided
    only if the words do not fit)."""
    return "\n".join(wrapped(text, role, (width,) * max_lines))


LABEL_LINES = {"function": (3, 2), "reference": (3, 2), "team": (2, 0), "area": (2, 1),
               "body": (3, 1), "role": (1, 0)}
"""Most lines a node of each kind gives its name and the line under it (the node's
height decides how many of them it has room for)."""
LABEL_PAD = 3.0  # above and below the text block inside a node


# ---------------------------------------------------------------- shapes (built once)


@cache
def shape_path(kind: str, w: float, h: float) -> QPainterPath:
    """The outline of a w×h node of this kind, at the origin (built once per kind and size)."""
    path = QPainterPath()
    if kind in ("function", "reference"):
        path.addRoundedRect(QRectF(0, 0, w, h), 7, 7)
    elif kind in ("team", "role"):
        path.addRoundedRect(QRectF(0, 0, w, h), h / 2, h / 2)
    elif kind == "area":
        path.addRect(QRectF(0, 0, w, h))
    elif kind == "body":
        d = h / 2 * 0.55
        path.moveTo(d, 0)
        path.lineTo(w - d, 0)
        path.lineTo(w, h / 2)
        path.lineTo(w - d, h)
        path.lineTo(d, h)
        path.lineTo(0, h / 2)
        path.closeSubpath()
    else:
        raise KeyError(kind)
    return path


@cache
def badge_path() -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QRectF(0, 0, 22, 22))
    return path


@cache
def arrow_path() -> QPainterPath:
    """An arrow into a ring, 22×22: the glyph of a reference ("received from")."""
    path = QPainterPath()
    path.addEllipse(QRectF(0, 0, 22, 22))
    inner = QPainterPath()
    inner.addEllipse(QRectF(2, 2, 18, 18))
    path = path.subtracted(inner)
    arrow = QPainterPath()
    arrow.moveTo(5, 9.5)
    arrow.lineTo(11, 9.5)
    arrow.lineTo(11, 5.5)
    arrow.lineTo(17.5, 11)
    arrow.lineTo(11, 16.5)
    arrow.lineTo(11, 12.5)
    arrow.lineTo(5, 12.5)
    arrow.closeSubpath()
    return path.united(arrow)


@cache
def bubble_path(width: float) -> QPainterPath:
    """A speech bubble ``width`` wide, 18 high with its tail below: the open-challenge badge."""
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, width, 18), 9, 9)
    tail = QPainterPath()
    tail.moveTo(5, 14)
    tail.lineTo(4, 22)
    tail.lineTo(12, 17)
    tail.closeSubpath()
    return path.united(tail)


@cache
def tag_path(width: float) -> QPainterPath:
    """A tag ``width`` wide and 16 high with square-cut corners: the option mark (its
    shape tells it from the round challenge bubble)."""
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, width, 16), 3, 3)
    return path


@cache
def pin_path() -> QPainterPath:
    """A location pin glyph, 12×16, for policing areas."""
    path = QPainterPath()
    path.moveTo(6, 16)
    path.cubicTo(6, 16, 0, 9, 0, 6)
    path.arcTo(QRectF(0, 0, 12, 12), 180, -180)
    path.cubicTo(12, 9, 6, 16, 6, 16)
    path.closeSubpath()
    hole = QPainterPath()
    hole.addEllipse(QRectF(3.5, 3.5, 5, 5))
    return path.subtracted(hole)


_PENS: dict[tuple, QPen] = {}
"""Node outline pens by (style, kind, delivery model, selected): made once, shared."""


def _forget_cached_qt_objects() -> None:
    """Drop cached fonts, metrics and paths before Qt shuts down (else: a crash at exit)."""
    for cached in (font, metrics, wrapped, shape_path, badge_path, arrow_path, bubble_path,
                   tag_path, pin_path):
        cached.cache_clear()
    _PENS.clear()
    _EDGE_PENS.clear()


atexit.register(_forget_cached_qt_objects)


# ---------------------------------------------------------------- nodes


class NodeItem:
    """One node on the canvas: its outline plus (lazily) a detail layer with text and badge."""

    __slots__ = ("body", "challenges", "detail", "element_id", "ink", "kind", "labels", "lane",
                 "option_mark", "size", "text")

    def __init__(self, element_id: str, lane: str | None, text: NodeText,
                 size: tuple[float, float] | None = None):
        self.element_id = element_id
        self.lane = lane
        self.kind = text.kind
        self.text = text
        self.size = size or NODE_SIZE[text.kind]
        self.body = QGraphicsPathItem(shape_path(text.kind, *self.size))
        self.body.setData(KEY_ROLE, (element_id, lane))
        self.body.setZValue(Z_NODE)
        self.detail: QGraphicsPathItem | None = None
        self.labels: list[tuple[QGraphicsSimpleTextItem, bool]] = []  # (item, is muted)
        self.ink: tuple[QColor, QColor] | None = None  # (text, muted) on a data colour fill
        self.challenges = 0  # open challenges on the element: a badge at the top right
        self.option_mark = ""  # the option shown changes or adds it: a badge at the top left

    # -- appearance

    def apply(self, style: Style, fill: QColor | None, selected: bool, detailed: bool) -> None:
        """Set pen and brush: selection outline, delivery border, heat-map fill."""
        kind, delivery = self.kind, self.text.delivery
        if kind == "role":  # a chip on the force's header strip
            self.body.setPen(QPen(style.selection, 2.0) if selected else QPen(Qt.PenStyle.NoPen))
            light = QColor(self.text.ink or "#FFFFFF").lightness() > 128
            self.body.setBrush(QColor(255, 255, 255, 48) if light else QColor(0, 0, 0, 30))
            return
        pen_key = (id(style), kind, delivery, selected)
        pen = _PENS.get(pen_key)
        if pen is None:
            if selected:
                pen = QPen(style.selection, 2.4)
            elif kind in ("function", "reference") and delivery:
                pen = QPen(QColor(delivery_colour(delivery)), 1.4)
            elif kind == "body":
                pen = QPen(style.text, 1.2)
            else:
                pen = QPen(style.border, 1.0)
            if kind == "reference":  # a view of a unit drawn elsewhere: dashed
                pen.setStyle(Qt.PenStyle.DashLine)
            pen.setCosmetic(style.cosmetic and (kind not in ("function", "reference")
                                                or selected))
            _PENS[pen_key] = pen
        self.body.setPen(pen)
        if fill is None:
            if kind == "reference":
                fill = style.reference_fill(delivery)
            elif kind == "function" and delivery and not detailed:
                fill = style.delivery_fill(delivery)
            elif kind in ("team", "area"):
                fill = style.surface_alt
            else:
                fill = style.surface
        self.body.setBrush(fill)
        # on a heat-map or status fill, text takes the colour that reads on it
        explicit = fill is not None and kind != "role" and (
            abs(fill.lightness() - style.surface.lightness()) > 40)
        if explicit:
            ink = text_on(fill)
            muted = QColor(ink)
            muted.setAlpha(190)
            self.ink = (ink, muted)
        else:
            self.ink = None
        for item, is_muted in self.labels:
            item.setBrush(self._label_colour(style, is_muted))

    def _label_colour(self, style: Style, muted: bool) -> QColor:
        if self.ink is not None:
            return self.ink[1] if muted else self.ink[0]
        if self.text.ink:
            return QColor(self.text.ink)
        return style.muted if muted else style.text

    def set_text(self, text: NodeText, size: tuple[float, float]) -> None:
        """New words (or size): the labels are rebuilt the next time they are shown."""
        if size != self.size or text.kind != self.kind:
            self.body.setPath(shape_path(text.kind, *size))
        self.text = text
        self.kind = text.kind
        self.size = size
        if self.detail is not None:
            self.labels = []
            detail, self.detail = self.detail, None
            shiboken6.delete(detail)  # C++ delete: leaves its parent and scene cleanly

    def set_challenges(self, count: int) -> None:
        """The open-challenge count its badge shows (none at 0): drawn with the labels."""
        if count != self.challenges:
            self.challenges = count
            self.set_text(self.text, self.size)

    def set_option_mark(self, glyph: str) -> None:
        """The option shown changes (Δ) or adds (+) the element: a badge at its top left,
        drawn with the labels ("" for none)."""
        if glyph != self.option_mark:
            self.option_mark = glyph
            self.set_text(self.text, self.size)

    def ensure_detail(self, style: Style, shown: Shown | None = None) -> None:
        """Build the labels and badge (once; again after :meth:`set_text`). ``shown`` gives
        the lines the name shows (the scene's, told apart from every other name); without
        it the name is wrapped and cut on its own."""
        if self.detail is not None:
            return
        t = self.text
        w, h = self.size
        self.body.setToolTip(t.tooltip)  # with the labels: only for nodes shown up close
        detail = QGraphicsPathItem(self.body)
        detail.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        detail.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        left = 12.0
        if t.kind == "function" and t.delivery:
            colour = QColor(delivery_colour(t.delivery))
            badge = QGraphicsPathItem(badge_path(), detail)
            badge.setPos(10, (h - 22) / 2)
            badge.setPen(Qt.PenStyle.NoPen)
            badge.setBrush(colour)
            letter = QGraphicsSimpleTextItem(MODELS[t.delivery].badge, badge)
            letter.setFont(font("badge"))
            letter.setBrush(text_on(colour))
            br = letter.boundingRect()
            letter.setPos((22 - br.width()) / 2, (22 - br.height()) / 2)
            left = 40.0
        elif t.kind == "reference":
            glyph = QGraphicsPathItem(arrow_path(), detail)
            glyph.setPos(10, (h - 22) / 2)
            glyph.setPen(Qt.PenStyle.NoPen)
            glyph.setBrush(QColor(delivery_colour(t.delivery)) if t.delivery else style.muted)
            left = 40.0
        elif t.kind == "area":
            pin = QGraphicsPathItem(pin_path(), detail)
            pin.setPos(11, (h - 16) / 2)
            pin.setPen(Qt.PenStyle.NoPen)
            pin.setBrush(style.muted)
            left = 31.0
        elif t.kind == "body":
            left = 22.0
        right_room = 0.0
        fig = None
        if t.right:
            fig = QGraphicsSimpleTextItem(t.right, detail)
            fig.setFont(font("sub"))
            self.labels.append((fig, True))
            right_room = fig.boundingRect().width() + 8
        avail = w - left - 12 - (10 if t.kind == "body" else 0)
        role = "team" if t.kind in ("team", "role") else "name"
        name_lines, sub_lines = self._lines(role, avail, right_room, shown)
        blocks = [(name_lines, role, False)]
        if sub_lines:
            blocks.append((sub_lines, "sub", True))
        total = sum(len(lines) * metrics(r).lineSpacing() for lines, r, _m in blocks)
        y = (h - total) / 2
        for lines, r, muted in blocks:
            item = QGraphicsSimpleTextItem("\n".join(lines), detail)
            item.setFont(font(r))
            item.setPos(left, y)
            self.labels.append((item, muted))
            y += len(lines) * metrics(r).lineSpacing()
        if fig is not None:  # the figure sits at the right of the name's last line
            line_h = metrics(role).lineSpacing()
            last = (h - total) / 2 + (len(name_lines) - 1) * line_h
            fig.setPos(w - 12 - fig.boundingRect().width(),
                       last + (line_h - fig.boundingRect().height()) / 2)
        for item, is_muted in self.labels:
            item.setBrush(self._label_colour(style, is_muted))
        if self.challenges:
            _challenge_badge(detail, self.challenges, w)
        if self.option_mark:
            _option_badge(detail, self.option_mark, style, compact=t.kind in ("team", "area"),
                          height=h)
        self.detail = detail

    def _lines(self, role: str, avail: float, right_room: float, shown: Shown | None = None) \
            -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The name's lines and the sub-line's, as many as the kind allows and the node's
        height holds (the name first: it is never cut while its lines hold it; the
        tooltip always has it whole). Lines are filled greedily, so a third name line is
        used only when two cannot hold the name. A figure at the right shortens the
        name's last line."""
        t = self.text
        most_name, most_sub = LABEL_LINES.get(t.kind, (1, 1))
        room = self.size[1] - 2 * LABEL_PAD
        name_h, sub_h = metrics(role).lineSpacing(), metrics("sub").lineSpacing()
        reserve = sub_h if t.sub and most_sub else 0.0  # the sub-line keeps one line
        n_name = max(1, min(most_name, int((room - reserve) // name_h)))
        name = wrapped(t.name, role, (avail,) * n_name,
                       avail - right_room if right_room else None)
        if shown is not None and name and name[-1].endswith(ELLIPSIS):  # cut: told apart
            name = shown((self.element_id, self.lane), t.name, *name_room(t, self.size))
        if not (t.sub and most_sub):
            return name, ()
        n_sub = max(1, min(most_sub, int((room - len(name) * name_h) // sub_h)))
        return name, wrapped(t.sub, "sub", (avail,) * n_sub)

    def set_detail_visible(self, visible: bool) -> None:
        if self.detail is not None:
            self.detail.setVisible(visible)

    def rect(self) -> QRectF:
        w, h = self.size
        p = self.body.pos()
        return QRectF(p.x(), p.y(), w, h)


def _challenge_badge(parent: QGraphicsItem, count: int, width: float) -> None:
    """The open-challenge count in a speech bubble over the node's top-right corner.

    Every item is made with its parent (owned by Qt from the start): an item made alone
    and parented later stayed Python's, and the collector then freed it a second time
    after Qt deleted the node's labels."""
    text = f"{count}" if count < 100 else "99+"
    w = max(24.0, metrics("badge").horizontalAdvance(text) + 12)
    bubble = QGraphicsPathItem(bubble_path(w), parent)
    bubble.setPos(width - w - 6, -10)
    bubble.setPen(Qt.PenStyle.NoPen)
    colour = QColor(CHALLENGE_COLOUR)
    bubble.setBrush(colour)
    label = QGraphicsSimpleTextItem(text, bubble)
    label.setFont(font("badge"))
    label.setBrush(text_on(colour))
    br = label.boundingRect()
    label.setPos((w - br.width()) / 2, (18 - br.height()) / 2)


def _option_badge(parent: QGraphicsItem, glyph: str, style: Style, compact: bool = False,
                  height: float = 0.0) -> None:
    """The option's mark: its glyph and the word "option" on a tag in the option colour
    over the node's top-left corner, outlined in the canvas colour (the tooltip says
    what the option does to the element). A small node (a team or area pill, packed
    close under its function) has the glyph alone over its left end, where no words
    are. Made with its parent, as :func:`_challenge_badge`."""
    text = glyph if compact else f"{glyph} option"
    w = max(16.0, metrics("badge").horizontalAdvance(text) + (8 if compact else 12))
    tag = QGraphicsPathItem(tag_path(w), parent)
    tag.setPos(-w / 2, (height - 16) / 2) if compact else tag.setPos(8, -13)
    tag.setPen(QPen(style.canvas, 1.5))
    colour = QColor(OPTION_COLOUR)
    tag.setBrush(colour)
    label = QGraphicsSimpleTextItem(text, tag)
    label.setFont(font("badge"))
    label.setBrush(text_on(colour))
    br = label.boundingRect()
    label.setPos((w - br.width()) / 2, (16 - br.height()) / 2)


# ---------------------------------------------------------------- edges


def polyline_path(points: Sequence[tuple[float, float]], arrow: bool,
                  radius: float = 6.0) -> QPainterPath:
    """Straight runs with softly rounded corners, and an open arrowhead at the end."""
    path = QPainterPath()
    path.moveTo(*points[0])
    for i in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = points[i - 1], points[i], points[i + 1]
        r = min(radius, (abs(x1 - x0) + abs(y1 - y0)) / 2, (abs(x2 - x1) + abs(y2 - y1)) / 2)
        ux, uy = _sign(x1 - x0), _sign(y1 - y0)
        vx, vy = _sign(x2 - x1), _sign(y2 - y1)
        path.lineTo(x1 - ux * r, y1 - uy * r)
        path.quadTo(x1, y1, x1 + vx * r, y1 + vy * r)
    path.lineTo(*points[-1])
    if arrow and len(points) >= 2:
        _chevron(path, QPointF(*points[-1]), QPointF(*points[-2]))
    return path


def _sign(v: float) -> float:
    return (v > 0) - (v < 0)


def _chevron(path: QPainterPath, tip: QPointF, towards: QPointF, size: float = 7.0) -> None:
    angle = math.atan2(tip.y() - towards.y(), tip.x() - towards.x())
    for turn in (math.radians(150), math.radians(-150)):
        path.moveTo(tip)
        path.lineTo(tip.x() + size * math.cos(angle + turn),
                    tip.y() + size * math.sin(angle + turn))


def edge_pen(style: Style, hot: bool, kind: str, faded: bool = False) -> QPen:
    """Thin grey; darker and thicker when an end is selected; paler when zoomed out.
    Shared: made once per look.

    Faded is a paler colour, not item opacity: Qt composites a translucent item's long
    antialiased lines pixel by pixel, which made one repaint of a 5,000-element canvas
    six times slower.
    """
    key = (id(style), hot, kind in ("chairs", "member"), faded and not hot)
    cached = _EDGE_PENS.get(key)
    if cached is not None:
        return cached
    if hot:
        pen = QPen(style.edge_hot, 1.8)
    else:
        colour = QColor(style.edge)
        pen = QPen(_mix(colour, style.canvas, 0.35) if faded else colour, 1.0)
        if kind in ("chairs", "member"):
            pen.setStyle(Qt.PenStyle.DashLine)
    pen.setCosmetic(style.cosmetic)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    _EDGE_PENS[key] = pen
    return pen


_EDGE_PENS: dict[tuple, QPen] = {}
