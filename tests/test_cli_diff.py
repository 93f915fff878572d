"""``designer diff``: exit codes, words, JSON and the git textconv listing."""

from __future__ import annotations

import json

from designer.cli import main
from designer.core import edits, io
from tests.build import blueprint, force, function, team


def _pair(tmp_path):
    before = blueprint(force("asp", name="Avon and Somerset"), force("wilts", name="Wiltshire"),
                       functions=[function("dogs", "operational-support/dogs", name="Dogs",
                                           delivery="joint", lead_force="asp")],
                       teams=[team("tri-dogs", "dogs", "alliance", name="Dogs (Tri-Force)")])
    after = edits.update_element(before, "dogs", delivery="local", lead_force=None)
    after = edits.remove_elements(after, ["tri-dogs"])
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    io.save(before, a)
    io.save(after, b)
    return a, b


def test_same_blueprints_exit_0(tmp_path, capsys):
    a, _b = _pair(tmp_path)
    copy = tmp_path / "copy.json"
    copy.write_text(a.read_text())
    assert main(["diff", str(a), str(copy)]) == 0
    assert "the same blueprint" in capsys.readouterr().out


def test_different_blueprints_exit_1_in_words(tmp_path, capsys):
    a, b = _pair(tmp_path)
    assert main(["diff", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert f"{a} → {b}: 2 items changed" in out
    assert "  Dogs: delivery joint → local; lead force Avon and Somerset → none\n" in out
    assert "  team Dogs (Tri-Force) removed\n" in out


def test_json_format(tmp_path, capsys):
    a, b = _pair(tmp_path)
    assert main(["diff", str(a), str(b), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["before"] == str(a) and data["same"] is False
    assert [(i["path"], i["status"]) for i in data["items"]] == [
        ("functions/dogs", "changed"), ("teams/tri-dogs", "removed")]
    assert data["items"][1]["value"]["name"] == "Dogs (Tri-Force)"
    assert "money" in data and "rules" in data


def test_unreadable_input_exits_2_with_the_loaders_message(tmp_path, capsys):
    a, _b = _pair(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "alliance-blueprint", "version": 1,')
    assert main(["diff", str(a), str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{broken} is not a valid blueprint" in err and "cut short" in err
    invalid = tmp_path / "invalid.json"
    invalid.write_text(a.read_text().replace('"lead_force": "asp"', '"lead_force": "zz"'))
    assert main(["diff", str(invalid), str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert "invalid.json" in err and "'zz'" in err  # both files are reported
    assert "missing.json" in err and "no such file" in err
    assert main(["diff", str(a)]) == 2


def test_textconv_lists_one_blueprint(tmp_path, capsys):
    a, _b = _pair(tmp_path)
    assert main(["diff", "--textconv", str(a)]) == 0
    out = capsys.readouterr().out
    assert "function Dogs [dogs]\n" in out and "  lead force: Avon and Somerset\n" in out


def test_textconv_shows_a_file_it_cannot_read_as_it_is(tmp_path, capsys):
    """git diff must keep working on a file left with text-merge markers."""
    marked = tmp_path / "marked.json"
    marked.write_text("<<<<<<< ours\n{}\n=======\n{}\n>>>>>>> theirs\n")
    assert main(["diff", "--textconv", str(marked)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("(not a readable blueprint: ")
    assert "<<<<<<< ours\n" in out
    assert main(["diff", "--textconv", str(tmp_path / "gone.json")]) == 2
