"""The `designer` command line: exit codes, output and never touching bad files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from designer.cli import main
from designer.core import io
from tests.build import blueprint


def _write_good(tmp_path, name="good.json"):
    path = tmp_path / name
    io.save(blueprint("a", "b"), path)
    return path


def test_check_ok_and_json_output(tmp_path, capsys):
    path = _write_good(tmp_path)
    assert main(["check", str(path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["file"] == str(path)


def test_check_schema_problem_exits_2_like_unreadable(tmp_path, capsys):
    """A file that breaks the schema cannot be used as a blueprint: 2, never 1 (rule findings)."""
    good = _write_good(tmp_path)
    invalid = tmp_path / "invalid.json"
    invalid.write_text(good.read_text().replace('"force": "a"', '"force": "zz"'))
    assert main(["check", str(invalid)]) == 2
    assert main(["check", "--format", "json", str(invalid)]) == 2
    capsys.readouterr()
    assert main(["check", str(invalid)]) == 2
    err = capsys.readouterr().err
    assert "invalid.json" in err and "areas[0].force" in err and "'zz'" in err
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert main(["check", str(broken), str(good)]) == 2
    assert "broken.json" in capsys.readouterr().err


def test_check_help_explains_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "1 when a readable blueprint has rule findings" in text
    assert "2 when a file cannot be used as a blueprint (unreadable, or breaking the schema)" \
        in text


def test_fmt_check_and_rewrite(tmp_path, capsys):
    path = _write_good(tmp_path)
    canonical = path.read_text()
    path.write_text(json.dumps(json.loads(canonical)))  # one long line
    assert main(["fmt", "--check", str(path)]) == 1
    assert "would reformat" in capsys.readouterr().out
    assert path.read_text() != canonical
    assert main(["fmt", str(path)]) == 0
    assert path.read_text() == canonical
    assert main(["fmt", "--check", str(path)]) == 0


def test_fmt_leaves_bad_file_alone(tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"format": "alliance-blueprint", "version": 1, ')
    assert main(["fmt", str(path)]) == 2
    assert path.read_bytes() == b'{"format": "alliance-blueprint", "version": 1, '


def test_fmt_refuses_a_repeated_key_instead_of_dropping_one(tmp_path, capsys):
    path = _write_good(tmp_path)
    text = path.read_text().replace('"name": "A",', '"name": "A",\n      "name": "Merged",')
    path.write_text(text)
    assert main(["fmt", str(path)]) == 2
    assert 'forces[0].name (id "a"), line ' in capsys.readouterr().err
    assert path.read_text() == text


def test_new_writes_a_loadable_starter_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "new.json"
    assert main(["new", "--force", "Avon and Somerset", "--force", "Wiltshire",
                 "-o", str(out), "--start-year", "2015/16"]) == 0
    bp = io.load(out)
    assert [f.name for f in bp.forces] == ["Avon and Somerset Police", "Wiltshire Police"]
    before = out.read_bytes()
    assert main(["new", "--force", "X", "--force", "Y", "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert main(["new", "--force", "Only one", "-o", str(tmp_path / "one.json")]) == 2


def test_schema_command_prints_json_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Blueprint"


def test_module_entry_point_and_help():
    result = subprocess.run([sys.executable, "-m", "designer", "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "check" in result.stdout and "fmt" in result.stdout


def test_wrong_arguments_give_usage_error():
    result = subprocess.run([sys.executable, "-m", "designer", "check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "the following arguments are required: FILE" in result.stderr
