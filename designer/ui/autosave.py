"""Autosave: unsaved changes are written to a recovery file every 30 seconds.

Recovery files live in the user's data folder (``QStandardPaths.AppDataLocation``
/recovery), never next to the user's own file. Each is a normal blueprint file
plus a small ``.meta.json`` naming the file it belongs to. A clean save or a
clean close removes it; if the app crashes, the next start offers it back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from designer.core import io
from designer.core.schema import Blueprint
from designer.ui.document import Document

INTERVAL_MS = 30_000


def recovery_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".alliance-blueprint-designer") / "recovery"


@dataclass(frozen=True)
class Recovery:
    """An autosaved copy found on start."""

    file: Path                   # the recovery blueprint
    original: Path | None        # the file it belongs to (None: never saved)
    saved_at: float              # time.time() of the autosave

    def load(self) -> Blueprint:
        return io.load(self.file)

    def discard(self) -> None:
        for path in (self.file, _meta_path(self.file)):
            with contextlib.suppress(OSError):
                path.unlink()


def _meta_path(file: Path) -> Path:
    return file.with_suffix(".meta.json")


def pending_recoveries() -> list[Recovery]:
    """Recovery files left by a session that did not close cleanly, newest first."""
    folder = recovery_folder()
    found = []
    for file in folder.glob("*.json"):
        if file.name.endswith(".meta.json"):
            continue
        try:
            meta = json.loads(_meta_path(file).read_text("utf-8"))
            original = Path(meta["original"]) if meta.get("original") else None
            saved_at = float(meta.get("saved_at", file.stat().st_mtime))
        except (OSError, ValueError, KeyError, TypeError):
            original, saved_at = None, file.stat().st_mtime
        found.append(Recovery(file, original, saved_at))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


class Autosaver(QObject):
    """Watches a document and keeps its recovery file up to date."""

    def __init__(self, document: Document, interval_ms: int = INTERVAL_MS,
                 parent: QObject | None = None):
        super().__init__(parent or document)
        self.document = document
        self._session = hashlib.sha1(f"{id(self)}{time.time()}".encode()).hexdigest()[:10]
        self._saved: Blueprint | None = None
        """The blueprint the recovery file holds."""
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        document.undo_stack.cleanChanged.connect(self._clean_changed)
        document.pathChanged.connect(lambda _p: self.discard())

    @property
    def file(self) -> Path:
        return recovery_folder() / f"{self._session}.json"

    def save_now(self) -> Path | None:
        """Write the recovery file if the document differs from what it holds.

        Compared by the blueprint, not the undo index: after an undo and a new edit, or a
        move merged into the step before, the index is the same but the document
        is not, and a crash must recover exactly what was there.
        """
        doc = self.document
        if not doc.is_dirty:
            return None
        bp = doc.file_blueprint  # the whole file, options and all
        if bp is self._saved and self.file.exists():
            return self.file  # the very blueprint autosaved last (blueprints are immutable)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            io.atomic_write(self.file, io.dumps(bp).encode("utf-8"))
            meta = {"original": str(doc.path) if doc.path else None, "saved_at": time.time()}
            io.atomic_write(_meta_path(self.file), json.dumps(meta).encode("utf-8"))
        except OSError:
            return None  # autosave is best effort; the user's own save reports errors
        self._saved = bp
        return self.file

    def discard(self) -> None:
        """Remove the recovery file (after a clean save or close)."""
        self._saved = None
        Recovery(self.file, None, 0).discard()

    def _clean_changed(self, clean: bool) -> None:
        if clean:
            self.discard()
