"""The export-format registry: one list the CLI and the Export dialog both read."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from designer.core import io
from designer.core.exports.csv_tables import TABLE_NAMES
from designer.core.exports.formats import FORMATS, ExportFormat, WriterUnavailable, by_key
from designer.core.finance import project
from tests.core.test_finance import worked_example

ROOT = Path(__file__).resolve().parents[3]


def write_outline(bp, path, projection=None, progress=None, *, heading="Functions"):
    """A stand-in writer for a format added in a test: one line per function."""
    if progress:
        progress(0, 1, "outline")
    lines = [heading, *(f"- {fn.name} ({fn.delivery})" for fn in bp.functions)]
    io.atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return Path(path)


OUTLINE = ExportFormat("outline", "Function outline (.txt)", "plain-text function outline",
                       ".txt", "tests.core.exports.test_formats:write_outline",
                       file_filter="Text (*.txt)", options=(("heading", "Outline"),))
"""A format a test adds to the registry: one entry, and the writer above."""


def test_keys_are_unique_and_every_writer_is_a_function():
    keys = [f.key for f in FORMATS]
    assert len(set(keys)) == len(keys)
    assert keys == ["xlsx", "csv", "template", "graphml", "archimate", "pdf", "png", "svg"]
    assert [by_key(k) for k in keys] == list(FORMATS)
    for fmt in FORMATS:
        module, _, name = fmt.writer.partition(":")
        assert module.startswith("designer.") and name
        assert fmt.needs_qt == module.startswith("designer.ui.")
        assert fmt.folder == bool(fmt.contents)
        # a file's default name ends in its extension ("-baseline.xlsx" beside "case.xlsx")
        extension = fmt.suffix.rpartition(".")[2]
        assert fmt.folder or ("." in fmt.suffix and f"*.{extension})" in fmt.file_filter)
    with pytest.raises(KeyError):
        by_key("docx")


def test_importing_the_registry_and_core_writers_loads_no_qt():
    """Qt writers are named, not imported: the CLI and core stay Qt-free."""
    code = ("import json, sys\n"
            "from designer.core.exports.formats import FORMATS, _resolve\n"
            "import designer.cli\n"
            "for f in FORMATS:\n"
            "    if not f.needs_qt: _resolve(f.writer); f.folder and _resolve(f.contents)\n"
            "print(json.dumps(sorted(m for m in sys.modules\n"
            "                        if m.startswith(('PySide6', 'shiboken6', 'designer.ui')))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert json.loads(out.stdout) == []


def test_default_paths_sit_beside_the_base(tmp_path):
    base = tmp_path / "my.case"
    assert by_key("xlsx").default_path(base) == tmp_path / "my.case.xlsx"
    assert by_key("csv").default_path(base) == tmp_path / "my.case-tables"


def test_a_folder_format_replaces_only_the_files_it_writes(tmp_path):
    csv = by_key("csv")
    folder = tmp_path / "tables"
    assert csv.outputs(folder) == [folder / f"{name}.csv" for name in TABLE_NAMES]
    assert csv.replaces(folder) == []
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "forces.csv").write_text("old")
    assert csv.replaces(folder) == [folder / "forces.csv"]
    pdf = by_key("pdf")
    assert pdf.outputs(tmp_path / "r.pdf") == [tmp_path / "r.pdf"]
    assert pdf.replaces(tmp_path / "r.pdf") == []


def test_write_calls_the_writer_with_its_options(tmp_path):
    bp = worked_example("equal")
    steps = []
    path = OUTLINE.write(bp, tmp_path / "o.txt", project(bp), lambda i, n, w: steps.append(w))
    assert path == tmp_path / "o.txt"
    assert path.read_text().splitlines()[0] == "Outline"
    assert steps == ["outline"]
    folder = by_key("csv").write(bp, tmp_path / "t", project(bp))
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.csv" for n in TABLE_NAMES)


def test_a_qt_writer_that_cannot_load_says_so_plainly(tmp_path):
    bp = worked_example("equal")
    missing = replace(OUTLINE, writer="designer.ui.no_such_module:write", needs_qt=True)
    with pytest.raises(WriterUnavailable, match="needs the desktop part"):
        missing.write(bp, tmp_path / "x.txt", project(bp))
    with pytest.raises(ImportError):  # a core writer missing is a bug, not a setup problem
        replace(missing, needs_qt=False).write(bp, tmp_path / "x.txt", project(bp))
    assert not (tmp_path / "x.txt").exists()
