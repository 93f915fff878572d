"""Palette dock: element kinds and the catalogue's functions, to drag onto the canvas.

Each entry carries a payload: an element kind (``"team"``) or a catalogue id
(``"operational-support/dogs"``). Dragging sends it as MIME type
``application/x-designer-palette``; double-click (or Enter) adds it to the
document straight away, next to what is selected.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from designer.core.catalogue import load_catalogue
from designer.core.schema import Function
from designer.ui.document import Document
from designer.ui.style import icon
from designer.ui.widgets import search_field

MIME_TYPE = "application/x-designer-palette"
PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1

KIND_ENTRIES = (
    ("function", "Function", "square-rounded-outline",
     "A blank policing function, filed beside the selected function (else under the "
     "catalogue's first category) until you choose its category in the Inspector"),
    ("team", "Team or unit", "account-group-outline", "A team that delivers a function"),
    ("area", "Policing area", "map-marker-outline", "A local policing area of a force"),
    ("body", "Governance body", "hexagon-outline", "A board or joint committee"),
    ("force", "Force", "shield-outline", "A partner force with its PCC and chief constable"),
)


class PaletteTree(QTreeWidget):
    """The tree of entries; a drag source for the canvas."""

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:
        data = QMimeData()
        payloads = [i.data(0, PAYLOAD_ROLE) for i in items if i.data(0, PAYLOAD_ROLE)]
        if payloads:
            data.setData(MIME_TYPE, payloads[0].encode("utf-8"))
            data.setText(payloads[0])
        return data


class PalettePanel(QWidget):
    """Search box over the palette tree."""

    message = Signal(str)
    blankAdded = Signal(str)
    """A blank element was added (its id): the user names it next."""

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.search = search_field(self, "Search functions…", "Search the palette")
        self.search.textChanged.connect(self.filter)
        self.tree = PaletteTree(self)
        self.tree.setObjectName("paletteTree")
        self.tree.setAccessibleName("Palette")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemActivated.connect(self._activated)
        self.tree.setToolTip("Drag onto the canvas, or double-click to add")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        self._build()

    def _build(self) -> None:
        kinds = QTreeWidgetItem(self.tree, ["Elements"])
        kinds.setFlags(Qt.ItemFlag.ItemIsEnabled)
        for payload, label, icon_name, tip in KIND_ENTRIES:
            item = QTreeWidgetItem(kinds, [label])
            item.setIcon(0, icon(icon_name))
            item.setData(0, PAYLOAD_ROLE, payload)
            item.setToolTip(0, tip)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsDragEnabled)
        kinds.setExpanded(True)
        catalogue = load_catalogue()
        for category in catalogue.categories():
            top = QTreeWidgetItem(self.tree, [category.name])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            top.setToolTip(0, category.description or category.name)
            for entry in catalogue.children(category.id):
                item = QTreeWidgetItem(top, [entry.name])
                item.setData(0, PAYLOAD_ROLE, entry.id)
                item.setToolTip(0, f"{entry.name} ({category.name})"
                                   + (f"\n{entry.description}" if entry.description else ""))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)

    def filter(self, text: str) -> None:
        """Show entries whose name or category contains every word typed."""
        words = text.lower().split()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            any_shown = False
            for j in range(top.childCount()):
                child = top.child(j)
                hay = f"{child.text(0)} {top.text(0)} {child.data(0, PAYLOAD_ROLE)}".lower()
                shown = all(w in hay for w in words)
                child.setHidden(not shown)
                any_shown |= shown
            top.setHidden(not any_shown)
            top.setExpanded(bool(words) or top.text(0) == "Elements")

    def item_for(self, payload: str) -> QTreeWidgetItem | None:
        it = QTreeWidgetItemIterator(self.tree)
        while it.value():
            if it.value().data(0, PAYLOAD_ROLE) == payload:
                return it.value()
            it += 1
        return None

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        payload = item.data(0, PAYLOAD_ROLE)
        if payload:
            self.add(payload)

    def add(self, payload: str) -> str | None:
        """Add the entry's element beside the current selection; return a refusal or None."""
        force = function = None
        for element_id in self.document.selection():
            kind = self.document.kind_of(element_id)
            el = self.document.element(element_id)
            if kind == "force":
                force = force or element_id
            elif kind == "area":
                force = force or el.force  # type: ignore[union-attr]
            elif kind == "function":
                function = function or element_id
            elif kind == "team" and el.owner != "alliance":  # type: ignore[union-attr]
                force = force or el.owner  # type: ignore[union-attr]
        refusal = self.document.add_from_palette(payload, force=force, function=function)
        if refusal:
            self.message.emit(f"Cannot add: {refusal}")
        elif payload == "function":  # a blank: say where it went and what to do next
            fn = self.document.element(self.document.selection()[0])
            if isinstance(fn, Function):
                catalogue = load_catalogue()
                top = catalogue.name_of(catalogue[fn.category].top)
                self.message.emit(f"Added “{fn.name}” under {top} › "
                                  f"{catalogue.name_of(fn.category)}: name it and choose its "
                                  "category in the Inspector")
                self.blankAdded.emit(fn.id)
        return refusal
