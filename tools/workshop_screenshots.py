"""Screenshots of the workshop features for docs/screenshots (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/workshop_screenshots.py [OUT_DIR]

On the Avon and Somerset + Wiltshire sample, at 1366×768 (a projector) and 1920×1080:

- ``trace-<size>.png``: Tools ▸ Trace for Swindon, armed policing, Saturday 03:00 — the
  Trace dock's answer and the path highlighted across the force lanes;
- ``walkthrough-play-<size>.png``: the walk-through "Firearms incident in Swindon at
  03:00" played to its armed-policing step, with its caption over the canvas.
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

from designer.ui.app import create_app  # noqa: E402
from designer.ui.main_window import MainWindow  # noqa: E402
from designer.ui.style import apply_theme  # noqa: E402

SAMPLE = ROOT / "models" / "avon-somerset-wiltshire.json"
WALK = "firearms-swindon-night"
SIZES = ((1366, 768), (1920, 1080))


def settle(app: QApplication, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()


def shoot(out: Path, size: tuple[int, int], tmp: Path, theme: str = "light") -> None:
    app = QApplication.instance()
    apply_theme(app, theme)
    window = MainWindow(settings=QSettings(str(tmp / f"{theme}.ini"), QSettings.Format.IniFormat))
    window.resize(*size)
    window.show()
    settle(app)
    os.chdir(ROOT)
    window.open_file(SAMPLE.relative_to(ROOT), interactive=False)
    window.reset_layout()
    settle(app)
    tag = f"{size[0]}x{size[1]}"

    window.document.select(["swindon"])
    window.show_trace("swindon", "firearms")
    window.trace_panel.time.setText("Sat 03:00")
    window.trace_panel.refresh()
    settle(app)
    window.grab().save(str(out / f"trace-{tag}.png"))
    window.escape_highlight()

    panel = window.walkthroughs_panel
    window.show_walkthroughs()
    settle(app)
    ids = [r.walkthrough.id for r in panel.results]
    panel.list.setCurrentRow(ids.index(WALK))
    panel.play()
    for _ in range(2):  # call handling, response, then armed policing
        panel.next_step()
    settle(app)
    window.grab().save(str(out / f"walkthrough-play-{tag}.png"))
    panel.stop()
    window.close_without_prompt()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    create_app()
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            shoot(out, size, Path(tmp))
    print(f"wrote workshop screenshots to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
