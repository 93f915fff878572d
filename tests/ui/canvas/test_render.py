"""Diagram files: PNG at print resolution, SVG with the words in it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from designer.ui.canvas.render import render_diagram
from tests.build import blueprint, function
from tests.core.exports.test_cell_safety import UNWRITABLE


def _bp():
    return blueprint("asp", "wilts", functions=[
        function("dogs", "operational-support/dogs", name="Dogs section", delivery="joint",
                 lead_force="asp"),
        function("custody", "criminal-justice/custody", name="Custody suites"),
    ])


def test_png_is_written_at_print_resolution(tmp_path, qapp):
    path = render_diagram(_bp(), tmp_path / "diagram.png")
    image = QImage(str(path))
    assert not image.isNull()
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    assert image.width() > 2000  # three times the on-screen size
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_svg_holds_the_labels(tmp_path, qapp):
    path = render_diagram(_bp(), tmp_path / "diagram.svg")
    text = path.read_text("utf-8")
    root = ET.fromstring(text)
    assert root.tag.endswith("svg")
    assert "Dogs section" in text and "Custody suites" in text


def test_unknown_format_is_refused(tmp_path, qapp):
    with pytest.raises(ValueError, match="png or svg"):
        render_diagram(_bp(), tmp_path / "diagram.gif")


@pytest.mark.parametrize("text", UNWRITABLE)
def test_text_xml_cannot_hold_never_breaks_the_svg(tmp_path, qapp, text):
    """Issue 13 item 14: a name with a control character or an XML non-character (past
    the schema: ``model_copy`` does not validate) still gives a well-formed SVG."""
    bp = _bp()
    fn = bp.functions[0].model_copy(update={"name": f"Dogs {text}"})
    bp = bp.model_copy(update={"functions": (fn, *bp.functions[1:]),
                               "alliance": bp.alliance.model_copy(update={"name": text})})
    path = render_diagram(bp, tmp_path / "diagram.svg")
    root = ET.fromstring(path.read_bytes())
    assert root.tag.endswith("svg")
    assert "Dogs" in path.read_text("utf-8")
    assert not QImage(str(render_diagram(bp, tmp_path / "diagram.png"))).isNull()
