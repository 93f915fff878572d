"""Interop figures: exchange formats written and read at 10,000 elements.

``export_archimate_10k_ms`` writes a 10,000-element blueprint as an ArchiMate 3.1
exchange file (model, properties, relationships and one diagram per lane, with the
layout computed once beforehand so the figure is the export's own work);
``import_archimate_10k_ms`` reads that file back; ``export_graphml_10k_ms`` writes the
same blueprint as GraphML for yEd.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.generate import synthetic_blueprint
from bench.timing import best_ms
from designer.core.exports.archimate import archimate_bytes
from designer.core.exports.graphml import graphml_bytes
from designer.core.imports.archimate import import_archimate
from designer.core.layout import compute_layout


def measure(quick: bool) -> dict[str, float]:
    bp = synthetic_blueprint(10_000)
    compute_layout(bp)  # warm: the canvas has the layout already when the app exports
    figures = {"export_archimate_10k_ms": best_ms(lambda: archimate_bytes(bp), 3)}
    data = archimate_bytes(bp)
    figures["archimate_10k_kb"] = round(len(data) / 1024, 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.xml"
        path.write_bytes(data)
        figures["import_archimate_10k_ms"] = best_ms(lambda: import_archimate(path), 3)
    figures["export_graphml_10k_ms"] = best_ms(lambda: graphml_bytes(bp), 3)
    return figures
