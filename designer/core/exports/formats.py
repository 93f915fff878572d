"""Every export format in one list: the CLI's ``export`` flags and the Export dialog's rows.

    fmt = by_key("xlsx")
    fmt.default_path(Path("case"))              # Path("case.xlsx")
    fmt.write(bp, Path("case.xlsx"), project(bp))

Adding a format is one :class:`ExportFormat` in :data:`FORMATS` plus its writer. A
writer is named by import path (``"module:function"``) and imported only when used,
so this module never imports Qt (the PDF report and the diagram images are drawn
with Qt) and the command line does not pay for openpyxl unless it writes a workbook.

Every writer is called the same way and writes atomically::

    writer(bp, path, projection=projection, progress=progress, **options)
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from designer.core.finance import Projection
    from designer.core.schema import Blueprint

Progress = Callable[[int, int, str], None]
"""progress(step, steps, what): called before each step of a long export."""


class WriterUnavailable(RuntimeError):
    """A format's writer cannot be loaded here (a Qt writer on a machine without Qt)."""


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: what it is called, where it goes, and who writes it."""

    key: str
    """Its name: the command-line flag (``--KEY``) and the dialog's row."""
    label: str
    """The Export dialog's choice, e.g. "Board report (.pdf)"."""
    help: str
    """The command-line help, in lower case, e.g. "board-ready PDF report"."""
    suffix: str
    """The file extension (".pdf"); for a folder, what its default name ends with."""
    writer: str
    """``"module:function"`` that writes it (see the module docstring)."""
    needs_qt: bool = False
    folder: bool = False
    """Written as a folder of files rather than one file."""
    contents: str = ""
    """Folder formats: ``"module:function"`` giving the files a folder would hold."""
    file_filter: str = ""
    """For the file chooser, e.g. "PDF document (*.pdf)"."""
    options: tuple[tuple[str, Any], ...] = ()
    """Fixed keyword arguments for the writer (the diagram's image kind)."""
    preselected: bool = False
    """Ticked when the Export dialog opens."""

    @property
    def flag(self) -> str:
        return f"--{self.key}"

    def default_path(self, base: Path) -> Path:
        """Beside ``base`` (a path without suffix): ``case`` → ``case.xlsx``, ``case-tables``."""
        return base.with_name(base.name + self.suffix)

    def outputs(self, path: str | os.PathLike[str]) -> list[Path]:
        """The files writing to ``path`` writes (a folder format: the files inside it)."""
        path = Path(path)
        if not self.folder:
            return [path]
        return list(_resolve(self.contents)(path))

    def replaces(self, path: str | os.PathLike[str]) -> list[Path]:
        """The files that exist already and writing to ``path`` would replace."""
        return [p for p in self.outputs(path) if p.exists()]

    def write(self, bp: Blueprint, path: str | os.PathLike[str], projection: Projection,
              progress: Progress | None = None) -> Path:
        """Write ``bp`` to ``path`` atomically; returns the file (or folder) written.

        Raises :class:`WriterUnavailable` when a Qt writer cannot be loaded, and
        whatever the writer raises (``OSError`` for a file that cannot be written).
        """
        try:
            writer = _resolve(self.writer)
        except ImportError as exc:
            if not self.needs_qt:
                raise
            raise WriterUnavailable("needs the desktop part of the designer (Qt), which is "
                                    f"not available: {exc}") from exc
        writer(bp, Path(path), projection=projection, progress=progress, **dict(self.options))
        return Path(path)


def _resolve(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("xlsx", "Business-case workbook (.xlsx)", "business-case workbook", ".xlsx",
                 "designer.core.exports.xlsx:export_xlsx",
                 file_filter="Excel workbook (*.xlsx)", preselected=True),
    ExportFormat("csv", "CSV tables (a folder of .csv)", "flat CSV tables", "-tables",
                 "designer.core.exports.csv_tables:export_csv", folder=True,
                 contents="designer.core.exports.csv_tables:table_files"),
    ExportFormat("template", "Baseline template to fill in (.xlsx)",
                 "baseline template (costs, FTE, delivery per force) to fill in and import "
                 "back with 'designer import --xlsx'", "-baseline.xlsx",
                 "designer.core.exports.template:export_template",
                 file_filter="Excel workbook (*.xlsx)"),
    ExportFormat("graphml", "Diagram for yEd and graph tools (.graphml)",
                 "the diagram and its graph as GraphML (yEd, networkx, Gephi)", ".graphml",
                 "designer.core.exports.graphml:export_graphml",
                 file_filter="GraphML (*.graphml)"),
    ExportFormat("archimate", "ArchiMate model (Open Exchange Format, .xml)",
                 "the model for Archi and other EA tools (ArchiMate 3.1 exchange file)",
                 ".xml", "designer.core.exports.archimate:export_archimate",
                 file_filter="ArchiMate exchange file (*.xml)"),
    ExportFormat("pdf", "Board report (.pdf)", "board-ready PDF report", ".pdf",
                 "designer.ui.report_pdf:export_pdf", needs_qt=True,
                 file_filter="PDF document (*.pdf)", preselected=True),
    ExportFormat("png", "Diagram image (.png, 300 dpi)", "the diagram at print resolution",
                 ".png", "designer.ui.canvas.render:export_diagram", needs_qt=True,
                 file_filter="PNG image (*.png)", options=(("kind", "png"),)),
    ExportFormat("svg", "Diagram, vector (.svg)", "the diagram as a vector image", ".svg",
                 "designer.ui.canvas.render:export_diagram", needs_qt=True,
                 file_filter="SVG image (*.svg)", options=(("kind", "svg"),)),
)
"""In the order the dialog lists them and the command line writes them."""


def by_key(key: str) -> ExportFormat:
    """The format called ``key`` (``KeyError`` if there is none)."""
    for fmt in FORMATS:
        if fmt.key == key:
            return fmt
    raise KeyError(key)
