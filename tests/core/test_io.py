"""File I/O: canonical saves, atomic writes, and a clear error for every bad file."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from designer.core import io
from designer.core.schema import Blueprint, Position
from tests.build import blueprint, function, team


@pytest.fixture
def good() -> Blueprint:
    return blueprint(
        "a", "b",
        functions=[function("mcit", delivery="joint", lead_force="a", command="ACC")],
        teams=[team("brunel", "mcit", "alliance")],
    )


@pytest.fixture
def good_text(good: Blueprint) -> str:
    return io.dumps(good)


def _write(tmp_path: Path, content: bytes | str, name: str = "bad.json") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _mutate(text: str, change) -> str:
    data = json.loads(text)
    change(data)
    return json.dumps(data, indent=2)


def test_save_then_load_is_equal_and_canonical(tmp_path, good):
    path = tmp_path / "bp.json"
    io.save(good, path)
    text = path.read_text("utf-8")
    assert io.load(path) == good
    assert text.endswith("}\n") and '\n  "forces": [' in text
    assert io.dumps(io.load(path)) == text


def test_canonical_form_omits_defaults_and_keeps_schema_order(good_text):
    data = json.loads(good_text)
    assert list(data)[:3] == ["format", "version", "alliance"]
    assert list(data["forces"][0])[:2] == ["id", "name"]
    assert "illustrative" not in data["forces"][0]  # default False is left out


# Every bad-input case: (label, file content builder, expected message fragment, path fragment)
BAD_CASES = [
    ("not json", lambda t: "this is not json", "not valid JSON", "line 1, column 1"),
    ("truncated", lambda t: t[: len(t) // 2], "cut short", "line "),
    ("empty", lambda t: "", "empty", ""),
    ("latin-1 bytes", lambda t: t.replace("Test alliance", "Caf\xe9").encode("latin-1"),
     "not valid UTF-8", "line 5, column 17"),
    ("bom", lambda t: b"\xef\xbb\xbf" + t.encode(), "byte-order mark", ""),
    ("utf-16", lambda t: t.encode("utf-16"), "UTF-16", ""),
    ("top-level array", lambda t: "[1, 2]", "expected a JSON object", ""),
    ("other format", lambda t: '{"format": "drawio", "version": 1}', "not a blueprint file", ""),
    ("no header", lambda t: '{"forces": []}', "header is missing", ""),
    ("wrong type", lambda t: _mutate(t, lambda d: d["forces"][0].update(population="many")),
     "valid integer", "forces[0].population"),
    ("unknown key", lambda t: _mutate(t, lambda d: d["functions"][0].update(colour="red")),
     "unknown field", "functions[0].colour"),
    ("newer version", lambda t: _mutate(t, lambda d: d.update(version=7)),
     "newer Alliance Blueprint Designer", "version"),
    ("version not a number", lambda t: _mutate(t, lambda d: d.update(version="one")),
     "whole number", "version"),
    ("dangling reference", lambda t: _mutate(t, lambda d: d["teams"][0].update(function="nope")),
     "'nope', which does not exist", "teams[0].function"),
    ("reference of wrong kind",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(lead_force="a-area")),
     "which is a area, not a force", "functions[0].lead_force"),
    ("duplicated id",
     lambda t: _mutate(t, lambda d: d["areas"].append(dict(d["areas"][0]))),
     "used more than once", "areas[2].id"),
    ("shared without host",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(delivery="shared", lead_force=None)),
     "needs a host force", "functions[0]"),
    ("host outside partners",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(
         delivery="shared", lead_force=None, host_force="a", partners=["b", "c"])),
     "must be one of the partners", "functions[0]"),
    ("local with host",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(
         delivery="local", lead_force=None, host_force="a")),
     "no host or lead", "functions[0]"),
    ("nan", lambda t: t.replace('"population": 1000000', '"population": NaN', 1),
     "finite number", "forces[0].population"),
    ("nan, hand-written file", lambda t: '{"version": 1, "format": "alliance-blueprint",\n'
     '"x": NaN}', "NaN", "line 2, column 6"),
    ("infinity in float field",
     lambda t: t.replace('"officers_fte": 1000.0', '"officers_fte": 1e999', 1),
     "finite number", "forces[0].officers_fte"),
    ("infinity, hand-written file", lambda t: '{"version": 1, "format": "alliance-blueprint",'
     ' "x": -1e999}', "too large", "line 1, column 53"),
    ("absurd money",
     lambda t: _mutate(t, lambda d: d["forces"][0].update(net_budget_pence=10**30)),
     "less than or equal to", "forces[0].net_budget_pence"),
    ("thousands of digits",
     lambda t: t.replace('"population": 1000000', '"population": ' + "9" * 5000, 1),
     "far too large", "line "),
    ("deep nesting", lambda t: "[" * 100_000 + "]" * 100_000, "nested", ""),
    ("deep nesting, canonical head",
     lambda t: t.replace('"links": []', '"links": ' + "[" * 50_000 + "]" * 50_000)
     if '"links"' in t else t.replace('"alliance": {', '"x": ' + "[" * 50_000 + "]" * 50_000
                                      + ', "alliance": {', 1),
     "", ""),
    ("bad id characters",
     lambda t: _mutate(t, lambda d: d["forces"][1].update(id="B Force")),
     "should match pattern", "forces[1].id"),
    ("unknown category",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(category="magic/wands")),
     "not a category", "functions[0].category"),
    ("fixed shares not 100",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(
         cost_basis={"kind": "fixed", "shares": {"a": 50, "b": 40}})),
     "must total 100%", "functions[0].cost_basis"),
    # issue 13 item 2: wrong types are errors, never conversions
    ("true for a population",
     lambda t: _mutate(t, lambda d: d["forces"][0].update(population=True)),
     "valid integer", "forces[0].population"),
    ("decimal for a whole number",
     lambda t: _mutate(t, lambda d: d["forces"][0].update(population=1000000.0)),
     "valid integer", "forces[0].population"),
    ("text for an FTE",
     lambda t: _mutate(t, lambda d: d["forces"][0].update(officers_fte="12")),
     "valid number", "forces[0].officers_fte"),
    ("yes for a flag",
     lambda t: _mutate(t, lambda d: d["forces"][0].update(illustrative="yes")),
     "valid boolean", "forces[0].illustrative"),
    ("number for a name",
     lambda t: _mutate(t, lambda d: d["forces"][0].update(name=12)),
     "valid string", "forces[0].name"),
    ("text for an FTE, hand-written order",
     lambda t: _hand_written(_mutate(t, lambda d: d["teams"][0].update(fte="12"))),
     "valid number", "teams[0].fte"),
    # item 1: a key given twice is an error naming the key, its path and line
    ("duplicate key",
     lambda t: t.replace('"command": "ACC"', '"command": "ACC",\n      "command": "Other"'),
     'the key "command" appears twice in this object (first on line 70)',
     'functions[0].command (id "mcit"), line 71, column 7'),
    ("duplicate list, as a text merge leaves it",
     lambda t: t.replace('  "teams": [', '  "teams": [],\n  "teams": ['),
     'the key "teams" appears twice', "teams, line 74"),
    ("duplicate key in a map",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(
         baseline={"a": {"cost_pence": 1}, "b": {"cost_pence": 2}}))
     .replace('"b": {', '"a": {'),
     'the key "a" appears twice', 'functions[0].baseline.a (id "mcit"), line '),
    ("duplicate key, spaces before the colons",
     lambda t: t.replace('"name": "Mcit"', '"name" : "Mcit",\n "name" :"Other"'),
     'the key "name" appears twice', 'functions[0].name (id "mcit"), line 67'),
    ("duplicate key, hand-written order",
     lambda t: _hand_written(t).replace('"name": "Brunel"', '"name": "Brunel", "name": "B"'),
     'the key "name" appears twice', 'teams[0].name (id "brunel"), line '),
    ("duplicate key beside quoted colons",
     lambda t: t.replace('"command": "ACC"', '"command": "ACC \\": x",\n "command": "B"'),
     'the key "command" appears twice', "functions[0].command"),
    # item 3: NaN and Infinity are named, with line and column, whatever the key order
    ("nan where an object belongs",
     lambda t: t.replace('"savings_target": {', '"savings_target": NaN, "x": {', 1),
     "NaN is not a finite number", "alliance.savings_target, line 6, column 23"),
    ("infinity for a name",
     lambda t: t.replace('"name": "Mcit"', '"name": Infinity'),
     "Infinity is not a finite number", 'functions[0].name (id "mcit"), line 66, column 15'),
    ("-infinity in a list, hand-written order",
     lambda t: _hand_written(t).replace('"b.pcc"', "-Infinity"),
     "-Infinity is not a finite number", "bodies[0].chairs[1]"),
    # item 5: no control characters in any text; names are never blank
    ("control character in a name",
     lambda t: _mutate(t, lambda d: d["forces"][0].update(name="Bell\u0007")),
     "control character (U+0007) at character 5", 'forces[0].name (id "a"), line 15'),
    ("C1 control character in notes",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(notes="one\ntwo\u0085")),
     "control character (U+0085) at character 8", 'functions[0].notes (id "mcit")'),
    ("newline in a one-line field",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(command="ACC\nOps")),
     "control character (U+000A) at character 4", "functions[0].command"),
    ("control character in a tag",
     lambda t: _mutate(t, lambda d: d["teams"][0].update(tags=["ok", "b\u001b[2J"])),
     "control character (U+001B)", "teams[0].tags[1]"),
    ("control character in a waiver",
     lambda t: _mutate(t, lambda d: d["alliance"].update(waivers=[{
         "rule": "r", "element": "a", "reason": "ok", "author": "Me\u0000",
         "date": "2016-01-04"}])),
     "control character (U+0000)", "alliance.waivers[0].author"),
    ("blank name: spaces and zero-width characters",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(name=" \u200b\u00a0 ")),
     "empty once spaces and invisible characters", 'functions[0].name (id "mcit")'),
    ("blank name: bidi controls",
     lambda t: _mutate(t, lambda d: d["forces"][1].update(pcc="\u202e\u2066\u2069")),
     "empty once spaces and invisible characters", 'forces[1].pcc (id "b")'),
    ("blank title",
     lambda t: _mutate(t, lambda d: d["functions"][0].update(command="\u200b")),
     "empty once spaces and invisible characters", "functions[0].command"),
    ("blank waiver reason",
     lambda t: _mutate(t, lambda d: d["alliance"].update(waivers=[{
         "rule": "r", "element": "a", "reason": " \n\t", "author": "Me",
         "date": "2016-01-04"}])),
     "empty once spaces and invisible characters", "alliance.waivers[0].reason"),
    # item 6: located errors name the element and the line
    ("error names the element and its line",
     lambda t: _mutate(t, lambda d: d["teams"][0].update(function="nope")),
     "which does not exist", 'teams[0].function (id "brunel"), line 77'),
]


def _hand_written(text: str) -> str:
    """The same document with the header last, as a person might write it (the slow path)."""
    data = json.loads(text)
    header = {k: data.pop(k) for k in ("format", "version")}
    return json.dumps({**data, **header}, indent=1)


@pytest.mark.parametrize(("label", "make", "message", "where"), BAD_CASES,
                         ids=[c[0] for c in BAD_CASES])
def test_bad_file_gives_located_error_and_file_is_unchanged(tmp_path, good_text, label, make,
                                                             message, where):
    path = _write(tmp_path, make(good_text))
    before = path.read_bytes()
    with pytest.raises(io.BlueprintFileError) as info:
        io.load(path)
    err = info.value
    assert err.file == str(path)
    assert err.problems, "at least one problem is reported"
    text = str(err)
    assert str(path) in text
    assert message in text
    assert where in text
    assert path.read_bytes() == before


def test_text_keeps_newlines_tabs_and_visible_unicode(good):
    """Multi-line fields take newlines and tabs; names may hold any visible character."""
    fn = good.functions[0].model_copy(update={
        "name": "Major crime \u2013 Brunel \u200b(MCIT)", "notes": "one\n\ttwo",
        "command": "ACC \u00e9quipe"})
    changed = good.model_copy(update={"functions": (fn,)})
    assert io.loads(io.dumps(changed)) == changed


def test_edits_in_the_app_get_the_same_text_rules(good):
    """The rules live in the schema's value types, so an edit is refused the same way."""
    from designer.core.edits import EditError, update_element

    with pytest.raises(EditError, match=r"control character \(U\+0007\)"):
        update_element(good, "a", name="Bell\u0007")
    with pytest.raises(EditError, match="empty once spaces and invisible characters"):
        update_element(good, "mcit", name="\u200b\u200f")


def test_whole_numbers_are_accepted_for_decimal_fields(tmp_path, good_text):
    """Strict types still take ``12`` for an FTE: JSON has one kind of number."""
    for text in (good_text, _hand_written(good_text)):
        changed = _mutate(text, lambda d: d["teams"][0].update(fte=12))
        assert io.loads(changed).teams[0].fte == 12.0


def test_every_key_given_twice_is_refused(tmp_path):
    """Whichever line a text merge repeats, at whatever depth, the load names the key."""
    from tests.core.rules.sample import good as sample

    bp = sample(target_pence=1_000_000_00)
    text = io.dumps(bp.model_copy(update={"forces": tuple(
        f.model_copy(update={"position": Position(x=1.0, y=2.0)}) for f in bp.forces)}))
    lines = text.splitlines(keepends=True)
    repeated = [i for i, line in enumerate(lines) if line.rstrip().endswith(",")
                and '": ' in line and not line.rstrip().endswith(("{,", "[,"))]
    assert len(repeated) > 40
    for i in repeated:
        twice = "".join([*lines[:i + 1], lines[i], *lines[i + 1:]])
        with pytest.raises(io.BlueprintFileError, match="appears twice") as info:
            io.loads(twice, "merged.json")
        assert info.value.problems[0].line == i + 2, lines[i]


def test_quoted_colons_in_text_still_load(good):
    """Text holding '\":' (as JSON) is not taken for a repeated key."""
    noted = good.model_copy(update={"alliance": good.alliance.model_copy(
        update={"notes": 'The board said "yes": go ahead', "source": '"a" :'})})
    assert io.loads(io.dumps(noted)) == noted


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(io, "MAX_FILE_BYTES", 1000)
    path = _write(tmp_path, b"x" * 5000)
    with pytest.raises(io.BlueprintFileError, match="at most"):
        io.load(path)


def test_hundred_megabytes_of_junk(tmp_path):
    path = tmp_path / "junk.json"
    with path.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: 100 MB of zero bytes
    with pytest.raises(io.BlueprintFileError, match="MiB"):
        io.load(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes and /dev/zero are POSIX")
def test_pipes_and_devices_are_refused_unread(tmp_path):
    """A FIFO would wait for a writer forever; /dev/zero would be read to the size limit."""
    os.mkfifo(tmp_path / "pipe.json")
    for path in (tmp_path / "pipe.json", "/dev/zero"):
        with pytest.raises(io.BlueprintFileError, match="is not a regular file"):
            io.load(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(io.BlueprintFileError, match="no such file"):
        io.load(tmp_path / "absent.json")
    with pytest.raises(io.BlueprintFileError, match="folder"):
        io.load(tmp_path)


def test_many_problems_are_listed_each_with_its_path(tmp_path, good_text):
    def break_all(d):
        d["teams"][0]["function"] = "x1"
        d["areas"][0]["force"] = "x2"
    path = _write(tmp_path, _mutate(good_text, break_all))
    with pytest.raises(io.BlueprintFileError) as info:
        io.load(path)
    paths = {p.path for p in info.value.problems}
    assert {"teams[0].function", "areas[0].force"} <= paths
    assert info.value.readable


def test_syntax_errors_are_unreadable_schema_errors_are_readable(tmp_path, good_text):
    with pytest.raises(io.BlueprintFileError) as info:
        io.loads("{", "x.json")
    assert not info.value.readable
    with pytest.raises(io.BlueprintFileError) as info:
        io.loads(_mutate(good_text, lambda d: d["teams"][0].update(function="zz")), "x.json")
    assert info.value.readable


def test_json_path_formatting():
    assert io.json_path(("functions", 3, "host_force")) == "functions[3].host_force"
    assert io.json_path(("functions", 0, "baseline", "my force")) == \
        'functions[0].baseline["my force"]'


def test_migration_refuses_unknown_old_versions():
    with pytest.raises(io.BlueprintFileError, match="unknown version 0"):
        io.loads('{"format": "alliance-blueprint", "version": 0}')


def test_migration_steps_run_in_order(monkeypatch, good_text):
    """A future v2 reader must bring v1 files forward through MIGRATIONS."""
    calls = []

    def v0_to_v1(data):
        calls.append(data["version"])
        data = dict(data, version=1)
        data["alliance"] = dict(data["alliance"], name=data["alliance"]["name"] + " (migrated)")
        return data

    monkeypatch.setitem(io.MIGRATIONS, 0, v0_to_v1)
    monkeypatch.setattr(io, "migrate", _migrate_from_zero(io.migrate))
    old = _mutate(good_text, lambda d: d.update(version=0))
    bp = io.loads(old)
    assert calls == [0]
    assert bp.alliance.name.endswith("(migrated)")


def _migrate_from_zero(real):
    def migrate(data):
        if data.get("version") == 0:
            data = io.MIGRATIONS[0](data)
        return real(data)
    return migrate


def test_atomic_write_keeps_old_file_when_writing_fails(tmp_path, good, monkeypatch):
    path = tmp_path / "bp.json"
    io.save(good, path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(io.SaveError, match="No space left on device"):
        io.save(good.model_copy(update={"alliance": good.alliance.model_copy(
            update={"name": "Changed"})}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["bp.json"], "no temporary file is left"


def test_save_into_read_only_folder_fails_cleanly(tmp_path, good, monkeypatch):
    path = tmp_path / "bp.json"
    io.save(good, path)
    before = path.read_bytes()

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(io.tempfile, "mkstemp", denied)
    with pytest.raises(io.SaveError, match="Permission denied"):
        io.save(good, path)
    assert path.read_bytes() == before


def test_save_into_missing_folder_is_a_save_error(tmp_path, good):
    with pytest.raises(io.SaveError, match=r"could not save .*absent.*bp\.json") as caught:
        io.save(good, tmp_path / "absent" / "bp.json")
    assert "previous file" not in str(caught.value), "there was no previous file"


def test_new_file_gets_ordinary_permissions_not_private_temp_ones(tmp_path, good):
    old = os.umask(0o022)
    try:
        io.save(good, tmp_path / "new.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_save_keeps_file_permissions(tmp_path, good):
    path = tmp_path / "bp.json"
    io.save(good, path)
    path.chmod(0o640)
    io.save(good, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# ------------------------------------------------------------------ symbolic links


def _renamed(good: Blueprint) -> Blueprint:
    return good.model_copy(update={"alliance": good.alliance.model_copy(
        update={"name": "Renamed alliance"})})


@pytest.mark.parametrize("relative", [False, True], ids=["absolute-link", "relative-link"])
def test_saving_through_a_symbolic_link_replaces_the_target_and_keeps_the_link(
        tmp_path, good, monkeypatch, relative):
    real, links = tmp_path / "real", tmp_path / "links"
    real.mkdir()
    links.mkdir()
    target = real / "bp.json"
    io.save(good, target)
    link = links / "alliance.json"
    link.symlink_to(Path("..") / "real" / "bp.json" if relative else target)
    pointed = os.readlink(link)
    renames = []
    real_replace = os.replace

    def replace(src, dst):
        renames.append((Path(src).parent, Path(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    io.save(_renamed(good), link)
    assert link.is_symlink() and os.readlink(link) == pointed, "the link is kept"
    assert io.load(target).alliance.name == "Renamed alliance", "the target is written"
    assert renames == [(real, target)], "temporary file beside the target, renamed over it"
    assert [p.name for p in links.iterdir()] == ["alliance.json"]
    assert [p.name for p in real.iterdir()] == ["bp.json"]


def test_saving_through_a_dangling_link_creates_its_target(tmp_path, good):
    link = tmp_path / "alliance.json"
    link.symlink_to(tmp_path / "made.json")
    io.save(good, link)
    assert link.is_symlink()
    assert io.load(tmp_path / "made.json") == good


# ------------------------------------------------------------------ temporary files

_CHILD = """
import os, signal, sys
from designer.core import io
from tests.build import blueprint

mode, path = sys.argv[1], sys.argv[2]
def stop(src, dst):
    if mode == "kill":           # killed mid-save: the temporary file is left behind
        os.kill(os.getpid(), signal.SIGKILL)
    print("writing", flush=True)  # a save in progress: wait for the parent
    sys.stdin.readline()
    os.kill(os.getpid(), signal.SIGKILL)
os.replace = stop
io.save(blueprint("a", "b"), path)
"""


def _save_in_child(path: Path, mode: str) -> subprocess.Popen:
    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen([sys.executable, "-c", _CHILD, mode, str(path)], cwd=root,
                            env={**os.environ, "PYTHONPATH": str(root)},
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("then", ["save", "load"])
def test_temporary_files_of_a_killed_save_are_removed_next_time(tmp_path, good, then):
    path = tmp_path / "bp.json"
    io.save(good, path)
    child = _save_in_child(path, "kill")
    assert child.wait() == -signal.SIGKILL
    left = _leftovers(tmp_path)
    assert len(left) == 1 and left[0].startswith(".bp.json.abd-tmp-"), left
    # not ours, or not for this file: left alone
    others = [".other.json.abd-tmp-x1y2z3", ".bp.json.swp", ".bp.json.abd-tmp"]
    for name in others:
        (tmp_path / name).write_text("keep")
    (tmp_path / "other.json").write_text("{}")
    if then == "save":
        io.save(_renamed(good), path)
    else:
        io.load(path)
    assert _leftovers(tmp_path) == sorted(others)
    assert io.load(path) == (_renamed(good) if then == "save" else good)


def test_a_save_in_progress_elsewhere_keeps_its_temporary_file(tmp_path, good):
    path = tmp_path / "bp.json"
    io.save(good, path)
    child = _save_in_child(path, "wait")
    try:
        assert child.stdout.readline() == "writing\n"
        (busy,) = _leftovers(tmp_path)
        old = time.time() - 3600  # age alone does not make it stale
        os.utime(tmp_path / busy, (old, old))
        io.save(_renamed(good), path)
        io.load(path)
        assert _leftovers(tmp_path) == [busy]
    finally:
        child.stdin.close()
        child.wait()
    io.load(path)  # its writer is gone now
    assert _leftovers(tmp_path) == []


# ------------------------------------------------------------------ messages


def test_a_failed_write_names_the_users_file_not_the_temporary_one(tmp_path, good):
    folder = tmp_path / "out.json"
    folder.mkdir()  # renaming over a folder fails after the temporary file is written
    with pytest.raises(OSError) as caught:
        io.atomic_write(folder, b"data")
    assert caught.value.filename == str(folder)
    assert ".out.json" not in str(caught.value)
    with pytest.raises(io.SaveError) as saved:
        io.save(good, folder)
    message = str(saved.value)
    assert str(folder) in message and ".out.json" not in message
    assert "previous file" not in message, "there was no previous file, only a folder"
    assert _leftovers(tmp_path) == []


def test_previous_file_is_unchanged_is_said_only_when_there_was_one(tmp_path, good,
                                                                     monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(io.SaveError) as new:
        io.save(good, tmp_path / "new.json")
    assert "previous file" not in str(new.value)
    assert "new.json" in str(new.value) and "No space left on device" in str(new.value)
    monkeypatch.undo()
    io.save(good, tmp_path / "new.json")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(io.SaveError, match="the previous file is unchanged"):
        io.save(good, tmp_path / "new.json")


def test_size_limit_is_stated_in_the_unit_it_is_defined_in(tmp_path):
    path = tmp_path / "junk.json"
    with path.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)
    with pytest.raises(io.BlueprintFileError) as caught:
        io.load(path)
    assert "the file is 100 MiB; blueprint files are at most 64 MiB" in str(caught.value)


def test_version_1_files_open_unchanged_and_are_saved_as_version_2(good, good_text):
    """Version 2 only adds optional parts, so a version-1 file means the same thing."""
    old = _mutate(good_text, lambda d: d.update(version=1))
    assert '"version": 1' in old
    bp = io.loads(old)
    assert bp == good
    assert io.dumps(bp) == good_text
    assert '"version": 2' in io.dumps(bp)


def test_version_1_problems_are_located_on_their_line(good_text):
    old = _mutate(good_text, lambda d: (d.update(version=1),
                                        d["teams"][0].update(function="zz")))
    with pytest.raises(io.BlueprintFileError) as info:
        io.loads(old)
    [problem] = info.value.problems
    assert problem.path == "teams[0].function"
    assert problem.line is not None and problem.element
