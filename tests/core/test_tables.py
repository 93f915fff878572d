"""Report tables computed once: each table's headings, rows and words on small blueprints."""

from __future__ import annotations

from fractions import Fraction

import pytest

from designer.core import edits
from designer.core import tables as t
from designer.core.exports.problems import PROBLEM_COLUMNS
from designer.core.finance import project, sensitivity
from designer.core.schema import ForceFigures
from designer.core.tables import Column, Quantity, Remark, Row, Table, cell_text, texts
from tests.build import blueprint, function
from tests.core.test_finance import WORKED, worked_example

YEARS = ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20", "2020/21"]


@pytest.fixture(scope="module")
def equal():
    bp = worked_example("equal")
    return bp, project(bp)


def three_forces():
    """Dogs shared by a and b only (hosted by a): c is not a partner."""
    dogs = function("dogs", category="operational-support/dogs", delivery="shared",
                    host_force="a", partners=("a", "b"), savings_percent=10,
                    implementation_cost_pence=3_000_00,
                    baseline={f: ForceFigures(cost_pence=100_000_00) for f in "abc"})
    return blueprint("a", "b", "c", functions=[dogs])


def column(table: Table, key: str, output="pdf") -> list[str]:
    i = [c.key for c in table.columns_for(output)].index(key)
    return [row[i] for row in texts(table, output)]


# ------------------------------------------------------------------ words


def test_a_cell_reads_the_same_wherever_it_is_printed():
    money, pct = Column("m", "M", "money"), Column("p", "P", "percent")
    assert cell_text(12_345_600, money) == "£123,456.00"
    assert cell_text(-5, money) == "-£0.05"
    assert cell_text(Fraction(200, 3), pct) == "66.67%"
    assert cell_text(Fraction(3, 4), Column("f", "F", "factor")) == "×0.75"
    assert cell_text(1_650_000, Column("n", "N", "number")) == "1,650,000"
    assert cell_text(1015.0, Column("n", "N", "number")) == "1,015.0"
    assert cell_text(True, Column("w", "W", "flag")) == "yes"
    assert cell_text(False, Column("i", "I", "flag", flag=("illustrative", ""))) == ""
    assert cell_text(None, money) == "" and cell_text(Remark("not a partner"), money) == \
        "not a partner"
    quantity = Column("v", "V", "quantity")
    assert cell_text(Quantity(27_300_000_000, "£"), quantity) == "£273,000,000.00"
    assert cell_text(Quantity(15.0, "%"), quantity) == "15%"
    assert cell_text(Quantity(2707.0, "FTE"), quantity) == "2,707.0"
    assert cell_text(Quantity("2015/16"), quantity) == "2015/16"
    # A row can say its figures are of another kind (a row of shares among money).
    table = Table("x", "X", (Column("what", ""), money),
                  (Row(("Share", Fraction(50)), kind="percent"), Row(("Cost", 100))))
    assert texts(table, "dock") == [["Share", "50.00%"], ["Cost", "£1.00"]]


def test_data_columns_are_left_out_of_the_dock_and_the_pdf(equal):
    bp, p = equal
    table = t.sensitivity(p, sensitivity(bp))
    assert table.headings("dock") == table.headings("pdf") == [
        "Scenario", "Savings in 2018/19", "Surplus (+) / shortfall (−)",
        "Implementation costs", "Cumulative net benefit to 2020/21", "Payback year"]
    assert [c.key for c in table.columns_for("csv")][:3] == [
        "scenario", "savings_scale", "implementation_scale"]
    assert table.headings("xlsx") == [c.heading for c in table.columns]


# ------------------------------------------------------------------ financial case


def test_by_year_lists_every_year_then_totals(equal):
    _, p = equal
    table = t.by_year(p)
    assert table.headings("dock") == [
        "Financial year", "Baseline cost", "Projected savings", "Target",
        "Implementation costs", "Net benefit", "Cumulative savings",
        "Cumulative implementation", "Cumulative net benefit"]
    assert column(table, "year") == [*YEARS, "Total"]
    # 2016/17: dogs' ramp-up year, 7,500,002p saved; the £400,000 target from 2018/19 on.
    assert column(table, "savings", "dock")[1] == "£75,000.02"
    assert column(table, "target", "dock") == ["", "", "", "£400,000.00", "£400,000.00",
                                               "£400,000.00", ""]
    # the PDF prints money as a board paper does (issue 13 item 15)
    assert column(table, "savings")[1] == "£75.0k"
    assert column(table, "target") == ["", "", "", "£400.0k", "£400.0k", "£400.0k", ""]
    total = table.rows[-1]
    assert total.total and table.value(total, "savings") == sum(
        a.savings for a in p.alliance.values())
    assert table.value(total, "implementation") == 10_000_001
    assert table.value(total, "cumulative_savings") is None


def test_by_force_gives_each_measure_a_row_per_force_and_the_alliance(equal):
    bp, p = equal
    for measure, m in t.FORCE_MEASURES.items():
        table = t.by_force(bp, p, measure)
        assert table.title == m.title and table.headings("pdf") == ["Force", *YEARS, "Total"]
        assert [r.key for r in table.body] == ["a", "b"]
        alliance = table.rows[-1]
        assert alliance.total and alliance.cells[0] == "Alliance"
        for i in range(1, len(YEARS) + 2):
            assert alliance.cells[i] == sum(r.cells[i] for r in table.body)
        for r in table.body:
            assert table.value(r, "total") == sum(r.cells[1:-1])
    savings = t.by_force(bp, p, "savings")
    assert texts(savings, "dock")[0][3] == "£575,000.11"  # a, 2017/18 (worked example)
    received = t.by_force(bp, p, "received")
    assert received.value(received.body[0], "2017/18") == 42_500_008  # b pays a for dogs


def test_payback_by_force_names_the_last_year(equal):
    bp, p = equal
    table = t.payback(bp, p)
    assert table.headings("pdf") == [
        "Force", "Implementation costs", "Cumulative savings to 2020/21",
        "Pays other forces in 2020/21", "Paid by other forces in 2020/21", "Payback year"]
    a, _, alliance = table.rows
    assert table.value(a, "implementation") == WORKED["equal"][3][0]
    assert table.value(alliance, "payback_year") == p.payback_year()
    assert table.value(alliance, "implementation") == 10_000_001
    no_costs = t.payback(blueprint("a", "b"), project(blueprint("a", "b")))
    assert no_costs.value(no_costs.rows[0], "payback_year") == "no implementation costs"


def test_apportionment_shows_each_partners_share_and_contribution(equal):
    bp, p = equal
    table = t.apportionment(bp, p)
    assert table.headings("dock") == [
        "Unit", "Delivery", "Paid to", "Basis", "Share: A", "Share: B", "Contribution: A",
        "Contribution: B", "Unit cost"]
    assert "Share total" in table.headings("xlsx") and "ID" in table.headings("xlsx")
    dogs, major, total = texts(table, "dock")
    assert dogs == ["Dogs", "shared", "A", "equal shares", "50.00%", "50.00%",
                    "£425,000.09", "£425,000.08", "£850,000.17"]
    assert major[2] == "B"  # the joint unit's lead is paid
    assert total[0] == "Total" and total[-1] == "£2,050,000.17"
    assert table.rows[-1].total and [r.key for r in table.body] == ["dogs", "major"]

    three = three_forces()
    table = t.apportionment(three, project(three))
    row = texts(table, "pdf")[0]
    assert row[4:7] == ["50.00%", "50.00%", "—"]
    assert table.value(table.body[0], "contribution.c") is None


def test_apportionment_and_payments_say_when_nothing_is_shared():
    bp = blueprint("a", "b", functions=[function("local", baseline={
        "a": ForceFigures(cost_pence=100)})])
    p = project(bp)
    assert t.apportionment(bp, p).rows == () and t.payments(bp, p).rows == ()
    assert t.apportionment(bp, p).empty == "No shared or joint functions."


def test_payments_and_contributions_by_year(equal):
    bp, p = equal
    table = t.payments(bp, p)
    assert table.headings("pdf") == ["Payer", "Payee", *YEARS, "Total"]
    assert [(r.cells[0], r.cells[1]) for r in table.rows] == [("A", "B"), ("B", "A")]
    b_to_a = table.rows[1]
    assert table.value(b_to_a, "2017/18") == WORKED["equal"][1][1]
    assert table.value(b_to_a, "total") == sum(b_to_a.cells[2:-1])
    contributions = t.contributions(bp, p)
    assert [r.key for r in contributions.rows] == ["dogs.a", "dogs.b", "major.a", "major.b"]
    assert contributions.value(contributions.rows[0], "2015/16") == 60_000_020  # own cost


def test_phasing_and_functions(equal):
    bp, p = equal
    savings = t.phasing(bp, p, "savings")
    assert savings.headings("xlsx") == ["ID", "Function", "Delivery", "Go-live", "Ramp-up",
                                        *YEARS, "Total"]
    assert [savings.value(savings.rows[-1], y) for y in YEARS] == \
        list(p.savings_by_year().values())
    spent = t.phasing(bp, p, "implementation")
    assert [r.key for r in spent.body] == ["dogs"]
    fns = t.functions(bp, p)
    assert fns.headings("xlsx")[:8] == ["ID", "Function", "Category", "Delivery",
                                        "Delivery: A", "Delivery: B", "Host / lead force",
                                        "Partners"]
    assert fns.value(fns.rows[-1], "baseline_total") == 250_000_020
    assert fns.column("baseline_total").sum_of == ("baseline.a", "baseline.b")


def test_sensitivity_rows_follow_the_scenarios(equal):
    bp, p = equal
    cases = sensitivity(bp)
    table = t.sensitivity(p, cases)
    assert [r.cells[0] for r in table.rows] == [c.scenario.name for c in cases]
    assert [r.emphasis for r in table.rows] == [False, True, False, False, False]
    # Savings 25% lower: 33,750,002p in 2018/19, 6,249,998p short of the target.
    assert texts(table, "dock")[0][1:3] == ["£337,500.02", "-£62,499.98"]


def test_one_functions_figures(equal):
    bp, p = equal
    table = t.function_figures(bp, p, "dogs")
    rows = {r[0]: r[1:] for r in texts(table, "dock")}
    assert table.headings("dock") == ["", "A", "B", "All forces"]
    assert rows["Baseline cost"] == ["£600,000.20", "£400,000.00", "£1,000,000.20"]
    assert rows["Share of unit cost"] == ["50.00%", "50.00%", "100%"]
    assert rows["Pays 2017/18"] == ["£425,000.09", "£425,000.08", "£850,000.17"]
    assert rows["Own cost 2015/16"][0] == "£600,000.20"
    assert "One-off cost" in rows
    assert t.function_figures(bp, p, "nope") is None


# ------------------------------------------------------------------ the design


def test_delivery_matrix_has_a_cell_per_function_and_force(equal):
    bp, _ = equal
    table = t.delivery_matrix(bp)
    assert table.headings("pdf") == ["Function", "Category", "A", "B"]
    dogs = table.rows[0]
    assert dogs.key == "dogs" and dogs.cells[1] == "Operational Support"
    assert [c.delivery for c in dogs.cells[2:]] == ["shared", "shared"]
    assert texts(table, "pdf")[0][2] != texts(table, "pdf")[0][3]  # the host is marked


def test_problems_keep_their_columns_and_say_when_there_are_none():
    bp = blueprint("a", "b")
    table = t.problems(bp)
    assert tuple(c.key for c in table.columns) == PROBLEM_COLUMNS
    assert table.headings("pdf") == ["Rule", "Severity", "Elements", "Problem",
                                     "Rule source", "Waiver reason", "Waived by",
                                     "Waiver date"]
    assert "Waived" in table.headings("xlsx") and "Suggested fix" in table.headings("xlsx")
    assert table.empty == "No problems found."


def test_assumptions_give_each_value_with_its_unit(equal):
    bp, p = equal
    table = t.assumptions(bp, p)
    assert table.headings("pdf") == ["Topic", "Item", "Value", "Unit", "Source",
                                     "Illustrative"]
    rows = {(r[0], r[1]): r for r in texts(table, "pdf")}
    assert rows["Alliance", "Savings target by 2018/19"][2:4] == ["£400,000.00", "£"]
    assert rows["Savings defaults", "Joint functions"][2] == "20%"
    assert rows["Force: A", "Population"][2:4] == ["1,200,000", "people"]


def test_assumptions_name_forces_not_ids():
    """Issue 13 item 21: 'Baseline cost: avon-somerset' read like a database dump."""
    from designer.core import io
    from tests.core.test_samples import MODELS

    bp = io.load(MODELS / "avon-somerset-wiltshire.json")
    items = [r[1] for r in texts(t.assumptions(bp, project(bp)), "pdf")]
    ids = {f.id for f in bp.forces}
    assert not [i for i in items if any(i.endswith(f": {x}") for x in ids)]
    assert "Baseline cost: Avon and Somerset Constabulary" in items
    fixed = blueprint("a", "b", functions=[function(
        "dogs", "operational-support/dogs", delivery="joint", lead_force="a",
        cost_basis={"kind": "fixed", "shares": {"a": 60, "b": 40}})])
    items = [r[1] for r in texts(t.assumptions(fixed, project(fixed)), "pdf")]
    assert "Fixed share: A" in items and "Fixed share: B" in items


def test_the_functions_category_is_the_catalogue_category_not_the_function():
    """Issue 13 item 21: the Category column repeated the function's own entry
    ("Dogs" for dogs); it names the POA category the function sits in."""
    bp = blueprint("a", "b", functions=[
        function("dogs", "operational-support/dogs", name="Dogs (Tri-Force)"),
        function("hr", "support-functions/hr", name="Human resources")])
    p = project(bp)
    table = t.functions(bp, p)
    assert [table.value(r, "category") for r in table.body] == \
        ["Operational Support", "Support Functions"]
    flat = t.flat.functions(bp, p)
    assert [flat.value(r, "category_name") for r in flat.rows] == \
        ["Operational Support", "Support Functions"]


def test_the_decision_log_lists_challenges_oldest_first_with_their_decisions():
    from tests.core.test_challenges import log_bp

    bp = log_bp()
    bp = edits.remove_elements(bp, ["dogs-unit"])  # nothing the log names: kept as is
    table = t.decisions(bp)
    assert table.title == "Decision log: challenges and decisions"
    assert table.headings("pdf") == ["Raised", "About", "Status", "Challenge", "Raised by",
                                     "Replies", "Decision", "Decided by", "Decided"]
    assert table.headings("xlsx")[:4] == ["ID", "Raised", "About", "Element ID"]
    assert [r.key for r in table.rows] == ["c3", "c1", "c2", "c4"]
    rows = {r.key: dict(zip(table.headings("pdf"), words, strict=True))
            for r, words in zip(table.rows, texts(table, "pdf"), strict=True)}
    assert rows["c3"]["About"] == "The blueprint as a whole"
    assert rows["c1"] | {"Replies": ""} == {
        "Raised": "2 Mar 2015, 09:00", "About": "Dogs", "Status": "Open",
        "Challenge": "Should dogs be joint?", "Raised by": "Ann", "Replies": "",
        "Decision": "", "Decided by": "", "Decided": ""}
    assert rows["c1"]["Replies"] == "Bob, 4 Mar 2015, 09:00: Yes, from April."
    assert (rows["c2"]["Status"], rows["c2"]["Decision"], rows["c2"]["Decided by"],
            rows["c2"]["Decided"]) == ("Accepted", "Split by population.", "Board",
                                       "5 Mar 2015, 09:00")
    assert rows["c4"]["About"] == "PCC of A"
    assert [r.emphasis for r in table.rows] == [True, True, False, False]  # open ones stand out
    assert table.value(table.rows[1], "element_id") == "dogs"
    empty = t.decisions(blueprint("a", "b"))
    assert empty.rows == () and empty.empty == "No challenges or decisions recorded."
