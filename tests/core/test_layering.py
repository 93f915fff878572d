"""The layering holds: the core imports no Qt and nothing of the desktop app or the CLI.

Checked in a fresh interpreter (this one has Qt loaded by the GUI tests), importing every
module under ``designer/core`` — found by walking the package, so a new module is covered
the day it is added.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import designer

ROOT = Path(designer.__file__).resolve().parent.parent

FORBIDDEN = ("PySide6", "shiboken6", "designer.ui", "designer.cli")
"""Top packages the core must never load: Qt, the desktop app, the command line."""

PROBE = """
import importlib, json, pkgutil, sys

FORBIDDEN = {forbidden!r}
culprits = {{}}  # core module -> the first forbidden module its import pulled in


class Watch:
    \"\"\"Notes who imports a forbidden module; leaves the finding to the real finders.\"\"\"

    def find_spec(self, name, path=None, target=None):
        if any(name == top or name.startswith(top + ".") for top in FORBIDDEN):
            frame = sys._getframe(1)
            while frame is not None:
                importer = frame.f_globals.get("__name__", "")
                if importer.startswith("designer.core"):
                    culprits.setdefault(importer, name)
                    break
                frame = frame.f_back
            else:
                culprits.setdefault("?", name)
        return None


sys.meta_path.insert(0, Watch())
import designer.core
modules = sorted(m.name for m in pkgutil.walk_packages(designer.core.__path__, "designer.core."))
for name in modules:
    importlib.import_module(name)
loaded = sorted(name for name in sys.modules
                if any(name == top or name.startswith(top + ".") for top in FORBIDDEN))
print(json.dumps({{"modules": modules, "culprits": culprits, "loaded": loaded}}))
"""


def _import_every_core_module() -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    done = subprocess.run([sys.executable, "-c", PROBE.format(forbidden=FORBIDDEN)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_core_modules_load_no_qt_no_ui_and_no_cli():
    report = _import_every_core_module()
    modules = report["modules"]
    # the walk reached the whole package, sub-packages included: no vacuous pass
    assert {"designer.core.schema", "designer.core.finance", "designer.core.rules.engine",
            "designer.core.exports.xlsx"} <= set(modules)
    files = list((ROOT / "designer" / "core").rglob("*.py"))
    assert len(modules) == len(files) - 1  # every file but designer/core/__init__.py
    assert report["culprits"] == {}  # {core module: what it pulled in}
    assert report["loaded"] == []


def _absolute(path: Path, level: int, module: str) -> str:
    """The module a ``from`` import in ``path`` names (``from ..ui import x``: designer.ui)."""
    if not level:
        return module
    package = list(path.relative_to(ROOT).with_suffix("").parts)[:-level]
    return ".".join([*package, module] if module else package)


def test_no_core_module_imports_qt_ui_or_cli_even_inside_a_function():
    """A deferred import (inside a function) escapes the probe above until it runs."""
    found = []
    for path in sorted((ROOT / "designer" / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [_absolute(path, node.level, node.module or "")]
            else:
                continue
            found += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in names
                      if any(name == top or name.startswith(top + ".") for top in FORBIDDEN)]
    assert found == []
