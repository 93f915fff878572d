"""Canvas fixtures: a shown canvas on a small two-force blueprint (``view``), or on any
blueprint (``show_canvas``).

Canvas tests collect garbage right after each test, while its view still exists.
A canvas left for the garbage collector to find later (after other tests have run
the event loop and deleted the view's C++ side) crashed PySide 6.11 inside the
collector. Collecting at once keeps each test's Qt objects dying in order.
"""

from __future__ import annotations

import gc

import pytest

from designer.ui.canvas.view import CanvasView
from designer.ui.document import Document
from tests.build import area, blueprint, function, team


@pytest.fixture(autouse=True)
def _collect_garbage_now():
    yield
    gc.collect()


def _bp():
    return blueprint(
        "asp", "wilts",
        areas=[area("bristol", "asp"), area("swindon", "wilts")],
        functions=[
            function("response", "local-policing/incident-response"),
            function("dogs", "operational-support/dogs", delivery="joint", lead_force="asp",
                     governing_body="board"),
            function("it", "support-functions/ict", delivery="shared", host_force="wilts"),
        ],
        teams=[team("resp-asp", "response", "asp"), team("it-team", "it", "wilts")],
    )


@pytest.fixture
def show_canvas(qtbot):
    """Makes a canvas on a new document of a blueprint, shown at a size.

    Each document's undo history is cleared when the test ends: a document collected
    with undo commands in it crashed inside ``QUndoStack::clear`` (the commands' Python
    side went first), depending only on when the collector happened to run."""
    documents: list[Document] = []

    def shown(bp, size=(1280, 800)) -> CanvasView:
        doc = Document(bp)
        documents.append(doc)
        v = CanvasView(doc)
        qtbot.addWidget(v)
        v.resize(*size)
        v.show()
        qtbot.waitExposed(v)
        return v

    yield shown
    for doc in documents:
        doc.undo_stack.clear()


@pytest.fixture
def view(show_canvas):
    v = show_canvas(_bp())
    v._set_zoom(0.8)
    return v
