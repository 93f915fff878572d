"""The main window: menus, toolbar, status bar, the canvas in the middle and docks around it.

One :class:`Document` lives as long as the window; opening a file replaces its
contents (so every view keeps its connection). The file lifecycle — new, open, save,
reload, close, recent files, autosave recovery, the watch on the file on disk — is the
window's :class:`~designer.ui.file_controller.FileController` (``window.files``); the
window shows what it does: the workspace or the start page, the title, the status bar.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from designer import __version__
from designer.core import io
from designer.ui.autosave import Autosaver, Recovery
from designer.ui.bulk_actions import BulkActions
from designer.ui.canvas.caption import Caption
from designer.ui.canvas.view import CanvasView
from designer.ui.change_note import ChangeDetails, ChangeExplainer, ChangeNote
from designer.ui.docks.challenges import ChallengesPanel
from designer.ui.docks.compare import ComparePanel
from designer.ui.docks.conflicts import ConflictsPanel
from designer.ui.docks.economic import EconomicPanel
from designer.ui.docks.finance import FinancePanel
from designer.ui.docks.find import FindPanel
from designer.ui.docks.inspector import InspectorPanel
from designer.ui.docks.outline import OutlinePanel
from designer.ui.docks.palette import PalettePanel
from designer.ui.docks.problems import ProblemsPanel, problems_report, severity_of
from designer.ui.docks.trace import TracePanel
from designer.ui.docks.walkthroughs import WalkthroughsPanel
from designer.ui.document import Document
from designer.ui.export_dialog import ExportDialog
from designer.ui.file_controller import APP_TITLE, FILE_FILTER, FileController, empty_blueprint
from designer.ui.import_dialog import Importer, ImportPreview
from designer.ui.matrix import MatrixView
from designer.ui.option_actions import OptionActions
from designer.ui.presentation import Presenter
from designer.ui.start_page import StartPage
from designer.ui.style import SEVERITY_COLOURS, apply_theme, icon
from designer.ui.widgets import busy, literal

SLOW_LAYOUT_ELEMENTS = 3_000
"""Automatic layout moving more nodes than this shows a progress indicator (~0.5 s)."""
STATE_VERSION = 1
SHORTEST_LIST = 40
"""How short a list, tree or table in a dock may get (two rows and a scroll bar): with
the docks' other minimums, the window fits a 1366×768 screen, or 1920×1080 at 200 %."""


def first_size(available: QSize) -> QSize:
    """The window's size on a first run: roomy (1400×900), but never more than the
    screen's free area less the window's frame and title bar."""
    return QSize(min(1400, available.width() - 16), min(900, available.height() - 40))


class NoticeBar(QFrame):
    """A slim banner above the canvas for things that need a decision (file changed on disk)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(12, 6, 8, 6)
        self.layout_.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_notice(self, text: str, *choices: tuple[str, Any]) -> None:
        for b in self.buttons:
            b.deleteLater()
        self.buttons = []
        self.label.setText(text)
        for label, slot in choices:
            button = QPushButton(label, self)
            button.clicked.connect(slot)
            button.clicked.connect(self.hide)
            self.layout_.addWidget(button)
            self.buttons.append(button)
        self.show()


class MainWindow(QMainWindow):
    """The designer's main window."""

    fileOpened = Signal(object)

    def __init__(self, document: Document | None = None, settings: QSettings | None = None,
                 autosave_interval_ms: int | None = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings or QSettings()
        theme = str(self.settings.value("theme", "system"))
        if theme in ("light", "dark"):  # the user's choice from last time, before any icon
            apply_theme(QApplication.instance(), theme)
        self.document = document or Document(empty_blueprint())
        if self.document.parent() is None:
            self.document.setParent(self)
        self.has_blueprint = document is not None
        self._discard_on_close = False
        self._docks_put_away: list[str] | None = None
        self._workspace_state = QByteArray()
        self.setDockNestingEnabled(True)
        self.setDocumentMode(True)

        self.canvas = CanvasView(self.document)
        self.canvas.setObjectName("canvasView")
        self.matrix = MatrixView(self.document)
        self.matrix.setObjectName("matrixView")
        self.notice = NoticeBar(self)
        self.files = FileController(self.document, self.settings, self.notice, self,
                                    autosave_interval_ms)
        self.files.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.files.saved.connect(self._update_title)
        self.files.opened.connect(self.fileOpened)
        self.importer = Importer(self.document, self.files, self, lambda: self.has_blueprint)
        self.importer.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        workspace = QWidget(self)
        wl = QVBoxLayout(workspace)
        wl.setContentsMargins(0, 0, 0, 0)
        wl.setSpacing(0)
        wl.addWidget(self.notice)
        wl.addWidget(self.canvas, 1)
        self.workspace_layout = wl
        self.start_page = StartPage(self)
        self.start_page.openRequested.connect(self.files.open_file)
        self.start_page.newRequested.connect(self.files.new_file)
        self.start_page.browseRequested.connect(self.files.open_dialog)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.start_page)
        self.stack.addWidget(workspace)
        self.stack.currentChanged.connect(self._only_current_page_counts)
        self._only_current_page_counts(self.stack.currentIndex())
        self.setCentralWidget(self.stack)

        self.palette_panel = PalettePanel(self.document)
        self.outline_panel = OutlinePanel(self.document)
        self.find_panel = FindPanel(self.document)
        self.inspector_panel = InspectorPanel(self.document)
        self.problems_panel = ProblemsPanel(self.document)
        self.finance_panel = FinancePanel(self.document)
        self.compare_panel = ComparePanel(self.document)
        self.economic_panel = EconomicPanel(self.document)
        self.conflicts_panel = ConflictsPanel(self.document)
        self.challenges_panel = ChallengesPanel(self.document, self.settings)
        self.trace_panel = TracePanel(self.document)
        self.walkthroughs_panel = WalkthroughsPanel(self.document)
        self.caption = Caption(self.canvas)
        self.explainer = ChangeExplainer(self.document, self)
        self.change_details: ChangeDetails | None = None
        self.docks: dict[str, QDockWidget] = {}
        self._docks_before_hiding: QByteArray | None = None
        self._make_docks()
        self.presenter = Presenter(self)
        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self._make_status_bar()

        self.compare_panel.marksChanged.connect(self.canvas.mark_changes)
        self.compare_panel.compareRequested.connect(lambda: self.compare_with_file())
        for panel in (self.palette_panel, self.inspector_panel, self.problems_panel,
                      self.conflicts_panel,
                      self.challenges_panel,
                      self.canvas, self.matrix):  # canvas/matrix: refused links, drops, cells
            panel.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.economic_panel.message.connect(
            lambda text: self.statusBar().showMessage(text, 6000))
        self.economic_panel.newOptionRequested.connect(self.options.act_new.trigger)
        self.walkthroughs_panel.message.connect(
            lambda text: self.statusBar().showMessage(text, 6000))
        for source in (self.trace_panel, self.walkthroughs_panel):
            source.highlightRequested.connect(self.highlight)
            source.highlightCleared.connect(self.clear_highlight)
        self.walkthroughs_panel.captionChanged.connect(self.caption.show_text)
        self.walkthroughs_panel.playingChanged.connect(self._playing)
        self.find_panel.traceRequested.connect(self.show_trace)
        self.problems_panel.countsChanged.connect(self._show_counts)
        self.palette_panel.blankAdded.connect(self._name_new_element)
        self.document.checkingChanged.connect(self._show_checking)
        self.document.undo_stack.cleanChanged.connect(self._update_title)
        self.document.undo_stack.indexChanged.connect(self._update_title)
        self.document.pathChanged.connect(self._update_title)
        self.document.optionChanged.connect(self._update_title)
        self.document.changed.connect(self._update_title_if_renamed)
        self.document.selectionChanged.connect(self._selection_changed)
        self.canvas.zoomChanged.connect(self._show_zoom)
        self.canvas.challengeRequested.connect(self.add_challenge_on)
        self.matrix.challengeRequested.connect(self.add_challenge_on)

        self.resize(first_size(self.screen().availableGeometry().size()))
        self._restore_layout()
        self._show_counts(*self._counts())
        self._show_workspace(self.has_blueprint)
        self._update_title()
        self._selection_changed(())

    # ------------------------------------------------------------ construction

    def _dock(self, key: str, title: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock.{key}")
        for view in widget.findChildren(QAbstractScrollArea):
            if view.minimumHeight() == 0:  # only where the panel set no height of its own
                view.setMinimumHeight(SHORTEST_LIST)
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def _make_docks(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self._dock("palette", "Palette", self.palette_panel, left)
        self._dock("outline", "Outline", self.outline_panel, left)
        self._dock("find", "Find", self.find_panel, left)
        self._dock("inspector", "Inspector", self.inspector_panel, right)
        self._dock("matrix", "Matrix", self.matrix, bottom)
        self._dock("problems", "Problems", self.problems_panel, bottom)
        self._dock("finance", "Finance", self.finance_panel, bottom)
        self._dock("economic", "Economic Case", self.economic_panel, bottom)
        self._dock("compare", "Compare", self.compare_panel, bottom)
        self._dock("conflicts", "Conflicts", self.conflicts_panel, bottom)
        self._dock("challenges", "Challenges", self.challenges_panel, bottom)
        self._dock("trace", "Who Serves Here", self.trace_panel, bottom)
        self._dock("walkthroughs", "Walk-throughs", self.walkthroughs_panel, bottom)
        self.docks["outline"].visibilityChanged.connect(self.outline_panel.set_shown)
        self.docks["finance"].visibilityChanged.connect(self.finance_panel.set_shown)
        self.docks["economic"].visibilityChanged.connect(self.economic_panel.set_shown)
        self.docks["trace"].visibilityChanged.connect(self.trace_panel.set_shown)
        self.arrange_docks()

    def arrange_docks(self) -> None:
        """The standard layout: palette/outline/find left, inspector right, matrix (with
        finance tabbed behind it) and problems (with conflicts, compare and challenges
        behind it; conflicts and compare in front while they have something to show)
        side by side below the canvas; sizes in proportion to the window."""
        d = self.docks
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        for dock in d.values():
            self.removeDockWidget(dock)
        self.addDockWidget(left, d["palette"])
        self.addDockWidget(right, d["inspector"])
        self.addDockWidget(bottom, d["matrix"])
        self.addDockWidget(bottom, d["problems"])
        self.splitDockWidget(d["matrix"], d["problems"], Qt.Orientation.Horizontal)
        for dock in d.values():
            dock.show()
        self.tabifyDockWidget(d["palette"], d["outline"])
        self.tabifyDockWidget(d["outline"], d["find"])
        self.tabifyDockWidget(d["matrix"], d["finance"])
        self.tabifyDockWidget(d["finance"], d["economic"])
        self.tabifyDockWidget(d["problems"], d["conflicts"])
        self.tabifyDockWidget(d["problems"], d["compare"])
        self.tabifyDockWidget(d["problems"], d["challenges"])
        self.tabifyDockWidget(d["problems"], d["walkthroughs"])
        self.tabifyDockWidget(d["finance"], d["trace"])
        d["problems"].raise_()
        for key, busy_with in (("compare", self.compare_panel.other),
                               ("conflicts", self.document.blueprint.conflicts)):
            if busy_with:  # in front of the problems while there is something to show
                d[key].raise_()
        d["matrix"].raise_()
        d["palette"].raise_()
        width, height = max(self.width(), 1000), max(self.height(), 700)
        self.resizeDocks([d["palette"], d["inspector"]],
                         [max(240, width * 17 // 100), max(300, width * 22 // 100)],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([d["matrix"]], [height * 34 // 100], Qt.Orientation.Vertical)
        self.resizeDocks([d["matrix"], d["problems"]], [width // 2, width // 2],
                         Qt.Orientation.Horizontal)
        if self._docks_put_away is not None:  # on the start page: arranged, but put away
            self._put_docks_away()

    def _put_docks_away(self) -> None:
        """Hide every dock for the start page, remembering the layout to bring back."""
        self._workspace_state = self.saveState(STATE_VERSION)
        self._docks_put_away = [k for k, d in self.docks.items() if not d.isHidden()]
        for dock in self.docks.values():
            self.removeDockWidget(dock)
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            bar.hide()  # Qt leaves the emptied dock tab bars on screen

    def _action(self, text: str, slot: Any, shortcut: Any = None, icon_name: str | None = None,
                tip: str | None = None, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
            action.setProperty("iconName", icon_name)  # re-tinted when the theme changes
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        plain = text.replace("&", "").rstrip("…")
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or plain} ({keys})" if keys else (tip or plain))
        action.setStatusTip(tip or plain)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        stack = self.document.undo_stack
        a = self._action
        files = self.files
        self.act_new = a("&New…", files.new_file, K.New, "file-plus-outline",
                         "Start a new alliance blueprint")
        self.act_open = a("&Open…", files.open_dialog, K.Open, "folder-open-outline",
                          "Open a blueprint file")
        self.act_save = a("&Save", files.save, K.Save, "content-save-outline",
                          "Save the blueprint")
        self.act_save_as = a("Save &As…", files.save_as, K.SaveAs, "content-save-edit-outline",
                             "Save the blueprint under a new name")
        self.act_reload = a("&Reload from Disk", files.reload, None, "refresh",
                            "Read the file again, dropping unsaved changes")
        self.act_close = a("&Close", files.close_file, K.Close, None, "Close the blueprint")
        self.act_quit = a("&Quit", self.close, K.Quit, None, "Quit the designer")
        self.act_undo = stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(K.Undo)
        self.act_undo.setIcon(icon("undo"))
        self.act_redo = stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence(K.Redo), QKeySequence("Ctrl+Y")])
        self.act_redo.setIcon(icon("redo"))
        for act, what in ((self.act_undo, "Undo"), (self.act_redo, "Redo")):
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{what} the last change ({keys})")
            self.addAction(act)
        self.act_what_changed = a("What Did That &Change?", self.show_change_details, None,
                                  None, "The last edit's money before and after, for each "
                                  "force, and its side effects")
        self.act_delete = a("&Delete", self.delete_selection, K.Delete, "delete-outline",
                            "Delete the selected elements")
        self.act_select_all = a("Select &All", self.select_all, K.SelectAll, None,
                                "Select every element")
        self.act_find = a("&Find…", self.show_find, K.Find, "magnify",
                          "Find elements by name, tag or category")
        self.act_find_next = a("Find &Next", self.find_panel.next_result, K.FindNext, None,
                               "Jump to the next match")
        self.act_zoom_in = a("Zoom &In", self.zoom_in, [QKeySequence(K.ZoomIn),
                                                       QKeySequence("Ctrl+=")],
                             "magnify-plus-outline", "Zoom in")
        self.act_zoom_out = a("Zoom &Out", self.zoom_out, K.ZoomOut, "magnify-minus-outline",
                              "Zoom out")
        self.act_fit = a("Zoom to &Fit", self.zoom_to_fit, "Ctrl+0", "fit-to-screen-outline",
                         "Show the whole blueprint")
        self.act_fit_selection = a("Zoom to &Selection", self.zoom_to_selection, "Ctrl+9",
                                   "selection-search", "Show the selected elements")
        self.act_layout = a("Automatic &Layout", self.auto_layout, "Ctrl+L",
                            "view-column-outline",
                            "Arrange the blueprint in force lanes automatically")
        self.act_check = a("&Check Rules", self.recheck, "F7", "check-decagram-outline",
                           "Check the whole blueprint against the rules again")
        self.act_present = a("&Presentation Mode", self.presenter.toggle, "F5",
                             "presentation-play",
                             "Full screen in large type, stepping through the chosen "
                             "sequence with Page Down (Esc leaves)", checkable=True)
        self.presenter.changed.connect(
            lambda: self.act_present.setChecked(self.presenter.active))
        self.act_hide_docks = a("&Hide All Panels", self.set_docks_hidden, "Ctrl+Shift+D",
                                None, "Give the whole window to the canvas; again to bring "
                                "the panels back as they were", checkable=True)
        self.act_report = a("Save Problems &Report…", self.save_problems_report, None, None,
                            "Save the problems as a text report")
        self.act_about = a("&About Alliance Blueprint Designer", self.about, None,
                           "information-outline")
        self.act_reset_layout = a("&Reset Window Layout", self.reset_layout, None, None,
                                  "Put the panels back where they started")
        self.act_trace = a("&Trace: Who Serves Here…", lambda: self.show_trace(), "Ctrl+T",
                           None, "Who serves a policing area, function by function, and who "
                           "they answer to")
        self.act_economic = a("&Economic Case", self.show_economic_case, "Ctrl+Shift+E", None,
                              "Business as usual, the base and each option side by side: "
                              "savings, costs, payback, net present value, differences")
        self.act_walkthroughs = a("&Walk-throughs", self.show_walkthroughs, None, None,
                                  "Demand walk-throughs: which pass, and play them step by step")
        self.act_clear_highlight = a("Clear &Highlight", self.escape_highlight, "Esc", None,
                                     "Stop playing and clear the highlighted path")
        self.act_next_step = a("&Next Step", self.walkthroughs_panel.next_step, "PgDown", None,
                               "The next step of the walk-through being played")
        self.act_previous_step = a("&Previous Step", self.walkthroughs_panel.previous_step,
                                   "PgUp", None,
                                   "The previous step of the walk-through being played")
        for act in (self.act_clear_highlight, self.act_next_step, self.act_previous_step):
            act.setEnabled(False)  # only while a path is highlighted or a walk-through plays
        self.goto_actions = []
        for n, (key, label) in enumerate((("canvas", "&Canvas"), ("matrix", "&Matrix"),
                                          ("inspector", "&Inspector"), ("problems", "&Problems"),
                                          ("outline", "&Outline"), ("palette", "P&alette")), 1):
            act = a(f"Go to {label}", lambda _c=False, k=key: self.focus_view(k), f"Ctrl+{n}",
                    None, f"Move the keyboard focus to the {label.replace('&', '').lower()}")
            self.goto_actions.append(act)
        self.insert_actions = []
        for payload, label, icon_name in (("function", "&Function", "square-rounded-outline"),
                                          ("team", "&Team", "account-group-outline"),
                                          ("area", "Policing &Area", "map-marker-outline"),
                                          ("body", "Governance &Body", "hexagon-outline"),
                                          ("force", "F&orce", "shield-outline")):
            act = a(label, lambda _c=False, p=payload: self.palette_panel.add(p), None,
                    icon_name, f"Add a {label.replace('&', '').lower()}")
            self.insert_actions.append(act)
        self.act_connect = a("&Link Mode", self.canvas.set_connect_mode, "Ctrl+K", "vector-line",
                             "Draw links between elements (drag from one to another)",
                             checkable=True)
        self.canvas.connectModeChanged.connect(self.act_connect.setChecked)  # Esc ends it
        self.act_compare = a("Co&mpare with File…", self.compare_with_file, None,
                             "file-compare", "List what changed since another blueprint "
                             "file and mark it on the canvas")
        self.act_challenge = a("&Challenge…", self.add_challenge, "Ctrl+Shift+M",
                               "comment-plus-outline", "Raise a challenge or comment on the "
                               "selection, or on the blueprint as a whole")
        self.act_export = a("&Business Case and Diagram…", self.export, None, None,
                            "Export the workbook, CSV tables, board report or diagram")
        self.act_import_sheet = a("&Spreadsheet…",
                                  lambda: self.import_spreadsheet(), None, "table-arrow-left",
                                  "Read baseline costs, FTE and delivery from a filled-in "
                                  "template (.xlsx or .csv), after showing what changes")
        self.act_import_model = a("&ArchiMate Model…", lambda: self.import_model(), None,
                                  "file-import-outline",
                                  "Open an ArchiMate exchange file (from Archi or another EA "
                                  "tool) as a new blueprint, or bring it into this one, after "
                                  "showing what maps and what does not")
        self.bulk = BulkActions(self.document, self)
        self.bulk.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.options = OptionActions(self.document, self)
        self.options.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.document.refused.connect(
            lambda text: self.statusBar().showMessage(f"Not changed: {text}", 10000))
        self.canvas.node_actions = [self.bulk.local_teams]
        self.matrix.function_actions = [self.bulk.local_teams]
        self.theme_group = QActionGroup(self)
        self.theme_actions = {}
        for mode, label in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            act = QAction(label, self, checkable=True)
            act.triggered.connect(lambda _c=False, m=mode: self.set_theme(m))
            self.theme_group.addAction(act)
            self.theme_actions[mode] = act
        theme = str(self.settings.value("theme", "system"))
        self.theme_actions.get(theme, self.theme_actions["system"]).setChecked(True)


    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.act_new, self.act_open])
        self.recent_menu = file.addMenu("Open &Recent")
        file.addSeparator()
        file.addActions([self.act_save, self.act_save_as, self.act_reload])
        file.addSeparator()
        file.addAction(self.act_compare)
        file.addAction(self.act_report)
        self.export_menu = file.addMenu("&Export")
        self.export_menu.addAction(self.act_export)
        self.import_menu = file.addMenu("&Import")
        self.import_menu.addActions([self.act_import_sheet, self.act_import_model])
        file.addSeparator()
        file.addActions([self.act_close, self.act_quit])
        edit = bar.addMenu("&Edit")
        edit.addActions([self.act_undo, self.act_redo, self.act_what_changed])
        edit.addSeparator()
        edit.addActions([self.act_delete, self.act_select_all])
        edit.addSeparator()
        edit.addActions([self.act_find, self.act_find_next])
        view = bar.addMenu("&View")
        view.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit,
                         self.act_fit_selection])
        view.addSeparator()
        self.canvas.add_view_actions(view)
        view.addSeparator()
        view.addMenu(self.options.view_menu)
        view.addAction(self.act_economic)
        view.addSeparator()
        panels = view.addMenu("&Panels")
        for dock in self.docks.values():
            panels.addAction(dock.toggleViewAction())
        panels.addSeparator()
        panels.addAction(self.act_hide_docks)
        panels.addAction(self.act_reset_layout)
        view.addSeparator()
        view.addAction(self.act_present)
        self.present_menu = view.addMenu("Presen&t")
        self.present_menu.setToolTipsVisible(True)
        self.present_menu.aboutToShow.connect(self._fill_present_menu)
        self._fill_present_menu()
        goto = view.addMenu("&Go To")
        goto.addActions(self.goto_actions)
        appearance = view.addMenu("&Appearance")
        appearance.addActions(list(self.theme_actions.values()))
        bar.addMenu(self.options.menu)
        insert = bar.addMenu("&Insert")
        insert.addActions(self.insert_actions)
        insert.addSeparator()
        insert.addAction(self.act_connect)
        insert.addAction(self.act_challenge)
        tools = bar.addMenu("&Tools")
        tools.addActions([self.act_layout, self.act_check])
        tools.addSeparator()
        tools.addActions([self.act_trace, self.act_walkthroughs, self.act_previous_step,
                          self.act_next_step, self.act_clear_highlight])
        tools.addSeparator()
        tools.addActions([self.bulk.local_teams, self.bulk.joint_except])
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)
        self._rebuild_recent_menu(self.files.recent_files())
        self.files.recentChanged.connect(self._recent_changed)

    def _make_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("toolbar.main")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        tb.addActions([self.act_new, self.act_open, self.act_save])
        tb.addSeparator()
        tb.addActions([self.act_undo, self.act_redo, self.act_delete])
        tb.addSeparator()
        tb.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit])
        tb.addSeparator()
        tb.addActions([self.act_connect, self.act_layout, self.act_check])
        tb.addSeparator()
        tb.addAction(self.act_find)
        tb.addSeparator()
        self.option_label = QLabel("Showing ", tb)
        self.option_label.setObjectName("optionSwitcherLabel")
        self.option_label.setBuddy(self.options.combo)
        for widget in (self.option_label, self.options.combo):
            tb.addWidget(widget).setToolTip(self.options.combo.toolTip())
        self.toolbar = tb

    def _make_status_bar(self) -> None:
        status = self.statusBar()
        self.errors_label = QLabel(self)
        self.errors_label.setObjectName("statusErrors")
        self.errors_label.setToolTip("Problems found by the rules; click to show them")
        self.errors_label.mousePressEvent = lambda _e: self._raise_dock("problems")
        self.zoom_label = QLabel("100%", self)
        self.zoom_label.setObjectName("statusZoom")
        self.zoom_label.setToolTip("Canvas zoom")
        self.file_label = QLabel(self)
        self.file_label.setObjectName("statusFile")
        self.option_status = QLabel(self)
        self.option_status.setObjectName("statusOption")
        self.option_status.setToolTip("Which option the views show (View ▸ Option)")
        for w in (self.option_status, self.errors_label, self.zoom_label, self.file_label):
            w.setContentsMargins(8, 0, 8, 0)
            status.addPermanentWidget(w)
        self.change_note = ChangeNote(self.explainer, self)
        self.change_note.detailsRequested.connect(self.show_change_details)
        status.addWidget(self.change_note, 1)  # a passing message covers it for a while

    # ------------------------------------------------------------ layout persistence

    def _only_current_page_counts(self, index: int) -> None:
        """A stacked widget asks for the room of its largest page, shown or not: only the
        page on screen counts (the start page's card kept the workspace from fitting a
        small screen)."""
        for i in range(self.stack.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            self.stack.widget(i).setSizePolicy(policy, policy)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = self.settings.value("window/state")
        self._layout_restored = isinstance(state, QByteArray | bytes) and self.restoreState(
            QByteArray(state), STATE_VERSION)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._layout_restored:  # first run: size the standard layout to the window
            self._layout_restored = True
            QTimer.singleShot(0, self.arrange_docks)

    def save_layout(self) -> None:
        """Window geometry and dock layout for next time: as they were before presenting
        or hiding the panels, not the full screen or the bare canvas."""
        geometry = self.saveGeometry()
        if self._docks_put_away is not None:
            state = self._workspace_state
        elif self._docks_before_hiding is not None:
            state = self._docks_before_hiding
        else:
            state = self.saveState(STATE_VERSION)
        presenting = self.presenter.saved_layout()
        if presenting is not None:
            geometry, state = presenting
        self.settings.setValue("window/geometry", geometry)
        self.settings.setValue("window/state", state)
        self.settings.sync()

    def set_docks_hidden(self, hidden: bool) -> None:
        """Hide every panel (Ctrl+Shift+D), or bring them back exactly as they were."""
        hidden = bool(hidden)
        if hidden and self._docks_before_hiding is None:
            self._docks_before_hiding = self.saveState(STATE_VERSION)
            for dock in self.docks.values():
                dock.hide()
        elif not hidden and self._docks_before_hiding is not None:
            state, self._docks_before_hiding = self._docks_before_hiding, None
            self.restoreState(state, STATE_VERSION)
        self.act_hide_docks.setChecked(hidden)

    def _fill_present_menu(self) -> None:
        """View ▸ Present: which sources of steps a presentation runs through."""
        from designer.core import presentation

        menu = self.present_menu
        menu.clear()
        chosen = set(self.presenter.chosen())
        for source in presentation.available():
            act = menu.addAction(literal(source.label))
            act.setCheckable(True)
            act.setChecked(source.key in chosen)
            act.toggled.connect(lambda on, k=source.key: self._choose_source(k, on))

    def _choose_source(self, key: str, on: bool) -> None:
        from designer.core import presentation

        chosen = set(self.presenter.chosen())
        chosen = chosen | {key} if on else chosen - {key}
        self.presenter.set_chosen([s.key for s in presentation.available()
                                   if s.key in chosen])

    def reset_layout(self) -> None:
        self.arrange_docks()

    def _name_new_element(self, _element_id: str) -> None:
        self._raise_dock("inspector")
        self.inspector_panel.edit_field("name")

    def _raise_dock(self, key: str) -> None:
        dock = self.docks[key]
        dock.show()
        dock.raise_()

    # ------------------------------------------------------------ title and status

    def _update_title(self, *_args: Any) -> None:
        if not self.has_blueprint:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            self.file_label.setText("No blueprint open")
            self.option_status.hide()
            return
        option = self.document.option_name
        shown = f" — option “{option}”" if option else ""
        self.setWindowTitle(f"{self.document.display_name}[*]{shown} — {APP_TITLE}")
        self.option_status.setText(f"Option: {option}" if option else "Base")
        self.option_status.setVisible(bool(self.document.file_blueprint.options) or bool(option))
        dirty = self.document.is_dirty
        self.setWindowModified(dirty)
        self.act_save.setEnabled(True)
        if self.document.path is None:
            self.file_label.setText("Not saved yet")
        else:
            self.file_label.setText("Unsaved changes" if dirty else "Saved")
        self.file_label.setToolTip(str(self.document.path or "This blueprint has no file yet"))

    def _update_title_if_renamed(self, _touched: Any) -> None:
        """The option shown renamed (or undone): the title follows its name."""
        if self.document.option is not None:
            self._update_title()

    def _counts(self) -> tuple[int, int]:
        sev = [severity_of(r) for r in self.document.problems]
        return sev.count("error"), sev.count("warning")

    def _show_counts(self, errors: int, warnings: int) -> None:
        red, yellow = SEVERITY_COLOURS["error"], SEVERITY_COLOURS["warning"]
        self.errors_label.setText(
            f"<span style='color:{red}'>●</span> {errors} error{'s' * (errors != 1)}"
            f"&nbsp;&nbsp;<span style='color:{yellow}'>▲</span> {warnings} "
            f"warning{'s' * (warnings != 1)}")

    def _show_checking(self, running: bool) -> None:
        if running:  # the counts follow when the check is done
            self.errors_label.setText("Checking the rules…")

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f}%")

    def _selection_changed(self, ids: tuple[str, ...]) -> None:
        self.act_delete.setEnabled(bool(ids))
        self.act_fit_selection.setEnabled(bool(ids))

    def _show_workspace(self, show: bool) -> None:
        """The blueprint with its docks, or the start page (docks put away until a file opens)."""
        was_showing = self.stack.currentIndex() == 1 and self._docks_put_away is None
        self.has_blueprint = show
        self.stack.setCurrentIndex(1 if show else 0)
        if not show and (was_showing or self._docks_put_away is None):
            self._put_docks_away()
        elif show and self._docks_put_away is not None:
            self.restoreState(self._workspace_state, STATE_VERSION)
            self._docks_put_away = None
        for act in (self.act_save, self.act_save_as, self.act_reload, self.act_close,
                    self.act_delete, self.act_select_all, self.act_find, self.act_find_next,
                    self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_fit_selection,
                    self.act_layout, self.act_check, self.act_report, self.act_present,
                    self.act_hide_docks, self.act_compare, self.act_what_changed, self.act_economic,
                    self.act_import_sheet, *self.insert_actions):
            act.setEnabled(show)
        self.bulk.set_available(show)  # the start page's placeholder is nothing to change
        self.options.combo.setEnabled(show)
        self.options.menu.setEnabled(show)
        self.options.view_menu.setEnabled(show)
        self.act_connect.setEnabled(show)
        self.errors_label.setVisible(show)
        self.change_note.setVisible(show)
        self.zoom_label.setVisible(show)
        if not show:
            self.start_page.set_recent(self.files.recent_files())
        self._update_title()

    def show_opened(self) -> None:
        """The blueprint the file controller just put into the document: the workspace,
        and (if it was showing already) the canvas's first view of it. A file a merge
        left conflicts in opens with the Conflicts panel in front."""
        already_shown = self.stack.currentIndex() == 1
        self._show_workspace(True)
        if already_shown:  # else the canvas sets its first view when it is first sized
            self.canvas.show_start()
        if self.compare_panel.other is not None:  # a comparison was with the last file
            self.compare_panel.clear()
        if self.document.blueprint.conflicts:
            self._raise_dock("conflicts")
            n = len(self.document.blueprint.conflicts)
            self.statusBar().showMessage(
                f"{n} merge conflict{'s' if n != 1 else ''} to settle: see the Conflicts "
                "panel", 10000)

    def compare_with_file(self, path: str | os.PathLike[str] | None = None) -> bool:
        """File ▸ Compare with File…: list what changed from ``path`` (asked for) to this
        blueprint and mark it on the canvas; a bad file shows why and changes nothing."""
        if path is None:
            start = str(self.document.folder or "")
            path, _ = QFileDialog.getOpenFileName(self, "Compare with a blueprint file", start,
                                                  FILE_FILTER)
            if not path:
                return False
        other = self.files.read(path)
        if other is None:
            return False
        self.compare_panel.compare_with(other, path)
        self._raise_dock("compare")
        return True

    def show_closed(self) -> None:
        """Nothing open: the start page."""
        self.presenter.leave()
        self.set_docks_hidden(False)
        self._show_workspace(False)
        self.statusBar().clearMessage()

    # ------------------------------------------------------------ files (the controller's)

    def _recent_changed(self, files: list[str]) -> None:
        self._rebuild_recent_menu(files)
        if not files:
            self.start_page.set_recent([])

    def _rebuild_recent_menu(self, files: list[str]) -> None:
        self.recent_menu.clear()
        for i, f in enumerate(files):
            act = self.recent_menu.addAction(f"&{(i + 1) % 10} {literal(Path(f).name)}")
            act.setToolTip(f)
            act.triggered.connect(lambda _c=False, f=f: self.files.open_file(f))
        if not files:
            empty = self.recent_menu.addAction("No recent files")
            empty.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction("Clear the List")
            clear.triggered.connect(self.files.clear_recent)

    # What the command line, tests and tools ask of the window: the controller does it.

    def open_file(self, path: str | os.PathLike[str], interactive: bool = True) -> bool:
        """Open ``path``; on a bad file show the problems and keep the current document."""
        return self.files.open_file(path, interactive)

    def close_file(self) -> bool:
        return self.files.close_file()

    def save(self) -> bool:
        return self.files.save()

    def recent_files(self) -> list[str]:
        return self.files.recent_files()

    def check_disk(self) -> bool:
        """Warn (once per change) if the open file changed on disk; True if it did."""
        return self.files.check_disk()

    def offer_recovery(self) -> bool:
        """After a crash: offer the newest autosaved copy. True if one was recovered."""
        return self.files.offer_recovery()

    def recover(self, recovery: Recovery) -> bool:
        return self.files.recover(recovery)

    @property
    def autosaver(self) -> Autosaver:
        return self.files.autosaver

    @property
    def last_error(self) -> str | None:
        """Why the last file asked for did not open."""
        return self.files.last_error

    @property
    def last_dialog(self) -> QMessageBox | None:
        return self.files.last_dialog

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.ActivationChange and self.isActiveWindow():
            self.files.check_disk_soon()

    # ------------------------------------------------------------ editing commands

    def show_change_details(self) -> None:
        """Details… of the note in the status bar: the last change's figures before and
        after, in a window of its own that follows later edits."""
        if self.change_details is None:
            self.change_details = ChangeDetails(self.document, self.explainer, self)
        self.change_details.show_result(self.explainer.latest)
        self.change_details.show()
        self.change_details.raise_()
        self.change_details.activateWindow()

    def delete_selection(self) -> None:
        refusal = self.document.remove_elements(self.document.selection())
        if refusal:
            self.statusBar().showMessage(f"Cannot delete: {refusal}", 6000)

    def add_challenge(self) -> None:
        """Raise a challenge on the selection (or the blueprint as a whole): Ctrl+Shift+M."""
        self._raise_dock("challenges")
        self.challenges_panel.ask_add()

    def add_challenge_on(self, element: str | None) -> None:
        """Raise a challenge on ``element`` (None: the blueprint as a whole), from a
        context menu on the canvas or the matrix."""
        self._raise_dock("challenges")
        self.challenges_panel.ask_add([element] if element is not None else [])

    def select_all(self) -> None:
        bp = self.document.blueprint
        self.document.select([el.id for _, _, el in bp.elements()], source=self)

    def focus_view(self, key: str) -> None:
        """Keyboard focus to a view (Ctrl+1…6), bringing its dock to the front."""
        if key == "canvas":
            self.canvas.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self._raise_dock(key)
        widget = self.docks[key].widget()
        target = {"problems": self.problems_panel.tree, "outline": self.outline_panel.tree,
                  "palette": self.palette_panel.search}.get(key, widget)
        if key == "inspector":
            editors = self.inspector_panel.editors
            target = next(iter(editors.values())).focus_widget() if editors else widget
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------ workshop: trace, walk-throughs

    def show_trace(self, area: str | None = None, function: str | None = None) -> None:
        """Who serves ``area`` (default: the area selected, else the one shown), for one
        function if given; brings the Trace dock to the front."""
        if area is None:
            chosen = [i for i in self.document.selection()
                      if self.document.kind_of(i) == "area"]
            area = chosen[0] if chosen else None
        self._raise_dock("trace")
        if area is not None:
            self.trace_panel.show_trace(area, function)
        else:
            self.trace_panel.refresh()
        self.trace_panel.area.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_economic_case(self) -> None:
        """View ▸ Economic Case (Ctrl+Shift+E): the options appraised, in front, with room
        for their table — a docked panel at least half the window's height and most of
        its width (the canvas gives way; Reset Window Layout puts it back)."""
        dock = self.docks["economic"]
        self._raise_dock("economic")
        if not dock.isFloating() and self.dockWidgetArea(dock) in (
                Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea):
            height = self.centralWidget().height() + dock.height()
            if dock.height() < height // 2:
                self.resizeDocks([dock], [height // 2], Qt.Orientation.Vertical)
            beside = [d for d in self.docks.values() if d is not dock and not d.isHidden()
                      and not d.isFloating() and self.dockWidgetArea(d) ==
                      self.dockWidgetArea(dock) and d.geometry().top() == dock.geometry().top()
                      and not self.tabifiedDockWidgets(dock).count(d)]
            if beside:
                width = dock.width() + sum(d.width() for d in beside)
                self.resizeDocks([dock, *beside], [width * 2 // 3] + [width // 3 // len(beside)]
                                 * len(beside), Qt.Orientation.Horizontal)
        self.economic_panel.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_walkthroughs(self) -> None:
        self._raise_dock("walkthroughs")
        self.walkthroughs_panel.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def highlight(self, ids: tuple[str, ...]) -> None:
        """Highlight a path on the canvas (the rest dimmed) and bring it into view."""
        self.canvas.flush()
        shown = self.canvas.diagram.highlight_path(ids)
        self.act_clear_highlight.setEnabled(bool(shown) or self._is_playing())
        if shown:
            self.canvas.show_path(self.canvas.diagram.highlight.rect(),
                                  self.canvas.diagram.highlight.rect(shown[:3]))

    def clear_highlight(self) -> None:
        self.canvas.diagram.clear_highlight()
        self.act_clear_highlight.setEnabled(self._is_playing())

    def escape_highlight(self) -> None:
        """Esc: stop playing, and take the highlight away."""
        self.walkthroughs_panel.stop()
        self.clear_highlight()

    def _is_playing(self) -> bool:
        return self.walkthroughs_panel.playing is not None

    def _playing(self, playing: bool) -> None:
        for act in (self.act_next_step, self.act_previous_step):
            act.setEnabled(playing)
        self.act_clear_highlight.setEnabled(playing or self.canvas.diagram.highlight.active)

    def show_find(self) -> None:
        self._raise_dock("find")
        self.find_panel.focus()

    def recheck(self) -> None:
        self.document.reset_checker()
        self.statusBar().showMessage("Checked the whole blueprint against the rules", 3000)

    def save_problems_report(self) -> None:
        start = str((self.document.path or Path.home() / "blueprint").with_suffix(".txt"))
        path, _ = QFileDialog.getSaveFileName(self, "Save the problems report", start,
                                              "Text (*.txt)")
        if path:
            try:
                io.atomic_write(path, problems_report(self.document).encode("utf-8"))
            except OSError as exc:
                QMessageBox.critical(self, APP_TITLE,
                                     f"Could not save {path}: {exc.strerror or exc}")

    # ------------------------------------------------------------ canvas pass-through

    def zoom_in(self) -> None:
        self.canvas.zoom_in()

    def zoom_out(self) -> None:
        self.canvas.zoom_out()

    def zoom_to_fit(self) -> None:
        self.canvas.zoom_to_fit()

    def zoom_to_selection(self) -> None:
        self.canvas.zoom_to_selection()

    def auto_layout(self) -> None:
        placed = sum(1 for _l, _i, e in self.document.blueprint.elements()
                     if e.position is not None)
        with busy(self, f"Laying out {placed:,} elements…", placed > SLOW_LAYOUT_ELEMENTS,
                  APP_TITLE):
            self.canvas.auto_layout()

    # ------------------------------------------------------------ theme, about, close

    def export(self) -> None:
        """File → Export: the workbook, CSV tables, board report or diagram."""
        ExportDialog(self.document, self).exec()

    def import_spreadsheet(self, path: str | os.PathLike[str] | None = None) -> None:
        """File ▸ Import ▸ Spreadsheet…: choose a filled-in baseline sheet, see what it
        changes, then import it as one undoable step."""
        if path is None:
            self.importer.choose(model=False)
        else:
            self.importer.import_file(path, model=False)

    def import_model(self, path: str | os.PathLike[str] | None = None) -> None:
        """File ▸ Import ▸ ArchiMate Model…: choose an exchange file, see what maps and what
        does not, then open it as a new blueprint or bring it into this one (one step)."""
        if path is None:
            self.importer.choose(model=True)
        else:
            self.importer.import_file(path, model=True)

    @property
    def last_import(self) -> ImportPreview | None:
        """The last import preview shown (for tests and screenshots)."""
        return self.importer.last_preview

    def set_theme(self, mode: str) -> None:
        self.settings.setValue("theme", mode)
        apply_theme(QApplication.instance(), mode)
        self.retint_icons()

    def retint_icons(self) -> None:
        """Icons in the palette's text colour again (after a theme change)."""
        for action in self.findChildren(QAction):
            name = action.property("iconName")
            if name:
                action.setIcon(icon(str(name)))
        self.act_undo.setIcon(icon("undo"))
        self.act_redo.setIcon(icon("redo"))

    def about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_TITLE}",
            f"<h3>{APP_TITLE}</h3><p>Version {__version__}</p>"
            "<p>Design, check and cost the target operating model of a police strategic "
            "alliance: forces, functions and how each is delivered (local, shared or joint), "
            "governance, and the business case.</p>"
            "<p>Function catalogue: CIPFA Police Objective Analysis. Icons: Material Design "
            "Icons (Apache 2.0) via QtAwesome.</p>")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._discard_on_close and not self.files.ask_save_changes("closing"):
            event.ignore()
            return
        self.save_layout()
        self.files.autosaver.discard()
        self._discard_on_close = True  # closed once: never ask again (e.g. on teardown)
        event.accept()

    def close_without_prompt(self) -> None:
        """Close discarding changes (offscreen runs and tests)."""
        self._discard_on_close = True
        self.close()

