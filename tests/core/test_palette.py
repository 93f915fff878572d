"""The product's colours as hex, Qt-free: one rule for text on a fill, one tint mixer."""

from __future__ import annotations

from designer.core.delivery import MODELS
from designer.core.palette import DELIVERY_COLOURS, delivery_colour, ink_on, mix


def test_every_delivery_model_has_a_colour():
    assert {m: delivery_colour(m) for m in MODELS} == {
        m: DELIVERY_COLOURS[MODELS[m].colour_key] for m in MODELS}


def test_ink_on_a_fill_reads_on_the_palette():
    assert {m: ink_on(c) for m, c in DELIVERY_COLOURS.items()} == {
        "local": "#FFFFFF", "shared": "#111111", "joint": "#FFFFFF"}
    assert ink_on("#F0E442") == "#111111"  # yellow
    assert ink_on("#000000") == "#FFFFFF"


def test_mix_takes_a_share_of_one_colour_over_another():
    assert mix("#FF0000", "#FFFFFF", 0.0) == "#FFFFFF"
    assert mix("#FF0000", "#0000FF", 1.0) == "#FF0000"
    assert mix("#000000", "#FFFFFF", 0.5) == "#808080"
