"""``designer merge`` and ``designer git-setup``, on files and in a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from designer.cli import main
from designer.cli_merge import DRIVER, attributes_line, driver_config
from designer.core import edits, io
from tests.build import blueprint, force, function, team

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def _base():
    return blueprint(force("asp", name="Avon and Somerset"), force("wilts", name="Wiltshire"),
                     functions=[function("dogs", "operational-support/dogs", name="Dogs",
                                         delivery="joint", lead_force="asp"),
                                function("ict", "support-functions/ict", name="ICT")],
                     teams=[team("tri-dogs", "dogs", "alliance", name="Dogs (Tri-Force)")])


def _files(tmp_path, ours, theirs, base=None):
    paths = [tmp_path / n for n in ("base.json", "ours.json", "theirs.json")]
    for path, bp in zip(paths, (base or _base(), ours, theirs), strict=True):
        io.save(bp, path)
    return paths


def test_a_clean_merge_is_written_over_ours(tmp_path, capsys):
    base = _base()
    b, o, t = _files(tmp_path, edits.update_element(base, "dogs", command="ACC Ops"),
                     edits.update_element(base, "ict", notes="Theirs"))
    assert main(["merge", str(b), str(o), str(t)]) == 0
    merged = io.load(o)
    assert merged.functions[0].command == "ACC Ops" and merged.functions[1].notes == "Theirs"
    assert o.read_text() == io.dumps(merged)  # canonical
    err = capsys.readouterr().err
    assert "merged cleanly" in err and "rules:" in err


def test_conflicts_are_written_into_the_file_and_exit_1(tmp_path, capsys):
    base = _base()
    b, o, t = _files(tmp_path, edits.update_element(base, "dogs", name="Police dogs"),
                     edits.update_element(base, "dogs", name="Canine unit"))
    out = tmp_path / "out.json"
    assert main(["merge", str(b), str(o), str(t), "-o", str(out), "--name", "x.json"]) == 1
    err = capsys.readouterr().err
    assert "x.json: 1 conflict, written into the file" in err
    assert "Police dogs: name: ours Police dogs, theirs Canine unit (was Dogs)" in err
    merged = io.load(out)  # still a valid blueprint
    assert merged.functions[0].name == "Police dogs"
    assert [c.path for c in merged.conflicts] == ["functions/dogs/name"]
    assert io.load(o).functions[0].name == "Police dogs" and not io.load(o).conflicts
    assert main(["check", str(out)]) == 1
    assert "no-merge-conflicts" in capsys.readouterr().out


@pytest.mark.parametrize("which", [0, 1, 2])
def test_any_unreadable_input_exits_2_and_writes_nothing(tmp_path, capsys, which):
    base = _base()
    paths = _files(tmp_path, edits.update_element(base, "dogs", name="A"),
                   edits.update_element(base, "ict", name="B"))
    paths[which].write_text(paths[which].read_text().replace('"name": "Dogs"', '"name": 7')
                            .replace('"lead_force": "asp"', '"lead_force": 7'))
    before = paths[1].read_bytes()
    assert main(["merge", *map(str, paths)]) == 2
    err = capsys.readouterr().err
    assert f"{paths[which]} is not a valid blueprint" in err and "nothing was written" in err
    assert paths[1].read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@needs_git
def test_a_json_file_that_is_not_a_blueprint_is_merged_as_text(tmp_path):
    """The default pattern gives every *.json to the driver: others merge as git would."""
    base, ours, theirs = (tmp_path / n for n in ("b.json", "o.json", "t.json"))
    base.write_text('{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}\n')
    ours.write_text('{\n  "a": 10,\n  "b": 2,\n  "c": 3\n}\n')
    theirs.write_text('{\n  "a": 1,\n  "b": 2,\n  "c": 30\n}\n')
    assert main(["merge", str(base), str(ours), str(theirs)]) == 0
    assert ours.read_text() == '{\n  "a": 10,\n  "b": 2,\n  "c": 30\n}\n'
    theirs.write_text('{\n  "a": 11,\n  "b": 2,\n  "c": 3\n}\n')
    assert main(["merge", str(base), str(ours), str(theirs)]) == 1  # text conflict markers
    assert "<<<<<<< ours" in ours.read_text()


def test_a_missing_file_exits_2(tmp_path, capsys):
    b, o, _t = _files(tmp_path, _base(), _base())
    assert main(["merge", str(b), str(o), str(tmp_path / "gone.json")]) == 2
    assert "no such file" in capsys.readouterr().err


# ------------------------------------------------------------------ git


def _git(repo, *args, check=True):
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent)}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=check, env=env)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    monkeypatch.chdir(repo)
    # the drivers run this interpreter with this checkout's designer
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
         os.environ.get("PYTHONPATH", "")]))
    return repo


@needs_git
def test_git_setup_writes_config_and_attributes_once(repo, capsys):
    assert main(["git-setup"]) == 0
    out = capsys.readouterr().out
    assert f"git config merge.{DRIVER}.driver" in out and ".gitattributes: added" in out
    for key, value in driver_config().items():
        assert _git(repo, "config", "--local", "--get", key).stdout.strip() == value
    assert sys.executable in driver_config()[f"merge.{DRIVER}.driver"]
    attributes = (repo / ".gitattributes").read_text()
    assert attributes == attributes_line("*.json") + "\n"
    assert main(["git-setup"]) == 0  # idempotent
    assert "nothing changed" in capsys.readouterr().out
    assert (repo / ".gitattributes").read_text() == attributes
    assert main(["git-setup", "--pattern", "models/*.json"]) == 0
    assert (repo / ".gitattributes").read_text().splitlines() == [
        attributes_line("*.json"), attributes_line("models/*.json")]


def test_git_setup_outside_a_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["git-setup"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


def _branches(repo, ours, theirs):
    """main holds the base; branch 'theirs' and then main commit their own edits."""
    path = repo / "alliance.json"
    io.save(_base(), path)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "theirs")
    io.save(theirs, path)
    _git(repo, "commit", "-qam", "theirs")
    _git(repo, "checkout", "-q", "main")
    io.save(ours, path)
    _git(repo, "commit", "-qam", "ours")
    return path


@needs_git
def test_git_merges_edits_to_different_functions_cleanly(repo, capsys):
    assert main(["git-setup"]) == 0
    base = _base()
    path = _branches(repo, edits.update_element(base, "dogs", command="ACC Operations"),
                     edits.update_element(base, "ict", delivery="shared", host_force="wilts"))
    done = _git(repo, "merge", "-q", "--no-edit", "theirs", check=False)
    assert done.returncode == 0, done.stderr + done.stdout
    merged = io.load(path)
    assert merged.functions[0].command == "ACC Operations"
    assert merged.functions[1].host_force == "wilts"
    assert path.read_text() == io.dumps(merged)
    shown = _git(repo, "show", "HEAD~1", "--", "alliance.json").stdout  # through textconv
    assert "Dogs: " not in shown and "+  command: ACC Operations" in shown
    capsys.readouterr()
    assert main(["check", str(path)]) in (0, 1)
    assert "no-merge-conflicts" not in capsys.readouterr().out


@needs_git
def test_git_conflicting_edits_leave_a_valid_file_with_conflicts(repo, capsys):
    assert main(["git-setup"]) == 0
    base = _base()
    path = _branches(repo, edits.update_element(base, "dogs", name="Police dogs"),
                     edits.update_element(base, "dogs", name="Canine unit"))
    done = _git(repo, "merge", "--no-edit", "theirs", check=False)
    assert done.returncode != 0
    assert "CONFLICT" in done.stdout
    merged = io.load(path)  # loads: no text-merge markers
    assert [(c.path, c.ours, c.theirs) for c in merged.conflicts] == [
        ("functions/dogs/name", "Police dogs", "Canine unit")]
    capsys.readouterr()
    assert main(["check", str(path)]) == 1
    assert "Merge conflict — Police dogs: name" in capsys.readouterr().out
