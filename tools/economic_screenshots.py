"""Screenshots of the Economic Case dock and "what did that change?" for docs/screenshots.

    QT_QPA_PLATFORM=offscreen python tools/economic_screenshots.py [OUT_DIR]

Opens the Avon and Somerset + Wiltshire sample (three options) and brings up View ▸
Economic Case as a user does (Ctrl+Shift+E): the window with the comparison at
1366×768 and 1920×1080 (economic-case-WxH.png), and the dock's chart and differences
tab with a difference clicked (economic-case-chart-WxH.png). Then makes the Police
National Computer local for Wiltshire (with two partners that makes it local for both:
a side effect) and saves the window with the status bar's note and its *Details…*
window over it at 1366×768 (what-changed-1366x768.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.core import edits  # noqa: E402
from designer.ui.app import create_app  # noqa: E402
from designer.ui.main_window import MainWindow  # noqa: E402
from designer.ui.style import apply_theme  # noqa: E402

SAMPLE = ROOT / "models" / "avon-somerset-wiltshire.json"


def wait(app: QApplication, done: Callable[[], bool], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()


def open_window(app: QApplication, size: tuple[int, int], tmp: Path) -> MainWindow:
    window = MainWindow(settings=QSettings(str(tmp / f"e{size[0]}.ini"),
                                           QSettings.Format.IniFormat))
    window.resize(*size)
    window.show()
    os.chdir(ROOT)  # the status bar names the file as `make run` does
    window.open_file(SAMPLE.relative_to(ROOT), interactive=False)
    window.reset_layout()
    wait(app, lambda: True)
    return window


def what_changed(app: QApplication, out: Path, tmp: Path) -> None:
    """The note after an edit with a side effect, and Details… open over the window."""
    window = open_window(app, (1366, 768), tmp)
    doc = window.document
    doc.try_edit("Make the PNC local for Wiltshire", edits.set_arrangement, "pnc",
                 "wiltshire", "local")
    doc.select(["pnc"])
    doc.centre_on(["pnc"])
    window.explainer.wait()
    window.statusBar().clearMessage()
    window.show_change_details()
    dialog = window.change_details
    assert dialog is not None
    wait(app, lambda: dialog.isVisible())
    shot = window.grab()
    painter = QPainter(shot)
    at = QPoint((shot.width() - dialog.width()) // 2, 110)
    painter.drawPixmap(at, dialog.grab())  # where a window manager would put it
    painter.setPen(QPen(QColor("#7f7f7f"), 1))
    painter.drawRect(at.x(), at.y(), dialog.width() - 1, dialog.height() - 1)
    painter.end()
    shot.save(str(out / "what-changed-1366x768.png"))
    dialog.close()
    window.close_without_prompt()
    window.deleteLater()
    wait(app, lambda: True)


def economic_case(app: QApplication, out: Path, tmp: Path, size: tuple[int, int]) -> None:
    """The window with the Economic Case brought up, then its chart and differences."""
    window = open_window(app, size, tmp)
    window.show_economic_case()
    panel = window.economic_panel
    wait(app, lambda: panel.appraised is not None and not panel.busy)
    tag = f"{size[0]}x{size[1]}"
    window.statusBar().clearMessage()
    wait(app, lambda: True)
    window.grab().save(str(out / f"economic-case-{tag}.png"))
    panel.tabs.setCurrentIndex(1)
    group = panel.diffs.topLevelItem(1)
    panel.diffs.setCurrentItem(group.child(0))
    panel._difference_clicked(group.child(0))  # as a click does: the option shown
    wait(app, lambda: True)
    window.grab().save(str(out / f"economic-case-chart-{tag}.png"))
    window.close_without_prompt()
    window.deleteLater()
    wait(app, lambda: True)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    apply_theme(app, "light")
    with tempfile.TemporaryDirectory() as folder:
        for size in ((1366, 768), (1920, 1080)):
            economic_case(app, out, Path(folder), size)
        what_changed(app, out, Path(folder))
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
