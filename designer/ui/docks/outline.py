"""Outline dock: the blueprint as a tree — forces and their areas, functions by
category with the teams that deliver them, governance bodies — with a filter.

Selection is shared with the canvas and matrix through the document. Small
edits patch the tree in place; the tree is only built while the dock is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from designer.core import edits
from designer.core.catalogue import load_catalogue
from designer.core.delivery import MODELS, partner_of
from designer.core.schema import ALLIANCE, Element
from designer.ui.document import Document
from designer.ui.lazy_panel import LazyPanel
from designer.ui.style import icon
from designer.ui.widgets import search_field

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ORDER = {"force": 0, "function": 1, "area": 2, "team": 3, "body": 4}
KIND_ICONS = {"force": "shield-outline", "area": "map-marker-outline",
              "function": "square-rounded-outline", "team": "account-group-outline",
              "body": "hexagon-outline"}
PATCH_LIMIT = 200
"""Edits touching more ids than this rebuild the tree instead of patching it."""


class OutlinePanel(LazyPanel, QWidget):
    """The contents of the Outline dock."""

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.filter_edit = search_field(self, "Filter by name, id or tag…", "Filter the outline")
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("outlineTree")
        self.tree.setAccessibleName("Outline")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.itemSelectionChanged.connect(self._tree_selection)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._roots: dict[str, QTreeWidgetItem] = {}
        self._categories: dict[str, QTreeWidgetItem] = {}
        self._shown_codes: dict[str, str] = {}
        self.always_build = False
        self.init_lazy(self.rebuild, stale=True)
        document.changed.connect(self._changed)
        document.selectionChanged.connect(self._document_selection)

    # ------------------------------------------------------------ building

    def on_screen(self) -> bool:
        return self.always_build or super().on_screen()

    def rebuild(self) -> None:
        bp = self.document.blueprint
        big = len(bp.functions) + len(bp.teams) + len(bp.areas) > 20_000
        if big:  # a second of work: say so with the wait cursor
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._rebuild()
        finally:
            if big:
                QApplication.restoreOverrideCursor()

    def _rebuild(self) -> None:
        """Build the whole tree detached from the view, then hand it over at once (a view
        told of each of 60,000 insertions spends seconds on it)."""
        self.stale = False
        bp = self.document.blueprint
        blocker = QSignalBlocker(self.tree)
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        self.items.clear()
        self._categories.clear()
        self._roots = {}
        for key, title, icon_name in (("forces", "Forces", "shield-outline"),
                                      ("functions", "Functions", "shape-outline"),
                                      ("bodies", "Governance", "hexagon-outline")):
            root = QTreeWidgetItem([title])
            root.setIcon(0, icon(icon_name))
            root.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self._roots[key] = root
        codes = self._shown_codes = self._codes()
        items = self.items
        orphans = self._roots["forces"]
        for kind, elements in (("force", bp.forces), ("function", bp.functions),
                               ("area", bp.areas), ("team", bp.teams), ("body", bp.bodies)):
            kind_icon = icon(KIND_ICONS[kind])
            for el in elements:
                item = QTreeWidgetItem([self._label(kind, el, codes)])
                item.setIcon(0, kind_icon)
                item.setData(0, ID_ROLE, el.id)
                item.setToolTip(0, self._tooltip(el))
                items[el.id] = item
                (self._parent_for(kind, el) or orphans).addChild(item)
        self.tree.addTopLevelItems(list(self._roots.values()))
        for root in self._roots.values():
            root.setExpanded(True)
        self._update_counts()
        self.tree.setUpdatesEnabled(True)
        del blocker
        if self.filter_edit.text():
            self.apply_filter(self.filter_edit.text())
        self._document_selection(self.document.selection())

    def _codes(self) -> dict[str, str]:
        return {f.id: f.short_code for f in self.document.blueprint.forces}

    def _parent_for(self, kind: str, el: Any) -> QTreeWidgetItem | None:
        if kind == "force":
            return self._roots["forces"]
        if kind == "area":
            return self.items.get(el.force)
        if kind == "team":
            return self.items.get(el.function)
        if kind == "body":
            return self._roots["bodies"]
        item = self._categories.get(el.category)
        if item is None:
            catalogue = load_catalogue()
            top = catalogue[el.category].top if el.category in catalogue else el.category
            item = self._categories.get(top)
            if item is None:
                item = QTreeWidgetItem(self._roots["functions"], [catalogue.name_of(top)])
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self._categories[top] = item
            self._categories[el.category] = item  # the same group, found in one step
        return item

    @staticmethod
    def _label(kind: str, el: Any, codes: dict[str, str]) -> str:
        if kind == "function":
            m = MODELS[el.delivery]
            text = f"{el.name}  [{m.badge}]"
            ref = partner_of(el)
            if ref:
                text += f" {m.by} {codes.get(ref, ref)}"
            return text
        if kind == "team":
            owner = "alliance" if el.owner == ALLIANCE else codes.get(el.owner, el.owner)
            return f"{el.name} ({owner})"
        return el.name

    @staticmethod
    def _tooltip(el: Element) -> str:
        tags = f"\nTags: {', '.join(el.tags)}" if el.tags else ""
        return f"{el.name} · {el.id}{tags}"

    def _place(self, kind: str, el: Element) -> QTreeWidgetItem | None:
        """Add or update one element's row (small edits patch the tree in place).

        Returns the parent the row was added or moved to (its order needs checking).
        """
        parent = self._parent_for(kind, el)
        item = self.items.get(el.id)
        label = self._label(kind, el, self._codes())
        if item is None:
            item = QTreeWidgetItem([label])
            item.setIcon(0, icon(KIND_ICONS[kind]))
            item.setData(0, ID_ROLE, el.id)
            self.items[el.id] = item
            parent = parent or self._roots["forces"]
            parent.addChild(item)
            item.setToolTip(0, self._tooltip(el))
            return parent
        item.setText(0, label)
        item.setToolTip(0, self._tooltip(el))
        old_parent = item.parent()
        if parent is not None and old_parent is not parent:
            old_parent.removeChild(item)
            parent.addChild(item)
            return parent
        return None

    def _forget_descendants(self, item: QTreeWidgetItem) -> None:
        """Drop index entries of an item's children (they go with it)."""
        for i in range(item.childCount()):
            child = item.child(i)
            self.items.pop(child.data(0, ID_ROLE), None)
            self._forget_descendants(child)

    def _update_counts(self) -> None:
        bp = self.document.blueprint
        self._roots["forces"].setText(0, f"Forces ({len(bp.forces)})")
        self._roots["functions"].setText(0, f"Functions ({len(bp.functions)})")
        self._roots["bodies"].setText(0, f"Governance ({len(bp.bodies)})")

    def _changed(self, touched: frozenset[str] | None) -> None:
        if not self.follow():
            return
        if touched is None or len(touched) > PATCH_LIMIT or self.stale:
            self.rebuild()
            return
        doc = self.document
        blocker = QSignalBlocker(self.tree)
        listed: dict[str, tuple[str, Element]] = {}
        gone = []
        for element_id in touched:
            kind, el = doc.kind_of(element_id), doc.element(element_id)
            if kind in KIND_ORDER and el is not None:
                listed[element_id] = (kind, el)
            elif el is None:  # removed (or never listed: roles, links' ends)
                gone.append(element_id)
        for element_id in gone:
            item = self.items.pop(element_id, None)
            if item is None:
                continue
            self._forget_descendants(item)
            parent = item.parent()
            if parent is not None:
                parent.removeChild(item)
        reorder: dict[int, QTreeWidgetItem] = {}
        for element_id in sorted(listed, key=lambda i: KIND_ORDER[listed[i][0]]):
            parent = self._place(*listed[element_id])
            if parent is not None:
                reorder[id(parent)] = parent
        forces_touched = any(kind == "force" for kind, _el in listed.values())
        if forces_touched and self._codes() != self._shown_codes:
            self._relabel_all()  # functions and teams show force codes
        self._drop_empty_categories()
        for parent in reorder.values():
            self._sort_children(parent)
        self._sort_children(self._roots["functions"])
        self._update_counts()
        del blocker
        if self.filter_edit.text():
            self.apply_filter(self.filter_edit.text())

    def _relabel_all(self) -> None:
        codes = self._shown_codes = self._codes()
        for element_id, item in self.items.items():
            kind = self.document.kind_of(element_id)
            el = self.document.element(element_id)
            if kind in KIND_ORDER and el is not None:
                item.setText(0, self._label(kind, el, codes))

    def _drop_empty_categories(self) -> None:
        """A category group whose last function went is not shown (as after a rebuild)."""
        empty = {id(item): item for item in self._categories.values() if not item.childCount()}
        if not empty:
            return
        self._categories = {k: v for k, v in self._categories.items() if id(v) not in empty}
        for item in empty.values():
            self._roots["functions"].removeChild(item)

    def _position(self, item: QTreeWidgetItem) -> tuple[int, int]:
        """Where a rebuild would put this row: by kind, then by place in the blueprint.

        A category group sits where its first function does.
        """
        element_id = item.data(0, ID_ROLE)
        if element_id is None:
            positions = [self._position(item.child(i)) for i in range(item.childCount())]
            return min(positions, default=(9, 0))
        try:
            _list, index, _el = edits.find(self.document.blueprint, element_id)
        except edits.EditError:
            return (9, 0)
        return (KIND_ORDER.get(self.document.kind_of(element_id) or "", 9), index)

    def _sort_children(self, parent: QTreeWidgetItem) -> None:
        """Put a parent's rows back in the order a rebuild gives (added rows go last)."""
        keys = [self._position(parent.child(i)) for i in range(parent.childCount())]
        if keys == sorted(keys):
            return
        expanded = {id(parent.child(i)): parent.child(i).isExpanded()
                    for i in range(parent.childCount())}
        children = parent.takeChildren()
        order = sorted(range(len(children)), key=keys.__getitem__)
        parent.addChildren([children[i] for i in order])
        for child in children:
            child.setExpanded(expanded[id(child)])

    # ------------------------------------------------------------ filter

    def apply_filter(self, text: str) -> None:
        """Show elements matching every word (name, id, tags), with their parents."""
        words = text.lower().split()
        bp = self.document.blueprint
        tags = {el.id: " ".join(el.tags) for elements in (
            bp.forces, bp.functions, bp.areas, bp.teams, bp.bodies) for el in elements if el.tags}
        it = QTreeWidgetItemIterator(self.tree)
        shown: set[int] = set()
        all_items = []
        while it.value():
            item = it.value()
            all_items.append(item)
            element_id = item.data(0, ID_ROLE)
            if element_id and words:
                hay = f"{item.text(0)} {element_id} {tags.get(element_id, '')}".lower()
                if all(w in hay for w in words):
                    p = item
                    while p is not None and id(p) not in shown:
                        shown.add(id(p))
                        p = p.parent()
            it += 1
        for item in all_items:
            item.setHidden(bool(words) and id(item) not in shown)
            if words and id(item) in shown and item.childCount():
                item.setExpanded(True)

    # ------------------------------------------------------------ selection

    def _tree_selection(self) -> None:
        ids = [i.data(0, ID_ROLE) for i in self.tree.selectedItems() if i.data(0, ID_ROLE)]
        self.document.select(ids, source=self)

    def _document_selection(self, ids: tuple[str, ...]) -> None:
        if self.document.selection_source is self or self.stale:
            return
        blocker = QSignalBlocker(self.tree)
        self.tree.clearSelection()
        first = None
        for element_id in ids:
            item = self.items.get(element_id)
            if item is not None:
                item.setSelected(True)
                first = first or item
        del blocker
        self.tree.viewport().update()
        if first is not None:
            self.tree.scrollToItem(first)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        element_id = item.data(0, ID_ROLE)
        if element_id:
            self.document.centre_on([element_id])
