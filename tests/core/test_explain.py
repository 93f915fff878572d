"""What did that change? Words for an edit: what it did, side effects, and the money."""

from __future__ import annotations

from designer.core import edits
from designer.core.explain import differences, explain_change, idle
from designer.core.finance import project
from tests.core.test_appraisal import _worked


def test_making_a_two_force_unit_local_for_one_force_says_both_and_the_money():
    before = _worked()
    after = edits.set_arrangement(before, "dogs", "b", "local")
    lines = explain_change(before, after)
    assert lines[0].startswith("Dogs: joint → local for A and B")
    assert ("Dogs: with two partners an arrangement needs both, so making it local for one "
            "force makes it local for A and B") in lines
    assert "The team Dogs-Unit is left with nothing to deliver: Dogs is no longer a joint " \
           "unit" in lines
    assert "B pays £400k a year less to A" in lines
    assert any(line.startswith("projected savings in 2018/19 £200k lower") for line in lines)


def test_an_edit_that_moves_no_money_says_savings_are_unchanged():
    before = _worked()
    after = edits.update_element(before, "dogs", command="Chief Inspector, Dogs")
    lines = explain_change(before, after)
    assert lines[0] == "Dogs: command ACC Dogs → Chief Inspector, Dogs"
    assert lines[-1] == "projected savings in 2018/19 unchanged (£200k)"


def test_nothing_changed_says_nothing():
    bp = _worked()
    assert explain_change(bp, bp) == []


def test_the_app_may_pass_the_projections_it_has():
    before = _worked()
    after = edits.update_element(before, "dogs", implementation_cost_pence=300_000_00)
    pb = project(before)
    assert explain_change(before, after, before_projection=pb,
                          after_projection=project(after, reuse=pb)) == \
        explain_change(before, after)
    assert "one-off implementation costs £150k higher" in explain_change(before, after)


def test_a_force_team_of_a_function_another_force_now_hosts_has_nothing_to_deliver():
    bp = _worked()
    shared = edits.update_element(bp, "npt", delivery="shared", host_force="a")
    assert idle(shared, next(t for t in shared.teams if t.id == "npt-b"))
    assert not idle(shared, next(t for t in shared.teams if t.id == "npt-a"))
    assert [d.elements for d in differences(bp, shared)] == [("npt",)]


def test_one_click_shows_the_figures_before_and_after():
    from designer.core.tables import change_figures

    before = _worked()
    after = edits.set_arrangement(before, "dogs", "b", "local")
    pb, pa = project(before), project(after, reuse=project(before))
    table = change_figures({f.id: f.name for f in before.forces}, pb, pa)
    rows = {r.key: r for r in table.rows}
    assert table.value(rows["payment.b.a"], "difference") == -400_000_00
    assert table.value(rows["savings.target"], "before") == 200_000_00
    assert table.value(rows["savings.target"], "after") == 0
    assert rows["savings.target"].emphasis  # what changed stands out
    assert not rows["implementation"].emphasis  # the one-off cost is still spent
    for r in table.rows:
        assert table.value(r, "difference") == table.value(r, "after") - table.value(r, "before")
