"""File ▸ Import: a spreadsheet's changes shown first, then one undoable step; an ArchiMate
model opened as a new blueprint or brought into the open one, what did not map listed
with its line, a bad file refused with where it is wrong."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QProgressDialog

from designer.core import baseline_sheet as sheet
from designer.core import io
from designer.core.archimate import NS
from designer.core.exports.archimate import archimate_bytes
from designer.core.exports.template import export_template
from designer.core.imports import formats, safe_xml
from designer.ui import import_dialog
from designer.ui.document import Document
from designer.ui.import_dialog import ImportPreview, read_source

A = {"a": NS}


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
    assert window.import_menu.menuAction() in window.menuBar().actions()[0].menu().actions()
    assert window.import_menu.actions() == [window.act_import_sheet, window.act_import_model]
    window.act_import_sheet.trigger()
    assert window.last_import is not None
    assert window.document.blueprint.functions[1].go_live == "2018/19"
    assert window.document.is_dirty


# ------------------------------------------------------------------ ArchiMate models

FOREIGN = Path(__file__).resolve().parents[1] / "data" / "archimate-sample-blueprint.xml"
SAMPLES = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture
def accept_previews(monkeypatch):
    """A preview 'shown' is accepted at once, its choice as it opened."""
    monkeypatch.setattr(ImportPreview, "exec", lambda self: self.apply())


def _exported(tmp_path, bp, change=None) -> Path:
    doc = etree.fromstring(archimate_bytes(bp))
    if change:
        change(doc)
    path = tmp_path / "model.xml"
    path.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    return path


def _rename(identifier, name):
    def change(doc):
        doc.find(f"a:elements/a:element[@identifier='{identifier}']/a:name", A).text = name
    return change


def _rows(table) -> list[tuple[str, str, str]]:
    return [tuple(table.item(row, c).text() for c in range(3))
            for row in range(table.rowCount())]


def test_our_export_edited_in_archi_comes_back_into_the_open_blueprint(qtbot, tmp_path,
                                                                        sample_bp):
    doc = Document(sample_bp)
    path = _exported(tmp_path, sample_bp, _rename("id-ict", "ICT (shared)"))
    reading = read_source(formats.by_key("archimate"), path, sample_bp, into=True, new=True)
    dialog = ImportPreview(doc, path, reading=reading)
    qtbot.addWidget(dialog)
    assert dialog.mode == "into"  # its elements are this blueprint's: the way back
    assert set(dialog.choices) == {"into", "new"} and dialog.choices["into"].isChecked()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "Ict: name Ict → ICT (shared)"]
    assert dialog.heading.text() == "model.xml changes 1 element"
    assert dialog.import_button.text() == "Import 1 Change"
    assert dialog.unmapped.isHidden()  # everything maps
    dialog.choices["new"].click()
    assert dialog.mode == "new" and dialog.import_button.text() == "Open as New Blueprint"
    assert dialog.heading.text() == "model.xml opens as a new blueprint"
    assert dialog.list.item(0).text() == "2 forces: Asp, Wilts"
    dialog.choices["into"].click()
    dialog.import_button.click()
    assert next(f for f in doc.blueprint.functions if f.id == "ict").name == "ICT (shared)"
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Import from model.xml"
    doc.undo_stack.undo()
    assert doc.blueprint == sample_bp


def test_a_foreign_model_opens_new_and_lists_what_did_not_map_with_its_line(
        qtbot, window, accept_previews, tmp_path):
    before = window.document.blueprint
    on_disk = window.document.path.read_bytes()
    window.import_model(FOREIGN)
    dialog = window.last_import
    assert dialog is not None and dialog.mode == "new"  # Archi's import makes a new model
    rows = _rows(dialog.unmapped)
    assert ("8", "BusinessFunction 'Contact Management' (id-fn-cc)") in {r[:2] for r in rows}
    assert any(r[0] == "16" and "id-team-1" in r[1] and "not imported" in r[2] for r in rows)
    assert dialog.unmapped_label.text().startswith(f"Not imported as it is ({len(rows)})")
    # accepted: the model is the window's blueprint now, untitled and to be saved
    assert [f.name for f in window.document.blueprint.forces] == ["Force A"]
    assert window.document.path is None and window.document.is_dirty
    assert window.document.undo_stack.count() == 0
    assert window.document.path is None and window.has_blueprint
    assert before.forces[0].name != "Force A"
    assert window.files.recent_files()[0] != str(FOREIGN)
    assert (tmp_path / "alliance.json").read_bytes() == on_disk  # the old file untouched


def test_from_the_start_page_the_model_opens_as_a_new_blueprint(qtbot, isolated,
                                                                accept_previews, monkeypatch):
    from designer.ui.main_window import MainWindow

    win = MainWindow(settings=isolated)
    try:
        assert not win.has_blueprint
        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            staticmethod(lambda *a, **k: (str(FOREIGN), "")))
        win.act_import_model.trigger()
        assert win.last_import.modes == ["new"] and not win.last_import.choices
        assert win.has_blueprint and win.document.blueprint.forces[0].name == "Force A"
    finally:
        win.close_without_prompt()


def test_keeping_the_open_blueprint_when_asked_to_save_it_changes_nothing(
        qtbot, window, accept_previews, monkeypatch):
    before = window.document.blueprint
    monkeypatch.setattr(window.files, "ask_save_changes", lambda doing: False)
    window.import_model(FOREIGN)
    assert window.last_import.mode == "new"
    assert window.document.blueprint is before


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE model [<!ENTITY l0 "lol">' + "".join(
    f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + f']>\n<model xmlns="{NS}" identifier="id-m"><name>&l9;</name></model>')


@pytest.mark.parametrize("text, words", [
    (BILLION_LAUGHS, ["line 1", "DTD"]),
    ('<?xml version="1.0"?>\n<model xmlns="http://www.opengroup.org/xsd/archimate/2.1/" '
     'identifier="m"><name>M</name></model>', ["line 2", "namespace", "archimate/2.1"]),
    ("Name,Cost\nDogs,12\n", ["line 1", "not well-formed"]),
    (f'<model xmlns="{NS}" identifier="id-m"><name>M</name>' + "<!--" + "x" * 300
     + "--></model>", ["is 406 bytes", "read up to 200"]),
], ids=["billion-laughs", "wrong-namespace", "not-xml", "too-large"])
def test_a_bad_model_shows_where_it_is_wrong_and_changes_nothing(
        qtbot, window, accept_previews, tmp_path, monkeypatch, text, words):
    if "x" * 300 in text:
        monkeypatch.setattr(safe_xml, "MAX_BYTES", 200)
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    before, dirty = window.document.blueprint, window.document.is_dirty
    window.import_model(path)
    dialog = window.last_import
    assert dialog.heading.text() == "Nothing can be imported from bad.xml"
    shown = " ".join(dialog.list.item(i).text() for i in range(dialog.list.count()))
    for word in words:
        assert word in shown, (word, shown)
    assert dialog.import_button.isHidden() and not dialog.choices
    assert "lol" not in shown
    assert window.document.blueprint is before and window.document.is_dirty == dirty
    assert window.document.undo_stack.count() == 0


def test_a_large_model_is_read_on_the_worker_behind_a_busy_cursor(qtbot, window, tmp_path,
                                                                 monkeypatch, accept_previews):
    monkeypatch.setattr(import_dialog, "SLOW_BYTES", 0)
    bp = window.document.blueprint
    path = _exported(tmp_path, bp, _rename("id-dogs", "Dogs (joint)"))
    window.import_model(path)
    assert window.importer.busy and QApplication.overrideCursor() is not None
    assert window.findChild(QProgressDialog, "importProgress").isVisible()
    qtbot.waitUntil(lambda: window.last_import is not None, timeout=30_000)
    assert not window.importer.busy and QApplication.overrideCursor() is None
    assert window.findChild(QProgressDialog, "importProgress") is None or \
        not window.findChild(QProgressDialog, "importProgress").isVisible()
    assert window.last_import.mode == "into"
    assert window.document.blueprint.functions[0].name == "Dogs (joint)"
    assert window.document.undo_stack.count() == 1


def test_a_reader_that_fails_unexpectedly_is_said_and_changes_nothing(qtbot, window,
                                                                      monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the reader broke")

    monkeypatch.setattr(import_dialog, "read_source", broken)
    before = window.document.blueprint
    window.import_model(FOREIGN)
    box = window.importer.last_error
    assert box is not None and box.text() == f"{FOREIGN.name} could not be imported."
    assert "the reader broke" in box.informativeText()
    assert "Nothing has been changed" in box.informativeText()
    assert window.last_import is None and window.document.blueprint is before
    assert QApplication.overrideCursor() is None
    box.close()


def test_a_model_comes_into_the_whole_file_while_an_option_is_shown(qtbot, tmp_path):
    """The model is the whole file (the base and its options, as plateaus): brought in with
    an option shown, it changes the base and the options as the model says, not the option
    shown; the option stays shown; one step undoes it."""
    bp = io.load(SAMPLES / "avon-somerset-wiltshire.json")
    doc = Document(bp)
    assert doc.set_option("custody-joint") is None and doc.option == "custody-joint"

    def edit(root):
        _rename("id-dogs", "Dogs (Tri-Force, renamed)")(root)
        _rename("id-plateau.dogs-firearms-local", "Dogs and firearms local")(root)

    path = _exported(tmp_path, bp, edit)
    reading = read_source(formats.by_key("archimate"), path, doc.file_blueprint, into=True,
                          new=True, whole_file=True)
    dialog = ImportPreview(doc, path, reading=reading)
    qtbot.addWidget(dialog)
    assert dialog.mode == "into" and len(dialog.changes) == 2
    dialog.import_button.click()
    file = doc.file_blueprint
    assert next(f for f in file.functions if f.id == "dogs").name == "Dogs (Tri-Force, renamed)"
    assert [o.name for o in file.options][1] == "Dogs and firearms local"
    assert file.options[0] == bp.options[0]  # the option shown is not where it went
    assert doc.option == "custody-joint"
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.file_blueprint == bp
