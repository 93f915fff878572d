"""Shared look: the one rule for text on a coloured fill."""

from __future__ import annotations

from PySide6.QtGui import QColor

from designer.ui.style import DELIVERY_COLOURS, text_on

WHITE, INK = "#ffffff", "#111111"


def test_text_on_a_fill_reads_on_the_palette():
    on = {name: text_on(QColor(colour)).name() for name, colour in DELIVERY_COLOURS.items()}
    assert on == {"local": WHITE, "shared": INK, "joint": WHITE}
    assert text_on(QColor("#F0E442")).name() == INK  # yellow
    assert text_on(QColor("#56B4E9")).name() == INK  # sky blue
    assert text_on(QColor("#000000")).name() == WHITE
    assert text_on(QColor("#FFFFFF")).name() == INK
