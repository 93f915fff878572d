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


def test_in_parts_the_same_lines_with_the_projections_to_pass_on():
    from designer.core.explain import explain

    before = _worked()
    after = edits.set_arrangement(before, "dogs", "b", "local")
    e = explain(before, after)
    assert e.lines == explain_change(before, after)
    assert [d.text for d in e.changes] == [d.text for d in differences(before, after)]
    assert e.side_effects and e.money[-1].startswith("projected savings in 2018/19")
    assert e.elements == ("dogs",)  # the team left idle is a side effect, not a change
    assert e.after_projection.alliance == project(after).alliance
    nothing = explain(after, after, before_projection=e.after_projection)
    assert (nothing.changes, nothing.side_effects, nothing.money) == ((), (), ())


def _idle_the_long_way(before, after):
    """Every team of ``after`` idle there and not idle (or absent) before."""
    was_idle = {t.id for t in before.teams if idle(before, t)}
    return [t.name for t in after.teams if t.id not in was_idle and idle(after, t)]


def test_only_teams_an_edit_touches_are_looked_at_and_none_is_missed():
    from designer.core.explain import side_effects

    bp = _worked()
    for after in (edits.set_arrangement(bp, "dogs", "b", "local"),
                  edits.update_element(bp, "npt", delivery="shared", host_force="a"),
                  edits.update_element(bp, "npt", delivery="joint", lead_force="b"),
                  edits.update_element(bp, "dogs-unit", owner="a"),
                  edits.update_element(bp, "dogs", command="Someone else")):
        said = [line for line in side_effects(bp, after) if line.startswith("The team ")]
        assert said == [f"The team {name} is left with nothing to deliver: "
                        + line.split(": ", 1)[1]
                        for name, line in zip(_idle_the_long_way(bp, after), said,
                                              strict=True)]
