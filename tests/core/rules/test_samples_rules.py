"""The bundled samples keep the built-in rules, or carry visible, justified waivers."""

from __future__ import annotations

import pytest

from designer.core import io
from designer.core.rules import UNUSED_WAIVER, Checker, check
from tests.core.test_samples import MODELS, SAMPLES


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_passes_the_built_in_packs(name):
    bp = io.load(MODELS / name)
    results = check(bp)
    unwaived = [(r.rule, r.message) for r in results if r.waiver is None]
    assert unwaived == []
    for r in results:  # every waiver is used, and says why, who and when
        assert r.rule != UNUSED_WAIVER
        assert len(r.waiver.reason) > 40 and r.waiver.author and r.waiver.date


@pytest.mark.parametrize("name", SAMPLES)
def test_breaking_a_sample_is_caught_incrementally(name):
    from designer.core.edits import update_element

    bp = io.load(MODELS / name)
    checker = Checker(bp)
    npt = next(f for f in bp.functions if f.category == "local-policing/neighbourhood")
    host = bp.forces[0].id
    broken = update_element(bp, npt.id, delivery="shared", host_force=host)
    results = checker.update(broken)
    assert results == check(broken)
    assert "local-policing-stays-local" in {r.rule for r in results}
