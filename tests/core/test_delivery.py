"""Delivery models: one descriptor per model, the matrix-cell wording and what a change writes."""

from __future__ import annotations

from typing import get_args

import pytest

from designer.cli_common import summary as _summary
from designer.core import delivery, edits, tables
from designer.core.delivery import (
    MODELS,
    Delivery,
    DeliveryModel,
    cell_for,
    force_fields,
    node_subtitle,
    summary_text,
    write_delivery,
)
from designer.core.exports.assumptions import assumptions
from designer.core.finance import project
from designer.core.layout import compute_layout
from designer.core.rules import check
from designer.core.schema import CostBasis, SavingsDefaults
from tests.build import add_network_model, as_network, blueprint, function
from tests.core.rules.sample import good


def _bp():
    return blueprint("asp", "wilts", "glos", functions=[
        function("resp", "local-policing/incident-response", name="Response"),
        function("dogs", "operational-support/dogs", name="Dogs", delivery="joint",
                 lead_force="asp"),
        function("it", "support-functions/ict", name="ICT", delivery="shared",
                 host_force="wilts", partners=("asp", "wilts")),
    ])


def _fn(bp, fid):
    return next(f for f in bp.functions if f.id == fid)


# ---------------------------------------------------------------- the descriptors


def test_the_file_format_names_exactly_the_registered_models():
    assert get_args(Delivery) == tuple(MODELS)
    assert all(key == m.key for key, m in MODELS.items())


@pytest.mark.parametrize("m", list(MODELS.values()), ids=list(MODELS))
def test_every_model_is_fully_described(m):
    _assert_described(m)


def _assert_described(m: DeliveryModel) -> None:
    assert m.label and m.choice and m.legend and m.summary and m.summary_by and m.own
    assert len(m.badge) == 1 and m.badge.isupper()
    assert m.savings_key in SavingsDefaults.model_fields
    if m.pooled:
        assert m.receives
    if m.force_field:
        assert m.pooled and m.role and m.by and m.verb and m.node_by and m.no_force
        assert m.force_field in force_fields()
    else:
        assert not m.force_required


def test_badges_and_colour_keys_tell_the_models_apart():
    assert len({m.badge for m in MODELS.values()}) == len(MODELS)
    assert [m.badge for m in MODELS.values()] == ["L", "S", "J"]
    assert {m.colour_key for m in MODELS.values()} == {"local", "shared", "joint"}


def test_what_each_model_is():
    local, shared, joint = MODELS["local"], MODELS["shared"], MODELS["joint"]
    assert (local.pooled, local.force_field) == (False, None)
    assert (shared.pooled, shared.force_field, shared.force_required) == \
        (True, "host_force", True)
    assert (joint.pooled, joint.force_field, joint.force_required, joint.alliance_unit) == \
        (True, "lead_force", False, True)
    assert force_fields() == ("host_force", "lead_force")
    assert delivery.pooled_names() == "shared or joint"
    assert delivery.listed(list(MODELS)) == "local, shared or joint"


# ---------------------------------------------------------------- matrix cells


def test_cells_say_the_arrangement_in_words():
    bp = _bp()
    it, dogs, resp = _fn(bp, "it"), _fn(bp, "dogs"), _fn(bp, "resp")
    assert {f: cell_for(bp, it, f).text for f in ("asp", "wilts", "glos")} == {
        "asp": "Shared · hosted by WILTS", "wilts": "Shared · host", "glos": "Local"}
    assert cell_for(bp, dogs, "asp").text == "Joint · lead"
    assert cell_for(bp, dogs, "glos").text == "Joint · led by ASP"
    assert cell_for(bp, resp, "asp").text == "Local"


def test_cell_sentences_tell_the_whole_story():
    bp = _bp()
    it, dogs, resp = _fn(bp, "it"), _fn(bp, "dogs"), _fn(bp, "resp")
    assert cell_for(bp, it, "asp").sentence == "Asp receives ICT from Wilts (shared, hosted)"
    assert cell_for(bp, it, "wilts").sentence == "Wilts hosts ICT for the partners"
    assert cell_for(bp, it, "glos").sentence == \
        "Glos is not a partner of the shared arrangement and delivers it itself"
    assert cell_for(bp, dogs, "asp").sentence == "Asp leads Dogs, a joint unit for the partners"
    assert cell_for(bp, dogs, "glos").sentence == \
        "Glos takes part in Dogs, a joint unit led by Asp"
    assert cell_for(bp, resp, "wilts").sentence == "Wilts delivers Response itself"


def test_cells_keep_the_host_or_lead_when_narrow():
    bp = _bp()
    it, dogs = _fn(bp, "it"), _fn(bp, "dogs")
    assert cell_for(bp, it, "asp").variants() == (
        "Shared · hosted by WILTS", "S · host WILTS", "Host WILTS", "WILTS")
    assert cell_for(bp, it, "wilts").variants() == ("Shared · host", "S · host", "Host")
    assert cell_for(bp, dogs, "glos").variants() == (
        "Joint · led by ASP", "J · lead ASP", "Lead ASP", "ASP")
    assert cell_for(bp, dogs, "asp").partner == "asp"
    assert cell_for(bp, it, "asp").partner == "wilts"
    assert cell_for(bp, it, "glos").partner is None


def test_cell_for_handles_a_joint_unit_without_a_lead():
    bp = blueprint("a", "b", functions=[function("j", delivery="joint")])
    cell = cell_for(bp, bp.functions[0], "a")
    assert cell.text == "Joint · no lead" and cell.partner is None
    assert cell.narrow == ("J · no lead", "No lead")
    assert cell.sentence == "A takes part in J, a joint unit with no lead force"


# ---------------------------------------------------------------- changing the model


def test_moving_to_local_clears_every_force_field_and_the_partners():
    it = _fn(_bp(), "it")
    assert write_delivery(it, "local") == {
        "delivery": "local", "host_force": None, "lead_force": None, "partners": ()}


def test_moving_to_shared_finds_a_host():
    bp = _bp()
    assert write_delivery(_fn(bp, "dogs"), "shared", default_force="glos") == {
        "delivery": "shared", "host_force": "asp", "lead_force": None}  # the lead hosts
    partnered = function("x", delivery="joint", partners=("wilts", "glos"))
    assert write_delivery(partnered, "shared", default_force="asp")["host_force"] == "wilts"
    assert write_delivery(_fn(bp, "resp"), "shared", default_force="glos") == {
        "delivery": "shared", "host_force": "glos", "lead_force": None}


def test_moving_to_joint_keeps_a_host_as_lead_but_never_invents_one():
    bp = _bp()
    changes = write_delivery(_fn(bp, "it"), "joint", default_force="glos")
    assert changes == {"delivery": "joint", "lead_force": "wilts", "host_force": None}
    assert list(changes) == ["delivery", "lead_force", "host_force"]  # the fix's order
    assert write_delivery(_fn(bp, "resp"), "joint", default_force="glos")["lead_force"] is None


# ---------------------------------------------------------------- a fourth model


def test_a_fourth_model_needs_only_its_descriptor(monkeypatch, tmp_path):
    """Registering a model is all the wording, finance, layout, rules and exports need:
    each consumer reads the registry, none lists the models itself."""
    network = add_network_model(monkeypatch)
    _assert_described(network)
    plain = good()  # dogs: a joint unit led by a, over a and b
    bp = as_network(plain, "dogs")
    dogs = next(f for f in bp.functions if f.id == "dogs")
    ict = next(f for f in bp.functions if f.id == "ict")

    # wording: matrix cells (so the PDF and workbook), canvas, finance dock
    assert cell_for(bp, dogs, "a").text == "Networked · coordinator"
    assert cell_for(bp, dogs, "a").sentence == "A coordinates the Dogs network"
    assert cell_for(bp, dogs, "b").variants() == (
        "Networked · coordinated by A", "N · coordinator A", "Coordinator A", "A")
    row = next(r for r in tables.delivery_matrix(bp).rows if r.key == "dogs")
    assert [c.text for c in row.cells[2:]] == [
        "Networked · coordinator", "Networked · coordinated by A"]
    assert node_subtitle(dogs, {"a": "Force A"}) == "Coordinated by Force A"
    assert summary_text("network", "Force A") == "networked, coordinated by Force A"
    # changing a function's model, and the schema's view of it
    assert write_delivery(ict, "network") == {
        "delivery": "network", "lead_force": "b", "host_force": None}
    assert bp.partners_of(dogs) == ("a", "b") and bp.delivery_for(dogs, "b") == "network"
    assert SavingsDefaults().for_model("network") == SavingsDefaults().for_model("joint")
    with pytest.raises(edits.EditError, match=r"\(local, shared, joint or network\)"):
        edits.set_arrangement(plain, "npt", "a", "hub")

    # finance: pooled like the joint unit it was, with the same savings key and payee
    mine = next(r for r in project(bp).functions if r.id == "dogs")
    was = next(r for r in project(plain).functions if r.id == "dogs")
    assert (mine.delivery, mine.payee, mine.partners) == ("network", "a", ("a", "b"))
    assert mine.shares == was.shares and mine.years == was.years

    # layout: not an alliance unit, so it lives in its coordinator's lane, not the band
    assert compute_layout(plain).home["dogs"] is None
    assert compute_layout(bp).home["dogs"] == "a"

    # exports and the CLI list it
    rows = {(a.topic, a.item): a.value for a in assumptions(bp, project(bp))}
    assert rows[("Savings defaults", "Networked functions")] == 20.0
    assert "(1 local, 1 shared, 0 joint, 1 network)" in _summary(bp)

    # rules: the built-in ones treat it as an arrangement (it needs a cost basis) ...
    unagreed = bp.model_copy(update={"functions": tuple(
        f.model_copy(update={"cost_basis": None}) for f in bp.functions)})
    basis = [r.message for r in check(unagreed) if r.rule == "arrangement-has-cost-basis"]
    assert "Dogs is network but has no agreed cost-sharing basis" in " ".join(basis)
    assert unagreed.alliance.default_cost_basis == CostBasis(kind="net-budget")
    # ... and a pack may name it, and offer the fix back to local
    pack = tmp_path / "ours.toml"
    pack.write_text('''
[[rule]]
id = "no-networks"
title = "No networks"
severity = "warning"
source = "Our board"
select = { kind = "function", delivery = ["network"] }
require = { delivery = ["local"] }
''', encoding="utf-8")
    (found,) = [r for r in check(bp, [pack]) if r.rule == "no-networks"]
    assert found.message == "Dogs is network, but this principle keeps it local"
    assert found.fix is not None and dict(found.fix.changes) == {
        "delivery": "local", "host_force": None, "lead_force": None, "partners": ()}
