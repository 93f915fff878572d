"""Remembered answers (layout, edit look-ups): shared safely between threads, and clearable."""

from __future__ import annotations

import threading

from bench.generate import synthetic_blueprint
from designer.core import edits, layout
from designer.core.layout import clear_cache, compute_layout


def _versions(n: int = 4):
    bp = synthetic_blueprint(400, forces=3, seed=5)
    out = [bp]
    for i in range(1, n):
        fn = bp.functions[i * 7]
        out.append(edits.set_arrangement(out[-1], fn.id, bp.forces[i % 3].id, "local"))
    return out


def test_threads_laying_out_at_once_get_the_cold_answers():
    versions = _versions()
    cold = []
    for bp in versions:
        clear_cache()
        cold.append(compute_layout(bp))
    clear_cache()
    got: dict[tuple[int, int], object] = {}
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for round_ in range(6):
                i = (worker + round_) % len(versions)
                got[(worker, round_)] = (i, compute_layout(versions[i]))
                edits.find(versions[i], versions[i].functions[round_].id)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(got) == 24
    assert all(result == cold[i] for i, result in got.values())


def test_a_plan_taken_out_before_a_clear_is_not_put_back():
    bp = synthetic_blueprint(100, seed=3)
    compute_layout(bp)
    state, taken_at = layout._memory.take_plan_state()
    assert state is not None
    assert layout._memory.take_plan_state()[0] is None  # in use: others plan afresh
    clear_cache()
    layout._memory.put_plan_state(state, taken_at)
    assert layout._memory.plan_state is None
    compute_layout(bp)
    assert layout._memory.plan_state is not None
