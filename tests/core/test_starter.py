"""The starter blueprint that `designer new` writes."""

from datetime import date

import pytest

from designer.core.catalogue import load_catalogue
from designer.core.starter import current_financial_year, short_code, slug, starter_blueprint


def test_starter_has_forces_roles_board_and_every_function_local():
    bp = starter_blueprint(["Avon and Somerset", "Wiltshire"], start_year="2015/16")
    assert [f.id for f in bp.forces] == ["avon-and-somerset", "wiltshire"]
    assert [f.short_code for f in bp.forces] == ["AS", "WIL"]
    (board,) = bp.bodies
    assert board.kind == "alliance-board"
    assert set(board.chairs) == {"avon-and-somerset.pcc", "wiltshire.pcc"}
    assert set(board.members) == {"avon-and-somerset.chief_constable", "wiltshire.chief_constable"}
    assert len(bp.functions) == len(load_catalogue().functions())
    assert {f.delivery for f in bp.functions} == {"local"}
    assert {(link.source, link.target) for link in bp.links} == {
        ("avon-and-somerset.chief_constable", "avon-and-somerset.pcc"),
        ("wiltshire.chief_constable", "wiltshire.pcc"),
    }
    required = {f.category for f in bp.functions if f.required}
    assert required == {"local-policing/neighbourhood", "local-policing/incident-response"}


def test_starter_refuses_too_few_or_repeated_forces():
    with pytest.raises(ValueError, match="at least two"):
        starter_blueprint(["Wiltshire"])
    with pytest.raises(ValueError, match="the same"):
        starter_blueprint(["Wiltshire", "wiltshire"])


def test_force_named_like_a_function_gets_distinct_ids():
    bp = starter_blueprint(["Finance", "Dogs"])
    ids = [e.id for _, _, e in bp.elements()]
    assert len(ids) == len(set(ids))


def test_helpers():
    assert slug("Bedfordshire & Luton!") == "bedfordshire-luton"
    assert short_code("Leicestershire") == "LEI"
    assert current_financial_year(date(2026, 3, 31)) == "2025/26"
    assert current_financial_year(date(2026, 4, 1)) == "2026/27"
