"""File → Export…: chosen formats written atomically, never replacing without asking."""

from __future__ import annotations

import openpyxl
import shiboken6

from designer.core import io
from designer.core.exports.csv_tables import TABLE_NAMES
from designer.core.exports.formats import FORMATS
from designer.ui.document import Document
from designer.ui.export_dialog import ExportDialog
from tests.core.test_finance import worked_example


def make(qtbot, tmp_path, answer=True):
    path = tmp_path / "case.json"
    io.save(worked_example("equal"), path)
    asked = []

    def ask(existing):
        asked.append(existing)
        return answer

    dialog = ExportDialog(Document(io.load(path), path), ask_overwrite=ask)
    qtbot.addWidget(dialog)
    return dialog, asked


def test_defaults_sit_beside_the_blueprint(qtbot, tmp_path):
    dialog, _ = make(qtbot, tmp_path)
    assert dialog.chosen() == {"xlsx": tmp_path / "case.xlsx", "pdf": tmp_path / "case.pdf"}
    assert dialog.paths["csv"].text() == str(tmp_path / "case-tables")
    assert dialog.paths["svg"].text() == str(tmp_path / "case.svg")
    assert all(check.isEnabled() for check in dialog.checks.values())


def test_one_row_per_registered_format(qtbot, tmp_path):
    """The dialog's choices are the registry's formats, labelled and placed by it."""
    dialog, _ = make(qtbot, tmp_path)
    assert list(dialog.checks) == list(dialog.paths) == [f.key for f in FORMATS]
    for fmt in FORMATS:
        assert dialog.checks[fmt.key].text() == fmt.label
        assert dialog.checks[fmt.key].isChecked() == fmt.preselected
        assert dialog.paths[fmt.key].text() == str(fmt.default_path(tmp_path / "case"))


def test_export_writes_every_chosen_format_with_progress(qtbot, tmp_path):
    dialog, asked = make(qtbot, tmp_path)
    dialog.checks["csv"].setChecked(True)
    values = []
    dialog.progress.valueChanged.connect(values.append)
    assert dialog.run()
    assert not asked
    assert openpyxl.load_workbook(tmp_path / "case.xlsx").sheetnames[0] == "Summary"
    assert (tmp_path / "case.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(p.stem for p in (tmp_path / "case-tables").iterdir()) == sorted(TABLE_NAMES)
    assert values == sorted(values) and values[-1] == 100
    assert dialog.open_folder.isEnabled() and dialog.folder() == tmp_path
    assert "case.xlsx" in dialog.status.text()


def test_existing_files_are_kept_unless_the_user_agrees(qtbot, tmp_path):
    dialog, asked = make(qtbot, tmp_path, answer=False)
    (tmp_path / "case.xlsx").write_bytes(b"keep")
    assert not dialog.run()
    assert asked == [[tmp_path / "case.xlsx"]]
    assert (tmp_path / "case.xlsx").read_bytes() == b"keep"
    assert not (tmp_path / "case.pdf").exists()
    assert "kept" in dialog.status.text()
    dialog.ask_overwrite = lambda existing: True
    assert dialog.run()
    assert (tmp_path / "case.xlsx").read_bytes()[:2] == b"PK"


def test_a_failed_write_is_reported_not_raised(qtbot, tmp_path):
    dialog, _ = make(qtbot, tmp_path)
    dialog.paths["xlsx"].setText(str(tmp_path / "no" / "such" / "folder" / "x.xlsx"))
    assert not dialog.run()
    assert "Export stopped" in dialog.status.text()
    assert dialog.export_button.isEnabled()


def test_export_menu_opens_the_dialog(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from designer.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Document(worked_example("equal")), settings=settings)
    assert window.export_menu.menuAction().isVisible()
    assert window.act_export in window.export_menu.actions()
    assert "finance" in window.docks
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    window.act_export.trigger()
    assert len(opened) == 1 and opened[0].document is window.document
    opened.clear()
    window.close()
    window.deleteLater()  # delete in Qt now; left to Python's exit it crashes shiboken
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))


def test_diagram_formats_export_when_the_canvas_is_present(qtbot, tmp_path):
    from PySide6.QtGui import QImage

    dialog, _ = make(qtbot, tmp_path)
    for key in ("xlsx", "pdf"):
        dialog.checks[key].setChecked(False)
    dialog.checks["png"].setChecked(True)
    dialog.checks["svg"].setChecked(True)
    assert dialog.run()
    image = QImage(str(tmp_path / "case.png"))
    assert not image.isNull() and image.width() > 1000  # print resolution
    assert round(image.dotsPerMeterX() * 0.0254) >= 150
    assert b"<svg" in (tmp_path / "case.svg").read_bytes()[:2000]


def test_a_failed_write_names_the_output_not_a_temporary_file(qtbot, tmp_path):
    dialog, _ = make(qtbot, tmp_path)
    out = tmp_path / "case.xlsx"
    out.mkdir()  # the workbook is written, then cannot replace a folder
    assert not dialog.run()
    text = dialog.status.text()
    assert "case.xlsx" in text
    assert ".case.xlsx" not in text and io.TEMP_MARK not in text


def test_a_format_added_to_the_registry_gets_a_row_and_exports(qtbot, tmp_path, monkeypatch):
    """Adding a format is one registry entry plus its writer: the dialog needs no change."""
    from designer.core.exports import formats
    from tests.core.exports.test_formats import OUTLINE

    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, OUTLINE))
    dialog, _ = make(qtbot, tmp_path)
    assert dialog.checks["outline"].text() == OUTLINE.label
    assert dialog.paths["outline"].text() == str(tmp_path / "case.txt")
    for key, check in dialog.checks.items():
        check.setChecked(key == "outline")
    assert dialog.run()
    assert dialog.written == [tmp_path / "case.txt"]
    assert (tmp_path / "case.txt").read_text().startswith("Outline\n")
