"""Screenshots of the spreadsheet import and the bulk helpers for docs/screenshots (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/import_screenshots.py [OUT_DIR]

Writes the Avon and Somerset + Wiltshire sample's baseline template, edits a dozen
cells as a finance officer would (figures, a delivery, savings, a go-live year, a
rename), and shows File → Import → Spreadsheet… over the main window at 1366×768
and 1920×1080 (import-preview-*.png); then the same sheet with unreadable cells
(import-problems.png), Tools → Make Joint Except… (joint-except-dialog.png) and the
Export dialog with its baseline-template row (export-dialog.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from designer.core import baseline_sheet as sheet  # noqa: E402
from designer.core.exports.template import export_template  # noqa: E402
from designer.ui.app import create_app  # noqa: E402
from designer.ui.bulk_actions import JointExceptDialog  # noqa: E402
from designer.ui.export_dialog import ExportDialog  # noqa: E402
from designer.ui.import_dialog import ImportPreview  # noqa: E402
from designer.ui.main_window import MainWindow  # noqa: E402
from designer.ui.style import apply_theme  # noqa: E402

SAMPLE = ROOT / "models" / "avon-somerset-wiltshire.json"


def settle(app: QApplication, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()


def filled_sheet(window: MainWindow, tmp: Path, bad: bool = False) -> Path:
    """The sample's template with cells edited as a finance team would."""
    bp = window.document.blueprint
    book = tmp / ("baseline-with-errors.xlsx" if bad else "baseline-2016.xlsx")
    export_template(bp, book)
    keys = [c.key for c in sheet.columns(bp)]
    a, b = (f.id for f in bp.forces)

    def ref(key: str, row: int) -> str:
        return f"{sheet.column_letter(keys.index(key) + 1)}{row}"

    wb = openpyxl.load_workbook(book)
    ws = wb[sheet.SHEET]
    edits = {ref(f"cost:{a}", 3): 38_950_000, ref(f"fte:{a}", 3): 779.0,
             ref(f"cost:{b}", 5): "£4,120,500", ref(f"delivery:{a}", 6): "Shared · host",
             ref(f"delivery:{b}", 6): "Shared", ref("savings", 6): 0.12,
             ref("go_live", 6): "2017/18", ref("name", 9): "Custody and detention",
             ref("basis", 6): "Share of demand", ref(f"fte:{b}", 12): 41.5}
    if bad:
        edits |= {ref(f"cost:{b}", 7): "twelve thousand", ref("go_live", 8): "April 2017",
                  ref(f"delivery:{a}", 10): "Hosted"}
    for cell, value in edits.items():
        ws[cell] = value
    wb.save(book)
    return book


def over_window(window: QWidget, dialog: QWidget) -> QPixmap:
    """The window, dimmed, with the dialog centred over it as it would sit."""
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 48))
    at = QPoint((window.width() - dialog.width()) // 2, (window.height() - dialog.height()) // 2)
    painter.drawPixmap(at, dialog.grab())
    painter.end()
    return shot


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    apply_theme(app, "light")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for size in ((1366, 768), (1920, 1080)):
            window = MainWindow(settings=QSettings(str(tmp / "s.ini"),
                                                   QSettings.Format.IniFormat))
            window.resize(*size)
            window.show()
            settle(app)
            os.chdir(ROOT)  # the window then names the file as `make run` does
            window.open_file(SAMPLE.relative_to(ROOT), interactive=False)
            window.reset_layout()
            settle(app)
            preview = ImportPreview(window.document, filled_sheet(window, tmp), window)
            preview.show()
            settle(app)
            over_window(window, preview).save(str(out / f"import-preview-{size[0]}x{size[1]}"
                                                          ".png"))
            preview.close()
            if size == (1366, 768):
                bad = ImportPreview(window.document, filled_sheet(window, tmp, bad=True),
                                    window)
                bad.show()
                settle(app)
                bad.grab().save(str(out / "import-problems.png"))
                bad.close()
                joint = JointExceptDialog(window.document, window)
                joint.show()
                settle(app)
                joint.grab().save(str(out / "joint-except-dialog.png"))
                joint.close()
                export = ExportDialog(window.document, window)
                export.show()
                settle(app)
                export.grab().save(str(out / "export-dialog.png"))
                export.close()
            window.close_without_prompt()
            window.deleteLater()
            settle(app)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
