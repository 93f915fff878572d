"""The collector pause and the long-lived freeze restore what they found."""

from __future__ import annotations

import gc

import pytest

from designer.core.gc_pause import gc_paused, settle, unsettle


def test_pause_turns_the_collector_off_and_back_on():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_pause_leaves_a_disabled_collector_disabled_even_after_an_error():
    gc.disable()
    try:
        with pytest.raises(ValueError), gc_paused():
            raise ValueError("boom")
        assert not gc.isenabled()
    finally:
        gc.enable()


def _in_oldest_generation(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects(generation=2))


def test_settle_freezes_what_is_alive_and_unsettle_gives_it_back():
    unsettle()
    marker = [["long-lived"]]
    gc.collect()  # the marker reaches the oldest generation
    assert _in_oldest_generation(marker)
    settle()
    try:
        assert gc.get_freeze_count() > 0
        assert not _in_oldest_generation(marker)  # frozen: full collections skip it
    finally:
        unsettle()
    assert gc.get_freeze_count() == 0
    assert _in_oldest_generation(marker)
