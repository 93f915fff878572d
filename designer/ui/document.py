"""The open document: owns the blueprint value and its undo stack, tells views what changed.

Views never change the blueprint themselves. They build a new blueprint with
:mod:`designer.core.edits` and hand it to :meth:`Document.edit` (or use the
helpers here), which pushes one undoable command. After every change the
document emits ``changed`` with the ids it touched, re-checks the rules for
those ids and emits ``problemsChanged``.

Signals
    changed(frozenset[str] | None)   ids touched by an edit/undo/redo; None = everything
    selectionChanged(tuple)          the selected ids (``selection_source`` says who set it)
    problemsChanged(list)            rules results after each change
    centreRequested(tuple)           please show these ids (canvas centres on them)
    pathChanged(object)              the file path (Path or None) changed
    checkingChanged(bool)            a full rules check of a large blueprint started / ended
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from designer.core import edits, io
from designer.core.rules import Checker, Result
from designer.core.schema import Blueprint, Element, Link
from designer.ui.background import run_in_background, wait_until
from designer.ui.commands import BlueprintCommand

BACKGROUND_CHECK_SIZE = 20_000
"""Blueprints with more elements than this are fully checked on a worker thread."""


def _size(bp: Blueprint) -> int:
    return (len(bp.forces) + len(bp.areas) + len(bp.bodies) + len(bp.functions)
            + len(bp.teams) + len(bp.links))


class Document(QObject):
    """One blueprint being edited, with undo/redo, selection and live problems."""

    changed = Signal(object)
    selectionChanged = Signal(tuple)
    problemsChanged = Signal(list)
    centreRequested = Signal(tuple)
    pathChanged = Signal(object)
    checkingChanged = Signal(bool)
    _checkDone = Signal(int, object)  # from the full-check worker thread (queued)

    def __init__(self, blueprint: Blueprint, path: str | os.PathLike[str] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._bp = blueprint
        self._path = Path(path) if path else None
        self._disk_stamp = self._stamp_of(self._path)
        self._selection: tuple[str, ...] = ()
        self.selection_source: object = None
        self._broadcasting = False
        self._merge_closed = False
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        self._checker: Checker | None = None
        self._generation = 0
        self.checking = False
        self._checkDone.connect(self._full_check_done)
        # The worker starts once the event loop is back: the window that shows the new
        # blueprint is drawn first, not slowed by a thread sharing the interpreter.
        self._check_timer = QTimer(self, singleShot=True, interval=0)
        self._check_timer.timeout.connect(self._launch_full_check)
        self._problems: list[Result] = []
        self._recheck(None)

    def __del__(self) -> None:
        """Drop the undo commands while they are all still whole.

        A document that dies in a reference cycle is freed by the garbage collector,
        which may free a command's Python side before the stack deleting it (a crash
        inside ``QUndoStack::clear``). Finalizers run before the collector breaks any
        link, so the stack empties itself here first, without telling anyone.
        """
        stack = self.__dict__.get("undo_stack")
        if stack is not None and shiboken6.isValid(stack):
            stack.blockSignals(True)
            stack.clear()

    # ------------------------------------------------------------ state

    @property
    def blueprint(self) -> Blueprint:
        return self._bp

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def problems(self) -> list[Result]:
        """The latest rules results (empty until the rules engine is available)."""
        return self._problems

    @property
    def folder(self) -> Path | None:
        """Where the blueprint's own rule packs (``alliance.rule_packs`` paths) are read."""
        return self._path.parent if self._path else None

    @property
    def display_name(self) -> str:
        return self._path.name if self._path else "Untitled"

    def element(self, element_id: str) -> Element | None:
        """The element with this id, or None."""
        try:
            return edits.find(self._bp, element_id)[2]
        except edits.EditError:
            return None

    def kind_of(self, element_id: str) -> str | None:
        return edits.kind_of(self._bp, element_id)

    # ------------------------------------------------------------ editing

    def edit(self, text: str, new_bp: Blueprint, touched: frozenset[str] | None,
             merge_key: str | None = None) -> None:
        """Make ``new_bp`` the blueprint as one undoable step called ``text``."""
        if new_bp is self._bp:
            return
        command = BlueprintCommand(self, text, self._bp, new_bp, touched, merge_key)
        self.undo_stack.push(command)
        self._merge_closed = False

    def try_edit(self, text: str, make: Any, *args: Any, touched: frozenset[str] | None = None,
                 merge_key: str | None = None, **kwargs: Any) -> str | None:
        """Run ``make(bp, *args, **kwargs)`` and push the result; return the refusal or None.

        ``touched`` defaults to the ids that actually changed.
        """
        try:
            new_bp = make(self._bp, *args, **kwargs)
        except edits.EditError as exc:
            return str(exc)
        if touched is None:
            touched = edits.changed_ids(self._bp, new_bp)
        self.edit(text, new_bp, touched, merge_key)
        return None

    def close_merge(self) -> None:
        """End a run of merging edits (a drag finished, a field lost focus)."""
        self._merge_closed = True

    def move_elements(self, positions: Mapping[str, tuple[float, float]]) -> None:
        """Move nodes as one undoable step; repeated moves of the same nodes merge."""
        new_bp = edits.set_positions(self._bp, positions)
        ids = frozenset(positions)
        n = len(ids)
        text = f"Move {self._name(next(iter(ids)))}" if n == 1 else f"Move {n} elements"
        self.edit(text, new_bp, ids, merge_key="move:" + ",".join(sorted(ids)))

    def add_link(self, kind: str, source: str, target: str) -> str | None:
        """Add a link; returns the plain-words reason it is refused, or None when added."""
        reason = edits.link_refusal(self._bp, kind, source, target)
        if reason:
            return reason
        new_bp = edits.add_link(self._bp, Link(kind=kind, source=source, target=target))
        self.edit(f"Add {kind} link", new_bp, frozenset({source, target}))
        return None

    def add_from_palette(self, payload: str, *, force: str | None = None,
                         function: str | None = None,
                         position: tuple[float, float] | None = None) -> str | None:
        """Add what a palette entry makes (see ``edits.palette_element``) and select it.

        Returns the refusal reason, or None when added.
        """
        try:
            list_name, element = edits.palette_element(
                self._bp, payload, force=force, function=function, position=position)
            new_bp = edits.add_element(self._bp, list_name, element)
        except edits.EditError as exc:
            return str(exc)
        self.edit(f"Add {element.name}", new_bp, frozenset({element.id}))
        self.select((element.id,), source=self)
        return None

    def remove_elements(self, ids: Iterable[str]) -> str | None:
        ids = tuple(ids)
        if not ids:
            return None
        text = f"Delete {self._name(ids[0])}" if len(ids) == 1 else f"Delete {len(ids)} elements"
        return self.try_edit(text, edits.remove_elements, ids)

    def _name(self, element_id: str) -> str:
        el = self.element(element_id)
        return el.name if el else element_id

    def _apply(self, bp: Blueprint, touched: frozenset[str] | None) -> None:
        """Called by commands: switch to ``bp`` and tell everyone."""
        old, self._bp = self._bp, bp
        self.changed.emit(touched)
        if self._selection:  # drop selected elements that no longer exist
            kept = tuple(i for i in self._selection
                         if edits.kind_of(bp, i) is not None or edits.kind_of(old, i) is None)
            if kept != self._selection:
                self.select(kept, source=self)
        self._recheck(touched)

    # ------------------------------------------------------------ problems

    def _recheck(self, touched: frozenset[str] | None) -> None:
        """Bring the problems up to date: incrementally after an edit, in full after a reset.

        A full check of a large blueprint runs on a worker thread (the checker is
        Qt-free and the blueprint immutable), so the window is usable while it
        runs; edits made meanwhile are caught up when it finishes.
        """
        if self._checker is None or touched is None:
            self._checker = None
            self._generation += 1
            if _size(self._bp) < BACKGROUND_CHECK_SIZE:
                self._checker = Checker(self._bp, base_dir=self.folder)
                self._problems = list(self._checker.results)
                if self.checking:  # a big blueprint's check was still on its way: not needed
                    self._check_timer.stop()
                    self.checking = False
                    self.checkingChanged.emit(False)
            else:
                self._start_full_check()
                return
        elif self._checker is not None:
            self._problems = list(self._checker.update(self._bp, touched))
        else:
            return  # a full check is running; it catches up with this edit when done
        self.problemsChanged.emit(self._problems)

    def _start_full_check(self) -> None:
        was_checking, self.checking = self.checking, True
        self._check_timer.start()
        if not was_checking:
            self.checkingChanged.emit(True)

    def _launch_full_check(self) -> None:
        bp, generation = self._bp, self._generation  # edits made meanwhile: caught up after
        folder = self.folder

        def work() -> None:
            try:
                result: Checker | Exception = Checker(bp, base_dir=folder)
            except Exception as exc:  # reported on the main thread, never lost silently
                result = exc
            with contextlib.suppress(RuntimeError):  # the document was closed meanwhile
                self._checkDone.emit(generation, result)

        run_in_background(work)

    def _full_check_done(self, generation: int, checker: Checker | Exception) -> None:
        if generation != self._generation:
            return  # the document was replaced again meanwhile
        self.checking = False
        self.checkingChanged.emit(False)
        if isinstance(checker, Exception):
            raise checker
        self._checker = checker
        results = checker.results if checker.view.bp is self._bp else checker.update(self._bp)
        self._problems = list(results)
        self.problemsChanged.emit(self._problems)

    def wait_for_problems(self, timeout_s: float = 60.0) -> bool:
        """Process events until a running full check has finished (tests, offscreen runs)."""
        return wait_until(lambda: not self.checking, timeout_s)

    def reset_checker(self) -> None:
        """Check the whole blueprint again from scratch."""
        self._checker = None
        self._recheck(None)

    # ------------------------------------------------------------ selection

    def select(self, ids: Iterable[str], source: object = None) -> None:
        """Select elements (by id); ``source`` is the view asking, so it can ignore the echo."""
        ids = tuple(dict.fromkeys(ids))
        if ids == self._selection or self._broadcasting:
            return  # views echoing the selection while it is announced are ignored
        self._selection = ids
        self.selection_source = source
        self._broadcasting = True
        try:
            self.selectionChanged.emit(ids)
        finally:
            self._broadcasting = False

    def selection(self) -> tuple[str, ...]:
        return self._selection

    def centre_on(self, ids: Iterable[str]) -> None:
        """Ask views to bring these elements into sight."""
        self.centreRequested.emit(tuple(ids))

    # ------------------------------------------------------------ files

    def reset(self, bp: Blueprint, path: str | os.PathLike[str] | None) -> None:
        """Replace the whole document (after Open or New): clears undo and selection."""
        self.undo_stack.clear()
        self._bp = bp
        self._path = Path(path) if path else None
        self._disk_stamp = self._stamp_of(self._path)
        self._checker = None
        self.select((), source=self)
        self.pathChanged.emit(self._path)
        self.changed.emit(None)
        self._recheck(None)

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Save atomically (to ``path`` or the current file). Raises ``io.SaveError``."""
        target = Path(path) if path else self._path
        if target is None:
            raise io.SaveError("the document has no file yet; choose where to save it")
        io.save(self._bp, target)
        renamed, folder = target != self._path, self.folder
        self._path = target
        self._disk_stamp = self._stamp_of(target)
        self.undo_stack.setClean()
        if renamed:
            self.pathChanged.emit(target)
            if target.parent != folder:
                self.reset_checker()  # rule packs named by path are read from the new folder
        return target

    def changed_on_disk(self) -> bool:
        """Whether the file was changed by someone else since we opened or saved it."""
        if self._path is None:
            return False
        return self._stamp_of(self._path) != self._disk_stamp

    def acknowledge_disk_change(self) -> None:
        """Stop warning about the current on-disk version."""
        self._disk_stamp = self._stamp_of(self._path)

    @staticmethod
    def _stamp_of(path: Path | None) -> tuple[int, int] | None:
        if path is None:
            return None
        with contextlib.suppress(OSError):
            st = path.stat()
            return (st.st_mtime_ns, st.st_size)
        return None
