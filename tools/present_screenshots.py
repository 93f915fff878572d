"""Screenshots of presentation mode and of what a force receives, for docs/screenshots.

    python tools/present_screenshots.py [OUT_DIR]

Runs offscreen on a 1366×768 screen (a typical projector): the Avon and Somerset +
Wiltshire sample presented in light and dark (a shared unit's step, the pointer on; a
walk-through's step with its path lit),
the matrix as presented, and the canvas at 1366×768 and 1920×1080 showing Wiltshire's
lane with its references to the units Avon and Somerset hosts.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "models" / "avon-somerset-wiltshire.json"
SCREEN = (1366, 768)


def _projector_screen() -> None:
    """An offscreen platform whose one screen is 1366×768 (full screen fills it)."""
    config = Path(tempfile.mkdtemp()) / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "projector", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1],
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), "utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def settle(app) -> None:
    for _ in range(10):
        app.processEvents()


def present(out: Path, theme: str) -> None:
    from PySide6.QtCore import QPointF, QSettings
    from PySide6.QtWidgets import QApplication

    from designer.ui.main_window import MainWindow
    from designer.ui.style import apply_theme

    app = QApplication.instance()
    apply_theme(app, theme)
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        settings.setValue("presentation/theme", theme)
        window = MainWindow(settings=settings)
        window.resize(1200, 700)
        window.show()
        settle(app)
        window.open_file(SAMPLE, interactive=False)
        settle(app)
        presenter = window.presenter
        presenter.enter()
        settle(app)
        step = next(i for i, s in enumerate(presenter.steps) if s.select == ("pnc",))
        presenter.go(step)
        presenter.set_pointer(True)
        node = window.canvas.diagram.node_for("pnc")
        at = window.canvas.mapFromScene(node.rect().center()) + QPointF(140, 40).toPoint()
        presenter.spotlight.follow(QPointF(at))
        settle(app)
        tag = f"{theme}-{SCREEN[0]}x{SCREEN[1]}"
        window.grab().save(str(out / f"presentation-{tag}.png"))
        presenter.set_pointer(False)
        if theme == "light":  # a demand walk-through presented: its path lit
            walk = next(i for i, s in enumerate(presenter.steps)
                        if s.title.startswith("Walk-through") and len(s.highlight) > 4)
            presenter.go(walk)
            settle(app)
            window.grab().save(str(out / f"presentation-walkthrough-{tag}.png"))
        if theme == "dark":
            presenter.show_matrix(True)
            settle(app)
            window.grab().save(str(out / f"presentation-matrix-{tag}.png"))
        presenter.leave()
        window.close_without_prompt()
        window.deleteLater()
        settle(app)


def references(out: Path, size: tuple[int, int]) -> None:
    """The canvas on Wiltshire's lane: what it does itself and what it receives."""
    from PySide6.QtWidgets import QApplication

    from designer.core import io
    from designer.ui.canvas.view import CanvasView, readable_zoom
    from designer.ui.document import Document
    from designer.ui.style import apply_theme

    app = QApplication.instance()
    apply_theme(app, "light")
    view = CanvasView(Document(io.load(SAMPLE)))
    view.resize(*size)
    view.show()
    settle(app)
    sc, layout = view.diagram, view.diagram.layout
    # the Criminal Justice row: Avon and Somerset's shared units on the left, the same
    # slot in Wiltshire's lane showing what it receives from them
    unit, ref = sc.node_for("pnc").rect(), sc.nodes[("pnc", "wiltshire")].rect()
    section = next(s for s in layout.sections if s.y <= unit.top() < s.y + s.height)
    zoom = max(readable_zoom(), min(1.0, size[0] / (ref.right() + 40)))
    view.set_legend_visible(True)
    view.legend.set_folded(False)
    view.set_minimap_visible(False)
    view._set_zoom(zoom)
    visible = view.visible_scene_rect()
    right = max(ref.right() + 40, visible.width())  # the references, and what fits left
    top = section.y - (view.legend.height() + 40) / zoom  # the legend over the row above
    view.centerOn(right - visible.width() / 2, top + visible.height() / 2)
    settle(app)
    view.grab().save(str(out / f"canvas-references-{size[0]}x{size[1]}.png"))
    view.close()
    view.deleteLater()
    settle(app)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    _projector_screen()
    from designer.ui.app import create_app

    create_app()
    for theme in ("light", "dark"):
        present(out, theme)
    for size in ((1366, 768), (1920, 1080)):
        references(out, size)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
