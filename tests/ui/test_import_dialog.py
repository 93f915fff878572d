"""File → Import from Spreadsheet…: the changes shown first, then one undoable step."""

from __future__ import annotations

import openpyxl
from PySide6.QtWidgets import QDialog, QFileDialog

from designer.core import baseline_sheet as sheet
from designer.core.exports.template import export_template
from designer.ui.document import Document
from designer.ui.import_dialog import ImportPreview


def filled(tmp_path, bp, **cells):
    book = tmp_path / "book.xlsx"
    export_template(bp, book)
    wb = openpyxl.load_workbook(book)
    for ref, value in cells.items():
        wb["Functions"][ref] = value
    wb.save(book)
    return book


def ref(bp, key, function_id):
    col = [c.key for c in sheet.columns(bp)].index(key) + 1
    return f"{sheet.column_letter(col)}{2 + [f.id for f in bp.functions].index(function_id)}"


def test_preview_lists_the_changes_and_imports_them_as_one_step(qtbot, tmp_path, sample_bp):
    doc = Document(sample_bp)
    book = filled(tmp_path, sample_bp, **{ref(sample_bp, "cost:asp", "ict"): 250000,
                                          ref(sample_bp, "savings", "dogs"): 0.3})
    dialog = ImportPreview(doc, book)
    qtbot.addWidget(dialog)
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert lines == ["Dogs: savings none → 30%",
                     "Ict: baseline Asp none → cost £250,000"]
    assert dialog.heading.text() == "book.xlsx changes 2 elements"
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "Import 2 Changes"
    assert doc.blueprint is sample_bp  # nothing changed yet
    dialog.import_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert doc.blueprint.functions[0].savings_percent == 30
    assert doc.blueprint.functions[1].baseline["asp"].cost_pence == 250_000_00
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Import from book.xlsx"
    doc.undo_stack.undo()
    assert doc.blueprint == sample_bp


def test_a_bad_sheet_lists_its_problems_and_offers_nothing(qtbot, tmp_path, sample_bp):
    doc = Document(sample_bp)
    book = filled(tmp_path, sample_bp, **{ref(sample_bp, "fte:wilts", "ict"): "lots"})
    dialog = ImportPreview(doc, book)
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == "Nothing can be imported from book.xlsx"
    assert dialog.list.count() == 1
    assert dialog.list.item(0).text().startswith(
        f"Functions!{ref(sample_bp, 'fte:wilts', 'ict')}: 'lots' is not a number of FTE")
    assert not dialog.import_button.isVisible() and not dialog.import_button.isEnabled()
    dialog.apply()
    assert doc.blueprint is sample_bp and doc.undo_stack.count() == 0


def test_an_unchanged_sheet_says_so(qtbot, tmp_path, sample_bp):
    doc = Document(sample_bp)
    dialog = ImportPreview(doc, filled(tmp_path, sample_bp))
    qtbot.addWidget(dialog)
    assert dialog.heading.text() == "book.xlsx changes nothing"
    assert not dialog.import_button.isEnabled()
    assert dialog.list.isHidden()


def test_a_csv_file_is_read_by_its_extension(qtbot, tmp_path, sample_bp):
    doc = Document(sample_bp)
    book = tmp_path / "book.csv"
    book.write_text("not,the,template\n", encoding="utf-8")
    dialog = ImportPreview(doc, book)
    qtbot.addWidget(dialog)
    assert "'not' is not a column of the baseline sheet" in dialog.list.item(0).text()


def test_the_file_menu_opens_it(qtbot, window, tmp_path, monkeypatch):
    bp = window.document.blueprint
    book = filled(tmp_path, bp, **{ref(bp, "go_live", "ict"): "2018/19"})
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(book), "")))
    monkeypatch.setattr(ImportPreview, "exec", lambda self: self.apply())
    assert window.act_import_sheet in window.menuBar().actions()[0].menu().actions()
    window.act_import_sheet.trigger()
    assert window.last_import is not None
    assert window.document.blueprint.functions[1].go_live == "2018/19"
    assert window.document.is_dirty
