"""`designer import`: a dry run lists the changes; a bad sheet or model writes nothing; an
ArchiMate export comes back byte for byte; a format added to the registry is imported."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from designer.cli import main
from designer.core import baseline_sheet as sheet
from designer.core import io
from designer.core.exports.archimate import archimate_bytes
from tests.archimate_xsd import assert_valid
from tests.build import blueprint, force, function
from tests.core.exports.test_archimate import rich


def setup(tmp_path):
    bp = blueprint(force("asp", name="Avon and Somerset"), force("wilts", name="Wiltshire"),
                   functions=[function("dogs", "operational-support/dogs", name="Dogs"),
                              function("custody", "criminal-justice/custody", name="Custody")])
    src = tmp_path / "alliance.json"
    io.save(bp, src)
    book = tmp_path / "book.xlsx"
    assert main(["export", str(src), "--template", str(book)]) == 0
    return bp, src, book


def edit(book, **cells):
    wb = openpyxl.load_workbook(book)
    for ref, value in cells.items():
        wb["Functions"][ref] = value
    wb.save(book)


def test_dry_run_lists_the_changes_and_writes_nothing(tmp_path, capsys):
    _, src, book = setup(tmp_path)
    before = src.read_bytes()
    capsys.readouterr()
    edit(book, D2=1500, F3="Shared · host", I3="Shared")
    assert main(["import", str(src), "--xlsx", str(book), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dogs: baseline Avon and Somerset none → cost £1,500" in out
    assert "Custody: delivery local → shared; host force none → Avon and Somerset" in out
    assert "2 element(s) would change" in out and "dry run" in out
    assert src.read_bytes() == before


def test_import_writes_the_blueprint_or_a_new_file(tmp_path, capsys):
    _, src, book = setup(tmp_path)
    edit(book, J2=0.25)
    out = tmp_path / "out.json"
    assert main(["import", str(src), "--xlsx", str(book), "-o", str(out)]) == 0
    assert io.load(out).functions[0].savings_percent == 25
    assert io.load(src).functions[0].savings_percent is None
    assert main(["import", str(src), "--xlsx", str(book)]) == 0
    assert io.load(src).functions[0].savings_percent == 25
    assert "1 element(s) changed" in capsys.readouterr().out


def test_a_bad_sheet_is_located_and_nothing_is_written(tmp_path, capsys):
    _, src, book = setup(tmp_path)
    before = src.read_bytes()
    edit(book, D3="twelve")
    assert main(["import", str(src), "--xlsx", str(book)]) == 2
    err = capsys.readouterr().err
    assert "Functions!D3: 'twelve' is not an amount of money" in err
    assert "nothing was written" in err
    assert src.read_bytes() == before


def test_csv_of_the_same_columns(tmp_path, capsys):
    bp, src, _ = setup(tmp_path)
    cols = sheet.columns(bp)
    lines = [",".join(f'"{c.heading}"' for c in cols)]
    for fn in bp.functions:
        values = sheet.row_of(bp, fn)
        values["go_live"] = "2018/19" if fn.id == "custody" else None
        lines.append(",".join("" if values[c.key] is None else str(values[c.key])
                              for c in cols))
    book = tmp_path / "book.csv"
    book.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", str(src), "--csv", str(book)]) == 0
    assert io.load(src).functions[1].go_live == "2018/19"
    assert "Custody: go-live none → 2018/19" in capsys.readouterr().out


def test_one_source_is_needed(tmp_path, capsys):
    _, src, _ = setup(tmp_path)
    assert main(["import", str(src)]) == 2
    assert "give one source to import" in capsys.readouterr().err


# ------------------------------------------------------------------ ArchiMate

ROOT = Path(__file__).resolve().parents[1]
FOREIGN = ROOT / "tests" / "data" / "archimate-sample-blueprint.xml"


def test_import_round_trips_an_export_byte_for_byte(tmp_path, capsys):
    src = ROOT / "models" / "avon-somerset-wiltshire.json"
    model = tmp_path / "asw.xml"
    assert main(["export", str(src), "--archimate", str(model)]) == 0
    assert_valid(model.read_bytes())
    out = tmp_path / "back.json"
    assert main(["import", str(out), "--archimate", str(model)]) == 0
    assert out.read_bytes() == io.dumps(io.load(src)).encode()
    assert "wrote" in capsys.readouterr().out


def test_a_foreign_model_is_imported_with_a_list_of_what_did_not_map(tmp_path, capsys):
    out = tmp_path / "new.json"
    assert main(["import", str(out), "--archimate", str(FOREIGN)]) == 1
    printed = capsys.readouterr().out
    assert "line 8, BusinessFunction 'Contact Management' (id-fn-cc): not imported" in printed
    assert io.load(out).forces[0].name == "Force A"


def test_nothing_is_written_when_the_import_fails(tmp_path, capsys):
    bp_path = tmp_path / "bp.json"
    io.save(rich(), bp_path)
    before = bp_path.read_bytes()
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x "y">]><model/>')
    assert main(["import", str(bp_path), "--archimate", str(bad)]) == 2
    assert "DTD" in capsys.readouterr().err
    assert bp_path.read_bytes() == before
    out = tmp_path / "out.json"
    assert main(["import", str(bp_path), "--archimate", str(bad), "-o", str(out)]) == 2
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xml", "bp.json"]


def test_an_existing_output_needs_overwrite_and_a_dry_run_writes_nothing(tmp_path, capsys):
    model = tmp_path / "m.xml"
    model.write_bytes(archimate_bytes(rich()))
    assert_valid(model.read_bytes())
    out = tmp_path / "out.json"
    out.write_text("mine")
    assert main(["import", str(tmp_path / "bp.json"), "--archimate", str(model),
                 "-o", str(out)]) == 2
    assert out.read_text() == "mine"
    assert main(["import", str(tmp_path / "bp.json"), "--archimate", str(model),
                 "--dry-run"]) == 0
    assert not (tmp_path / "bp.json").exists()
    assert "dry run" in capsys.readouterr().out
    assert main(["import", str(tmp_path / "bp.json"), "--archimate", str(model),
                 "-o", str(out), "--overwrite"]) == 0
    assert io.load(out) == rich()


def read_names(source, base=None, *, force_name="Imported"):
    """A stand-in reader for a format added in a test: one force per line of a text file."""
    from designer.core.imports.formats import Imported, Note
    from tests.build import blueprint, force

    names = [n for n in Path(source).read_text().splitlines() if n.strip()]
    bp = blueprint(*[force(n.lower(), name=f"{force_name} {n}") for n in names], bodies=[])
    return Imported(bp, (Note("only names were read", 1, "north"),))


def test_a_format_added_to_the_import_registry_is_imported_by_the_cli(tmp_path, monkeypatch,
                                                                      capsys):
    from designer.core.imports import formats

    names = formats.ImportFormat("names", "Force names (.txt)", "one force name a line",
                                 (".txt",), "tests.test_cli_import:read_names",
                                 options=(("force_name", "Force"),))
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, names))
    src = tmp_path / "names.txt"
    src.write_text("north\nsouth\n")
    out = tmp_path / "bp.json"
    assert main(["import", str(out), "--names", str(src)]) == 1  # a note: exit 1
    assert [f.name for f in io.load(out).forces] == ["Force north", "Force south"]
    assert "line 1, north: only names were read" in capsys.readouterr().out
