"""Canvas figures: layout, scene build, incremental update and one full repaint at 5,000 elements.

``layout_5k_ms`` and ``scene_build_5k_ms`` start cold (no remembered layout
sections); ``layout_5k_after_edit_ms`` is the layout after a delivery change,
which reuses the sections the change did not touch.

``scene_paint_5k_ratio_vs_bare`` divides one full repaint of the canvas showing a
5,000-element blueprint fitted to the view by one repaint of a bare
``QGraphicsScene`` holding 5,000 plain rectangles and 5,000 lines (at the same
places as our nodes and edges), in a view of the same size with the same render
hints, measured in the same run. Goal: ≤ 2.
"""

from __future__ import annotations

import os
import random
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

from bench.generate import element_count, synthetic_blueprint
from bench.timing import best_ms
from bench.timing import qt_app as _app
from designer.core import edits
from designer.core.layout import clear_cache, compute_layout

VIEW_W, VIEW_H = 1600, 1000






def _repaint_ms(view: QGraphicsView, repeat: int) -> float:
    app = _app()
    view.viewport().repaint()  # warm-up: caches, glyphs
    app.processEvents()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        view.viewport().repaint()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _bare_view(rects: list[QRectF], rng: random.Random) -> QGraphicsView:
    scene = QGraphicsScene()
    scene.setParent(_app())  # the view does not own its scene; keep it alive
    for r in rects[:5000]:
        scene.addRect(r)
    n = len(rects)
    for i in range(5000):  # like our edges, mostly between neighbours, some reaching far
        j = (i + 1) % n if rng.random() < 0.8 else rng.randrange(n)
        a, b = rects[i % n].center(), rects[j].center()
        scene.addLine(a.x(), a.y(), b.x(), b.y())
    view = QGraphicsView(scene)
    view.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    view.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState)
    view.resize(VIEW_W, VIEW_H)
    view.show()
    view.fitInView(scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
    _app().processEvents()
    return view


def measure(quick: bool) -> dict[str, float]:
    app = _app()
    from designer.ui.canvas.scene import DiagramScene
    from designer.ui.canvas.view import CanvasView
    from designer.ui.document import Document

    repeat = 3 if quick else 5
    bp = synthetic_blueprint(5000, forces=3, seed=0)
    figures: dict[str, float] = {"canvas_elements_5k": float(element_count(bp))}

    def cold_layout() -> None:
        clear_cache()
        compute_layout(bp)

    figures["layout_5k_ms"] = best_ms(cold_layout, repeat)
    fn = next(f for f in bp.functions if f.delivery == "local")
    joint = edits.set_arrangement(bp, fn.id, bp.forces[0].id, "joint")
    flip = [0]

    def edit_layout() -> None:  # a delivery change and back: remembered sections reused
        flip[0] += 1
        compute_layout(joint if flip[0] % 2 else bp)

    figures["layout_5k_after_edit_ms"] = best_ms(edit_layout, repeat)

    scenes: list[DiagramScene] = []

    def build() -> None:
        clear_cache()
        scene = DiagramScene()
        scene.set_blueprint(bp)
        scenes.append(scene)

    figures["scene_build_5k_ms"] = best_ms(build, repeat)
    scene = scenes[-1]
    figures["scene_nodes_5k"] = float(len(scene.nodes))

    # one edit: move a node, the scene re-lays out and moves what changed
    fn = bp.functions[len(bp.functions) // 2]
    x, y = scene.layout.positions[fn.id]  # type: ignore[union-attr]
    moved = edits.set_positions(bp, {fn.id: (x + 30, y + 40)})
    turn = [0]

    def update() -> None:  # alternate between the moved and the original blueprint
        turn[0] += 1
        scene.set_blueprint(moved if turn[0] % 2 else bp)

    figures["scene_update_5k_ms"] = best_ms(update, repeat)
    for s in scenes:
        s.clear()
    scenes.clear()

    view = CanvasView(Document(bp))
    view.resize(VIEW_W, VIEW_H)
    view.show()
    app.processEvents()
    view.zoom_to_whole()  # the whole 5k diagram (Fit stops at a readable zoom)
    app.processEvents()
    ours = _repaint_ms(view, repeat)
    rects = [node.rect() for node in view.diagram.nodes.values()]
    bare = _bare_view(rects, random.Random(0))
    floor = _repaint_ms(bare, repeat)
    figures["scene_paint_5k_ms"] = round(ours, 2)
    figures["bare_paint_5k_ms"] = round(floor, 2)
    figures["scene_paint_5k_ratio_vs_bare"] = round(ours / floor, 2)

    # zoomed in to reading size (labels on): what panning around costs
    view._set_zoom(1.0)
    view.centerOn(view.diagram.sceneRect().center())
    app.processEvents()
    figures["scene_paint_5k_zoom100_ms"] = round(_repaint_ms(view, repeat), 2)
    for widget in (view, bare):  # delete now, while the application still exists
        widget.close()
        widget.deleteLater()
    bare.scene().deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(measure(quick=False), indent=2))
