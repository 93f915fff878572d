"""Start page: what plain ``designer`` shows — recent files, the bundled samples, New/Open."""

from __future__ import annotations

import json
import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from designer import __version__
from designer.resources import MODELS
from designer.ui.style import icon

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def bundled_samples() -> list[tuple[str, Path]]:
    """(alliance name, path) of each sample blueprint shipped in models/.

    Only the start of each file is read: the alliance's name comes first.
    """
    out = []
    for path in sorted(MODELS.glob("*.json")):
        name = path.stem
        try:
            with path.open("rb") as fh:
                head = fh.read(8192).decode("utf-8", "replace")
            match = _ALLIANCE_NAME.search(head)
            if match:
                name = json.loads(f'"{match.group(1)}"')
        except (OSError, ValueError):
            pass
        out.append((name, path))
    return out


_ALLIANCE_NAME = re.compile(r'"alliance"\s*:\s*\{\s*"name"\s*:\s*"((?:[^"\\]|\\.)*)"')


class StartPage(QWidget):
    """Shown when no blueprint is open."""

    openRequested = Signal(str)
    newRequested = Signal()
    browseRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startPage")
        title = QLabel("Alliance Blueprint Designer", self)
        title.setObjectName("startTitle")
        lead = QLabel("Design, check and cost the operating model of a police strategic "
                      "alliance. Open a blueprint, start from a sample, or create a new one.",
                      self)
        lead.setWordWrap(True)
        lead.setObjectName("startLead")
        new_button = QPushButton(icon("file-plus-outline"), "New blueprint…", self)
        new_button.clicked.connect(self.newRequested)
        open_button = QPushButton(icon("folder-open-outline"), "Open…", self)
        open_button.clicked.connect(self.browseRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(open_button)
        buttons.addStretch(1)

        self.recent = self._list("recentList", "Recent files")
        self.samples = self._list("sampleList", "Samples")
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(self._column("Recent files", self.recent), 1)
        columns.addLayout(self._column("Samples", self.samples), 1)
        version = QLabel(f"Version {__version__}", self)
        version.setObjectName("startVersion")

        card = QFrame(self)
        card.setObjectName("startCard")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 32, 32, 24)
        inner.setSpacing(16)
        inner.addWidget(title)
        inner.addWidget(lead)
        inner.addLayout(buttons)
        inner.addLayout(columns, 1)
        inner.addWidget(version)
        card.setMaximumWidth(960)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addWidget(card, 6)
        outer.addStretch(1)
        self.set_samples(bundled_samples())

    def _list(self, name: str, accessible: str) -> QListWidget:
        widget = QListWidget(self)
        widget.setObjectName(name)
        widget.setAccessibleName(accessible)
        widget.setWordWrap(True)
        widget.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.itemActivated.connect(lambda item: self.openRequested.emit(item.data(PATH_ROLE)))
        widget.itemDoubleClicked.connect(
            lambda item: self.openRequested.emit(item.data(PATH_ROLE)))
        return widget

    def _column(self, title: str, widget: QListWidget) -> QVBoxLayout:
        label = QLabel(title, self)
        label.setObjectName("startSection")
        label.setBuddy(widget)
        column = QVBoxLayout()
        column.setSpacing(8)
        column.addWidget(label)
        column.addWidget(widget, 1)
        return column

    def set_recent(self, paths: list[str]) -> None:
        entries = [(Path(p).name, Path(p).parent, Path(p)) for p in paths]
        _fill(self.recent, "file-document-outline", entries,
              "No recent files yet — open a sample to start.")

    def set_samples(self, samples: list[tuple[str, Path]]) -> None:
        _fill(self.samples, "file-star-outline", [(n, p.name, p) for n, p in samples],
              "No samples are installed.")


def _fill(view: QListWidget, icon_name: str, entries: list[tuple[str, object, Path]],
          empty_text: str) -> None:
    """List ``(title, detail, path)`` entries, or say (unselectably) that there are none."""
    view.clear()
    for title, detail, path in entries:
        item = QListWidgetItem(icon(icon_name), f"{title}\n{detail}")
        item.setData(PATH_ROLE, str(path))
        item.setToolTip(str(path))
        view.addItem(item)
    if not entries:
        item = QListWidgetItem(empty_text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        view.addItem(item)
