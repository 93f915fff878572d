"""Every schema field as one flat, typed, dotted name, and back."""

from __future__ import annotations

from designer.core.field_paths import column_named, columns, nest, value_of
from designer.core.schema import CostBasis, Function


def _function() -> Function:
    return Function(id="it", name="ICT", category="support-functions/ict", delivery="shared",
                    host_force="b", tags=("digital",),
                    cost_basis=CostBasis(kind="fixed", shares={"a": 60, "b": 40}),
                    baseline={"a": {"cost_pence": 100, "fte": 1.5}})


def test_columns_flatten_models_per_force_dicts_and_lists():
    cols = {c.name: c for c in columns(Function, forces=("a", "b"))}
    assert cols["baseline.a.cost_pence"].type == "integer"
    assert cols["baseline.b.fte"].type == "number"
    assert cols["cost_basis.shares.a"].type == "number"
    assert cols["cost_basis.kind"].type == "string"
    assert cols["tags"].type == "json"
    assert cols["required"].type == "boolean"
    assert cols["go_live"].type == "string"
    assert "baseline" not in cols and "cost_basis" not in cols


def test_values_read_and_nest_back_into_the_model():
    fn = _function()
    pairs = [(c, value_of(fn, c)) for c in columns(Function, forces=("a", "b"))]
    present = {c.name: v for c, v in pairs if v is not None}
    assert present["baseline.a.fte"] == 1.5 and "baseline.b.fte" not in present
    assert present["tags"] == '["digital"]'
    import json

    data = nest((c, json.loads(v) if c.type == "json" else v) for c, v in pairs
                if v is not None)
    assert Function.model_validate(data) == fn


def test_a_name_finds_its_column_for_any_force():
    col = column_named(Function, "baseline.newforce.cost_pence")
    assert col is not None and col.type == "integer"
    assert col.path == ("baseline", "newforce", "cost_pence")
    assert column_named(Function, "baseline.x") is None  # a model, not a value
    assert column_named(Function, "no_such_field") is None
    assert column_named(Function, "name.extra") is None


def test_only_dicts_keyed_by_force_are_spread_per_force():
    """A dict keyed by something else (savings sources by model) is one JSON value."""
    from designer.core.schema import SavingsDefaults

    cols = {c.name: c for c in columns(SavingsDefaults, forces=("a",))}
    assert cols["sources"].type == "json"
    assert column_named(SavingsDefaults, "sources").type == "json"
    assert column_named(SavingsDefaults, "sources.joint") is None
