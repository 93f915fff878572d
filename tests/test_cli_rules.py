"""`designer check` with rules (text, json, sarif, --strict, --rules) and `designer rules`."""

from __future__ import annotations

import json
from datetime import date

from designer.cli import main
from designer.core import io
from designer.core.edits import add_waiver
from designer.core.schema import Waiver
from tests.core.rules.sample import good, replace


def _save(tmp_path, bp, name="bp.json"):
    path = tmp_path / name
    io.save(bp, path)
    return path


def _broken(tmp_path):
    bp = replace(good(), "npt", delivery="joint", lead_force="a", command="ACC",
                 governing_body="board")
    bp = replace(bp, "b-west", commander="")
    bp = add_waiver(bp, Waiver(rule="area-has-local-commander", element="b-west",
                               reason="Commander post being recruited", author="PM",
                               date=date(2016, 1, 4)))
    return _save(tmp_path, bp, "broken.json")


def test_check_clean_blueprint_exits_0(tmp_path, capsys):
    path = _save(tmp_path, good())
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}: ok — 2 forces, 4 areas")


def test_check_prints_a_summary_line_per_file_after_its_verdict(tmp_path, capsys):
    """After "ok" (or the counts), one line: savings against the target in the target year,
    and the errors and warnings found."""
    clean = _save(tmp_path, good())
    behind = _save(tmp_path, good(target_pence=50_000_000_00), "behind.json")
    assert main(["check", str(clean), str(behind)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{clean}: ok — ")
    assert lines[1] == ("  savings in 2018/19: £3.5m a year against a target of £1.0m (350%); "
                        "0 errors, 0 warnings")
    assert lines[2].startswith(f"{behind}: 0 errors, 1 warning, ")
    assert lines[3] == ("  savings in 2018/19: £3.5m a year against a target of £50.0m (7%); "
                        "0 errors, 1 warning")
    no_target = _save(tmp_path, good(target_pence=None), "none.json")
    assert main(["check", str(no_target)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == \
        "  savings: no target set; 0 errors, 0 warnings"


def test_check_text_groups_by_severity_with_counts_sources_fixes_and_waivers(tmp_path, capsys):
    path = _broken(tmp_path)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: 2 errors, 0 warnings, 0 notes, 1 waived")
    assert "  Errors (2)\n" in out and "  Waived (1)\n" in out
    assert out.index("Errors (2)") < out.index("Waived (1)")
    assert "[local-policing-stays-local] Neighbourhood policing is joint" in out
    assert "source: Avon & Somerset–Wiltshire strategic alliance framework, March 2015" in out
    assert "suggested fix: set delivery of Neighbourhood policing to local" in out
    assert "error waived by PM on 2016-01-04: Commander post being recruited" in out


def test_strict_fails_on_warnings(tmp_path):
    bp = replace(good(), "dogs-unit", serves=("a-north",))  # joint unit misses b: a warning
    path = _save(tmp_path, bp)
    assert main(["check", str(path)]) == 0
    assert main(["check", "--strict", str(path)]) == 1


def test_check_json(tmp_path, capsys):
    path = _broken(tmp_path)
    assert main(["check", "--format", "json", str(path)]) == 1
    [entry] = json.loads(capsys.readouterr().out)["files"]
    assert entry["ok"] is False and entry["counts"] == {"error": 2, "warning": 0, "info": 0,
                                                        "waived": 1}
    rules = [r["rule"] for r in entry["results"]]
    assert "local-policing-stays-local" in rules
    fix = next(r["fix"] for r in entry["results"] if r["rule"] == "local-policing-stays-local")
    assert fix["changes"][0] == {"field": "delivery", "value": "local"}
    waived = next(r for r in entry["results"] if r["waiver"])
    assert waived["waiver"]["reason"] == "Commander post being recruited"


def test_check_sarif_has_the_2_1_0_structure(tmp_path, capsys):
    path = _broken(tmp_path)
    assert main(["check", "--format", "sarif", str(path)]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "Alliance Blueprint Designer"
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids)) and "coverage-gap" in ids
    assert all(r["defaultConfiguration"]["level"] in ("error", "warning", "note")
               and r["shortDescription"]["text"] for r in driver["rules"])
    assert run["artifacts"] == [{"location": {"uri": path.as_posix()}}]
    text = path.read_text()
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note", "none")
        assert result["message"]["text"]
        [loc] = result["locations"]
        assert loc["physicalLocation"]["artifactLocation"]["uri"] == path.as_posix()
        line = loc["physicalLocation"]["region"]["startLine"]
        element = result["properties"]["elements"][0]
        assert f'"id": "{element}"' in text.splitlines()[line - 1]
        assert loc["logicalLocations"][0]["name"] == element
    waived = [r for r in run["results"] if "suppressions" in r]
    assert [r["ruleId"] for r in waived] == ["area-has-local-commander"]
    assert waived[0]["suppressions"][0]["kind"] == "external"
    assert "Commander post being recruited" in waived[0]["suppressions"][0]["justification"]


def test_sarif_reports_schema_problems_as_results(tmp_path, capsys):
    good_path = _save(tmp_path, good())
    invalid = tmp_path / "invalid.json"
    invalid.write_text(good_path.read_text().replace('"force": "a"', '"force": "zz"', 1))
    assert main(["check", "--format", "sarif", str(invalid)]) == 2
    [result] = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert result["ruleId"] == "file-format" and "areas[0].force" in result["message"]["text"]
    line = invalid.read_text().splitlines().index('      "force": "zz",') + 1
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": line}
    assert f'areas[0].force (id "a-north"), line {line}:' in result["message"]["text"]


def test_rules_option_adds_a_pack(tmp_path, capsys):
    pack = tmp_path / "extra.toml"
    pack.write_text('[[rule]]\nid = "ict-local"\ntitle = "ICT stays local"\nseverity = "error"\n'
                    'source = "Our board"\nselect = { kind = "function", category = '
                    '"support-functions/ict" }\nrequire = { delivery = "local" }\n')
    path = _save(tmp_path, good())
    assert main(["check", str(path), "--rules", str(pack)]) == 1
    assert "[ict-local] ICT is shared, but this principle keeps it local" in \
        capsys.readouterr().out
    assert main(["check", str(path), "--rules", "no-such-pack"]) == 2
    assert "no built-in rule pack" in capsys.readouterr().err


def test_unreadable_file_still_exits_2(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert main(["check", str(broken), str(_save(tmp_path, good()))]) == 2
    assert "broken.json" in capsys.readouterr().err


def test_rules_command_lists_rules_with_sources(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("structure:\n")
    assert "alliance-principles:\n" in out
    assert "  local-policing-stays-local  [error]  Neighbourhood policing and incident " \
           "response stay local in every force" in out
    assert "source: Lesson of the Avon & Somerset/Gloucestershire/Wiltshire Tri-Force" in out
    assert main(["rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"id", "title", "severity", "source", "pack"} <= set(listed[0])
    assert main(["rules", "--pack", "nope"]) == 2


def test_a_failing_walk_through_is_an_error_naming_it_and_its_step(tmp_path, capsys):
    from designer.core.edits import add_walkthrough
    from designer.core.schema import Step, Walkthrough

    bp = add_walkthrough(good(), Walkthrough(
        id="dogs-west", title="Dog handler needed in West", area="b-west", time="Sat 03:00",
        steps=(Step(category="operational-support/dogs", delivery="joint"),
               Step(category="criminal-justice/custody"))))
    path = _save(tmp_path, bp)
    message = ("Walk-through “Dog handler needed in West”, step 2 (Custody): the blueprint has "
               "no function filed under Custody (criminal-justice/custody)")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"[walkthrough-passes] {message}" in out and "1 error" in out
    assert main(["check", str(path), "--format", "json"]) == 1
    results = json.loads(capsys.readouterr().out)["files"][0]["results"]
    assert [(r["rule"], r["severity"], r["message"], r["elements"]) for r in results] == [
        ("walkthrough-passes", "error", message, ["dogs-west", "b-west"])]
    assert main(["check", str(path), "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "walkthrough-passes" and result["level"] == "error"
    line = path.read_text("utf-8").splitlines().index('      "id": "dogs-west",') + 1
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == line
    assert main(["check", str(_save(tmp_path, add_walkthrough(good(), Walkthrough(
        id="ok", title="Dogs", area="b-west", steps=(
            Step(category="operational-support/dogs", provider="a"),))), "ok.json"))]) == 0
