"""The product's colours as hex text, Qt-free: read by the app and by every export.

Colours follow /shared/ui-design.md (Okabe–Ito, colour-blind safe); every colour is
paired with a badge letter or words, never used alone. The app turns these into
``QColor`` (``designer/ui/style.py``); files that carry colours (GraphML for yEd, the
workbook) write them as they are, so the diagram looks the same wherever it opens.

    >>> delivery_colour("shared"), ink_on("#E69F00")
    ('#E69F00', '#111111')
"""

from __future__ import annotations

from designer.core.delivery import MODELS

DELIVERY_COLOURS = {"local": "#0072B2", "shared": "#E69F00", "joint": "#009E73"}
"""Colour of each delivery model's ``colour_key`` (the descriptors in core/delivery.py)."""
SEVERITY_COLOURS = {"error": "#D55E00", "warning": "#F0E442", "info": "#8C8C8C"}
VERDICT_COLOURS = {"better": "#009E73", "worse": "#D55E00"}
"""An option's figure better or worse than the base's (a light tint behind its cell, with
the difference and the word "better" or "worse" always written in it)."""
VERDICT_TINT = 0.22
CHALLENGE_COLOUR = "#A23B72"
"""The open-challenge badge: a deep reddish purple, apart from the delivery models' and the
severities' colours, carrying white text (with the count, never colour alone)."""
OPTION_COLOUR = "#332288"
"""The mark on what the option shown changes or adds: Paul Tol's indigo, apart from the
delivery models', the severities' and the challenge badge's colours, carrying white text
(a glyph and the word "option" on a square-cut tag, never colour alone)."""

PAPER = {
    "canvas": "#FBFBFA", "surface": "#FFFFFF", "surface_alt": "#F4F5F6", "text": "#1D2125",
    "muted": "#5F6770", "border": "#9AA1A9", "edge": "#9AA1A9", "edge_hot": "#1D2125",
    "rule": "#E2E4E7", "selection": "#1D2125",
}
"""The light "paper" look of the diagram (the canvas in light mode, prints and exports)."""

DELIVERY_TINT = 0.22
"""How much of its model's colour a function's fill shows on paper (far zoom, exports)."""
LANE_TINT = 24 / 255
"""How much of its force's colour a lane shows on paper (about 10 %)."""
DARK_INK, LIGHT_INK = "#111111", "#FFFFFF"


def delivery_colour(delivery: str) -> str:
    """The colour a delivery model is drawn in: its descriptor's colour key, looked up here."""
    return DELIVERY_COLOURS[MODELS[delivery].colour_key]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def ink_on(colour: str) -> str:
    """Near-black or white text, whichever reads better on a ``colour`` fill (``#RRGGBB``).

    The one rule for text on a coloured fill (canvas badges and lanes, matrix badges,
    report cells, colour buttons, exported diagrams): WCAG relative luminance, with the
    switch set so the palette's blue, green and vermilion carry white and its orange,
    sky blue and yellow carry black.
    """
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = _rgb(colour)
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return DARK_INK if luminance > 0.36 else LIGHT_INK


def mix(a: str, b: str, t: float) -> str:
    """``t`` of colour ``a`` over ``1 - t`` of colour ``b``, as ``#RRGGBB``."""
    return "#" + "".join(f"{round(x * t + y * (1 - t)):02X}"
                         for x, y in zip(_rgb(a), _rgb(b), strict=True))
