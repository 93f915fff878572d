"""Background work: one worker, newest result only, delivered on the GUI thread."""

from __future__ import annotations

import threading

from designer.ui.background import LatestJob, run_in_background


def test_work_runs_in_order_on_one_worker_thread(qtbot):
    done = threading.Event()
    seen: list[tuple[int, str]] = []
    for i in range(3):
        run_in_background(lambda i=i: seen.append((i, threading.current_thread().name)))
    run_in_background(done.set)
    assert done.wait(10)
    assert [i for i, _ in seen] == [0, 1, 2]
    assert len({name for _, name in seen}) == 1
    assert seen[0][1] != threading.current_thread().name


def test_only_the_newest_result_is_delivered(qtbot):
    job = LatestJob()
    release = threading.Event()
    delivered: list[object] = []
    threads: list[threading.Thread] = []
    job.done.connect(delivered.append)
    job.done.connect(lambda _result: threads.append(threading.current_thread()))
    job.start(lambda: (release.wait(10), "stale")[1])
    job.start(lambda: "newer")  # queued while the first runs
    job.start(lambda: "newest")  # replaces the queued one
    assert job.busy
    release.set()
    assert job.wait(10)
    assert delivered == ["newest"]
    assert threads == [threading.main_thread()]  # delivered on the GUI thread


def test_a_failure_is_delivered_and_a_cancelled_job_delivers_nothing(qtbot):
    job = LatestJob()
    failures: list[BaseException] = []
    results: list[object] = []
    job.failed.connect(failures.append)
    job.done.connect(results.append)
    job.start(lambda: 1 / 0)
    assert job.wait(10)
    assert isinstance(failures[0], ZeroDivisionError)
    job.start(lambda: "never shown")
    job.cancel()
    assert job.busy  # the worker's answer is still to come
    # busy ends in the very handler that would deliver it: once it is over, nothing came
    qtbot.waitUntil(lambda: not job.busy, timeout=10_000)
    assert results == [] and len(failures) == 1
