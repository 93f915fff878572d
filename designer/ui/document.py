"""The open document: owns the blueprint value and its undo stack, tells views what changed.

Views never change the blueprint themselves. They build a new blueprint with
:mod:`designer.core.edits` and hand it to :meth:`Document.edit` (or use the
helpers here), which pushes one undoable command. After every change the
document emits ``changed`` with the ids it touched, re-checks the rules for
those ids and emits ``problemsChanged``.

Options: the document holds the whole file (:attr:`Document.file_blueprint`: the base
and its options) and shows either the base or one option applied
(:attr:`Document.blueprint`, computed once per file state and option by
:func:`designer.core.options.apply_option`). Every view reads ``blueprint`` and edits
through the document as before; while an option is shown an edit is recorded into
that option's changes (:func:`designer.core.options.record_view_edit`), so the base
stays as it was, and an edit no option can hold is refused (``refused``). An undo step
remembers the option it was made in and shows it again when undone or redone.

Signals
    changed(frozenset[str] | None)   ids touched by an edit/undo/redo; None = everything
    selectionChanged(tuple)          the selected ids (``selection_source`` says who set it)
    problemsChanged(list)            rules results after each change
    centreRequested(tuple)           please show these ids (canvas centres on them)
    pathChanged(object)              the file path (Path or None) changed
    checkingChanged(bool)            a full rules check of a large blueprint started / ended
    optionChanged(str | None)        the option shown (None: the base); before ``changed``
    refused(str)                     an edit was refused (why, in words)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import shiboken6
from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from designer.core import edits, io
from designer.core import options as O
from designer.core.appraisal import unapplied_results
from designer.core.rules import Checker, Result
from designer.core.schema import Blueprint, Element, Link, error_message
from designer.ui.background import run_in_background, wait_until
from designer.ui.commands import BlueprintCommand

_KEEP = object()
"""An option argument meaning "whichever option is shown now"."""
CACHED_VIEWS = 8
"""Shown blueprints kept (file state, option) → result: undo, redo and switching back
find theirs again."""
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
    optionChanged = Signal(object)
    refused = Signal(str)
    _checkDone = Signal(int, object)  # from the full-check worker thread (queued)

    def __init__(self, blueprint: Blueprint, path: str | os.PathLike[str] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._file = blueprint
        self._option: str | None = None
        self._views: dict[tuple[int, str], tuple[Blueprint, Blueprint]] = {}
        self._marks: tuple[Blueprint, str, dict[str, str], dict[str, str]] | None = None
        self._unapplied: tuple[Blueprint, list[Result]] | None = None
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
        """What is shown: the base, or the option shown applied to it."""
        if self._option is None:
            return self._file
        return self._view(self._file, self._option)

    @property
    def file_blueprint(self) -> Blueprint:
        """The whole file as saved: the base and its options."""
        return self._file

    @property
    def option(self) -> str | None:
        """The id of the option shown; None: the base."""
        return self._option

    @property
    def option_name(self) -> str | None:
        """The name of the option shown (None: the base)."""
        if self._option is None:
            return None
        return O.find_option(self._file, self._option)[1].name

    def _view(self, file: Blueprint, option_id: str) -> Blueprint:
        """``option_id`` applied to ``file`` (once per file state; raises OptionError)."""
        key = (id(file), option_id)
        hit = self._views.get(key)
        if hit is not None and hit[0] is file:
            return hit[1]
        shown = O.apply_option(file, option_id)
        if len(self._views) >= CACHED_VIEWS:
            self._views.pop(next(iter(self._views)))
        self._views[key] = (file, shown)
        return shown

    def _applies(self, file: Blueprint, option_id: str) -> bool:
        try:
            self._view(file, option_id)
        except O.OptionError:
            return False
        return True

    @property
    def marks(self) -> dict[str, str]:
        """Element id → how the option shown touches it ("changed", "added", "removed");
        empty for the base."""
        return self._option_marks()[0]

    @property
    def mark_tips(self) -> dict[str, str]:
        """Element id → the words a marked element's tooltip adds."""
        return self._option_marks()[1]

    def _option_marks(self) -> tuple[dict[str, str], dict[str, str]]:
        if self._option is None:
            return {}, {}
        cached = self._marks
        if cached is None or cached[0] is not self._file or cached[1] != self._option:
            cached = (self._file, self._option, O.marks(self._file, self._option),
                      O.mark_tips(self._file, self._option))
            self._marks = cached
        return cached[2], cached[3]

    def set_option(self, option_id: str | None) -> str | None:
        """Show ``option_id`` (None: the base). Returns why it cannot be shown (an unknown
        id, an option that cannot be applied: see Problems), or None when shown."""
        if option_id == self._option:
            return None
        if option_id is not None:
            try:
                self._view(self._file, option_id)
            except O.OptionError as exc:
                return str(exc)
        old = self.blueprint
        self._option = option_id
        self._show(old, frozenset(), switched=True)  # the ids that differ between the two
        return None

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
            return edits.find(self.blueprint, element_id)[2]
        except edits.EditError:
            return None

    def kind_of(self, element_id: str) -> str | None:
        return edits.kind_of(self.blueprint, element_id)

    # ------------------------------------------------------------ editing

    def edit(self, text: str, new_bp: Blueprint, touched: frozenset[str] | None,
             merge_key: str | None = None) -> str | None:
        """Make ``new_bp`` the blueprint shown, as one undoable step called ``text``.

        With an option shown the edit goes into that option (the base stays as it was);
        an edit no option can hold is refused: the reason is returned and ``refused``
        emitted (views are told to show the document as it is). None when made.
        """
        shown = self.blueprint
        if new_bp is shown:
            return None
        if self._option is None:
            after = new_bp
        else:
            try:
                after = O.record_view_edit(self._file, self._option, new_bp)
            except O.OptionError as exc:
                reason = (f"the option “{self.option_name}” cannot hold this change "
                          f"({exc.problems[0].message if exc.problems else exc}); "
                          "show the base to make it there")
                self.refused.emit(reason)
                self.changed.emit(touched)  # views that showed the edit show the document
                return reason
            text = f"{text} (option “{self.option_name}”)"
        command = BlueprintCommand(self, text, self._file, after, touched, merge_key,
                                   self._option, self._option)
        self.undo_stack.push(command)
        self._merge_closed = False
        return None

    def edit_file(self, text: str, new_file: Blueprint, option: Any = _KEEP,
                  touched: frozenset[str] | None = frozenset()) -> None:
        """Make ``new_file`` the whole file (options managed: new, renamed, deleted …; a
        merge conflict settled: the base's own fields) as one undoable step, then show
        ``option`` (default: the option shown now, or the base if it is gone).
        ``touched``: the base's elements it changes."""
        if new_file is self._file:
            return
        after = self._option if option is _KEEP else option
        command = BlueprintCommand(self, text, self._file, new_file, touched, None,
                                   self._option, after)
        self.undo_stack.push(command)
        self._merge_closed = False

    def try_edit(self, text: str, make: Any, *args: Any, touched: frozenset[str] | None = None,
                 merge_key: str | None = None, **kwargs: Any) -> str | None:
        """Run ``make(bp, *args, **kwargs)`` and push the result; return the refusal or None.

        ``touched`` defaults to the ids that actually changed.
        """
        shown = self.blueprint
        try:
            new_bp = make(shown, *args, **kwargs)
        except edits.EditError as exc:
            return str(exc)
        if touched is None:
            touched = edits.changed_ids(shown, new_bp)
        return self.edit(text, new_bp, touched, merge_key)

    # ------------------------------------------------------------ options

    def new_option(self, name: str) -> str | None:
        """A new option named ``name`` made from the view shown (a copy of the option
        shown, or the base as it is), then shown; returns the refusal or None."""
        like = self._option
        return self._edit_options(f"New option “{name.strip()}”",
                                  lambda bp: O.new_option(bp, name, like=like))

    def duplicate_option(self, option_id: str, name: str | None = None) -> str | None:
        """A copy of ``option_id`` (named "… (copy)" unless ``name``), then shown."""
        def make(bp: Blueprint) -> tuple[Blueprint, str]:
            original = O.find_option(bp, option_id)[1]
            return O.new_option(bp, name or f"{original.name} (copy)", like=option_id,
                                status=original.status)
        return self._edit_options("Duplicate option", make)

    def rename_option(self, option_id: str, name: str) -> str | None:
        return self._edit_options(f"Rename option to “{name.strip()}”",
                                  lambda bp: O.update_option(bp, option_id, name=name))

    def set_option_status(self, option_id: str, status: str) -> str | None:
        words = O.STATUS_WORDS.get(status, status)
        return self._edit_options(f"Set option status: {words}",
                                  lambda bp: O.update_option(bp, option_id, status=status))

    def describe_option(self, option_id: str, **fields: Any) -> str | None:
        """Change an option's description, source, notes or illustrative flag."""
        return self._edit_options("Describe option",
                                  lambda bp: O.update_option(bp, option_id, **fields))

    def delete_option(self, option_id: str) -> str | None:
        """Delete an option (the base is shown if it was the one shown)."""
        try:
            name = O.find_option(self._file, option_id)[1].name
        except O.OptionError as exc:
            return str(exc)
        after = None if self._option == option_id else self._option
        return self._edit_options(f"Delete option “{name}”",
                                  lambda bp: O.remove_option(bp, option_id), after)

    def _edit_options(self, text: str, make: Any, option: Any = _KEEP) -> str | None:
        """Run ``make(file)`` (a new file, or (file, id of an option to show)) and push
        it as one undoable step; return the refusal in words, or None."""
        try:
            made = make(self._file)
        except (edits.EditError, O.OptionError, ValidationError) as exc:
            if isinstance(exc, ValidationError):
                return "; ".join(error_message(e) for e in exc.errors(include_url=False))
            return str(exc)
        if isinstance(made, tuple):
            made, option = made
        self.edit_file(text, made, option)
        return None

    def close_merge(self) -> None:
        """End a run of merging edits (a drag finished, a field lost focus)."""
        self._merge_closed = True

    def move_elements(self, positions: Mapping[str, tuple[float, float]]) -> None:
        """Move nodes as one undoable step; repeated moves of the same nodes merge."""
        new_bp = edits.set_positions(self.blueprint, positions)
        ids = frozenset(positions)
        n = len(ids)
        text = f"Move {self._name(next(iter(ids)))}" if n == 1 else f"Move {n} elements"
        self.edit(text, new_bp, ids, merge_key="move:" + ",".join(sorted(ids)))

    def add_link(self, kind: str, source: str, target: str) -> str | None:
        """Add a link; returns the plain-words reason it is refused, or None when added."""
        shown = self.blueprint
        reason = edits.link_refusal(shown, kind, source, target)
        if reason:
            return reason
        new_bp = edits.add_link(shown, Link(kind=kind, source=source, target=target))
        return self.edit(f"Add {kind} link", new_bp, frozenset({source, target}))

    def add_from_palette(self, payload: str, *, force: str | None = None,
                         function: str | None = None,
                         position: tuple[float, float] | None = None) -> str | None:
        """Add what a palette entry makes (see ``edits.palette_element``) and select it.

        Returns the refusal reason, or None when added.
        """
        shown = self.blueprint
        try:
            list_name, element = edits.palette_element(
                shown, payload, force=force, function=function, position=position)
            new_bp = edits.add_element(shown, list_name, element)
        except edits.EditError as exc:
            return str(exc)
        refusal = self.edit(f"Add {element.name}", new_bp, frozenset({element.id}))
        if refusal is None:
            self.select((element.id,), source=self)
        return refusal

    def remove_elements(self, ids: Iterable[str]) -> str | None:
        ids = tuple(ids)
        if not ids:
            return None
        text = f"Delete {self._name(ids[0])}" if len(ids) == 1 else f"Delete {len(ids)} elements"
        return self.try_edit(text, edits.remove_elements, ids)

    def _name(self, element_id: str) -> str:
        el = self.element(element_id)
        return el.name if el else element_id

    def _apply(self, file: Blueprint, touched: frozenset[str] | None,
               option: str | None = None) -> None:
        """Called by commands: make ``file`` the file, show ``option`` in it (the base if
        it is gone or cannot be applied) and tell everyone."""
        old, old_option = self.blueprint, self._option
        self._file = file
        self._option = option if option is not None and self._applies(file, option) else None
        self._show(old, touched, switched=self._option != old_option)

    def _show(self, old: Blueprint, touched: frozenset[str] | None, switched: bool) -> None:
        """Tell everyone the blueprint shown went from ``old`` to :attr:`blueprint`:
        ``optionChanged`` first on a switch, then ``changed`` (the ids that differ), the
        selection kept where its elements still exist, the problems re-checked."""
        bp = self.blueprint
        if switched:
            self.optionChanged.emit(self._option)
        if touched is not None and (switched or self._option is not None):
            touched = frozenset(touched) | edits.changed_ids(old, bp)
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
            if _size(self.blueprint) < BACKGROUND_CHECK_SIZE:
                self._checker = Checker(self.blueprint, base_dir=self.folder)
                self._problems = self._with_options(self._checker.results)
                if self.checking:  # a big blueprint's check was still on its way: not needed
                    self._check_timer.stop()
                    self.checking = False
                    self.checkingChanged.emit(False)
            else:
                self._start_full_check()
                return
        elif self._checker is not None:
            self._problems = self._with_options(self._checker.update(self.blueprint, touched))
        else:
            return  # a full check is running; it catches up with this edit when done
        self.problemsChanged.emit(self._problems)

    def _with_options(self, results: list[Result]) -> list[Result]:
        """The rules' results on the blueprint shown, then an error for each problem of
        an option in the file that cannot be applied (located: ``options[1].changes[0]
        .element``), so a broken option is seen whichever option is shown."""
        if not self._file.options:
            return list(results)
        cached = self._unapplied
        if cached is None or cached[0] is not self._file:
            cached = self._unapplied = (self._file, unapplied_results(self._file))
        return [*results, *cached[1]]

    def _start_full_check(self) -> None:
        was_checking, self.checking = self.checking, True
        self._check_timer.start()
        if not was_checking:
            self.checkingChanged.emit(True)

    def _launch_full_check(self) -> None:
        bp, generation = self.blueprint, self._generation  # edits made meanwhile: caught up after
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
        shown = self.blueprint
        results = checker.results if checker.view.bp is shown else checker.update(shown)
        self._problems = self._with_options(results)
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
        """Replace the whole document (after Open or New): clears undo and selection.
        The same file read again (Reload) keeps the option shown while it still
        applies; anything else shows the base."""
        self.undo_stack.clear()
        same_file = path is not None and self._path is not None and Path(path) == self._path
        old_option = self._option
        self._file = bp
        self._views.clear()
        keep = same_file and old_option is not None and self._applies(bp, old_option)
        self._option = old_option if keep else None
        self._path = Path(path) if path else None
        self._disk_stamp = self._stamp_of(self._path)
        self._checker = None
        self.select((), source=self)
        self.pathChanged.emit(self._path)
        if self._option != old_option:
            self.optionChanged.emit(self._option)
        self.changed.emit(None)
        self._recheck(None)

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Save atomically (to ``path`` or the current file). Raises ``io.SaveError``."""
        target = Path(path) if path else self._path
        if target is None:
            raise io.SaveError("the document has no file yet; choose where to save it")
        io.save(self._file, target)
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
