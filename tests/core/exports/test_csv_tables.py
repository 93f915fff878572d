"""The flat CSV tables: one file per table, stable ids, exact pence."""

from __future__ import annotations

import csv

from designer.core.exports.csv_tables import export_csv
from designer.core.finance import project
from tests.core.test_finance import WORKED, worked_example

TABLES = {"forces", "functions", "baseline", "cost_sharing", "phasing", "function_force_years",
          "force_years", "alliance_years", "sensitivity", "flows", "problems", "assumptions"}


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
