"""No cell built from user text starts a formula, in the workbook or the CSV tables."""

from __future__ import annotations

import csv
import re
import unicodedata
import zipfile
from datetime import date

import openpyxl
import pytest

from designer.core.exports.cell_safety import (
    FORMULA_STARTS,
    is_neutral,
    printable,
    safe_text,
    xml_safe,
)
from designer.core.exports.csv_tables import export_csv
from designer.core.exports.xlsx import export_xlsx
from designer.core.schema import CostBasis, ForceFigures, SavingsDefaults, Waiver
from tests.build import blueprint, force, function

PAYLOADS = ('=HYPERLINK("http://evil.invalid","click")', "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A9)", "\t=1+1", "\r=1+1")


@pytest.mark.parametrize("text", PAYLOADS)
def test_formula_starts_are_neutralised(text):
    out = safe_text(text)
    assert is_neutral(out)
    assert out == "'" + text  # still readable: the original text follows the apostrophe


@pytest.mark.parametrize("text", ["Dogs", "Avon & Somerset", "", "50% share", "'quoted"])
def test_ordinary_text_is_untouched(text):
    assert safe_text(text) == text


def hostile_blueprint():
    """Every user-text field the exports show carries a formula payload (those a blueprint
    can hold: the schema refuses carriage returns and other control characters)."""
    p = iter([x for x in PAYLOADS if "\r" not in x] * 10)
    fn = function(
        "dogs", category="operational-support/dogs", delivery="shared", host_force="a",
        name=next(p).strip() or "x", source=next(p), savings_percent=10,
        savings_source=next(p), implementation_cost_pence=1000, go_live="2016/17",
        cost_basis=CostBasis(kind="fixed", shares={"a": 60, "b": 40}, source=next(p)),
        baseline={"a": ForceFigures(cost_pence=1000), "b": ForceFigures(cost_pence=2000)})
    bp = blueprint(
        "a", "b", functions=[fn], name=next(p), source=next(p),
        savings_defaults=SavingsDefaults(source=next(p)),
        waivers=(Waiver(rule=next(p), element="dogs", reason=next(p), author=next(p).strip(),
                        date=date(2026, 1, 1)),))
    return bp.model_copy(update={"forces": (
        force("a", name=next(p).strip(), source=next(p), illustrative=True),
        force("b", name=next(p).strip(), pcc=next(p).strip(),
              chief_constable=next(p).strip()))})


def test_no_workbook_cell_from_user_text_is_a_formula(tmp_path):
    path = export_xlsx(hostile_blueprint(), tmp_path / "hostile.xlsx")
    wb = openpyxl.load_workbook(path)
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    # Our own formulas: references, SUMs and arithmetic (the economic
                    # case's discounting: 1/(1+rate)^t, net × factor), never user text.
                    assert not any(x.strip() in cell.value for x in PAYLOADS), cell.coordinate
                    assert set(cell.value) <= set("=SUM()$:+-*/^!'ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                  "abcdefghijklmnopqrstuvwxyz 0123456789")
                elif isinstance(cell.value, str):
                    # typed as text; formula-like words carry the quote-prefix style
                    assert cell.data_type == "s"
                    assert is_neutral(cell.value) or cell.quotePrefix, \
                        (ws.title, cell.coordinate, cell.value)
                    seen += cell.quotePrefix and cell.value in [x.strip() for x in PAYLOADS]
    assert seen >= 5  # the payloads are there, neutralised
    assert is_neutral(wb.properties.title)


def test_no_csv_cell_from_user_text_starts_a_formula(tmp_path):
    files = export_csv(hostile_blueprint(), tmp_path / "csv")
    seen = 0
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for value in row:
                    try:
                        float(value)  # numbers (even negative ones) are numbers
                        continue
                    except ValueError:
                        pass
                    assert not value.startswith(FORMULA_STARTS), (path.name, value)
                    seen += value.startswith("'")
    assert seen >= 5


# ------------------------------------------------------------------ issue 13 item 14
# Exports defend themselves: formula starts hidden behind spaces, invisible characters or
# full-width forms are neutralised too, and text no export can hold never breaks one.

HIDDEN_FORMULAS = (" =1+1", "\u00a0+cmd", "\u3000@SUM(A1)", "\u200b=1+1", "\ufeff=1",
                   "\u2060-2+3", "\u202e=1+1", "\u200b \u200d=HYPERLINK(1)",
                   "\uff1dHYPERLINK(1)", "\uff0b1", "\uff0d1", "\uff20SUM(A1)",
                   "\ufe66SUM(A1)", "\u3000\uff1d1")
UNWRITABLE = ("Bell\u0007", "Esc\u001b[31m", "Nul\u0000", "Del\u007f", "Nel\u0085",
              "Non\ufffechar", "Non\uffffchar", "Lone\ud800surrogate")
"""Text the schema may refuse but an export must survive anyway (a blueprint built in
code, an older rule in the schema): control characters, XML non-characters, surrogates."""


def formula_like(text: str) -> bool:
    """Would a spreadsheet read ``text`` as a formula? (Independent of the module under
    test: spaces and invisible characters skipped, compatibility forms folded.)"""
    import unicodedata

    if text.startswith(("\t", "\r")):
        return True
    visible = text.lstrip("".join(c for c in text if c.isspace()
                                  or unicodedata.category(c) in ("Cf", "Cc")))
    return unicodedata.normalize("NFKC", visible[:1])[:1] in ("=", "+", "-", "@")


@pytest.mark.parametrize("text", HIDDEN_FORMULAS)
def test_formula_starts_behind_spaces_invisibles_or_wide_forms_are_neutralised(text):
    assert formula_like(text)
    out = safe_text(text)
    assert out == "'" + text and is_neutral(out)
    assert not is_neutral(text)


@pytest.mark.parametrize("text", ["Dogs", " Dogs", "\u200bDogs", "\uff24ogs", "a=b",
                                  "\u2212 minus sign"])
def test_text_with_no_formula_start_is_left_alone(text):
    assert safe_text(text) == text and is_neutral(text)


@pytest.mark.parametrize("text", UNWRITABLE)
def test_text_no_format_can_hold_is_made_writable(text):
    out = printable(text)
    out.encode("utf-8")  # no surrogates
    assert all(c in "\t\n" or unicodedata.category(c) != "Cc" for c in out)
    assert "\ufffe" not in out and "\uffff" not in out
    assert out.startswith(text[:3])  # the readable part stays


def test_xml_text_drops_what_xml_cannot_hold():
    import xml.etree.ElementTree as ET

    for text in UNWRITABLE:
        doc = f"<t a='{xml_safe(text)}'>{xml_safe(text)}</t>"
        ET.fromstring(doc.encode("utf-8", "replace"))  # well-formed


def unwritable_blueprint():
    """Names, sources and notes carrying every unwritable text, past the schema's checks
    (``model_copy`` does not validate): what a future field or rule might let through."""
    bp = hostile_blueprint()
    bad = iter(UNWRITABLE * 4)
    fn = bp.functions[0].model_copy(update={"name": next(bad), "source": next(bad),
                                            "savings_source": next(bad)})
    forces = tuple(f.model_copy(update={"name": next(bad), "pcc": next(bad)})
                   for f in bp.forces)
    return bp.model_copy(update={
        "functions": (fn,), "forces": forces,
        "alliance": bp.alliance.model_copy(update={"name": next(bad), "notes": next(bad)})})


def hidden_formula_blueprint():
    bad = iter(HIDDEN_FORMULAS * 3)
    bp = hostile_blueprint()
    fn = bp.functions[0].model_copy(update={"name": next(bad), "source": next(bad),
                                            "savings_source": next(bad)})
    forces = tuple(f.model_copy(update={"name": next(bad), "pcc": next(bad)})
                   for f in bp.forces)
    return bp.model_copy(update={
        "functions": (fn,), "forces": forces,
        "alliance": bp.alliance.model_copy(update={"name": next(bad), "source": next(bad)})})


def test_unwritable_text_never_breaks_the_workbook_or_the_csv(tmp_path):
    bp = unwritable_blueprint()
    wb = openpyxl.load_workbook(export_xlsx(bp, tmp_path / "w.xlsx"))
    names = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert any(v.startswith("Bell") for v in names)
    for path in export_csv(bp, tmp_path / "csv"):
        text = path.read_text(encoding="utf-8-sig")
        assert "\ufffe" not in text and "\u0007" not in text


def test_workbook_text_cells_hold_the_words_without_an_apostrophe(tmp_path):
    """A cell typed as text shows what the user typed: formula starts are kept from
    running by the cell's type and Excel's quote-prefix style, not by an apostrophe."""
    path = export_xlsx(hidden_formula_blueprint(), tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(path)
    quoted = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert set(cell.value) <= set("=SUM()$:+-*/^!'ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                  "abcdefghijklmnopqrstuvwxyz 0123456789")
                elif isinstance(cell.value, str):
                    assert not any(cell.value == "'" + x for x in (*HIDDEN_FORMULAS,
                                                                   *PAYLOADS)), cell.value
                    if formula_like(cell.value):
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                        quoted += 1
    assert quoted >= 5
    # And in the file itself: user text only ever in string cells, never in a formula.
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                for f in re.findall(r"<f>(.*?)</f>", z.read(name).decode()):
                    assert "HYPERLINK" not in f and "cmd" not in f


def test_hidden_formula_starts_never_reach_a_csv_cell(tmp_path):
    seen = 0
    for path in export_csv(hidden_formula_blueprint(), tmp_path / "csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for value in row:
                    try:
                        float(value)
                        continue
                    except ValueError:
                        pass
                    assert not formula_like(value), (path.name, value)
                    seen += value.startswith("'")
    assert seen >= 5
