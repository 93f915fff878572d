"""`designer bulk` and `designer new --joint-except`: the bulk helpers from the command line."""

from __future__ import annotations

from designer.cli import main
from designer.core import bulk, io
from tests.build import area, blueprint, function


def saved(tmp_path):
    bp = blueprint("asp", "wilts", areas=[area("bristol", "asp", name="Bristol"),
                                          area("swindon", "wilts", name="Swindon")],
                   functions=[function("custody", "criminal-justice/custody", name="Custody"),
                              function("dogs", "operational-support/dogs", name="Dogs")])
    path = tmp_path / "alliance.json"
    io.save(bp, path)
    return bp, path


def test_new_with_joint_except(tmp_path, capsys):
    out = tmp_path / "new.json"
    assert main(["new", "--force", "Avon and Somerset", "--force", "Wiltshire", "-o", str(out),
                 "--joint-except", "local policing", "local investigation",
                 "public protection"]) == 0
    bp = io.load(out)
    for fn in bp.functions:
        kept = bulk.excepted(fn.category, bulk.DEFAULT_EXCEPTIONS)
        assert fn.delivery == ("local" if kept else "joint"), fn.category
    assert "46 joint" in capsys.readouterr().out


def test_new_refuses_an_unknown_category_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "new.json"
    assert main(["new", "--force", "A", "--force", "B", "-o", str(out), "--joint-except",
                 "unicorns"]) == 2
    assert "'unicorns' is not a category" in capsys.readouterr().err
    assert not out.exists()


def test_bulk_local_teams_and_joint_except(tmp_path, capsys):
    _, path = saved(tmp_path)
    assert main(["bulk", str(path), "--local-teams", "custody", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "team Custody — Bristol added" in out and "team Custody — Swindon added" in out
    assert io.load(path).teams == ()
    assert main(["bulk", str(path), "--joint-except", "criminal justice", "--local-teams"]) == 0
    bp = io.load(path)
    assert [f.delivery for f in bp.functions] == ["local", "joint"]
    assert sorted((t.function, t.base_area, t.owner) for t in bp.teams) == [
        ("custody", "bristol", "asp"), ("custody", "swindon", "wilts")]
    assert main(["bulk", str(path), "--local-teams"]) == 0
    assert "nothing to change" in capsys.readouterr().out


def test_bulk_refusals_write_nothing(tmp_path, capsys):
    _, path = saved(tmp_path)
    before = path.read_bytes()
    assert main(["bulk", str(path), "--joint-except", "support functions", "--local-teams",
                 "dogs"]) == 2
    assert "Dogs is joint: local teams are for functions each force delivers itself; " \
           "nothing was written" in capsys.readouterr().err
    assert main(["bulk", str(path)]) == 2
    assert "nothing to do" in capsys.readouterr().err
    assert path.read_bytes() == before
