"""The bulk helpers in the app: "Create Local Teams for Every Area" and "Make Joint Except…".

Both run :mod:`designer.core.bulk` and hand the result to the document as one undoable
step. The window puts the actions in its Tools menu; the canvas and the matrix add
"Create Local Teams for Every Area" to their context menus while local functions are
selected.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from designer.core import bulk
from designer.core.catalogue import load_catalogue
from designer.ui.document import Document


class BulkActions(QObject):
    """The two actions, enabled while they can do something."""

    message = Signal(str, int)
    """A line for the status bar, and how long to show it (ms)."""

    def __init__(self, document: Document, parent: QWidget):
        super().__init__(parent)
        self.document = document
        self.window = parent
        self.available = True
        """False while no blueprint is open (the start page): nothing to change."""
        self.local_teams = QAction("Create &Local Teams for Every Area", parent)
        self.local_teams.setStatusTip("One team per policing area for each selected local "
                                      "function, owned by the area's force")
        self.local_teams.triggered.connect(self.create_local_teams)
        self.joint_except = QAction("Make &Joint Except…", parent)
        self.joint_except.setStatusTip("Make every function joint except the categories you "
                                       "keep as they are")
        self.joint_except.triggered.connect(self.make_joint_except)
        document.selectionChanged.connect(self._update)
        document.changed.connect(self._update)
        self._update()

    def selected_local(self) -> list[str]:
        bp = self.document.blueprint
        return [f.id for f in bulk.local_functions(bp, self.document.selection())]

    def set_available(self, on: bool) -> None:
        """Offer the commands only while a blueprint is open."""
        self.available = on
        self._update()

    def _update(self, *_args: object) -> None:
        count = len(self.selected_local())
        self.local_teams.setEnabled(self.available and count > 0
                                    and bool(self.document.blueprint.areas))
        self.local_teams.setToolTip(
            f"One team per policing area for the {count} selected local function"
            f"{'s' if count != 1 else ''}" if count else
            "Select local functions to give each policing area its own team")
        self.joint_except.setEnabled(self.available and len(self.document.blueprint.forces) >= 2)

    def create_local_teams(self) -> None:
        ids = self.selected_local()
        before = len(self.document.blueprint.teams)
        what = f"Create local teams for {len(ids)} function{'s' if len(ids) != 1 else ''}"
        refusal = self.document.try_edit(what, bulk.local_teams, ids)
        if refusal:
            self.message.emit(f"Cannot create local teams: {refusal}", 6000)
            return
        made = len(self.document.blueprint.teams) - before
        self.message.emit(f"Created {made} local team{'s' if made != 1 else ''}" if made else
                          "Every area already has its local team", 4000)

    def make_joint_except(self) -> None:
        dialog = JointExceptDialog(self.document, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        kept = dialog.kept()
        count = dialog.count()
        refusal = self.document.try_edit(
            f"Make {count} function{'s' if count != 1 else ''} joint", bulk.joint_except, kept)
        if refusal:
            self.message.emit(f"Cannot make functions joint: {refusal}", 6000)
        else:
            self.message.emit(f"Made {count} function{'s' if count != 1 else ''} joint", 4000)


class JointExceptDialog(QDialog):
    """The catalogue's categories, ticked for those that stay as they are."""

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("jointExceptDialog")
        self.setWindowTitle("Make Joint Except…")
        self.document = document
        intro = QLabel("Every function becomes joint — one unit under joint governance for all "
                       "the forces — except those in the categories ticked here, which stay as "
                       "they are. A shared function's host becomes the joint unit's lead.")
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Categories kept as they are")
        catalogue = load_catalogue()
        self.items: dict[str, QTreeWidgetItem] = {}
        for top in catalogue.categories():
            item = QTreeWidgetItem([top.name])
            item.setData(0, Qt.ItemDataRole.UserRole, top.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsAutoTristate)
            self.tree.addTopLevelItem(item)
            self.items[top.id] = item
            for sub in catalogue.children(top.id):
                child = QTreeWidgetItem([sub.name])
                child.setData(0, Qt.ItemDataRole.UserRole, sub.id)
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Unchecked)
                item.addChild(child)
                self.items[sub.id] = child
        for entry in bulk.DEFAULT_EXCEPTIONS:
            self.items[entry].setCheckState(0, Qt.CheckState.Checked)
            parent = self.items[entry].parent()
            if parent is not None:  # show the functions kept out of a category
                parent.setExpanded(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("Make Joint", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.tree.itemChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Keep as they are:"))
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(520, 600)
        self._update()

    def kept(self) -> list[str]:
        """Catalogue ids ticked: whole categories when every function in them is ticked."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            state = top.checkState(0)
            if state == Qt.CheckState.Checked:
                out.append(top.data(0, Qt.ItemDataRole.UserRole))
            elif state == Qt.CheckState.PartiallyChecked:
                out += [top.child(j).data(0, Qt.ItemDataRole.UserRole)
                        for j in range(top.childCount())
                        if top.child(j).checkState(0) == Qt.CheckState.Checked]
        return out

    def count(self) -> int:
        """How many functions the choice makes joint."""
        return len(bulk.becoming_joint(self.document.blueprint, self.kept()))

    def _update(self, *_args: object) -> None:
        count = self.count()
        self.summary.setText(f"{count} function{'s' if count != 1 else ''} will become joint."
                             if count else "No function would change.")
        self.ok.setEnabled(count > 0)
