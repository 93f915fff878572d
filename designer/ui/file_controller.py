"""The file lifecycle of the window's one document: new, open, save, reload, close,
recent files, autosave recovery and the watch on the file on disk.

    files = FileController(document, settings, notice, parent=window)
    files.open_file("alliance.json", interactive=False)   # False on a bad file: nothing lost

It owns file safety: it asks before unsaved changes are lost, saves atomically
through the core, explains a file that cannot be opened in a dialog with located
messages (leaving the open document untouched), offers autosaved changes back after a
crash, and flags a change made to the file by another program. The window it works
for (its parent, see :class:`FileHost`) shows the result: the workspace or the start
page, the title, the status bar.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, Protocol, cast

from PySide6.QtCore import QFileSystemWatcher, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from designer.core import gc_pause, io
from designer.core.schema import Blueprint
from designer.ui.autosave import Autosaver, Recovery, pending_recoveries
from designer.ui.document import Document
from designer.ui.style import as_html
from designer.ui.widgets import busy

APP_TITLE = "Alliance Blueprint Designer"
FILE_FILTER = "Alliance blueprints (*.json);;All files (*)"
MAX_RECENT = 10
SLOW_FILE_BYTES = 1_000_000
"""Files larger than this show a progress indicator while they load."""
DISK_CHECK_MS = 300
"""Saves by other programs come as several events: look at the file once they settle."""


def empty_blueprint() -> Blueprint:
    """What a new window holds before anything is opened: a two-force starter."""
    from designer.core.starter import starter_blueprint

    return starter_blueprint(["Force A", "Force B"], name="New alliance")


class FileHost(Protocol):
    """What the controller needs of the window it works for (its parent widget)."""

    has_blueprint: bool
    """A blueprint is open (the workspace shows), not the start page."""

    def show_opened(self) -> None:
        """Show the blueprint just put into the document (workspace, first view)."""

    def show_closed(self) -> None:
        """Show the start page: nothing is open."""


class NoticeHost(Protocol):
    def show_notice(self, text: str, *choices: tuple[str, Any]) -> None: ...
    def hide(self) -> None: ...


class FileController(QObject):
    """Opens, saves and watches the file behind one :class:`Document`."""

    opened = Signal(object)
    """A file was opened (its path)."""
    saved = Signal(object)
    """The document was saved (to this path)."""
    message = Signal(str, int)
    """Something for the status bar, and for how many milliseconds."""
    recentChanged = Signal(list)
    """The recent files list changed (the paths, newest first)."""

    def __init__(self, document: Document, settings: QSettings, notice: NoticeHost,
                 parent: QWidget, autosave_interval_ms: int | None = None):
        super().__init__(parent)
        self.document = document
        self.settings = settings
        self.notice = notice
        self.last_error: str | None = None
        """Why the last file asked for did not open (for the command line)."""
        self.last_dialog: QMessageBox | None = None
        """The last 'could not be opened' dialog shown."""
        self.autosaver = Autosaver(document, autosave_interval_ms or 30_000, self)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self._disk_check = QTimer(self, singleShot=True, interval=DISK_CHECK_MS)
        self._disk_check.timeout.connect(self.check_disk)
        document.pathChanged.connect(self._watch)
        self._watch(document.path)

    def _window(self) -> QWidget:
        """The window: parent of dialogs (no Python back-reference, so no cycle)."""
        return cast(QWidget, self.parent())

    def _host(self) -> FileHost:
        return cast(FileHost, self.parent())

    # ------------------------------------------------------------ new, open, close

    def new_file(self) -> bool:
        """A starter blueprint for the forces the user names (asked for)."""
        if not self.ask_save_changes("starting a new blueprint"):
            return False
        text, ok = QInputDialog.getMultiLineText(
            self._window(), "New blueprint", "Partner forces, one per line (at least two):",
            "Avon and Somerset\nWiltshire")
        if not ok:
            return False
        from designer.core.starter import starter_blueprint

        try:
            bp = starter_blueprint(text.splitlines())
        except ValueError as exc:
            QMessageBox.warning(self._window(), APP_TITLE, f"Cannot create the blueprint: {exc}.")
            return False
        self.set_blueprint(bp, None)
        self.document.undo_stack.resetClean()
        return True

    def open_dialog(self) -> bool:
        start = str(self.document.path.parent) if self.document.path else ""
        path, _ = QFileDialog.getOpenFileName(self._window(), "Open a blueprint", start,
                                              FILE_FILTER)
        return bool(path) and self.open_file(path)

    def open_file(self, path: str | os.PathLike[str], interactive: bool = True) -> bool:
        """Open ``path``; on a bad file show the problems and keep the current document."""
        if interactive and not self.ask_save_changes("opening another blueprint"):
            return False
        path = Path(path)
        # one pause for reading and drawing: resuming in between would first walk every
        # object just read (a third of a second at 75,000 elements)
        try:
            slow = path.stat().st_size >= SLOW_FILE_BYTES
        except OSError:
            slow = False
        with busy(self._window(), f"Reading {path.name}…", slow, APP_TITLE) as step, \
                gc_pause.gc_paused():
            try:
                bp = io.load(path)
            except io.BlueprintFileError as exc:
                unreadable = unreadable_reason(path)
                self.last_error = (f"{path} could not be opened: {unreadable}" if unreadable
                                   else exc.describe())
                failed = exc
            else:
                failed = None
                step("Drawing the blueprint…")
                self.set_blueprint(bp, path)
        if failed is not None:
            self._bad_file_dialog(failed)
            return False
        self.add_recent(path)
        self.message.emit(f"Opened {path}", 4000)
        self.opened.emit(path)
        return True

    def read(self, path: str | os.PathLike[str]) -> Blueprint | None:
        """A blueprint file read without opening it (to compare with); on a bad file the
        same dialog as Open shows why, and None."""
        try:
            return io.load(path)
        except io.BlueprintFileError as exc:
            unreadable = unreadable_reason(Path(path))
            self.last_error = (f"{path} could not be read: {unreadable}" if unreadable
                               else exc.describe())
            self._bad_file_dialog(exc)
            return None

    def set_blueprint(self, bp: Blueprint, path: Path | None, dirty: bool = False) -> None:
        """Put ``bp`` (from ``path``) into the document and show it; ``dirty``: it still
        needs saving (a recovered copy)."""
        gc_pause.unsettle()  # the old document's objects may be collected again
        self._unwatch()
        self.autosaver.discard()
        self.notice.hide()
        with gc_pause.gc_paused():  # building views of 75,000 elements: seconds of full GCs
            self.document.reset(bp, path)
            if dirty:  # a recovered copy: mark it as needing a save
                self.document.undo_stack.resetClean()
            self._host().show_opened()
            # The new document lives as long as it is open: spare it full GCs. Frozen
            # before the collector resumes, which would otherwise walk it all once first.
            gc_pause.settle()

    def reload(self) -> None:
        """Read the file again (after asking, if that drops unsaved changes)."""
        path = self.document.path
        if path is None:
            return
        if self.document.is_dirty and QMessageBox.question(
                self._window(), APP_TITLE, "Reload from disk and lose your unsaved changes?") \
                != QMessageBox.StandardButton.Yes:
            return
        self.open_file(path, interactive=False)

    def close_file(self) -> bool:
        """Back to the start page (after asking about unsaved changes)."""
        if not self.ask_save_changes("closing it"):
            return False
        self.autosaver.discard()
        self.document.reset(empty_blueprint(), None)
        self._host().show_closed()
        return True

    def ask_save_changes(self, doing: str) -> bool:
        """Ask what to do with unsaved changes before ``doing``; False means cancel."""
        if not self._host().has_blueprint or not self.document.is_dirty:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE,
                          f"Save the changes to {self.document.display_name} before "
                          f"{doing}?", parent=self._window())
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(QMessageBox.StandardButton.Save
                               | QMessageBox.StandardButton.Discard
                               | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _bad_file_dialog(self, exc: io.BlueprintFileError) -> None:
        """Why a file did not open: a file that cannot be read at all (missing, a folder, no
        permission) says just that; only a file that was read is called not a valid blueprint."""
        path = Path(exc.file)
        unreadable = unreadable_reason(path)
        if unreadable:
            box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE,
                              f"{path.name} could not be opened: {unreadable}.",
                              parent=self._window())
            box.setInformativeText(f"<p>{as_html(str(path))}</p><p>{UNREADABLE_HINTS[unreadable]}"
                                   "</p><p>The blueprint you had open is unchanged.</p>")
            box.setObjectName("badFileDialog")
            self.last_dialog = box
            box.open()
            return
        box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE,
                          f"{path.name} could not be opened.", parent=self._window())
        shown = exc.problems[:6]
        lines = "".join(f"<li>{as_html(str(p))}</li>" for p in shown)
        more = (f"<p>… and {len(exc.problems) - len(shown)} more (see Details).</p>"
                if len(exc.problems) > len(shown) else "")
        box.setInformativeText(f"<p>It is not a valid blueprint:</p><ul>{lines}</ul>{more}"
                               "<p>The blueprint you had open is unchanged.</p>")
        box.setDetailedText(exc.describe(limit=500))
        box.setObjectName("badFileDialog")
        self.last_dialog = box
        box.open()

    # ------------------------------------------------------------ save

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        start = str(self.document.path or Path.home() / "blueprint.json")
        path, _ = QFileDialog.getSaveFileName(self._window(), "Save the blueprint as", start,
                                              FILE_FILTER)
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Save atomically to ``path`` (asking first if another program changed it)."""
        if (path == self.document.path and self.document.changed_on_disk()
                and not self._confirm_overwrite()):
            return False
        try:
            saved = self.document.save(path)
        except io.SaveError as exc:
            QMessageBox.critical(self._window(), APP_TITLE, str(exc))
            return False
        self.add_recent(saved)
        self.message.emit(f"Saved {saved}", 4000)
        self.saved.emit(saved)
        return True

    def _confirm_overwrite(self) -> bool:
        answer = QMessageBox.warning(
            self._window(), APP_TITLE,
            f"{self.document.display_name} was changed by another program since you opened "
            "it. Overwrite those changes with yours?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Save

    # ------------------------------------------------------------ recent files

    def recent_files(self) -> list[str]:
        """The files opened or saved lately that still exist, newest first."""
        value = self.settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v and Path(str(v)).exists()]

    def add_recent(self, path: Path) -> None:
        files = [str(path.resolve())] + [f for f in self.recent_files()
                                         if f != str(path.resolve())]
        self.settings.setValue("recentFiles", files[:MAX_RECENT])
        self.recentChanged.emit(self.recent_files())

    def clear_recent(self) -> None:
        self.settings.setValue("recentFiles", [])
        self.recentChanged.emit([])

    # ------------------------------------------------------------ the file on disk

    def _unwatch(self) -> None:
        with contextlib.suppress(RuntimeError):
            if self.watcher.files():
                self.watcher.removePaths(self.watcher.files())

    def _watch(self, path: Path | None) -> None:
        """Watch the document's file (only it) for changes by other programs."""
        self._unwatch()
        if path is not None and path.exists():
            self.watcher.addPath(str(path))

    def _file_changed(self, _path: str) -> None:
        self._disk_check.start()  # saves by other programs come as several events

    def check_disk_soon(self) -> None:
        """Look at the file shortly (the window was activated: the user may have been
        editing it elsewhere)."""
        self._disk_check.start()

    def check_disk(self) -> bool:
        """Warn (once per change) if the open file changed on disk; True if it did."""
        path = self.document.path
        if path is not None and path.exists() and str(path) not in self.watcher.files():
            self.watcher.addPath(str(path))  # an atomic replace drops the watch
        if not self._host().has_blueprint or not self.document.changed_on_disk():
            return False
        self.document.acknowledge_disk_change()
        self.notice.show_notice(
            f"{self.document.display_name} was changed on disk by another program."
            + (" You have unsaved changes here." if self.document.is_dirty else ""),
            ("Reload", lambda: self.open_file(path, interactive=False)),
            ("Keep mine", lambda: None))
        return True

    # ------------------------------------------------------------ recovery

    def offer_recovery(self) -> bool:
        """After a crash: offer the newest autosaved copy. True if one was recovered."""
        recoveries = pending_recoveries()
        if not recoveries:
            return False
        newest = recoveries[0]
        from datetime import datetime

        when = datetime.fromtimestamp(newest.saved_at).strftime("%d %b %Y at %H:%M")
        name = newest.original.name if newest.original else "an unsaved blueprint"
        answer = QMessageBox.question(
            self._window(), APP_TITLE,
            f"The designer did not close properly last time. Recover the unsaved changes to "
            f"{name} autosaved on {when}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            return self.recover(newest)
        for r in recoveries:
            r.discard()
        return False

    def recover(self, recovery: Recovery) -> bool:
        try:
            bp = recovery.load()
        except io.BlueprintFileError as exc:
            self._bad_file_dialog(exc)
            return False
        self.set_blueprint(bp, recovery.original, dirty=True)
        recovery.discard()
        self.autosaver.save_now()
        self.message.emit("Recovered the autosaved changes; save to keep them", 8000)
        return True


MISSING = "the file does not exist"
FOLDER = "it is a folder, not a file"
NO_PERMISSION = "you do not have permission to read it"
UNREADABLE_HINTS = {
    MISSING: "It may have been moved, renamed or deleted, or be on a drive that is not "
             "connected. Check the folder and open it again.",
    FOLDER: "Choose a blueprint file (.json) inside the folder.",
    NO_PERMISSION: "Ask the file's owner or your IT support for read access, or open a copy.",
}


def unreadable_reason(path: Path) -> str | None:
    """Why ``path`` cannot be read at all (so it is not a matter of its content), or None."""
    try:
        if not path.exists():
            return MISSING
        if path.is_dir():
            return FOLDER
    except PermissionError:  # a folder on the way is closed to us
        return NO_PERMISSION
    if not os.access(path, os.R_OK):
        return NO_PERMISSION
    return None
