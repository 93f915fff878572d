"""The POA function catalogue."""

from designer.core.catalogue import load_catalogue


def test_eleven_poa_categories_in_order():
    cat = load_catalogue()
    tops = [c.id for c in cat.categories()]
    assert len(tops) == 11
    assert tops[0] == "local-policing" and tops[-1] == "support-functions"


def test_functions_are_two_level_ids_with_names_and_descriptions():
    cat = load_catalogue()
    fns = cat.functions()
    assert len(fns) >= 50
    for entry in fns:
        top, _sub = entry.id.split("/")
        assert entry.parent == top == entry.top
        assert entry.name and entry.description
    assert "investigations/major-investigation" in cat
    assert cat.name_of("operational-support/dogs") == "Dogs"
    assert cat.name_of("unknown/thing") == "unknown/thing"
    assert [c.id for c in cat.children("road-policing")] == [
        "road-policing/traffic-units", "road-policing/traffic-wardens",
        "road-policing/ticket-office", "road-policing/casualty-reduction",
    ]
