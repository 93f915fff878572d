"""Screenshots of the Finance dock and the PDF report (offscreen), for docs/screenshots.

    QT_QPA_PLATFORM=offscreen python tools/report_screenshots.py [OUT_DIR] [--all]

Opens the Avon and Somerset + Wiltshire sample with its target moved to 2022/23 (a
ten-year projection, as a new user's alliance had: the board-ready output is checked on
it) and saves: the main window with the Finance dock's chart in front at 1366×768 and
1920×1080 (finance-chart-*.png); the dock's panel, light and dark, wide and narrow,
on each of its tabs (the cost-sharing function selected); and the report's pages
rendered with pdfium. Without ``--all`` only the images that docs/screenshots holds are
written (finance-*.png, report-*.png).
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
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.core import io  # noqa: E402
from designer.ui.app import create_app  # noqa: E402
from designer.ui.docks.finance import FinancePanel  # noqa: E402
from designer.ui.document import Document  # noqa: E402
from designer.ui.main_window import MainWindow  # noqa: E402
from designer.ui.report_pdf import export_pdf  # noqa: E402
from designer.ui.style import apply_theme  # noqa: E402

SAMPLE = ROOT / "models" / "avon-somerset-wiltshire.json"
REPORT_PAGES = {1: "report-title"}
"""Pages of the sample's report kept in docs/screenshots by number; the others are found
by their titles (:data:`REPORT_TITLES`), so a new section does not shift them."""
REPORT_TITLES = {
    "Economic case: options appraised": "report-economic-case",
    "Options appraised": "report-options",
    "Financial case: summary": "report-summary",
    "Savings profile by financial year": "report-profile-sensitivity",
    "Apportionment between partners": "report-apportionment",
    "Savings by force and financial year": "report-by-force",
    "Operating model: governance and joint units": "report-diagram",
    "Operating model: Avon and Somerset Constabulary": "report-diagram-lane",
    "Operating model: names shortened in the diagram": "report-diagram-names",
}
"""A page's first title (not continued) → the image it is kept as."""


def ten_years():
    """The sample with its savings target in 2022/23: a ten-year projection."""
    bp = io.load(SAMPLE)
    target = bp.alliance.savings_target.model_copy(update={"year": "2022/23"})
    return bp.model_copy(update={"alliance": bp.alliance.model_copy(
        update={"savings_target": target})})


def settle(app: QApplication, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()


def window_shots(out: Path, tmp: Path, every: bool) -> None:
    """The main window with the Finance dock's chart in front, at two screen sizes."""
    app = QApplication.instance()
    apply_theme(app, "light")
    path = tmp / "ten-years.json"
    io.save(ten_years(), path)
    for size in ((1366, 768), (1920, 1080)):
        window = MainWindow(settings=QSettings(str(tmp / "w.ini"), QSettings.Format.IniFormat))
        window.resize(*size)
        window.show()
        settle(app)
        window.open_file(path, interactive=False)
        window.reset_layout()
        window.docks["finance"].raise_()
        settle(app, 20)
        panel = window.finance_panel
        if panel.tabs.indexOf(panel.chart) >= 0:  # a narrow dock: the chart is a tab
            panel.tabs.setCurrentWidget(panel.chart)
        settle(app, 10)
        tag = f"{size[0]}x{size[1]}"
        window.grab().save(str(out / f"finance-chart-{tag}.png"))
        if every:
            window.docks["finance"].grab().save(str(out / f"finance-dock-{tag}.png"))
        window.close_without_prompt()
        window.deleteLater()
        settle(app)


def panel_shots(out: Path, every: bool) -> None:
    """The panel alone: wide (chart beside the tabs) and narrow, light and dark."""
    app = QApplication.instance()
    bp = ten_years()
    shared = next(f.id for f in bp.functions if f.delivery == "shared")
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        doc = Document(bp)
        panel = FinancePanel(doc, delay_ms=0)
        panel.resize(1300, 380)
        panel.show()
        settle(app)
        doc.select([shared])
        settle(app)
        panel.grab().save(str(out / f"finance-dock-{theme}.png"))
        if theme == "light":
            panel.resize(1300, 330)
            panel.tabs.setCurrentWidget(panel.sens_view)
            settle(app)
            panel.grab().save(str(out / "finance-dock-sensitivity.png"))
        if every:
            for i in range(panel.tabs.count()):
                panel.tabs.setCurrentIndex(i)
                settle(app)
                panel.grab().save(str(out / f"finance-tab-{i}-{theme}.png"))
        if theme == "light":
            panel.resize(620, 330)
            panel.tabs.setCurrentIndex(0)
            settle(app)
            panel.grab().save(str(out / "finance-dock-narrow.png"))
        panel.close()
        panel.deleteLater()
        doc.deleteLater()
        settle(app)


def report_shots(out: Path, tmp: Path, every: bool) -> None:
    import pypdfium2 as pdfium

    path = export_pdf(ten_years(), tmp / "report.pdf")
    doc = pdfium.PdfDocument(str(path))
    for i in range(len(doc)):
        page = doc[i]
        text = page.get_textpage().get_text_range()
        name = REPORT_PAGES.get(i + 1)
        top = text.splitlines()[:4]  # the running head and foot, then the page's title
        for title, image in REPORT_TITLES.items():
            if any(line.startswith(title) and "(continued)" not in line
                   and ("(page " not in line or "(page 1 of" in line) for line in top):
                name = image
        if not (name or every):
            continue
        scale = 1.6 if name and name.startswith("report-diagram") else 1.2
        bitmap = page.render(scale=scale)
        fmt = QImage.Format.Format_BGR888 if bitmap.n_channels == 3 else \
            QImage.Format.Format_ARGB32
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                       fmt).copy()
        if name:
            image.save(str(out / f"{name}.png"))
        if every:
            image.save(str(out / f"pdf-page-{i + 1:02d}.png"))


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--all"]
    every = "--all" in sys.argv[1:]
    out = Path(args[0]) if args else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    create_app()
    with tempfile.TemporaryDirectory() as tmp:
        window_shots(out, Path(tmp), every)
        panel_shots(out, every)
        report_shots(out, Path(tmp), every)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
