"""The flat CSV tables: one file per table, stable ids, exact pence."""

from __future__ import annotations

import csv

from designer.core.exports.csv_tables import export_csv
from designer.core.finance import project
from tests.core.test_finance import WORKED, worked_example

TABLES = {"forces", "functions", "baseline", "cost_sharing", "phasing", "function_force_years",
          "force_years", "alliance_years", "sensitivity", "flows", "options", "problems",
          "decisions", "assumptions"}


def read(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_table_is_written_and_matches_the_model(tmp_path):
    bp = worked_example("population")
    files = export_csv(bp, tmp_path / "out")
    assert {f.stem for f in files} == TABLES
    p = project(bp)
    alliance = read(tmp_path / "out" / "alliance_years.csv")
    assert [(r["year"], int(r["savings_pence"])) for r in alliance] == \
        list(p.savings_by_year().items())
    assert alliance[3]["target_pence"] == "40000000" and alliance[2]["target_pence"] == ""
    shares = {(r["function_id"], r["force_id"]): r for r in read(tmp_path / "out" /
                                                                  "cost_sharing.csv")}
    _, dogs_full, major_full, _ = WORKED["population"]
    assert int(shares["dogs", "a"]["full_year_contribution_pence"]) == dogs_full[0]
    assert int(shares["major", "b"]["full_year_contribution_pence"]) == major_full[1]
    assert shares["dogs", "a"]["share_percent"] == "60.000000"  # 1.2m of 2.0m people
    flows = read(tmp_path / "out" / "flows.csv")
    assert {(r["function_id"], r["payer"], r["payee"]) for r in flows} == {
        ("dogs", "b", "a"), ("major", "a", "b")}
    per_force = read(tmp_path / "out" / "function_force_years.csv")
    for y in p.years:
        assert sum(int(r["savings_pence"]) for r in per_force if r["year"] == y) == \
            p.alliance[y].savings


def test_exports_are_byte_for_byte_stable(tmp_path):
    bp = worked_example("equal")
    first = {f.name: f.read_bytes() for f in export_csv(bp, tmp_path / "one")}
    second = {f.name: f.read_bytes() for f in export_csv(bp, tmp_path / "two")}
    assert first == second


def test_progress_is_reported_per_table(tmp_path):
    steps = []
    export_csv(worked_example("equal"), tmp_path, progress=lambda i, n, w: steps.append(w))
    assert steps[-1] == "done" and "flows.csv" in steps


def test_decisions_csv_holds_the_log_with_times_and_offsets(tmp_path):
    from designer.core import edits
    from tests.core.test_challenges import log_bp

    bp = edits.update_challenge(log_bp(), "c3", text="=HYPERLINK(\"http://x\")")
    export_csv(bp, tmp_path)
    rows = read(tmp_path / "decisions.csv")
    assert list(rows[0]) == ["id", "raised", "about", "element_id", "status", "challenge",
                             "raised_by", "replies", "decision", "decided_by", "decided"]
    assert [r["id"] for r in rows] == ["c3", "c1", "c2", "c4"]
    c3, c1, c2, c4 = rows
    assert c3["challenge"] == "'=HYPERLINK(\"http://x\")"  # never a formula
    assert (c3["raised"], c3["element_id"], c3["about"]) == (
        "2015-03-01T09:00:00+00:00", "", "The blueprint as a whole")
    assert c4["raised"] == "2015-03-06T09:00:00+01:00"
    assert c1["replies"] == "Bob, 4 Mar 2015, 09:00: Yes, from April."
    assert (c2["status"], c2["decision"], c2["decided"]) == (
        "Accepted", "Split by population.", "2015-03-05T09:00:00+00:00")
    assert c1["decided"] == ""


def test_options_csv_holds_the_economic_case_by_case_and_figure(tmp_path):
    from designer.core.appraisal import compare
    from tests.core.test_appraisal import DOGS_LOCAL, _worked

    bp = _worked().model_copy(update={"options": (DOGS_LOCAL,)})
    export_csv(bp, tmp_path)
    rows = read(tmp_path / "options.csv")
    cmp = compare(bp)
    for case in cmp.cases:
        mine = [r for r in rows if r["case"] == case.key]
        assert int(next(r for r in mine if r["figure"] == "npv")["amount_pence"]) == case.npv
        assert [int(r["amount_pence"]) for r in mine if r["figure"] == "savings"] == \
            list(case.savings)
        assert [r["year"] for r in mine if r["figure"] == "savings"] == list(cmp.years)
    base = [r for r in rows if r["case"] == "base"]
    assert {(r["payer"], r["payee"], r["amount_pence"]) for r in base
            if r["figure"] == "payment"} == {("b", "a", "40000000")}
    assert not any(r["figure"] == "rule_errors" for r in rows if r["case"] == "bau")
