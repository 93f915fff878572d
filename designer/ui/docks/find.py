"""Find (Ctrl+F): elements by name, id, tag or catalogue category; Enter jumps to one.

A function named with a policing area ("firearms swindon") is also offered as a
question — who serves that area for that function — which opens the trace
(``traceRequested(area, function)``; :func:`designer.core.trace.pairs` finds them)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.core.catalogue import load_catalogue
from designer.core.trace import pairs
from designer.ui.docks.inspector import KIND_TITLES
from designer.ui.document import Document
from designer.ui.widgets import search_field

ID_ROLE = Qt.ItemDataRole.UserRole + 1
TRACE_ROLE = Qt.ItemDataRole.UserRole + 2
"""A question's (area id, function id): who serves that area for that function."""
MAX_RESULTS = 500


def find_elements(document: Document, text: str) -> list[tuple[str, str, str]]:
    """(id, kind, name) of elements matching every word of ``text``, best first.

    A word matches the element's name, id, tags or its function's category.
    Exact name matches come first, then names starting with the text.
    """
    words = text.lower().split()
    if not words:
        return []
    catalogue = load_catalogue()
    hits = []
    for list_name, _, el in document.blueprint.elements():
        hay = f"{el.name} {el.id} {' '.join(el.tags)}".lower()
        category = getattr(el, "category", None)
        if category:
            hay += f" {category} {catalogue.name_of(category)}".lower()
            if category in catalogue:
                hay += f" {catalogue.name_of(catalogue[category].top)}".lower()
        if all(w in hay for w in words):
            name = el.name.lower()
            rank = 0 if name == text.lower().strip() else 1 if name.startswith(words[0]) else 2
            hits.append((rank, el.name.lower(), el.id, list_name, el.name))
    hits.sort()
    kinds = {"forces": "force", "areas": "area", "bodies": "body", "functions": "function",
             "teams": "team"}
    return [(i, kinds[ln], name) for _, _, i, ln, name in hits]


class FindPanel(QWidget):
    """The contents of the Find dock."""

    traceRequested = Signal(str, str)
    """(area id, function id): show who serves that area for that function."""

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.query = search_field(self, "Find by name, tag or category…", "Find")
        self.results = QListWidget(self)
        self.results.setObjectName("findResults")
        self.results.setAccessibleName("Find results")
        self.results.setUniformItemSizes(True)
        self.status = QLabel("Type to search the blueprint. Enter jumps to the first match; "
                             "F3 to the next.", self)
        self.status.setWordWrap(True)
        self.status.setObjectName("findStatus")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.query)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._enter)
        self.results.itemActivated.connect(self._go)
        self.results.itemClicked.connect(self._go)
        document.changed.connect(lambda _t: self._timer.start() if self.query.text() else None)

    def focus(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def search(self) -> None:
        self._timer.stop()
        text = self.query.text()
        hits = find_elements(self.document, text)
        questions = self._questions(text)
        self.results.clear()
        for area_id, function_id, words in questions:
            item = QListWidgetItem(words)
            item.setData(TRACE_ROLE, (area_id, function_id))
            item.setToolTip("Show who serves the area for the function, and highlight the "
                            "path on the canvas")
            self.results.addItem(item)
        for element_id, kind, name in hits[:MAX_RESULTS]:
            item = QListWidgetItem(f"{name}  ·  {KIND_TITLES.get(kind, kind)}")
            item.setData(ID_ROLE, element_id)
            item.setToolTip(element_id)
            self.results.addItem(item)
        if not text.strip():
            self.status.setText("Type to search the blueprint. Enter jumps to the first match; "
                                "F3 to the next.")
        elif not hits and not questions:
            self.status.setText(f"Nothing matches “{text}”. Try part of a name, a tag or a "
                                "category such as ‘forensics’.")
        elif not hits:
            self.status.setText(f"Who serves: {len(questions)} function and area "
                                f"pair{'s' * (len(questions) != 1)}")
        else:
            more = f" (showing {MAX_RESULTS})" if len(hits) > MAX_RESULTS else ""
            self.status.setText(f"{len(hits)} match{'es' * (len(hits) != 1)}{more}")

    def _enter(self) -> None:
        if self._timer.isActive():
            self.search()
        if self.results.count():
            self.results.setCurrentRow(0)
            self._go(self.results.item(0))

    def next_result(self) -> None:
        """Jump to the next match (F3), wrapping round."""
        if self._timer.isActive():
            self.search()
        n = self.results.count()
        if not n:
            return
        row = (self.results.currentRow() + 1) % n
        self.results.setCurrentRow(row)
        self._go(self.results.item(row))

    def _questions(self, text: str) -> list[tuple[str, str, str]]:
        """(area, function, words) for each function and area the text names together."""
        bp = self.document.blueprint
        names = {a.id: a.name for a in bp.areas}
        functions = {f.id: f.name for f in bp.functions}
        return [(a, f, f"Who serves {names[a]} for {functions[f]}?  ·  Trace")
                for f, a in pairs(bp, text)]

    def _go(self, item: QListWidgetItem) -> None:
        question = item.data(TRACE_ROLE)
        if question:
            self.traceRequested.emit(*question)
            return
        element_id = item.data(ID_ROLE)
        self.document.select([element_id], source=self)
        self.document.centre_on([element_id])
