"""Savings defaults cite a source per delivery model (issue 13 item 21): local functions
no longer cite the derivation of the joint default."""

from __future__ import annotations

import json

import pytest

from designer.core import io
from designer.core import tables as t
from designer.core.finance import project, savings_source
from designer.core.schema import SavingsDefaults
from designer.core.tables import texts
from tests.build import blueprint, function

LOCAL, SHARED, JOINT = ("Force budget books: local efficiency plans",
                        "Hosted-service business case, 2015", "Joint-unit derivation, 2015")


def _bp(defaults: SavingsDefaults):
    fns = [function("nbh", "local-policing/neighbourhood"),
           function("it", "support-functions/ict", delivery="shared", host_force="a"),
           function("dogs", "operational-support/dogs", delivery="joint", lead_force="a"),
           function("own", "support-functions/hr", delivery="joint", lead_force="b",
                    savings_percent=30, savings_source="Its own study")]
    bp = blueprint("a", "b", functions=fns)
    return bp.model_copy(update={"alliance": bp.alliance.model_copy(
        update={"savings_defaults": defaults})})


def test_each_model_cites_its_own_source():
    d = SavingsDefaults(sources={"local": LOCAL, "shared": SHARED, "joint": JOINT})
    bp = _bp(d)
    fns = {fn.id: fn for fn in bp.functions}
    assert savings_source(bp, fns["nbh"]) == LOCAL
    assert savings_source(bp, fns["it"]) == SHARED
    assert savings_source(bp, fns["dogs"]) == JOINT
    assert savings_source(bp, fns["own"]) == "Its own study"
    assert [d.source_for(m) for m in ("local", "shared", "joint")] == [LOCAL, SHARED, JOINT]


def test_a_single_source_still_applies_to_every_model_without_its_own():
    d = SavingsDefaults(source="Programme assumptions", sources={"joint": JOINT})
    bp = _bp(d)
    fns = {fn.id: fn for fn in bp.functions}
    assert savings_source(bp, fns["nbh"]) == "Programme assumptions"
    assert savings_source(bp, fns["dogs"]) == JOINT


def test_the_assumptions_list_each_default_with_its_source():
    bp = _bp(SavingsDefaults(sources={"local": LOCAL, "shared": SHARED, "joint": JOINT}))
    table = t.assumptions(bp, project(bp))
    rows = {(r[0], r[1]): r for r in texts(table, "pdf")}
    assert rows["Savings defaults", "Local functions"][4] == LOCAL
    assert rows["Savings defaults", "Shared functions"][4] == SHARED
    assert rows["Savings defaults", "Joint functions"][4] == JOINT
    functions = t.functions(bp, project(bp))
    assert {functions.value(r, "savings_source") for r in functions.body} == \
        {LOCAL, SHARED, JOINT, "Its own study"}


def test_old_files_load_and_files_without_per_model_sources_are_unchanged(tmp_path):
    bp = _bp(SavingsDefaults(source="One source for all"))
    path = tmp_path / "a.json"
    io.save(bp, path)
    text = path.read_text("utf-8")
    assert '"sources"' not in text  # canonical output of such files is as before
    again = io.load(path)
    assert again.alliance.savings_defaults.source_for("local") == "One source for all"
    data = json.loads(text)
    data["alliance"]["savings_defaults"]["sources"] = {"joint": JOINT}
    path.write_text(json.dumps(data), "utf-8")
    loaded = io.load(path)
    assert loaded.alliance.savings_defaults.source_for("joint") == JOINT
    io.save(loaded, path)
    assert io.load(path) == loaded


def test_a_source_for_an_unknown_model_is_a_located_error(tmp_path):
    data = json.loads(io.dumps(_bp(SavingsDefaults())))
    data["alliance"]["savings_defaults"] = {"sources": {"hosted": "x"}}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(io.BlueprintFileError) as err:
        io.load(path)
    assert "alliance.savings_defaults" in str(err.value)
    assert "'hosted'" in str(err.value) and "local, shared, joint" in str(err.value)
