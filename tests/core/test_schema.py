"""The schema: cross-field rules, and load(save(b)) == b for generated blueprints."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.cli import schema_text
from designer.core import io
from designer.core.catalogue import load_catalogue
from designer.core.schema import (
    VERSION,
    Blueprint,
    BlueprintInvalid,
    CostBasis,
    ForceFigures,
    Function,
    Position,
    financial_year,
    financial_year_start,
    text_problem,
)
from designer.resources import resource
from tests.build import area, blueprint, force, function, team


def test_committed_json_schema_is_in_sync():
    committed = resource("schema", "blueprint.schema.json").read_text("utf-8")
    assert committed == schema_text(), (
        "run: designer schema -o resources/schema/blueprint.schema.json"
    )


def test_json_schema_describes_the_top_level_keys():
    schema = json.loads(schema_text())
    assert set(schema["properties"]) == {
        "format", "version", "alliance", "forces", "areas", "bodies", "functions", "teams", "links",
        "challenges", "options", "conflicts", "walkthroughs",
    }
    assert schema["additionalProperties"] is False


def test_shared_function_needs_exactly_one_host_among_partners():
    with pytest.raises(ValueError, match="needs a host force"):
        function("f", delivery="shared")
    with pytest.raises(ValueError, match="must be one of the partners"):
        function("f", delivery="shared", host_force="a", partners=("b", "c"))
    assert function("f", delivery="shared", host_force="a").host_force == "a"


def test_partners_default_to_all_forces_and_non_partners_keep_it_local():
    bp = blueprint("a", "b", "c", functions=[
        function("j", delivery="joint", partners=("a", "b"), lead_force="a"),
        function("s", delivery="shared", host_force="c"),
    ])
    j, s = bp.functions
    assert bp.partners_of(j) == ("a", "b")
    assert bp.partners_of(s) == ("a", "b", "c")
    assert [bp.delivery_for(j, f) for f in ("a", "b", "c")] == ["joint", "joint", "local"]


def test_single_partner_is_refused():
    with pytest.raises(BlueprintInvalid, match="at least two partner forces"):
        blueprint("a", "b", functions=[function("j", delivery="joint", partners=("a",))])


def test_ids_unique_across_kinds():
    with pytest.raises(BlueprintInvalid, match="used more than once"):
        blueprint("a", "b", functions=[function("a")])


def test_alliance_is_reserved():
    with pytest.raises(BlueprintInvalid, match="reserved"):
        blueprint("a", "alliance")


def test_team_owner_may_be_the_alliance_or_a_force():
    bp = blueprint("a", "b", functions=[function("f")],
                   teams=[team("t1", "f", "alliance"), team("t2", "f", "a")])
    assert [t.owner for t in bp.teams] == ["alliance", "a"]
    with pytest.raises(BlueprintInvalid, match=r"teams\[0\]\.owner"):
        blueprint("a", "b", functions=[function("f")], teams=[team("t1", "f", "zz")])


def test_fixed_shares_must_total_100_exactly():
    assert CostBasis(kind="fixed", shares={"a": 33.33, "b": 33.33, "c": 33.34})
    with pytest.raises(ValueError, match="must total 100%"):
        CostBasis(kind="fixed", shares={"a": 33.3, "b": 33.3, "c": 33.3})
    with pytest.raises(ValueError, match="only used with kind 'fixed'"):
        CostBasis(kind="equal", shares={"a": 100})


def test_financial_years():
    assert financial_year(2018) == "2018/19"
    assert financial_year(1999) == "1999/00"
    assert financial_year_start("2018/19") == 2018


def test_models_are_frozen():
    f = force("a")
    with pytest.raises(ValueError):
        f.name = "other"  # type: ignore[misc]


# ---------------------------------------------------------------- round trip

CATEGORIES = [e.id for e in load_catalogue().functions()]
names = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and text_problem(s, multiline=False, visible=True) is None
)
notes = st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"),
                max_size=20)
money = st.integers(0, 10**12)
percent = st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def blueprints(draw) -> Blueprint:
    n_forces = draw(st.integers(2, 3))
    force_ids = [f"f{i}" for i in range(n_forces)]
    forces = [force(fid, name=draw(names), net_budget_pence=draw(money),
                    officers_fte=draw(st.floats(0, 5000).map(lambda x: round(x, 1))),
                    illustrative=draw(st.booleans()), source=draw(notes),
                    tags=tuple(draw(st.lists(st.sampled_from(["a", "b:c", "partnership:council"]),
                                             unique=True, max_size=2))))
              for fid in force_ids]
    areas = [area(f"a{i}", draw(st.sampled_from(force_ids)), name=draw(names))
             for i in range(draw(st.integers(0, 4)))]
    functions = []
    for i in range(draw(st.integers(0, 6))):
        delivery = draw(st.sampled_from(["local", "shared", "joint"]))
        fields = {"delivery": delivery, "name": draw(names),
                  "baseline": {f: ForceFigures(cost_pence=draw(money), fte=draw(percent))
                               for f in draw(st.lists(st.sampled_from(force_ids), unique=True))},
                  "savings_percent": draw(st.none() | percent),
                  "position": draw(st.none() | st.builds(
                      Position, x=st.floats(-1000, 1000).map(lambda v: round(v, 1)),
                      y=st.floats(-1000, 1000).map(lambda v: round(v, 1))))}
        if delivery == "shared":
            fields["host_force"] = draw(st.sampled_from(force_ids))
        if delivery == "joint":
            fields["lead_force"] = draw(st.none() | st.sampled_from(force_ids))
            fields["cost_basis"] = draw(st.sampled_from([
                CostBasis(kind="population"),
                CostBasis(kind="fixed", shares={force_ids[0]: 60.5,
                                                **{f: 39.5 / (n_forces - 1)
                                                   for f in force_ids[1:]}})
                if n_forces == 2 else CostBasis(kind="equal"),
            ]))
        functions.append(function(f"fn{i}", draw(st.sampled_from(CATEGORIES)), **fields))
    teams = [team(f"t{i}", fn.id, draw(st.sampled_from([*force_ids, "alliance"])),
                  fte=draw(percent))
             for i, fn in enumerate(functions) if draw(st.booleans())]
    return blueprint(*forces, functions=functions, teams=teams, areas=areas,
                     target_pence=draw(st.none() | money))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(blueprints())
def test_load_of_save_is_identity(bp):
    text = io.dumps(bp)
    again = io.loads(text)
    assert again == bp
    assert io.dumps(again) == text
    data = {"format": "alliance-blueprint", "version": VERSION,
            **bp.model_dump(mode="json", exclude_defaults=True)}
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=50, deadline=None)
@given(blueprints(), st.binary(max_size=40), st.integers(0, 10**6))
def test_corrupted_files_never_raise_anything_but_file_errors(bp, junk, where):
    raw = io.dumps(bp).encode("utf-8")
    cut = where % (len(raw) + 1)
    corrupted = raw[:cut] + junk + raw[cut + len(junk):]
    try:
        loaded = io.loads(corrupted, "fuzz.json")
    except io.BlueprintFileError as exc:
        assert exc.problems and exc.file == "fuzz.json"
    else:
        assert isinstance(loaded, Blueprint)


def test_function_model_rejects_host_on_local():
    with pytest.raises(ValueError, match="no host or lead"):
        Function(id="x", name="X", category=CATEGORIES[0], host_force="a")
