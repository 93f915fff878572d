"""Look and feel shared by the shell's widgets: palette colours, icons, money and number text.

Colours follow /shared/ui-design.md (Okabe–Ito, colour-blind safe); every
colour is paired with a badge letter or words, never used alone.
"""

from __future__ import annotations

import contextlib
import html

from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPalette

from designer.core.delivery import MODELS

DELIVERY_COLOURS = {"local": "#0072B2", "shared": "#E69F00", "joint": "#009E73"}
"""Colour of each delivery model's ``colour_key`` (the descriptors in core/delivery.py)."""
SEVERITY_COLOURS = {"error": "#D55E00", "warning": "#F0E442", "info": "#8C8C8C"}
SEVERITY_ORDER = ("error", "warning", "info")


def is_dark() -> bool:
    """Whether the application palette is dark (system scheme or the user's choice)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def icon(name: str, colour: str | None = None) -> QIcon:
    """A Material Design line icon (via qtawesome) tinted for the current palette.

    ``name`` is the mdi6 icon name without prefix, e.g. ``"content-save-outline"``.
    Falls back to an empty icon if qtawesome is unavailable.
    """
    text = QColor(colour) if colour else QGuiApplication.palette().color(
        QPalette.ColorRole.WindowText)
    disabled = QGuiApplication.palette().color(QPalette.ColorGroup.Disabled,
                                               QPalette.ColorRole.WindowText)
    key = (name, text.rgba(), disabled.rgba())
    cached = _ICONS.get(key)
    if cached is None:
        cached = _ICONS[key] = _make_icon(name, text, disabled)
    return cached


_ICONS: dict[tuple[str, int, int], QIcon] = {}
"""Icons by name and palette colours: trees ask for the same few icons thousands of times."""


def _make_icon(name: str, text: QColor, disabled: QColor) -> QIcon:
    try:
        import qtawesome
    except ImportError:  # pragma: no cover - qtawesome is a dependency
        return QIcon()
    try:
        return qtawesome.icon(f"mdi6.{name}", color=text, color_disabled=disabled)
    except Exception:  # an unknown name must not stop the app; qtawesome raises bare Exception
        return QIcon()


def tabular(font: QFont) -> QFont:
    """The same font with tabular (fixed-width) figures, so money columns line up."""
    font = QFont(font)
    with contextlib.suppress(AttributeError, TypeError):  # older Qt: no font features
        font.setFeature(QFont.Tag("tnum"), 1)
    return font


def format_count(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def as_html(text: str) -> str:
    """Plain text made safe inside a rich-text label (``<``, ``>`` and ``&`` escaped)."""
    return html.escape(text, quote=False)


def delivery_colour(delivery: str) -> str:
    """The colour a delivery model is drawn in: its descriptor's colour key, looked up here."""
    return DELIVERY_COLOURS[MODELS[delivery].colour_key]


def text_on(colour: QColor) -> QColor:
    """Near-black or white text, whichever reads better on a ``colour`` fill.

    The one rule for text on a coloured fill (canvas badges and lanes, matrix badges,
    report cells, colour buttons): WCAG relative luminance, with the switch set so the
    palette's blue, green and vermilion carry white and its orange, sky blue and
    yellow carry black.
    """
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    luminance = 0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green()) \
        + 0.0722 * channel(colour.blue())
    return QColor("#111111") if luminance > 0.36 else QColor("#FFFFFF")
