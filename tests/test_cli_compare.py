"""`designer compare` (text, json, csv, unknown and broken options) and `designer check` on
every option."""

from __future__ import annotations

import csv
import io as _io
import json

from designer.cli import main
from designer.core import io
from designer.core.schema import Option, OptionChange
from tests.core.test_appraisal import DOGS_LOCAL, NPT_JOINT, _worked


def _save(tmp_path, *options: Option, name: str = "bp.json"):
    path = tmp_path / name
    io.save(_worked().model_copy(update={"options": options}), path)
    return path


def test_compare_text_has_the_cases_as_columns_and_the_differences_in_words(tmp_path, capsys):
    path = _save(tmp_path, DOGS_LOCAL)
    assert main(["compare", str(path)]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("Figure"))
    assert header.split("  ")[0] == "Figure"
    for name in ("Business as usual", "Base (as drawn)", "Dogs kept local"):
        assert name in header
    assert "Net present value at 3.5%" in out and "£661,464.58" in out
    assert "Dogs kept local (dogs-local, short-list): differences from the base" in out
    assert "  - Dogs: joint → local for A and B" in out
    assert "B pays £400k a year less to A" in out
    assert "No option is marked preferred yet." in out


def test_compare_json_and_csv(tmp_path, capsys):
    path = _save(tmp_path, DOGS_LOCAL, NPT_JOINT)
    assert main(["compare", str(path), "--option", "dogs-local", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["key"] for c in data["cases"]] == ["bau", "base", "dogs-local"]
    base = data["cases"][1]
    assert base["npv_pence"] == 661_464_58 and base["payback_year"] == "2017/18"
    assert data["discount_rate_percent"] == 3.5 and data["discount_factors"][0] == 1
    assert main(["compare", str(path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(_io.StringIO(capsys.readouterr().out)))
    npv = {r["case"]: int(r["amount_pence"]) for r in rows if r["figure"] == "npv"}
    assert npv == {"bau": 0, "base": 661_464_58, "dogs-local": npv["dogs-local"],
                   "npt-joint": npv["npt-joint"]}
    errors = {r["case"]: int(r["number"]) for r in rows if r["figure"] == "rule_errors"}
    assert errors["base"] == 0 and errors["npt-joint"] > 0


def test_an_unknown_option_exits_2_and_lists_the_ids(tmp_path, capsys):
    path = _save(tmp_path, DOGS_LOCAL, NPT_JOINT)
    assert main(["compare", str(path), "--option", "nope"]) == 2
    err = capsys.readouterr().err
    assert "there is no option 'nope'; the options are: dogs-local, npt-joint" in err


def test_a_broken_option_exits_1_with_its_located_problems(tmp_path, capsys):
    broken = Option(id="broken", name="Broken", changes=(
        OptionChange(element="dogs", set={"savings_percent": 150}),))
    path = _save(tmp_path, DOGS_LOCAL, broken)
    assert main(["compare", str(path)]) == 1
    captured = capsys.readouterr()
    assert "Broken (broken, long-list): differences from the base" in captured.out
    assert "option 'broken' cannot be applied: options[1].changes[0].set.savings_percent " \
           '(id "broken"), line' in captured.err


def test_check_runs_the_rules_on_every_option(tmp_path, capsys):
    path = _save(tmp_path, DOGS_LOCAL, NPT_JOINT)
    assert main(["check", str(path)]) == 1  # the rejected option still breaks a principle
    out = capsys.readouterr().out
    assert "2 options" in out.splitlines()[0]
    assert "[local-policing-stays-local] (option npt-joint) Npt is joint" in out
    assert main(["check", str(path), "--format", "json"]) == 1
    results = json.loads(capsys.readouterr().out)["files"][0]["results"]
    assert {r["option"] for r in results if r["severity"] == "error"} == {"npt-joint"}


def test_check_reports_an_option_that_cannot_be_applied_on_its_line(tmp_path, capsys):
    broken = Option(id="broken", name="Broken", changes=(
        OptionChange(element="dogz", set={"delivery": "local"}),))
    path = _save(tmp_path, broken)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[option] (option broken) The option 'Broken' cannot be applied: " \
           "options[0].changes[0].element (id \"broken\"), line" in out
    assert main(["check", str(path), "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "option"]
    assert result["properties"]["option"] == "broken"
