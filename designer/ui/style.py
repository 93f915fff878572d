"""Look and feel shared by the shell's widgets: palette colours, icons, money and number text.

Colours follow /shared/ui-design.md (Okabe–Ito, colour-blind safe); every
colour is paired with a badge letter or words, never used alone.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPalette

DELIVERY_COLOURS = {"local": "#0072B2", "shared": "#E69F00", "joint": "#009E73"}
DELIVERY_BADGES = {"local": "L", "shared": "S", "joint": "J"}
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


def format_pence(pence: int | None, *, pennies: bool = False) -> str:
    """``12345600`` → ``'£123,456'`` (``pennies=True``: ``'£123,456.00'``); None → ''."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, p = divmod(abs(pence), 100)
    if pennies or p:
        return f"{sign}£{pounds:,}.{p:02d}"
    return f"{sign}£{pounds:,}"


def format_pence_short(pence: int | None) -> str:
    """Board-paper style: ``27300000000`` → ``'£273.0m'``; small sums in full."""
    if pence is None:
        return ""
    pounds = Decimal(pence) / 100
    for size, unit in ((Decimal(10**9), "bn"), (Decimal(10**6), "m"), (Decimal(10**3), "k")):
        if abs(pounds) >= size:
            return f"£{pounds / size:,.1f}{unit}"
    return format_pence(pence)


def parse_pence(text: str) -> int | None:
    """``'£1,234.5'`` → ``123450``; ``''`` → None. Raises ValueError on anything else.

    Accepts an optional £, thousands separators and up to two decimal places,
    and 'k'/'m'/'bn' suffixes (``'£2.5m'``).
    """
    cleaned = text.strip().replace(",", "").replace("£", "").replace(" ", "").lower()
    if not cleaned:
        return None
    scale = Decimal(1)
    for suffix, factor in (("bn", 10**9), ("m", 10**6), ("k", 10**3)):
        if cleaned.endswith(suffix):
            cleaned, scale = cleaned[: -len(suffix)], Decimal(factor)
            break
    try:
        value = Decimal(cleaned) * scale
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount of money (e.g. £1,250,000)") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not an amount of money")
    pence = value * 100
    if pence != pence.to_integral_value():
        raise ValueError(f"{text!r} has fractions of a penny")
    return int(pence)


def format_count(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def badge_colour(delivery: str) -> QColor:
    return QColor(DELIVERY_COLOURS.get(delivery, "#8C8C8C"))


def text_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    r, g, b = colour.redF(), colour.greenF(), colour.blueF()
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor(Qt.GlobalColor.black if luminance > 0.5 else Qt.GlobalColor.white)
