"""Screenshots of the option switcher for docs/screenshots (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/options_screenshots.py [OUT_DIR]

Opens the Avon and Somerset + Wiltshire sample (it holds three options), shows the
option "Dogs and armed policing kept under each force's command" with the switcher's
list open over the canvas, the functions it changes selected and in view (their marks
on the canvas and in the matrix), and saves the window at 1366×768 and 1920×1080 in
the light theme: options-switcher-1366x768.png and options-switcher-1920x1080.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.ui.app import create_app  # noqa: E402
from designer.ui.main_window import MainWindow  # noqa: E402
from designer.ui.style import apply_theme  # noqa: E402

SAMPLE = ROOT / "models" / "avon-somerset-wiltshire.json"
OPTION = "dogs-firearms-local"


def settle(app: QApplication, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()


def shoot(out: Path, size: tuple[int, int], tmp: Path) -> Path:
    app = QApplication.instance()
    apply_theme(app, "light")
    settings = QSettings(str(tmp / f"{size[0]}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(*size)
    window.show()
    settle(app)
    os.chdir(ROOT)
    window.open_file(SAMPLE.relative_to(ROOT), interactive=False)
    window.reset_layout()
    settle(app)
    refusal = window.document.set_option(OPTION)
    if refusal:
        raise SystemExit(refusal)
    marked = sorted(i for i, m in window.document.marks.items() if m == "changed"
                    and window.document.kind_of(i) == "function")
    window.document.select(marked)
    window.canvas.centre_on(tuple(marked))  # close enough that the marks read
    if marked:  # the matrix shows the first function the option changes
        model = window.matrix.matrix
        window.matrix.scrollTo(model.index(model.row_of(marked[0]), 0),
                               window.matrix.ScrollHint.PositionAtCenter)
    settle(app)
    shot = window.grab()
    combo = window.options.combo  # the switcher's list, drawn open under the combo
    combo.showPopup()
    settle(app)
    popup = combo.view().window()
    where = combo.mapTo(window, QPoint(0, combo.height()))
    painter = QPainter(shot)
    painter.drawPixmap(where, popup.grab())
    painter.end()
    combo.hidePopup()
    path = out / f"options-switcher-{size[0]}x{size[1]}.png"
    shot.save(str(path))
    window.close_without_prompt()
    return path


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    create_app([])
    with tempfile.TemporaryDirectory() as tmp:
        for size in ((1366, 768), (1920, 1080)):
            print(shoot(out, size, Path(tmp)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
