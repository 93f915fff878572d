"""The finance model: savings by year, cost sharing, phasing, payback."""

from __future__ import annotations

from designer.core.finance import horizon, project, savings_by_year
from designer.core.schema import ForceFigures
from tests.build import blueprint, function


def fig(pounds: int) -> ForceFigures:
    return ForceFigures(cost_pence=pounds * 100)


def test_savings_by_year_follows_go_live_and_ramp_up():
    # A joint unit of £1,000 + £3,000 at 20% saves £800 a year at full rate:
    # nothing before go-live (2016/17), 50% (£400) in its first year, then £800.
    fn = function("dogs", category="operational-support/dogs", delivery="joint",
                  baseline={"a": fig(1000), "b": fig(3000)}, savings_percent=20,
                  go_live="2016/17", ramp_up=(50,))
    bp = blueprint("a", "b", functions=[fn], start_year="2015/16", target_year="2018/19")
    by_year = savings_by_year(bp)
    assert list(by_year) == list(horizon(bp))
    assert by_year["2015/16"] == 0
    assert by_year["2016/17"] == 400_00
    assert by_year["2017/18"] == 800_00
    assert by_year["2018/19"] == 800_00
    assert list(by_year)[-1] == "2020/21"  # two years beyond the target


def test_local_functions_save_the_local_default_only():
    fn = function("neighbourhood", category="local-policing/neighbourhood",
                  baseline={"a": fig(1000), "b": fig(3000)})
    bp = blueprint("a", "b", functions=[fn])
    assert set(savings_by_year(bp).values()) == {0}


def test_the_target_year_is_always_in_the_projection():
    bp = blueprint("a", "b", start_year="2015/16", target_year="2030/31")
    p = project(bp)
    assert "2030/31" in p.years
    assert p.alliance["2030/31"].target == 1_000_000_00
