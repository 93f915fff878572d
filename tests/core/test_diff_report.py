"""Two blueprints compared: the money and rule differences beside the diff."""

from __future__ import annotations

from designer.core import diff as D
from designer.core import diff_report as R
from designer.core import edits
from designer.core.schema import ForceFigures
from tests.build import blueprint, force, function


def _alliance():
    return blueprint(force("asp", name="Avon and Somerset"), force("wilts", name="Wiltshire"),
                     functions=[function("dogs", "operational-support/dogs", name="Dogs",
                                         delivery="joint", lead_force="asp")])

def test_money_differences_in_the_target_year():
    ict = function("ict", "support-functions/ict", name="ICT", delivery="shared",
                   host_force="asp", baseline={"asp": ForceFigures(cost_pence=1_000_000_00),
                                               "wilts": ForceFigures(cost_pence=1_000_000_00)})
    before = blueprint(force("asp", name="Avon and Somerset"), force("wilts", name="Wiltshire"),
                       functions=[ict])
    after = edits.update_element(before, "ict", savings_percent=50.0)
    m = R.money_diff(before, after)
    assert m.year == "2018/19"
    assert m.savings[1] - m.savings[0] == 1_000_000_00 - 300_000_00  # 50% instead of 15%
    assert set(m.net_cost) == {"asp", "wilts"}
    lines = R.money_words(m, D.Names(after))
    assert lines[0] == "savings in 2018/19: £300.0k → £1.0m a year (+£700.0k)"
    assert lines[1].startswith("Avon and Somerset net cost in 2018/19: ")
    assert lines[1].endswith("(-£350.0k)")


def test_rule_differences_new_and_fixed_findings():
    before = _alliance()
    after = edits.update_element(before, "dogs", lead_force=None)
    r = R.rule_diff(before, after)
    assert not r.fixed
    assert r.new and all("Dogs" in x.message for x in r.new)
    back = R.rule_diff(after, before)
    assert back.fixed == r.new and not back.new
    assert R.rule_words(r)[0].startswith(f"new {r.new[0].severity}: ")


def test_report_sections_and_json():
    before = _alliance()
    after = edits.update_element(before, "dogs", lead_force=None)
    rep = R.report(before, after)
    headings = [h for h, _lines in rep.sections()]
    assert headings[0] == "Changes" and "Rules" in headings
    data = rep.as_json()
    assert data["same"] is False
    [item] = data["items"]
    assert item == {"path": "functions/dogs", "kind": "function", "status": "changed",
                    "id": "dogs", "text": "Dogs: lead force Avon and Somerset → none",
                    "changes": [{"path": "lead_force", "before": "asp", "after": None}]}
    assert data["rules"]["new"]
