"""The diagram as a file: PNG at print resolution, or SVG — for exports and the PDF report.

    render_diagram(bp, "out/alliance.png")          # format from the suffix
    render_diagram(bp, "out/alliance.svg", "svg")

Always drawn in the light "paper" style with every label, whatever the screen shows.
Works without a display (it starts an offscreen Qt application if none is running).
Files are written atomically: a failed export never leaves half a file.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from designer.core import io
from designer.core.exports.cell_safety import writable, xml_safe
from designer.core.schema import Blueprint

PRINT_DPI = 300
SCREEN_DPI = 96  # one scene unit is one pixel at 100 % on a standard screen
MAX_PIXELS = 64_000_000  # about 256 MB of image; bigger diagrams are scaled down to fit
MAX_SIDE = 30_000

Progress = Callable[[int, int, str], None]


def ensure_app() -> None:
    """A Qt application must exist to lay out text; start an offscreen one if needed."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QApplication.instance() or QApplication([])


def diagram_scene(bp: Blueprint):  # -> DiagramScene (imported lazily: needs an app first)
    """A fully labelled, light-style scene of ``bp`` (for printing or painting into a PDF)."""
    ensure_app()
    from designer.ui.canvas.items import Style
    from designer.ui.canvas.scene import DiagramScene

    scene = DiagramScene()
    scene.style = dataclasses.replace(Style.light_style(), cosmetic=False)
    scene.set_blueprint(bp)
    scene.setBackgroundBrush(scene.style.canvas)
    scene.set_palette_style(scene.style)
    scene.ensure_details()
    return scene


def render_to(bp: Blueprint, painter: QPainter, target: QRectF) -> None:
    """Paint the diagram into ``target`` of an open painter (keeps its aspect ratio)."""
    scene = diagram_scene(bp)
    scene.render(painter, target, scene.sceneRect())


def render_diagram(bp: Blueprint, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
    """Write the diagram to ``path`` as 'png' or 'svg' (default: from the suffix)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "png").lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"cannot write a diagram as {fmt!r}; choose png or svg")
    bp = writable(bp)  # no character can upset the drawing or the file
    scene = diagram_scene(bp)
    source = scene.sceneRect()
    data = _png(scene, source) if fmt == "png" else _svg(scene, source, bp.alliance.name)
    io.atomic_write(path, data)
    return path


def export_diagram(bp: Blueprint, path: str | os.PathLike[str],
                   projection: object = None, progress: Progress | None = None, *,
                   kind: str = "png") -> Path:
    """The diagram as an export format (see :mod:`designer.core.exports.formats`).

    Called like every export writer; the diagram shows no figures, so ``projection``
    is not used.
    """
    if progress:
        progress(0, 1, "drawing the diagram")
    written = render_diagram(bp, path, kind)
    if progress:
        progress(1, 1, "done")
    return written


def _png(scene, source: QRectF) -> bytes:
    scale = PRINT_DPI / SCREEN_DPI
    w, h = source.width() * scale, source.height() * scale
    if w * h > MAX_PIXELS:
        scale *= math.sqrt(MAX_PIXELS / (w * h))
    scale = min(scale, MAX_SIDE / source.width(), MAX_SIDE / source.height())
    size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    dots_per_metre = round(SCREEN_DPI * scale / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    scene.render(painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    return _encode(image)


def _encode(image: QImage) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("could not encode the diagram as PNG")
    buffer.close()
    return bytes(array.data())


def _svg(scene, source: QRectF, title: str) -> bytes:
    from PySide6.QtSvg import QSvgGenerator

    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    size = QSize(max(1, round(source.width())), max(1, round(source.height())))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setResolution(SCREEN_DPI)
    generator.setTitle(title)
    generator.setDescription("Alliance blueprint diagram: force lanes, functions by delivery "
                             "model (L local, S shared, J joint), teams, areas and governance.")
    painter = QPainter(generator)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    buffer.close()
    # Only what XML 1.0 can hold, whatever Qt wrote: the file is always well-formed.
    return xml_safe(bytes(array.data()).decode("utf-8", "replace")).encode("utf-8")
