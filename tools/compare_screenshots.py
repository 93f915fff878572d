"""Screenshots of File ▸ Compare with File… and the Conflicts dock for docs/screenshots.

    QT_QPA_PLATFORM=offscreen python tools/compare_screenshots.py [OUT_DIR]

Compares the Avon and Somerset + Wiltshire sample with an earlier copy (Dogs local,
the PNC bureau named differently, no ICT function), selects the Dogs change so the
canvas centres on it, coloured as changed; then opens a file a three-way merge left
three conflicts in (Dogs renamed two ways, the PNC deleted on one side and edited on
the other, one saving changed two ways). Each at 1366×768 and 1920×1080.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.core import edits, io  # noqa: E402
from designer.core import merge as M  # noqa: E402
from designer.ui.app import create_app  # noqa: E402
from designer.ui.main_window import MainWindow  # noqa: E402
from designer.ui.style import apply_theme  # noqa: E402

SAMPLE = ROOT / "models" / "avon-somerset-wiltshire.json"
SIZES = ((1366, 768), (1920, 1080))


def wait(app: QApplication, done: Callable[[], bool], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()


def files(tmp: Path) -> tuple[Path, Path, Path]:
    base = io.load(SAMPLE)
    earlier = edits.update_element(base, "dogs", delivery="local", lead_force=None, partners=())
    earlier = edits.update_element(earlier, "pnc", name="PNC bureau")
    earlier = edits.remove_elements(earlier, ["ict"])
    ours = edits.update_element(base, "dogs", name="Police dogs", command="ACC Operations")
    ours = edits.remove_elements(ours, ["pnc"])
    ours = edits.update_element(ours, "control-room", savings_percent=25.0)
    theirs = edits.update_element(base, "dogs", name="Canine unit")
    theirs = edits.update_element(theirs, "pnc", notes="Keep it: the board asked for it")
    theirs = edits.update_element(theirs, "control-room", savings_percent=30.0)
    paths = tmp / "current.json", tmp / "earlier.json", tmp / "merged.json"
    for path, bp in zip(paths, (base, earlier, M.merge(base, ours, theirs).blueprint),
                        strict=True):
        io.save(bp, path)
    return paths


def main(out: Path) -> None:
    app = create_app()
    apply_theme(app, "light")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        current, earlier, merged = files(tmp)
        for w, h in SIZES:
            window = MainWindow(settings=QSettings(str(tmp / f"c{w}.ini"),
                                                   QSettings.Format.IniFormat))
            window.resize(w, h)
            window.show()
            window.open_file(current, interactive=False)
            window.reset_layout()
            panel = window.compare_panel
            window.compare_with_file(earlier)
            wait(app, lambda p=panel: p.report is not None and not p.busy)
            changes = panel.tree.topLevelItem(0)
            dogs = next(changes.child(i) for i in range(changes.childCount())
                        if changes.child(i).text(1).startswith("Dogs"))
            panel.tree.setCurrentItem(dogs)
            panel._clicked(dogs)
            window.document.select([], source=None)  # the colour shows, not the outline
            window.canvas.set_legend_visible(False)
            wait(app, lambda: True)
            window.grab().save(str(out / f"compare-{w}x{h}.png"))
            window.close_without_prompt()
            window = MainWindow(settings=QSettings(str(tmp / f"m{w}.ini"),
                                                   QSettings.Format.IniFormat))
            window.resize(w, h)
            window.show()
            window.open_file(merged, interactive=False)
            window.reset_layout()
            wait(app, lambda win=window: win.docks["conflicts"].isVisible())
            window.grab().save(str(out / f"conflicts-{w}x{h}.png"))
            window.close_without_prompt()
    print(f"wrote compare-*.png and conflicts-*.png to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
