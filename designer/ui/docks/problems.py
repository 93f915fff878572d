"""Problems dock: the rules engine's live results, grouped by severity.

Each row says what is wrong, which elements, and which rule (with its
source, e.g. the alliance principle it comes from). Rows are one line each, so
the list stays compact; the detail area under it shows the current row in full
(message, elements, rule and source, suggested fix or waiver), word-wrapped and
readable on a projector without tooltips. Clicking selects and centres the
elements; a suggested fix is one click (one undo step); a finding can be waived
with a reason (OK waits for one), which is stored in the file.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.core import edits
from designer.core.rules import Result
from designer.core.schema import Waiver
from designer.ui.document import Document
from designer.ui.style import SEVERITY_COLOURS, SEVERITY_ORDER, as_html, icon
from designer.ui.widgets import detail_pane, list_over_detail, literal

SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Notes", "waived": "Waived"}
SEVERITY_ICONS = {"error": "alert-circle", "warning": "alert", "info": "information-outline",
                  "waived": "check-circle-outline"}
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1


def severity_of(result: Result) -> str:
    """'error', 'warning' or 'info'; 'waived' once waived, whatever its severity."""
    return "waived" if result.waived else result.severity


def result_key(result: Result) -> tuple:
    return (result.rule, result.elements, result.message, result.waived)


def apply_fix(document: Document, result: Result) -> str | None:
    """Apply a result's fix as one undoable command; return a refusal or None."""
    fix = result.fix
    if fix is None:
        return "this problem has no automatic fix"
    try:
        new_bp = fix.apply(document.blueprint)
    except (edits.EditError, ValueError) as exc:
        return f"the fix could not be applied: {exc}"
    document.edit(f"Fix: {fix.label}", new_bp, edits.changed_ids(document.blueprint, new_bp))
    return None


def waive(document: Document, result: Result, reason: str,
          author: str | None = None) -> str | None:
    """Record a waiver for each element of a result (one undo step); a refusal or None."""
    reason = reason.strip()
    if not reason:
        return "a waiver needs a reason"
    author = author or _user_name()
    elements = result.elements or ("alliance",)
    bp = document.blueprint
    try:
        for element in elements:
            bp = edits.add_waiver(bp, Waiver(rule=result.rule, element=element, reason=reason,
                                             author=author, date=date.today()))
    except (edits.EditError, ValueError) as exc:
        return str(exc)
    document.edit(f"Waive {result.rule}", bp, frozenset(elements))
    return None


def detail_html(result: Result, names: str) -> str:
    """The whole of one finding, for the detail area: nothing cut, nothing in a tooltip."""
    severity = severity_of(result)
    title = {"error": "Error", "warning": "Warning", "info": "Note",
             "waived": "Waived"}[severity]
    colour = SEVERITY_COLOURS.get(severity, SEVERITY_COLOURS["info"])
    rule = as_html(result.rule)
    source = result.source
    parts = [f'<p><b style="color:{colour}">{title}:</b> {as_html(result.full_message)}</p>']
    rows = []
    if names:
        rows.append(("Elements", as_html(names)))
    rows.append(("Rule", f"<code>{rule}</code>" + (f" — {as_html(source)}" if source else "")))
    if result.fix is not None and severity != "waived":
        rows.append(("Suggested fix", f"{as_html(result.fix.label)} (Apply fix, one undo step)"))
    if result.waiver is not None:
        waiver = result.waiver
        rows.append(("Waived", f"{as_html(waiver.reason)} ({as_html(waiver.author)}, "
                               f"{as_html(str(waiver.date))})"))
    parts.append("<table cellspacing=0 cellpadding=2>" + "".join(
        f'<tr><td style="padding-right:8px"><b>{label}</b></td><td>{value}</td></tr>'
        for label, value in rows) + "</table>")
    return "".join(parts)


class WaiveDialog(QDialog):
    """Asks why a finding is acceptable; OK stays disabled until a reason is typed."""

    def __init__(self, message: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("waiveDialog")
        self.setWindowTitle("Waive this finding")
        prompt = QLabel(f"<p>Why is this acceptable?</p><p><i>{as_html(message)}</i></p>"
                        "<p>The reason is stored in the file.</p>", self)
        prompt.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName("Reason for the waiver")
        self.reason.setPlaceholderText("e.g. Agreed by the joint board on 12 March")
        self.reason.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Waive")
        self.ok_button.setEnabled(False)
        self.ok_button.setToolTip("Type a reason first")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._reason_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.buttons)
        self.resize(480, 300)

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def _reason_changed(self) -> None:
        has_reason = bool(self.text())
        self.ok_button.setEnabled(has_reason)
        self.ok_button.setToolTip("" if has_reason else "Type a reason first")

    def accept(self) -> None:
        if self.text():  # Ctrl+Enter or a default button must not slip past the check
            super().accept()


def _user_name() -> str:
    try:
        return getpass.getuser() or "Unknown"
    except (OSError, KeyError):
        return "Unknown"


class ProblemsPanel(QWidget):
    """The contents of the Problems dock."""

    countsChanged = Signal(int, int)  # errors, warnings
    message = Signal(str)  # something to show in the status bar

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.setObjectName("problemsPanel")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("problemsTree")
        self.tree.setAccessibleName("Problems")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Problem", "Elements", "Rule and source"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 180)
        header.resizeSection(2, 260)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.customContextMenuRequested.connect(self._context_menu)

        self.summary = QLabel(self)
        self.summary.setObjectName("problemsSummary")
        self.fix_button = QPushButton(icon("auto-fix"), "Apply fix", self)
        self.fix_button.setToolTip("Apply the selected problem's suggested fix (one undo step)")
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(self.apply_current_fix)
        self.waive_button = QPushButton(icon("check-circle-outline"), "Waive…", self)
        self.waive_button.setToolTip("Accept this finding, with a reason recorded in the file")
        self.waive_button.setEnabled(False)
        self.waive_button.clicked.connect(self.waive_current)

        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.fix_button)
        bar.addWidget(self.waive_button)
        self.empty = QLabel(self)
        self.empty.setObjectName("problemsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.detail, self.detail_area = detail_pane(self, "problemDetail", "Problem details", 72)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.list_page = list_over_detail(self, self.tree, self.detail_area, (3, 2),
                                          "problemsSplitter")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.list_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self._groups: dict[str, QTreeWidgetItem] = {}
        self._items: dict[tuple, QTreeWidgetItem] = {}
        document.problemsChanged.connect(self.show_results)
        document.changed.connect(self._names_may_change)
        document.checkingChanged.connect(self._checking)
        self.show_results(document.problems)

    def resizeEvent(self, event: Any) -> None:
        """Keep the message column the widest whatever the dock's width."""
        super().resizeEvent(event)
        width = self.tree.viewport().width()
        header = self.tree.header()
        header.resizeSection(1, max(110, width * 18 // 100))
        header.resizeSection(2, max(140, width * 24 // 100))

    # ------------------------------------------------------------ results

    def results(self) -> list[Result]:
        return [item.data(0, RESULT_ROLE) for item in self._items.values()]

    def show_results(self, results: list[Result]) -> None:
        """Show new results, touching only rows that changed (fast for small edits)."""
        wanted: dict[tuple, Result] = {}
        for r in results:
            wanted.setdefault(result_key(r), r)
        self.tree.setUpdatesEnabled(False)
        try:
            for key in [k for k in self._items if k not in wanted]:
                item = self._items.pop(key)
                parent = item.parent()
                if parent is not None:
                    parent.removeChild(item)
            new: dict[str, list[QTreeWidgetItem]] = {}
            for key, result in wanted.items():
                item = self._items.get(key)
                if item is None:
                    item = self._make_item(result)
                    new.setdefault(severity_of(result), []).append(item)
                    self._items[key] = item
                else:
                    item.setData(0, RESULT_ROLE, result)
            for severity, items in new.items():  # one insertion per group: fast for thousands
                self._group(severity).addChildren(items)
            self._update_groups()
        finally:
            self.tree.setUpdatesEnabled(True)
        self._current_changed(self.tree.currentItem(), None)

    def _checking(self, running: bool) -> None:
        """A large blueprint is checked on a worker thread: say so, rather than show the
        previous blueprint's problems as this one's. Its results follow by themselves."""
        if not running:  # the results follow at once, unless the check failed
            self.summary.setText("The rules check did not finish.")
            self.empty.setText("The rules check did not finish. Tools ▸ Check Rules (F7) "
                               "tries again.")
            return
        self.show_results([])
        bp = self.document.blueprint
        n = sum(len(items) for items in (bp.forces, bp.areas, bp.bodies, bp.functions,
                                          bp.teams, bp.links))
        self.summary.setText("Checking the rules…")
        self.empty.setText(f"Checking {n:,} elements and links against the rules…\n\n"
                           "You can work meanwhile; problems appear here when it is done.")

    def _group(self, severity: str) -> QTreeWidgetItem:
        group = self._groups.get(severity)
        if group is None:
            group = QTreeWidgetItem()
            group.setIcon(0, icon(SEVERITY_ICONS[severity], SEVERITY_COLOURS.get(severity)))
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(False)
            order = [*SEVERITY_ORDER, "waived"]
            index = sum(1 for s in order[: order.index(severity)] if s in self._groups)
            self.tree.insertTopLevelItem(index, group)
            group.setExpanded(severity != "waived")
            self._groups[severity] = group
        return group

    def _update_groups(self) -> None:
        counts = {}
        for severity, group in list(self._groups.items()):
            n = group.childCount()
            counts[severity] = n
            if n == 0:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(group))
                del self._groups[severity]
            else:
                group.setText(0, f"{SEVERITY_TITLES[severity]} ({n})")
        errors, warnings = counts.get("error", 0), counts.get("warning", 0)
        self.stack.setCurrentWidget(self.list_page if self._items else self.empty)
        if not self._items:
            self.summary.setText("No problems found")
            self.empty.setText("✓  The blueprint follows every rule checked.\n\nProblems appear "
                               "here as you edit; click one to show it on the canvas.")
        else:
            parts = [f"{errors} error{'s' * (errors != 1)}",
                     f"{warnings} warning{'s' * (warnings != 1)}"]
            if counts.get("info"):
                parts.append(f"{counts['info']} note{'s' * (counts['info'] != 1)}")
            if counts.get("waived"):
                parts.append(f"{counts['waived']} waived")
            self.summary.setText(" · ".join(parts) + "  —  click a problem to show it")
        self.countsChanged.emit(errors, warnings)

    def _make_item(self, result: Result) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(0, RESULT_ROLE, result)
        self._fill(item, result)
        return item

    def _fill(self, item: QTreeWidgetItem, result: Result) -> None:
        severity = severity_of(result)
        message = result.message
        item.setText(0, message)
        item.setToolTip(0, message)
        item.setText(1, self._names(result.elements))
        item.setToolTip(1, item.text(1))
        rule, source = result.rule, result.source
        item.setText(2, f"{rule} — {source}" if source else rule)
        item.setToolTip(2, item.text(2))
        colour = SEVERITY_COLOURS.get(severity, SEVERITY_COLOURS["info"])
        if result.fix is not None and severity != "waived":
            item.setIcon(0, icon("auto-fix", colour))  # the wand: a fix is one click away
            item.setToolTip(0, f"{message}\nSuggested fix: {result.fix.label}")
        else:
            item.setIcon(0, icon(SEVERITY_ICONS[severity], colour))
        if result.waiver is not None:
            waiver = result.waiver
            item.setToolTip(0, f"{message}\nWaived by {waiver.author}: {waiver.reason}")
            for col in range(3):
                item.setForeground(col, QBrush(QColor(SEVERITY_COLOURS["info"])))

    def _names(self, ids: Iterable[str]) -> str:
        names = []
        for element_id in ids:
            el = self.document.element(element_id)
            names.append(el.name if el else element_id)
        return ", ".join(names)

    def _names_may_change(self, touched: frozenset[str] | None) -> None:
        for item in self._items.values():
            ids = item.data(0, RESULT_ROLE).elements
            if touched is None or touched.intersection(ids):
                item.setText(1, self._names(ids))
        self._show_detail(self.current_result())

    # ------------------------------------------------------------ actions

    def current_result(self) -> Result | None:
        item = self.tree.currentItem()
        return item.data(0, RESULT_ROLE) if item is not None else None

    def _current_changed(self, item: QTreeWidgetItem | None, _previous: Any) -> None:
        result = item.data(0, RESULT_ROLE) if item is not None else None
        has_fix = result is not None and result.fix is not None
        waived = result is not None and severity_of(result) == "waived"
        self.fix_button.setEnabled(has_fix and not waived)
        self.waive_button.setEnabled(result is not None and not waived)
        self._show_detail(result)

    def _show_detail(self, result: Result | None) -> None:
        if result is None:
            self.detail.setText("<p>Select a problem to read it in full here: what is "
                                "wrong, the rule and its source, and the suggested fix.</p>")
            return
        self.detail.setText(detail_html(result, self._names(result.elements)))

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        result = item.data(0, RESULT_ROLE)
        if result is None:
            return
        ids = [i for i in result.elements if self.document.kind_of(i)]
        self.document.select(ids, source=self)
        self.document.centre_on(ids)

    def apply_current_fix(self) -> None:
        result = self.current_result()
        if result is None:
            return
        refusal = apply_fix(self.document, result)
        self.message.emit(refusal or f"Applied: {result.fix.label}")

    def waive_current(self) -> None:
        """Ask for a reason (window-modal, so the finding stays readable) and record it."""
        result = self.current_result()
        if result is None:
            return
        dialog = WaiveDialog(result.message, self)
        self.waive_dialog = dialog  # for tests and screenshots: the dialog is window-modal

        def accepted() -> None:
            refusal = waive(self.document, result, dialog.text())
            self.message.emit(refusal or "Waiver recorded")

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _context_menu(self, pos: Any) -> None:
        item = self.tree.itemAt(pos)
        menu = self.context_menu(item) if item is not None else None
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))

    def context_menu(self, item: QTreeWidgetItem) -> QMenu | None:
        """The menu for one problem row: show, fix, waive (or un-waive), copy."""
        result = item.data(0, RESULT_ROLE)
        if result is None:
            return None
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        show = menu.addAction(icon("crosshairs-gps"), "Show on canvas")
        show.triggered.connect(lambda: self._clicked(item))
        if result.fix is not None and severity_of(result) != "waived":
            fix = menu.addAction(icon("auto-fix"), literal(f"Fix: {result.fix.label}"))
            fix.triggered.connect(self.apply_current_fix)
        if severity_of(result) != "waived":
            waive_action = menu.addAction(icon("check-circle-outline"), "Waive with a reason…")
            waive_action.triggered.connect(self.waive_current)
        else:
            unwaive = menu.addAction("Remove the waiver")
            unwaive.triggered.connect(lambda: self._unwaive(result))
        menu.addSeparator()
        copy = QAction("Copy", menu)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.triggered.connect(lambda: self._copy(item))
        menu.addAction(copy)
        return menu

    def _unwaive(self, result: Result) -> None:
        bp = self.document.blueprint
        for element in result.elements or ("alliance",):
            bp = edits.remove_waiver(bp, result.rule, element)
        self.document.edit(f"Remove waiver of {result.rule}", bp, frozenset(result.elements))

    def _copy(self, item: QTreeWidgetItem) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(" | ".join(item.text(c) for c in range(3)))


def problems_report(document: Document) -> str:
    """Plain-text problems report (what ``make run`` writes to out/problems.txt)."""
    results = document.problems
    bp = document.blueprint
    lines = [f"Problems in {document.display_name} — {bp.alliance.name}", ""]
    if not results:
        lines.append("No problems found.")
    by_severity: dict[str, list[Result]] = {}
    for r in results:
        by_severity.setdefault(severity_of(r), []).append(r)
    for severity in (*SEVERITY_ORDER, "waived"):
        group = by_severity.get(severity, [])
        if not group:
            continue
        lines.append(f"{SEVERITY_TITLES[severity]} ({len(group)})")
        for r in group:
            names = ", ".join(
                (el.name if (el := document.element(i)) else i) for i in r.elements)
            lines.append(f"  - {r.full_message}")
            if names:
                lines.append(f"      elements: {names}")
            lines.append(f"      rule: {r.rule}" + (f" ({r.source})" if r.source else ""))
            if r.fix is not None and severity != "waived":
                lines.append(f"      suggested fix: {r.fix.label}")
            if r.waiver is not None:
                lines.append(f"      waived: {r.waiver.reason} ({r.waiver.author})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
