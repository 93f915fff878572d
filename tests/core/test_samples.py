"""The bundled sample blueprints: they load, are canonical and tell the truth about figures."""

from pathlib import Path

import pytest

from designer.core import io
from designer.core.catalogue import load_catalogue
from designer.core.schema import ALLIANCE, Area, Blueprint, Element, Force, Function, Team

MODELS = Path(__file__).resolve().parents[2] / "models"
SAMPLES = ("avon-somerset-wiltshire.json", "beds-cambs-herts.json", "leics-notts-northants.json")
LOCAL_ALWAYS = ("local-policing/neighbourhood", "local-policing/incident-response")


def test_every_sample_in_models_is_tested():
    assert sorted(p.name for p in MODELS.glob("*.json")) == sorted(SAMPLES)


@pytest.fixture(params=SAMPLES)
def sample(request) -> tuple[Path, Blueprint]:
    path = MODELS / request.param
    return path, io.load(path)


def test_sample_is_canonical(sample):
    path, bp = sample
    assert io.dumps(bp) == path.read_text(encoding="utf-8")


def test_sample_is_an_alliance_of_real_categories(sample):
    _, bp = sample
    catalogue = load_catalogue()
    assert len(bp.forces) >= 2
    assert all(fn.category in catalogue for fn in bp.functions)
    assert all("/" in fn.category for fn in bp.functions), "functions use second-level ids"
    tops = {catalogue[fn.category].top for fn in bp.functions}
    assert tops == {entry.id for entry in catalogue.categories()}, "every POA category covered"


def test_neighbourhood_and_response_are_local_and_required_in_every_force(sample):
    _, bp = sample
    for category in LOCAL_ALWAYS:
        functions = [fn for fn in bp.functions if fn.category == category]
        assert functions, f"no {category} function"
        for fn in functions:
            assert fn.required
            assert all(bp.delivery_for(fn, force) == "local" for force in bp.force_ids())


def test_every_area_has_its_own_force_team_for_required_functions(sample):
    _, bp = sample
    for fn in (fn for fn in bp.functions if fn.required):
        for area in bp.areas:
            providers = [t for t in bp.teams if t.function == fn.id and area.id in t.serves]
            assert providers, f"{area.id} has no {fn.id} team"
            assert all(t.owner == area.force for t in providers)


def test_shared_and_joint_units_serve_all_partners_areas(sample):
    _, bp = sample
    for fn in (fn for fn in bp.functions if fn.delivery != "local"):
        partners = bp.partners_of(fn)
        units = [t for t in bp.teams if t.function == fn.id and t.owner not in
                 set(bp.force_ids()) - set(partners)]
        expected_owner = fn.host_force if fn.delivery == "shared" else ALLIANCE
        assert [t.owner for t in units] == [expected_owner], fn.id
        served = set(units[0].serves)
        assert served == {a.id for a in bp.areas if a.force in partners}, fn.id
        assert fn.governing_body is not None, fn.id
        if fn.delivery == "joint":
            assert fn.command, f"joint unit {fn.id} has no single command"


def test_chief_constables_are_accountable_to_their_pcc(sample):
    _, bp = sample
    links = {(link.kind, link.source, link.target) for link in bp.links}
    for force in bp.forces:
        assert ("accountable-to", force.chief_role, force.pcc_role) in links
    boards = [body for body in bp.bodies if body.kind == "alliance-board"]
    assert len(boards) == 1
    assert set(boards[0].chairs) == {f.pcc_role for f in bp.forces}
    assert set(boards[0].members) == {f.chief_role for f in bp.forces}


def _figures(element: Element) -> bool:
    """Whether an element carries numbers that someone had to find or estimate."""
    if isinstance(element, Force):
        return any(v is not None for v in (element.net_budget_pence, element.population,
                                           element.officers_fte, element.staff_fte))
    if isinstance(element, Area):
        return element.population is not None
    if isinstance(element, Function):
        return (bool(element.baseline) or element.savings_percent is not None
                or element.implementation_cost_pence > 0)
    if isinstance(element, Team):
        return element.fte > 0
    return False


def test_every_figure_is_flagged_illustrative_with_a_source(sample):
    _, bp = sample
    with_figures = [(name, i, e) for name, i, e in bp.elements() if _figures(e)]
    assert with_figures
    unflagged = [f"{name}[{i}] {e.id}" for name, i, e in with_figures
                 if not (e.illustrative and e.source.strip())]
    assert unflagged == []
    for fn in bp.functions:
        if fn.savings_percent is not None:
            assert fn.savings_source.strip(), fn.id
    assert bp.alliance.savings_defaults.source.strip()
    assert bp.alliance.source.strip()


def test_avon_somerset_wiltshire_targets_30m_by_2018_19():
    bp = io.load(MODELS / "avon-somerset-wiltshire.json")
    target = bp.alliance.savings_target
    assert target is not None
    assert (target.amount_pence, target.year) == (3_000_000_000, "2018/19")
    assert bp.alliance.start_year == "2015/16"
    names = {f.id: f.name for f in bp.forces}
    assert names == {"avon-somerset": "Avon and Somerset Constabulary",
                     "wiltshire": "Wiltshire Police"}
    brunel = next(fn for fn in bp.functions if fn.category == "investigations/major-investigation")
    assert brunel.delivery == "joint"
    assert {k: v.fte for k, v in brunel.baseline.items()} == {"avon-somerset": 113,
                                                              "wiltshire": 34}
    council = {fn.category for fn in bp.functions if "partnership:council" in fn.tags}
    assert {"support-functions/estates", "support-functions/ict"} <= council


def test_beds_herts_units_keep_cambridgeshire_local():
    bp = io.load(MODELS / "beds-cambs-herts.json")
    dogs = next(fn for fn in bp.functions if fn.category == "operational-support/dogs")
    assert bp.delivery_for(dogs, "cambridgeshire") == "local"
    assert bp.delivery_for(dogs, "bedfordshire") == "joint"
    assert dogs.go_live == "2009/10"
    jps = {fn.category for fn in bp.functions if fn.command == "ACC Joint Protective Services"}
    assert {"operational-support/firearms", "investigations/major-investigation",
            "investigative-support/scenes-of-crime", "operational-support/dogs",
            "road-policing/traffic-units", "operational-support/civil-contingencies"} <= jps


def test_every_savings_target_cites_its_source_and_estimates_are_flagged(sample):
    _, bp = sample
    target = bp.alliance.savings_target
    assert target is not None and target.source
    assert target.illustrative == ("Illustrative" in target.source)


def test_samples_carry_options_with_their_sources_and_all_apply(sample):
    """The economic case in every sample: options drawn from the questions the seeds raise,
    each with its source and illustrative flag, each applying to the base cleanly and
    breaking none of the alliance's principles (a rejected one may miss the target)."""
    from designer.core import options as O
    from designer.core.appraisal import compare

    path, bp = sample
    wanted = 2 if path.name == "avon-somerset-wiltshire.json" else 1
    assert len(bp.options) >= wanted
    assert all(o.source and o.illustrative and o.description for o in bp.options)
    assert O.option_problems(bp) == []
    cmp = compare(bp)
    assert all(c.ok for c in cmp.cases)
    assert all(c.errors == 0 for c in cmp.cases if c.checked)
    assert all(cmp.differences[o.id] for o in bp.options)


def test_the_first_sample_asks_the_seeds_questions():
    from designer.core import options as O

    bp = io.load(MODELS / "avon-somerset-wiltshire.json")
    local = {f.id: f for f in O.apply_option(bp, "dogs-firearms-local").functions}
    assert local["dogs"].delivery == local["firearms"].delivery == "local"
    joint = {f.id: f for f in O.apply_option(bp, "custody-joint").functions}
    assert joint["custody"].delivery == "joint"
    assert [o.id for o in bp.options if o.status == "preferred"] == ["custody-joint"]


def test_every_sample_walks_demands_through_its_model(sample):
    """At least three walk-throughs drawn from the press releases, each passing, with a
    source, and steps that expect something of their providers."""
    from designer.core.walkthroughs import run_all

    _, bp = sample
    assert len(bp.walkthroughs) >= 3
    assert all(wt.source for wt in bp.walkthroughs)
    assert [r.walkthrough.id for r in run_all(bp) if not r.ok] == []
    expecting = [s for wt in bp.walkthroughs for s in wt.steps
                 if s.delivery or s.provider or s.governing_body]
    assert len(expecting) >= 5
