"""File → Export…: every export format in one dialog, with progress.

Formats: business-case workbook (xlsx), CSV tables (a folder), board report
(PDF), and the diagram alone (PNG at print resolution, SVG). Existing files
are never replaced without asking; every file is written atomically; once
done the dialog offers to open the containing folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from designer.core.exports.csv_tables import TABLE_NAMES, export_csv
from designer.core.finance import project
from designer.ui.document import Document
from designer.ui.report_pdf import export_diagram, export_pdf


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    suffix: str  # "" for a folder
    filter: str
    available: bool = True


def formats() -> list[Format]:
    has_diagram = _has_canvas()
    return [
        Format("xlsx", "Business-case workbook (.xlsx)", ".xlsx", "Excel workbook (*.xlsx)"),
        Format("csv", "CSV tables (a folder of .csv)", "", ""),
        Format("pdf", "Board report (.pdf)", ".pdf", "PDF document (*.pdf)"),
        Format("png", "Diagram image (.png, 300 dpi)", ".png", "PNG image (*.png)", has_diagram),
        Format("svg", "Diagram, vector (.svg)", ".svg", "SVG image (*.svg)", has_diagram),
    ]


def _has_canvas() -> bool:
    try:
        import designer.ui.canvas.render  # noqa: F401
    except ImportError:
        return False
    return True


class ExportDialog(QDialog):
    """Choose formats and places, export with progress, then open the folder."""

    def __init__(self, document: Document, parent: QWidget | None = None,
                 ask_overwrite: Any = None):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setObjectName("exportDialog")
        self.document = document
        self.ask_overwrite = ask_overwrite or self._ask_overwrite
        self.written: list[Path] = []
        base = self._default_base()

        intro = QLabel("Export the business case and the diagram. Files are written "
                       "completely or not at all; you are asked before any file is replaced.")
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.checks: dict[str, QCheckBox] = {}
        self.paths: dict[str, QLineEdit] = {}
        for row, fmt in enumerate(formats()):
            check = QCheckBox(fmt.label)
            check.setChecked(fmt.key in ("xlsx", "pdf") and fmt.available)
            check.setEnabled(fmt.available)
            edit = QLineEdit(str(base.with_name(base.name + "-tables")) if fmt.key == "csv"
                             else str(base.with_suffix(fmt.suffix)))
            edit.setEnabled(fmt.available)
            edit.setMinimumWidth(380)
            browse = QPushButton("Browse…")
            browse.setEnabled(fmt.available)
            browse.clicked.connect(lambda _=False, f=fmt: self._browse(f))
            if not fmt.available:
                check.setToolTip("The diagram canvas is not part of this build.")
            grid.addWidget(check, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(browse, row, 2)
            self.checks[fmt.key] = check
            self.paths[fmt.key] = edit

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.open_folder = QPushButton("Open Containing Folder")
        self.open_folder.setEnabled(False)
        self.open_folder.clicked.connect(self._open_folder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.export_button.clicked.disconnect()
        self.export_button.clicked.connect(self.run)
        self.buttons.rejected.connect(self.reject)

        bottom = QHBoxLayout()
        bottom.addWidget(self.open_folder)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(bottom)

    # ------------------------------------------------------------ choices

    def _default_base(self) -> Path:
        path = self.document.path
        if path is not None:
            return path.with_suffix("")
        return Path.home() / "alliance-business-case"

    def _browse(self, fmt: Format) -> None:
        current = self.paths[fmt.key].text()
        if fmt.key == "csv":
            chosen = QFileDialog.getExistingDirectory(self, "Folder for the CSV tables", current)
        else:
            chosen, _ = QFileDialog.getSaveFileName(
                self, f"Export {fmt.label.lower()}", current, fmt.filter,
                options=QFileDialog.Option.DontConfirmOverwrite)  # we ask ourselves
        if chosen:
            self.paths[fmt.key].setText(chosen)
            self.checks[fmt.key].setChecked(True)

    def chosen(self) -> dict[str, Path]:
        return {k: Path(self.paths[k].text()).expanduser() for k, c in self.checks.items()
                if c.isChecked() and c.isEnabled() and self.paths[k].text().strip()}

    def _existing(self, chosen: dict[str, Path]) -> list[Path]:
        found = []
        for key, path in chosen.items():
            if key == "csv":
                found += [p for n in TABLE_NAMES if (p := path / f"{n}.csv").exists()]
            elif path.exists():
                found.append(path)
        return found

    def _ask_overwrite(self, existing: list[Path]) -> bool:
        names = "\n".join(str(p) for p in existing[:8])
        more = f"\n… and {len(existing) - 8} more" if len(existing) > 8 else ""
        answer = QMessageBox.question(
            self, "Replace existing files?",
            f"These files already exist and would be replaced:\n\n{names}{more}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------ export

    def run(self) -> bool:
        """Export every chosen format; True when all were written."""
        chosen = self.chosen()
        if not chosen:
            self.status.setText("Choose at least one format.")
            return False
        existing = self._existing(chosen)
        if existing and not self.ask_overwrite(existing):
            self.status.setText("Nothing exported: existing files were kept.")
            return False
        self.export_button.setEnabled(False)
        self.written = []
        bp = self.document.blueprint
        steps = len(chosen)
        path: Path | None = None  # the output being written: errors name it
        try:
            projection = project(bp)
            for i, (key, path) in enumerate(chosen.items()):
                def progress(step: int, total: int, what: str, i: int = i,
                             key: str = key) -> None:
                    fraction = (i + (step / total if total else 1)) / steps
                    self.progress.setValue(round(fraction * 100))
                    self.status.setText(f"{key.upper()}: {what}")
                    QApplication.processEvents()

                progress(0, 1, "starting")
                if key == "xlsx":
                    from designer.core.exports.xlsx import export_xlsx  # openpyxl: slow import

                    self.written.append(export_xlsx(bp, path, projection, progress))
                elif key == "csv":
                    export_csv(bp, path, progress, projection)
                    self.written.append(path)
                elif key == "pdf":
                    self.written.append(export_pdf(bp, path, projection, progress))
                else:
                    self.written.append(export_diagram(bp, path, key))
                progress(1, 1, "done")
        except (OSError, RuntimeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            which = f"could not write {path.name}: " if path else ""
            self.status.setText(f"Export stopped: {which}{reason}. Files already written "
                                "are complete; the others were not changed.")
            self.export_button.setEnabled(True)
            self.open_folder.setEnabled(bool(self.written))
            return False
        self.progress.setValue(100)
        self.status.setText("Exported: " + ", ".join(p.name for p in self.written))
        self.export_button.setEnabled(True)
        self.open_folder.setEnabled(True)
        return True

    def folder(self) -> Path | None:
        if not self.written:
            return None
        first = self.written[0]
        return first if first.is_dir() else first.parent

    def _open_folder(self) -> None:
        folder = self.folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def install(window: Any) -> None:
    """Fill the main window's File → Export menu."""
    menu = getattr(window, "export_menu", None)
    if menu is None:
        return
    action = menu.addAction("&Business Case and Diagram…")
    action.setStatusTip("Export the workbook, CSV tables, board report or diagram")
    action.triggered.connect(lambda: ExportDialog(window.document, window).exec())
    menu.menuAction().setVisible(True)
    window.act_export = action

