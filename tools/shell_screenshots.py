"""Screenshots of the desktop shell for docs/screenshots (offscreen, light and dark).

    QT_QPA_PLATFORM=offscreen python tools/shell_screenshots.py [OUT_DIR]

Opens the Avon and Somerset + Wiltshire sample, makes neighbourhood policing
joint (an edit the rules refuse, so the problems dock has something to show),
selects it, and saves the main window at 1280×800 and 1920×1080 plus the
inspector (a function, several functions, a team), problems dock and start page; then the
canvas alone (light and dark, both sizes), its cost heat map, and a 5,000-element
synthetic blueprint fitted to the view.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.core import edits  # noqa: E402
from designer.ui.app import create_app  # noqa: E402
from designer.ui.main_window import MainWindow  # noqa: E402
from designer.ui.style import apply_theme  # noqa: E402

SAMPLE = ROOT / "models" / "avon-somerset-wiltshire.json"


def settle(app: QApplication, rounds: int = 8) -> None:
    for _ in range(rounds):
        app.processEvents()


def shoot(out: Path, theme: str, size: tuple[int, int], tmp: Path) -> None:
    app = QApplication.instance()
    apply_theme(app, theme)
    window = MainWindow(settings=QSettings(str(tmp / f"{theme}.ini"), QSettings.Format.IniFormat))
    window.resize(*size)
    window.show()
    settle(app)
    os.chdir(ROOT)  # the status bar then names the file as `make run` does
    window.open_file(SAMPLE.relative_to(ROOT), interactive=False)
    window.reset_layout()
    settle(app)
    doc = window.document
    bp = doc.blueprint
    neighbourhood = next(f for f in bp.functions if f.category == "local-policing/neighbourhood")
    doc.try_edit("Make neighbourhood policing joint", edits.set_arrangement, neighbourhood.id,
                 bp.forces[0].id, "joint")
    doc.select([neighbourhood.id])
    doc.centre_on([neighbourhood.id])
    problems = window.problems_panel
    group = problems.tree.topLevelItem(0)
    if group is not None and group.childCount():
        problems.tree.setCurrentItem(group.child(0))
    settle(app)
    tag = f"{theme}-{size[0]}x{size[1]}"
    window.grab().save(str(out / f"main-window-{tag}.png"))
    if size == (1920, 1080):
        window.docks["inspector"].grab().save(str(out / f"inspector-{theme}.png"))
        window.docks["problems"].grab().save(str(out / f"problems-{theme}.png"))
        shared = [f.id for f in doc.blueprint.functions if f.delivery == "shared"][:3]
        doc.select(shared)
        settle(app)
        window.docks["inspector"].grab().save(str(out / f"inspector-multi-{theme}.png"))
        doc.try_edit("No staff yet", edits.update_element, "bristol-neighbourhood", fte=0.0)
        doc.select(["bristol-neighbourhood"])  # a team of A&S: '&' shown as typed, 0.0 FTE
        settle(app)
        window.docks["inspector"].grab().save(str(out / f"inspector-team-{theme}.png"))
        doc.undo_stack.setClean()
        window.close_file()
        settle(app)
        window.grab().save(str(out / f"start-page-{theme}.png"))
    window.close_without_prompt()
    window.deleteLater()
    settle(app)


def shoot_canvas(out: Path, theme: str, size: tuple[int, int]) -> None:
    """The canvas alone, at its readable first view (and the heat map, the 5k overview)."""
    from bench.generate import synthetic_blueprint
    from designer.core import io
    from designer.ui.canvas.view import CanvasView
    from designer.ui.document import Document

    app = QApplication.instance()
    apply_theme(app, theme)
    tag = f"{theme}-{size[0]}x{size[1]}"
    shots = [(io.load(SAMPLE), f"canvas-{tag}.png", "none")]
    if (theme, size) == ("light", (1280, 800)):
        shots.append((io.load(SAMPLE), "canvas-heatmap-1280x800.png", "cost"))
    if (theme, size) == ("light", (1920, 1080)):
        shots.append((synthetic_blueprint(5000), "canvas-overview-5k-1920x1080.png", "fit"))
    for bp, name, mode in shots:
        view = CanvasView(Document(bp))
        view.resize(*size)
        view.show()
        settle(app)
        if mode == "fit":
            view.zoom_to_whole()
        else:
            view.show_start()
            if mode == "cost":
                view.set_colour_by("cost")
        settle(app)
        view.grab().save(str(out / name))
        view.close()
        view.deleteLater()
        settle(app)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    create_app()
    with tempfile.TemporaryDirectory() as tmp:
        for theme in ("light", "dark"):
            for size in ((1280, 800), (1920, 1080)):
                shoot(out, theme, size, Path(tmp))
                shoot_canvas(out, theme, size)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
