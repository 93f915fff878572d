"""`designer export`: workbook and CSV from the command line, never a silent overwrite."""

from __future__ import annotations

import openpyxl

from designer.cli import main
from designer.core import io
from designer.core.exports.csv_tables import TABLE_NAMES
from tests.core.test_finance import worked_example


def test_export_writes_workbook_and_tables(tmp_path, capsys):
    src = tmp_path / "case.json"
    io.save(worked_example("equal"), src)
    out, folder = tmp_path / "case.xlsx", tmp_path / "tables"
    assert main(["export", str(src), "--xlsx", str(out), "--csv", str(folder)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "Summary"
    assert sorted(p.stem for p in folder.iterdir()) == sorted(TABLE_NAMES)
    assert "wrote" in capsys.readouterr().out


def test_existing_outputs_need_overwrite(tmp_path, capsys):
    src = tmp_path / "case.json"
    io.save(worked_example("equal"), src)
    out = tmp_path / "case.xlsx"
    out.write_bytes(b"keep me")
    assert main(["export", str(src), "--xlsx", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    assert main(["export", str(src), "--xlsx", str(out), "--overwrite"]) == 0
    assert out.read_bytes()[:2] == b"PK"


def test_bad_input_and_missing_outputs_are_reported(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["export", str(bad), "--xlsx", str(tmp_path / "x.xlsx")]) == 2
    assert "bad.json" in capsys.readouterr().err
    good = tmp_path / "good.json"
    io.save(worked_example("equal"), good)
    assert main(["export", str(good)]) == 2
    assert "nothing to export" in capsys.readouterr().err
    assert main(["export", str(good), "--xlsx", str(tmp_path / "no" / "such" / "x.xlsx")]) == 2
    assert "could not write" in capsys.readouterr().err


def test_export_pdf_from_the_command_line(tmp_path, capsys, qapp):
    src = tmp_path / "case.json"
    io.save(worked_example("equal"), src)
    out = tmp_path / "case.pdf"
    assert main(["export", str(src), "--pdf", str(out)]) == 0
    assert out.read_bytes()[:5] == b"%PDF-"


def test_export_diagram_as_png_and_svg(tmp_path, qapp):
    src = tmp_path / "case.json"
    io.save(worked_example("equal"), src)
    png, svg = tmp_path / "d.png", tmp_path / "d.svg"
    assert main(["export", str(src), "--png", str(png), "--svg", str(svg)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:2000]


def test_a_failed_export_names_the_output_not_a_temporary_file(tmp_path, capsys):
    src = tmp_path / "case.json"
    io.save(worked_example("equal"), src)
    out = tmp_path / "case.xlsx"
    out.mkdir()  # the workbook is written, then cannot replace a folder
    assert main(["export", str(src), "--xlsx", str(out), "--overwrite"]) == 2
    err = capsys.readouterr().err
    assert f"({out})" in err
    assert ".case.xlsx" not in err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _export_parser():
    import argparse

    from designer import cli_export

    sub = argparse.ArgumentParser().add_subparsers()
    cli_export.register(sub)
    return sub.choices["export"]


def test_export_flags_come_from_the_registry():
    from designer.core.exports.formats import FORMATS

    flags = {o for a in _export_parser()._actions for o in a.option_strings}
    assert flags == {f.flag for f in FORMATS} | {"--overwrite", "-h", "--help"}
    metavars = {a.dest: a.metavar for a in _export_parser()._actions if a.option_strings}
    assert metavars["csv"] == "DIR" and metavars["xlsx"] == "OUT"


def test_a_format_added_to_the_registry_is_exported_by_the_cli(tmp_path, monkeypatch, capsys):
    """Adding a format is one registry entry plus its writer: the CLI needs no change."""
    from designer.core.exports import formats
    from tests.core.exports.test_formats import OUTLINE

    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, OUTLINE))
    src = tmp_path / "case.json"
    io.save(worked_example("equal"), src)
    out = tmp_path / "case.txt"
    assert main(["export", str(src), "--outline", str(out)]) == 0
    assert out.read_text().startswith("Outline\n- ")
    assert f"wrote {out}" in capsys.readouterr().out
    assert main(["export", str(src), "--outline", str(out)]) == 2  # exists: not replaced
    assert "--outline" in (_export_parser().format_help())
