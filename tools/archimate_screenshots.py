"""Screenshots of File ▸ Import ▸ ArchiMate Model… for docs/screenshots (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/archimate_screenshots.py [OUT_DIR]

Exports the Avon and Somerset + Wiltshire sample as an ArchiMate exchange file and edits
it as an enterprise architect would in Archi (a function renamed and re-costed, a team
deleted, an application component and a "Target 2020" plateau of their own added, an
option's plateau renamed), then shows the import preview over the main window: brought
back into the open blueprint at 1366×768 and 1920×1080 (archimate-import-*.png); the
foreign sample model opened as a new blueprint (archimate-import-new-1366x768.png); and a
file with a DTD refused (archimate-import-problems.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from designer.core.archimate import NS, XSI  # noqa: E402
from designer.core.exports.archimate import archimate_bytes  # noqa: E402
from designer.core.imports import formats  # noqa: E402
from designer.ui.app import create_app  # noqa: E402
from designer.ui.import_dialog import ImportPreview, read_source  # noqa: E402
from designer.ui.main_window import MainWindow  # noqa: E402
from designer.ui.style import apply_theme  # noqa: E402
from tools.import_screenshots import over_window, settle  # noqa: E402

SAMPLE = ROOT / "models" / "avon-somerset-wiltshire.json"
FOREIGN = ROOT / "tests" / "data" / "archimate-sample-blueprint.xml"
A = {"a": NS}


def _element(root: etree._Element, identifier: str) -> etree._Element:
    return root.find(f"a:elements/a:element[@identifier='{identifier}']", A)


def _add(root: etree._Element, holder: str, tag: str, **attrs: str) -> etree._Element:
    attrs = {(f"{{{XSI}}}type" if k == "type" else k): v for k, v in attrs.items()}
    parent = root.find(f"a:{holder}", A)
    parent[-1].tail = "\n    "  # one line each, as Archi writes them
    added = etree.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    added.tail = "\n  "
    return added


def edited_in_archi(window: MainWindow, tmp: Path) -> Path:
    """The sample's export as it might come back from Archi."""
    root = etree.fromstring(archimate_bytes(window.document.blueprint))
    _element(root, "id-custody").find("a:name", A).text = "Custody and detention"
    for prop in _element(root, "id-dogs").iterfind("a:properties/a:property", A):
        if prop.get("propertyDefinitionRef") == "id-property.baseline.wiltshire.cost_gbp":
            prop.find("a:value", A).text = "1,180,000.00"
    team = _element(root, "id-wiltshire-front-desk")
    if team is not None:
        team.getparent().remove(team)
        for rel in list(root.iterfind("a:relationships/a:relationship", A)):
            if "id-wiltshire-front-desk" in (rel.get("source"), rel.get("target")):
                rel.getparent().remove(rel)
        for node in list(root.iter(f"{{{NS}}}node")):
            if node.get("elementRef") == "id-wiltshire-front-desk":
                node.getparent().remove(node)
        for connection in list(root.iter(f"{{{NS}}}connection")):
            if "wiltshire-front-desk" in connection.get("relationshipRef", ""):
                connection.getparent().remove(connection)
    plateau = _element(root, "id-plateau.custody-joint")
    plateau.find("a:name", A).text = "Custody made joint (from 2017/18)"
    rms = _add(root, "elements", "element", identifier="id-7c1e4b2a", type="ApplicationComponent")
    etree.SubElement(rms, f"{{{NS}}}name").text = "Niche records management"
    target = _add(root, "elements", "element", identifier="id-5d90aa10", type="Plateau")
    etree.SubElement(target, f"{{{NS}}}name").text = "Target 2020"
    _add(root, "relationships", "relationship", identifier="id-9e2f0c41",
         source="id-7c1e4b2a", target="id-custody", type="Serving")
    _add(root, "relationships", "relationship", identifier="id-1b6d3e77",
         source="id-5d90aa10", target="id-custody", type="Aggregation")
    path = tmp / "alliance-edited-in-archi.xml"
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    pretty_print=True))
    return path


def preview(window: MainWindow, path: Path, app: QApplication,
            into: bool = True) -> ImportPreview:
    reading = read_source(formats.by_key("archimate"), path,
                          window.document.blueprint if into else None, into=into, new=True)
    dialog = ImportPreview(window.document, path, window, reading=reading)
    dialog.show()
    settle(app)
    return dialog


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    apply_theme(app, "light")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for size in ((1366, 768), (1920, 1080)):
            window = MainWindow(settings=QSettings(str(tmp / "s.ini"),
                                                   QSettings.Format.IniFormat))
            window.resize(*size)
            window.show()
            settle(app)
            os.chdir(ROOT)
            window.open_file(SAMPLE.relative_to(ROOT), interactive=False)
            window.reset_layout()
            settle(app)
            dialog = preview(window, edited_in_archi(window, tmp), app)
            over_window(window, dialog).save(str(out / f"archimate-import-{size[0]}x{size[1]}"
                                                         ".png"))
            dialog.close()
            if size == (1366, 768):
                dialog = preview(window, FOREIGN, app)
                dialog.choices["new"].setChecked(True)
                settle(app)
                over_window(window, dialog).save(str(out / "archimate-import-new-1366x768.png"))
                dialog.close()
                bad = tmp / "model-with-dtd.xml"
                bad.write_text('<?xml version="1.0"?>\n<!DOCTYPE model [\n  <!ENTITY x SYSTEM '
                               '"file:///etc/passwd">]>\n<model xmlns="' + NS + '" identifier='
                               '"id-m"><name>&x;</name></model>\n', encoding="utf-8")
                dialog = preview(window, bad, app)
                dialog.grab().save(str(out / "archimate-import-problems.png"))
                dialog.close()
            window.close_without_prompt()
            window.deleteLater()
            settle(app)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
