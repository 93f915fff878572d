"""Rule packs as data: authoring mistakes named by file, rule and field; custom packs."""

from __future__ import annotations

import os

import pytest

from designer.core.edits import update_alliance, update_element
from designer.core.rules import (
    PACK_ERROR,
    Checker,
    RulePackError,
    available_rules,
    builtin_packs,
    check,
    packs,
)
from designer.core.rules.checks import REGISTRY
from designer.core.rules.packs import parse_pack
from tests.core.rules.sample import good


def _error(text: str) -> RulePackError:
    with pytest.raises(RulePackError) as info:
        parse_pack(text.encode(), "my-pack.toml")
    return info.value


RULE = '''
[[rule]]
id = "r1"
title = "T"
severity = "error"
source = "S"
'''


@pytest.mark.parametrize(("text", "rule", "field", "words"), [
    ("name = ", None, None, "not valid TOML"),
    ("colour = 1", None, None, "unknown key(s) colour"),
    ("[[rule]]\ntitle = 'x'", "#1", "id", "needs an id"),
    (RULE + 'select = { kind = "function" }', "r1", "require", "needs select and require"),
    (RULE + 'select = { kind = "dog" }\nrequire = { delivery = "local" }', "r1",
     "select.kind", "kind must be one of"),
    (RULE + 'select = { kind = "function", colour = "x" }\nrequire = { delivery = "local" }',
     "r1", "select", "unknown selector key(s) colour"),
    (RULE + 'select = { kind = "function", category = "no/such" }\n'
            'require = { delivery = "local" }', "r1", "select.category",
     "'no/such' is not a catalogue category"),
    (RULE + 'select = { kind = "function" }\nrequire = { delivery = "shred" }', "r1",
     "require.delivery", "'shred' is not a delivery model"),
    (RULE + 'select = { kind = "area" }\nrequire = { present = ["chief"] }', "r1",
     "require.present", "an area has no field 'chief'"),
    (RULE + 'select = { kind = "body" }\nrequire = { count = { min = 2, max = 1 } }', "r1",
     "require.count", "min is larger than max"),
    (RULE + 'select = { kind = "function" }\nrequire = { linked = { link = "owns" } }', "r1",
     "require.linked.link", "link must be one of"),
    (RULE + 'select = { kind = "function" }\nrequire = { delivery = "local", present = "x" }',
     "r1", "require", "exactly one requirement"),
    (RULE + 'select = { kind = "function" }\nrequire = { delivery = "local" }\n'
            'message = "{name} is {colour}"', "r1", "message", "unknown placeholder {colour}"),
    (RULE.replace('"error"', '"fatal"') + 'select = { kind = "area" }\n'
     'require = { present = "commander" }', "r1", "severity", "error, warning or info"),
    ('[[rule]]\nid = "x"\ncheck = "no-such-check"', "x", "check",
     "no registered check 'no-such-check'"),
    ('[[rule]]\nid = "x"\ncheck = "coverage-gap"\nselect = { kind = "area" }', "x", "select",
     "takes no select"),
    (RULE + 'select = { kind = "area" }\nrequire = { present = "commander" }\n' + RULE
     + 'select = { kind = "area" }\nrequire = { present = "commander" }', "r1", "id",
     "used twice"),
    (RULE.replace('source = "S"\n', '') + 'select = { kind = "area" }\n'
     'require = { present = "commander" }', "r1", "source", "required"),
    # issue 13 item 8: any TOML failure is a pack error; templates are plain placeholders
    ("a = " + "[" * 100_000 + "]" * 100_000, None, None, "nested too deeply"),
    ("a = " + "{b = " * 3_000 + "1" + "}" * 3_000, None, None, "nested too deeply"),
    (RULE + 'select = { kind = "function" }\nrequire = { delivery = "local" }\n'
            'message = "{name:d} is {delivery}"', "r1", "message",
     "only plain placeholders such as {name}, not {name:d}"),
    (RULE + 'select = { kind = "function" }\nrequire = { delivery = "local" }\n'
            'message = "{name:>100000000}"', "r1", "message", "not {name:>100000000}"),
    (RULE + 'select = { kind = "function" }\nrequire = { delivery = "local" }\n'
            'message = "{name!r} is {delivery}"', "r1", "message", "not {name!r}"),
    (RULE + 'select = { kind = "function" }\nrequire = { delivery = "local" }\n'
            'message = "{name[0]}"', "r1", "message", "not {name[0]}"),
    (RULE + 'select = { kind = "function" }\nrequire = { delivery = "local" }\n'
            'message = "{}"', "r1", "message", "not {}"),
    (RULE.replace('title = "T"', 'title = "T\\u0007"') + 'select = { kind = "area" }\n'
     'require = { present = "commander" }', "r1", "title", "control character (U+0007)"),
    (RULE.replace('title = "T"', 'title = "\\u200b "') + 'select = { kind = "area" }\n'
     'require = { present = "commander" }', "r1", "title", "empty once spaces and invisible"),
])
def test_pack_mistakes_name_file_rule_and_field(text, rule, field, words):
    err = _error(text)
    assert err.file == "my-pack.toml" and err.rule == rule and err.field == field
    assert words in str(err)
    assert str(err).startswith("my-pack.toml")


def test_escaped_braces_stay_plain_text():
    pack = parse_pack((RULE + 'select = { kind = "function" }\nrequire = { delivery = "local" }\n'
                       'message = "{{not a field}} {name}"').encode(), "my-pack.toml")
    assert pack.rules[0].template == "{{not a field}} {name}"


def _pack_errors(tmp_path, *refs):
    bp = update_alliance(good(), rule_packs=refs)
    return [str(e) for e in Checker(bp, base_dir=tmp_path).pack_errors]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes and /dev/zero are POSIX")
def test_a_pack_that_is_not_a_regular_file_is_refused_unread(tmp_path):
    """Folders, pipes and devices are never read (a FIFO would hang, /dev/zero fill memory)."""
    (tmp_path / "folder.toml").mkdir()
    os.mkfifo(tmp_path / "pipe.toml")
    not_regular = "is not a regular file (a device, pipe or socket), so it is not a rule pack"
    assert _pack_errors(tmp_path, "folder.toml", "pipe.toml", "/dev/zero") == [
        f"{tmp_path / 'folder.toml'}: is a folder, not a rule pack file",
        f"{tmp_path / 'pipe.toml'}: {not_regular}",
        f"/dev/zero: {not_regular}"]


def test_a_pack_larger_than_a_mebibyte_is_refused(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (1024 * 1024) + "\n")
    assert _pack_errors(tmp_path, "big.toml") == [
        f"{big}: the file is larger than 1 MiB, the most a rule pack may be"]


def test_builtin_packs_load_and_every_rule_cites_a_source():
    assert builtin_packs() == ["alliance-principles", "structure"]
    infos = available_rules()
    assert len({r.id for r in infos}) == len(infos) > 20
    assert all(r.source and r.title and r.severity in ("error", "warning", "info")
               for r in infos)
    assert {r.pack for r in infos} == {"structure", "alliance-principles"}


def test_an_unusable_pack_is_an_error_result_not_a_crash(tmp_path):
    [result] = check(good(), ["our-principles"])
    assert result.rule == PACK_ERROR and result.severity == "error"
    assert "no built-in rule pack" in result.message
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid = "x"\ncheck = "nothing"\n')
    checker = Checker(update_alliance(good(), rule_packs=("alliance-principles", "bad.toml",
                                                          "missing/pack.toml")),
                      base_dir=tmp_path)
    assert [str(e) for e in checker.pack_errors] == [
        f"{bad}, rule 'x', field 'check': there is no registered check 'nothing' (available: "
        + ", ".join(sorted(REGISTRY)) + ")",
        f"{tmp_path / 'missing/pack.toml'}: no such rule pack file"]
    assert [r.rule for r in checker.results] == [PACK_ERROR, PACK_ERROR]
    with pytest.raises(RulePackError, match="no built-in rule pack"):
        available_rules(["our-principles"])


def test_a_user_pack_edits_a_principle_without_python(tmp_path):
    pack = tmp_path / "ours.toml"
    pack.write_text('''
name = "ours"

[[rule]]
id = "volume-crime-stays-local"
enabled = false

[[rule]]
id = "ict-is-joint"
title = "ICT is joint"
severity = "warning"
source = "Our board, 2016"
message = "{name} should be joint, not {delivery}"
select = { kind = "function", category = "support-functions", tag = "core" }
require = { delivery = ["joint"] }
''', encoding="utf-8")
    bp = update_element(good(), "ict", tags=("core",))
    bp = update_element(bp, "npt", category="investigations/local-investigation")
    bp = update_alliance(bp, rule_packs=("alliance-principles", "ours.toml"))
    results = check(bp, base_dir=tmp_path)
    ours = [r for r in results if r.rule == "ict-is-joint"]
    assert [r.message for r in ours] == ["ICT should be joint, not shared"]
    assert ours[0].fix is not None and dict(ours[0].fix.changes) == {
        "delivery": "joint", "lead_force": "b", "host_force": None}
    assert "volume-crime-stays-local" not in {r.rule for r in results}
    # without our pack, the built-in principle applies
    assert "volume-crime-stays-local" not in {r.rule for r in check(good())}
    assert {r.rule for r in check(update_element(
        good(), "ict", category="investigations/local-investigation"))} \
        == {"volume-crime-stays-local"}


def test_count_and_linked_requirements(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text('''
[[rule]]
id = "two-committees"
title = "Two committees"
severity = "info"
source = "S"
select = { kind = "body", where = { kind = ["joint-committee", "other"] } }
require = { count = { min = 2 } }

[[rule]]
id = "teams-deliver"
title = "Functions have teams"
severity = "warning"
source = "S"
select = { kind = "function" }
require = { linked = { link = "delivers", direction = "in", from = "team" } }
''', encoding="utf-8")
    bp = good()
    results = check(bp, [str(pack)])
    assert [r.message for r in results if r.rule == "two-committees"] == [
        "0 body elements match, but there must be at least 2"]
    assert [r for r in results if r.rule == "teams-deliver"] == []
    results = check(good(teams=list(good().teams[1:])), [str(pack)])
    assert [r.message for r in results if r.rule == "teams-deliver"] == []  # npt-b remains
    results = check(good(teams=list(good().teams[2:])), [str(pack)])
    assert [r.message for r in results if r.rule == "teams-deliver"] == [
        "Neighbourhood policing has no 'delivers' link from a team"]


def _pack_file(path, title: str):
    text = (f'name = "mine"\n[[rule]]\nid = "r1"\ntitle = "{title}"\nseverity = "error"\n'
            'source = "S"\nselect = { kind = "function" }\nrequire = { delivery = ["joint"] }\n')
    path.write_text(text, encoding="utf-8")
    return path


def test_a_pack_is_read_again_when_its_file_changes(tmp_path):
    packs.clear_cache()
    path = _pack_file(tmp_path / "mine.toml", "One")
    first = packs.load_pack(path)
    assert packs.load_pack(path) is first  # unchanged: remembered
    st = path.stat()
    _pack_file(path, "Two")  # same size, then put the old time back: the size alone ...
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # ... or the time tells
    assert packs.load_pack(path).rules[0].info.title == "Two"
    _pack_file(path, "Three, longer")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # same time, new size
    assert packs.load_pack(path).rules[0].info.title == "Three, longer"
    assert len([k for k in packs._memory.packs if k[0] == path]) == 1  # the old read is dropped


def test_packs_remembered_are_bounded(tmp_path):
    packs.clear_cache()
    for i in range(packs._PACKS + 5):
        packs.load_pack(_pack_file(tmp_path / f"p{i}.toml", f"P{i}"))
    assert len(packs._memory.packs) == packs._PACKS
    assert (tmp_path / "p0.toml") not in {k[0] for k in packs._memory.packs}  # oldest went
