"""Starting the desktop app: the QApplication, and running with or without a screen.

``run(path)`` opens the window (or the start page); with no display it runs
offscreen instead, saving a screenshot and the problems report to ``out/``.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

from designer import __version__

APP_NAME = "Alliance Blueprint Designer"
ORG_NAME = "alliance-blueprint-designer"

# What Qt's xcb platform plugin needs beyond a bare X server (Debian/Ubuntu package names).
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-image": "libxcb-image0",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-randr": "libxcb-randr0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-xkb": "libxcb-xkb1",
}


def has_display() -> bool:
    """Whether a real screen is available (always true off Linux)."""
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return False
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform warns about window features it lacks; not news to a user."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def missing_xcb_libraries() -> list[str]:
    """Debian package names of system libraries Qt's xcb plugin needs but cannot find."""
    if not sys.platform.startswith("linux"):
        return []
    if os.environ.get("QT_QPA_PLATFORM", "xcb") not in ("", "xcb"):
        return []
    if os.environ.get("WAYLAND_DISPLAY") and not os.environ.get("DISPLAY"):
        return []
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if ctypes.util.find_library(lib) is None]


def missing_library_message(packages: list[str]) -> str:
    return (
        "Alliance Blueprint Designer cannot open its window: Qt's X11 (xcb) platform needs "
        f"system libraries that are not installed: {', '.join(packages)}.\n"
        f"Install them with:\n\n    sudo apt-get install {' '.join(packages)}\n\n"
        "(or run without a display, QT_QPA_PLATFORM=offscreen, to write screenshots only)."
    )


def create_app(argv: list[str] | None = None):  # -> QApplication
    """The QApplication, named (for QSettings and data folders) and themed."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    from designer.ui.style import apply_theme

    apply_theme(app, "system")
    return app


def run(path: str | None = None, *, out_dir: str | os.PathLike[str] = "out",
        offscreen: bool | None = None) -> int:
    """Run the app on ``path`` (or the start page). Returns the exit code.

    With no display (or ``offscreen=True``) nothing is shown: the main window is
    rendered offscreen to ``out/main-window.png``, the problems report written to
    ``out/problems.txt`` and the business case (workbook and board report) beside them.
    """
    if offscreen is None:
        offscreen = not has_display()
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _quiet_offscreen_warnings()
    else:
        missing = missing_xcb_libraries()
        if missing:
            print(missing_library_message(missing), file=sys.stderr)
            return 2
    app = create_app()
    from designer.ui.main_window import MainWindow

    window = MainWindow()
    opened = path is None or window.open_file(path, interactive=not offscreen)
    if not opened and offscreen:
        print(window.last_error or f"could not open {path}", file=sys.stderr)
        return 2
    if offscreen:
        return write_offscreen_outputs(window, Path(out_dir))
    window.show()
    window.offer_recovery()  # after a crash, whatever was asked for
    return app.exec()


def write_offscreen_outputs(window, out_dir: Path) -> int:
    """Screenshot of the main window, the problems report and the business case, for
    machines without a screen."""
    from PySide6.QtWidgets import QApplication

    from designer.ui.docks.problems import problems_report

    out_dir.mkdir(parents=True, exist_ok=True)
    window.resize(1600, 1000)
    window.show()
    for _ in range(5):
        QApplication.processEvents()
    window.reset_layout()  # the standard layout, whatever the last session left
    window.document.wait_for_problems()
    for _ in range(5):
        QApplication.processEvents()
    window.canvas.show_start()  # readable, not a thumbnail
    QApplication.processEvents()
    shot = out_dir / "main-window.png"
    report = out_dir / "problems.txt"
    window.grab().save(str(shot))
    if not window.has_blueprint:  # plain `designer`: the start page, nothing to check
        print(f"No display found, so the designer ran offscreen.\n  screenshot: {shot}")
        window.close_without_prompt()
        return 0
    report.write_text(problems_report(window.document), encoding="utf-8")
    done = [("screenshot", str(shot)), ("problems report", str(report)),
            *_business_case(window.document, out_dir)]
    width = max(len(label) for label, _ in done) + 2
    print("No display found, so the designer ran offscreen.\n"
          + "\n".join(f"  {label + ':':<{width}}{what}" for label, what in done))
    window.close_without_prompt()
    return 0


def _business_case(document, out_dir: Path) -> list[tuple[str, str]]:
    """What the numbers are for: the formats the Export dialog ticks by default (the
    business-case workbook and the board report), written beside the screenshot. A format
    that cannot be written here is said, not fatal: the screenshot and report stand."""
    from designer.core.exports.formats import FORMATS, WriterUnavailable
    from designer.core.finance import project

    bp = document.blueprint
    stem = document.path.stem if document.path is not None else "blueprint"
    projection = project(bp)
    done = []
    for fmt in (f for f in FORMATS if f.preselected):
        label = fmt.label.split(" (")[0].lower()  # "Board report (.pdf)": "board report"
        try:
            done.append((label, str(fmt.write(bp, fmt.default_path(out_dir / stem),
                                              projection))))
        except (OSError, WriterUnavailable, ValueError) as exc:
            done.append((label, f"not written: {exc}"))
    return done
