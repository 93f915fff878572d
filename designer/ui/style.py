"""Look and feel shared by the shell's widgets: the theme, palette colours, icons, number text.

Colours follow /shared/ui-design.md (Okabe–Ito, colour-blind safe); every
colour is paired with a badge letter or words, never used alone.
"""

from __future__ import annotations

import contextlib
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from designer.core.palette import CHALLENGE_COLOUR as CHALLENGE_COLOUR
from designer.core.palette import DELIVERY_COLOURS as DELIVERY_COLOURS  # hex: core's
from designer.core.palette import OPTION_COLOUR as OPTION_COLOUR
from designer.core.palette import SEVERITY_COLOURS as SEVERITY_COLOURS
from designer.core.palette import delivery_colour as delivery_colour
from designer.core.palette import ink_on
from designer.resources import resource

SEVERITY_ORDER = ("error", "warning", "info")
HIGHLIGHT_COLOUR = "#CC79A7"
"""A highlighted path on the canvas and its caption (Okabe–Ito reddish purple: no delivery
model or severity uses it)."""
PASS_COLOUR, FAIL_COLOUR = "#009E73", "#D55E00"
"""A walk-through (or step) that passes or fails."""


def is_dark() -> bool:
    """Whether the application palette is dark (system scheme or the user's choice)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def icon(name: str, colour: str | None = None) -> QIcon:
    """A Material Design line icon (via qtawesome) tinted for the current palette.

    ``name`` is the mdi6 icon name without prefix, e.g. ``"content-save-outline"``;
    an unknown name gives an empty icon.
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
    import qtawesome  # on first use: it loads its icon fonts

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


def text_on(colour: QColor) -> QColor:
    """Near-black or white text, whichever reads better on a ``colour`` fill (the one
    rule, :func:`designer.core.palette.ink_on`)."""
    return QColor(ink_on(colour.name()))


def apply_theme(app: QApplication, mode: str = "system") -> None:
    """Light, dark or the system's scheme, with the app's style sheet on top."""
    if mode == "system":
        scheme = app.styleHints().colorScheme()
        mode = "dark" if scheme == Qt.ColorScheme.Dark else "light"
    palette = app.style().standardPalette()
    if mode == "dark":
        roles = {
            QPalette.ColorRole.Window: "#202124", QPalette.ColorRole.WindowText: "#E8EAED",
            QPalette.ColorRole.Base: "#17181A", QPalette.ColorRole.AlternateBase: "#24262A",
            QPalette.ColorRole.Text: "#E8EAED", QPalette.ColorRole.Button: "#2B2D31",
            QPalette.ColorRole.ButtonText: "#E8EAED", QPalette.ColorRole.ToolTipBase: "#2B2D31",
            QPalette.ColorRole.ToolTipText: "#E8EAED", QPalette.ColorRole.Highlight: "#3D7CC9",
            QPalette.ColorRole.HighlightedText: "#FFFFFF", QPalette.ColorRole.Link: "#8AB4F8",
            QPalette.ColorRole.PlaceholderText: "#9AA0A6", QPalette.ColorRole.Mid: "#3C4043",
            QPalette.ColorRole.Midlight: "#34363A", QPalette.ColorRole.Dark: "#121314",
            QPalette.ColorRole.Light: "#3C4043", QPalette.ColorRole.BrightText: "#FFFFFF",
        }
        for role, colour in roles.items():
            palette.setColor(role, QColor(colour))
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                     QPalette.ColorRole.ButtonText):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6F7378"))
    else:
        palette.setColor(QPalette.ColorRole.Window, QColor("#F3F4F6"))
        palette.setColor(QPalette.ColorRole.Base, QColor("#FFFFFF"))
        palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#F6F7F9"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#2F6FB5"))
        palette.setColor(QPalette.ColorRole.Button, QColor("#F7F8FA"))
    app.setPalette(palette)
    app.setProperty("designerTheme", mode)
    sheet = resource("styles", f"{mode}.qss")
    base = resource("styles", "app.qss")
    text = base.read_text("utf-8") if base.exists() else ""
    if sheet.exists():
        text += "\n" + sheet.read_text("utf-8")
    app.setStyleSheet(text.replace("@styles@", resource("styles").as_posix()))  # image urls
