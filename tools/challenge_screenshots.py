"""Screenshots of the challenge and decision log for docs/screenshots (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/challenge_screenshots.py [OUT_DIR]

Opens the Avon and Somerset + Wiltshire sample (its log holds three challenges from the
2015 press releases and staff message), raises one more, open, on armed policing as a
workshop would, and saves at 1366×768 and 1920×1080, light and dark: the main window
with the Challenges dock in front, the dock alone, and the canvas close up on the node
with its open-challenge badge.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.ui import author  # noqa: E402
from designer.ui.app import create_app  # noqa: E402
from designer.ui.main_window import MainWindow  # noqa: E402
from designer.ui.style import apply_theme  # noqa: E402

SAMPLE = ROOT / "models" / "avon-somerset-wiltshire.json"
CHALLENGE = ("Firearms is drawn as one Tri-Force unit led by Avon and Somerset. Who answers "
             "an armed call in Swindon at 3am, and how long does it take to get there?")


def settle(app: QApplication, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()


def shoot(out: Path, theme: str, size: tuple[int, int], tmp: Path) -> None:
    app = QApplication.instance()
    apply_theme(app, theme)
    settings = QSettings(str(tmp / f"{theme}.ini"), QSettings.Format.IniFormat)
    author.store(settings, "Local commander, Swindon")
    window = MainWindow(settings=settings)
    window.resize(*size)
    window.show()
    settle(app)
    os.chdir(ROOT)
    window.open_file(SAMPLE.relative_to(ROOT), interactive=False)
    window.reset_layout()
    settle(app)
    panel = window.challenges_panel
    panel.add("firearms", CHALLENGE, "Local commander, Swindon")
    window.docks["challenges"].raise_()
    window.document.select(["firearms"])
    window.zoom_to_selection()
    settle(app)
    tag = f"{theme}-{size[0]}x{size[1]}"
    window.grab().save(str(out / f"challenges-window-{tag}.png"))
    window.docks["challenges"].grab().save(str(out / f"challenges-dock-{tag}.png"))
    node = window.canvas.diagram.node_for("firearms")
    if node is not None:
        view = window.canvas
        rect = view.mapFromScene(node.rect().adjusted(-60, -40, 60, 40)).boundingRect()
        view.viewport().grab(rect).save(str(out / f"challenges-badge-{tag}.png"))
    window.document.undo_stack.setClean()
    window.close_without_prompt()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    create_app([])
    with tempfile.TemporaryDirectory() as tmp:
        for theme in ("light", "dark"):
            for size in ((1366, 768), (1920, 1080)):
                shoot(out, theme, size, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
