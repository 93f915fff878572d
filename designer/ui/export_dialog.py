"""File → Export…: every export format in one dialog, with progress.

One row per format of :data:`designer.core.exports.formats.FORMATS` (the same
list the command line's ``export`` flags come from). Existing files are never
replaced without asking; every file is written atomically; once done the dialog
offers to open the containing folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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

from designer.core.exports import formats
from designer.core.exports.formats import ExportFormat, by_key
from designer.core.finance import project
from designer.ui.document import Document


class ExportDialog(QDialog):
    """Choose formats and places, export with progress, then open the folder."""

    def __init__(self, document: Document, parent: QWidget | None = None,
                 ask_overwrite: Callable[[list[Path]], bool] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setObjectName("exportDialog")
        self.document = document
        self.ask_overwrite = ask_overwrite or self._ask_overwrite
        self.written: list[Path] = []
        base = self._default_base()

        intro = QLabel("Export the business case, the diagram and the model for other tools. "
                       "Files are written completely or not at all; you are asked before any "
                       "file is replaced.")
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.checks: dict[str, QCheckBox] = {}
        self.paths: dict[str, QLineEdit] = {}
        for row, fmt in enumerate(formats.FORMATS):
            check = QCheckBox(fmt.label)
            check.setChecked(fmt.preselected)
            edit = QLineEdit(str(fmt.default_path(base)))
            edit.setMinimumWidth(380)
            browse = QPushButton("Browse…")
            browse.clicked.connect(lambda _=False, f=fmt: self._browse(f))
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

    def _browse(self, fmt: ExportFormat) -> None:
        current = self.paths[fmt.key].text()
        if fmt.folder:
            chosen = QFileDialog.getExistingDirectory(self, f"Folder for the {fmt.help}", current)
        else:
            chosen, _ = QFileDialog.getSaveFileName(
                self, f"Export {fmt.label.lower()}", current, fmt.file_filter,
                options=QFileDialog.Option.DontConfirmOverwrite)  # we ask ourselves
        if chosen:
            self.paths[fmt.key].setText(chosen)
            self.checks[fmt.key].setChecked(True)

    def chosen(self) -> dict[str, Path]:
        """Where each ticked format goes, by key, in the registry's order."""
        return {k: Path(self.paths[k].text()).expanduser() for k, c in self.checks.items()
                if c.isChecked() and self.paths[k].text().strip()}

    def _existing(self, chosen: dict[str, Path]) -> list[Path]:
        return [p for key, path in chosen.items() for p in by_key(key).replaces(path)]

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
        bp = self.document.file_blueprint  # the business case: base and options
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
                self.written.append(by_key(key).write(bp, path, projection, progress))
                progress(1, 1, "done")
        except (OSError, RuntimeError) as exc:
            reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
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
