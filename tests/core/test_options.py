"""Options: applying one to the base, its located problems, the inverse (diff) and the
derived business as usual."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.core import edits, io
from designer.core import options as O
from designer.core.delivery import MODELS
from designer.core.finance import project
from designer.core.schema import (
    ALLIANCE,
    Blueprint,
    CostBasis,
    ForceFigures,
    Link,
    LinkRef,
    Option,
    OptionAdditions,
    OptionChange,
    SavingsDefaults,
    reference_problems,
)
from tests.build import area, blueprint, board, function, team

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"


def _base() -> Blueprint:
    return blueprint(
        "a", "b",
        areas=[area("a1", "a"), area("a2", "a"), area("b1", "b")],
        bodies=[board(["a", "b"])],
        functions=[
            function("dogs", category="operational-support/dogs", delivery="joint",
                     lead_force="a", governing_body="board", command="ACC",
                     baseline={"a": ForceFigures(cost_pence=60_000_00),
                               "b": ForceFigures(cost_pence=40_000_00)},
                     implementation_cost_pence=10_000_00, go_live="2016/17"),
            function("pnc", category="criminal-justice/pnc", delivery="shared", host_force="a",
                     baseline={"a": ForceFigures(cost_pence=30_000_00),
                               "b": ForceFigures(cost_pence=20_000_00)}),
            function("npt", category="local-policing/neighbourhood", required=True,
                     baseline={"a": ForceFigures(cost_pence=500_000_00),
                               "b": ForceFigures(cost_pence=300_000_00)}),
        ],
        teams=[team("dogs-unit", "dogs", ALLIANCE, serves=("a1", "a2", "b1")),
               team("pnc-bureau", "pnc", "a", base_area="a1"),
               team("npt-a", "npt", "a", serves=("a1", "a2")),
               team("npt-b", "npt", "b", serves=("b1",))],
        links=[Link(kind="depends-on", source="dogs", target="pnc")],
    )


def _with(bp: Blueprint, *options: Option) -> Blueprint:
    return bp.model_copy(update={"options": options})


DOGS_LOCAL = Option(
    id="dogs-local", name="Dogs kept local", status="short-list",
    changes=(OptionChange(element="dogs", set={"delivery": "local", "lead_force": None,
                                               "command": ""}),
             OptionChange(element="dogs-unit", set={"owner": "a"})))


# ---------------------------------------------------------------- applying


def test_apply_option_changes_only_what_it_names_and_keeps_the_base():
    bp = _with(_base(), DOGS_LOCAL)
    result = O.apply_option(bp, "dogs-local")
    dogs = edits.find(result, "dogs")[2]
    assert (dogs.delivery, dogs.lead_force, dogs.command) == ("local", None, "")
    assert edits.find(result, "dogs-unit")[2].owner == "a"
    assert result.options == ()
    assert result.functions[1] is bp.functions[1]  # untouched elements are the same objects
    assert edits.find(bp, "dogs")[2].delivery == "joint"  # the base is as it was
    assert io.loads(io.dumps(result)) == result  # as valid as a loaded file
    assert reference_problems(result) == []


def test_an_option_survives_save_and_load_unchanged():
    bp = _with(_base(), DOGS_LOCAL)
    text = io.dumps(bp)
    assert io.loads(text) == bp
    assert '"options": [' in text
    assert io.dumps(_base()) == io.dumps(_with(_base()))  # no options: no key in the file


def test_changes_are_written_one_field_a_line_in_schema_order():
    option = Option(id="o", name="O", changes=(
        OptionChange(element="dogs", set={"command": "", "lead_force": None,
                                          "delivery": "local"}),))
    text = io.dumps(_with(_base(), option))
    assert '"set": {\n            "delivery": "local",\n            "lead_force": null,\n' \
           '            "command": ""\n' in text


def test_removals_additions_and_link_removals():
    option = Option(
        id="o", name="O",
        remove=("pnc",),
        remove_links=(LinkRef(kind="depends-on", source="dogs", target="pnc"),),
        add=OptionAdditions(
            functions=(function("custody", category="criminal-justice/custody",
                                delivery="joint", lead_force="b"),),
            teams=(team("custody-suite", "custody", ALLIANCE),),
            links=(Link(kind="delivers", source="custody-suite", target="npt"),)))
    result = O.apply_option(_with(_base(), option), "o")
    ids = {e.id for _l, _i, e in result.elements()}
    assert "pnc" not in ids and "pnc-bureau" not in ids  # its team goes with it
    assert {"custody", "custody-suite"} <= ids
    assert [ln.kind for ln in result.links] == ["delivers"]
    assert reference_problems(result) == []


def test_changing_the_alliance_default_savings():
    option = Option(id="o", name="O", changes=(OptionChange(
        element=ALLIANCE, set={"savings_defaults": {"shared": 10, "joint": 25}}),))
    result = O.apply_option(_with(_base(), option), "o")
    assert result.alliance.savings_defaults == SavingsDefaults(shared=10, joint=25)


def test_unknown_option_id_names_the_ids_there_are():
    with pytest.raises(O.UnknownOption, match="there is no option 'nope' "
                       r"\(options: dogs-local\)") as info:
        O.apply_option(_with(_base(), DOGS_LOCAL), "nope")
    assert info.value.ids == ["dogs-local"]


# ---------------------------------------------------------------- bad options


def _problems(*changes: OptionChange, **fields) -> list[str]:
    option = Option(id="bad", name="Bad", changes=changes, **fields)
    bp = _with(_base(), DOGS_LOCAL, option)
    return [str(p) for p in O.option_problems(bp)]


@pytest.mark.parametrize(("change", "expected"), [
    (OptionChange(element="dogz", set={"delivery": "local"}),
     "options[1].changes[0].element (id \"bad\"): 'dogz' is not an element of the blueprint"),
    (OptionChange(element="dogs", set={"delivry": "local"}),
     "options[1].changes[0].set.delivry (id \"bad\"): a function has no field 'delivry'; an "
     "option can change delivery, host_force"),
    (OptionChange(element="dogs", set={"name": "Dogs"}),
     "options[1].changes[0].set.name (id \"bad\"): an option cannot change a function's "
     "name"),
    (OptionChange(element="dogs", set={"savings_percent": 150}),
     "options[1].changes[0].set.savings_percent (id \"bad\"): Input should be less than or "
     "equal to 100, not 150"),
    (OptionChange(element="dogs", set={"savings_percent": "12"}),
     "options[1].changes[0].set.savings_percent (id \"bad\"): Input should be a valid "
     "number, not \"12\""),
    (OptionChange(element="dogs", set={"cost_basis": {"kind": "shares"}}),
     "options[1].changes[0].set.cost_basis.kind (id \"bad\"): Input should be"),
    (OptionChange(element="dogs", set={"delivery": "shared", "lead_force": None}),
     "options[1].changes[0] (id \"bad\"): with this option, Dogs breaks the schema: a shared "
     "function needs a host force"),
    (OptionChange(element="dogs", set={"lead_force": "nowhere"}),
     "options[1].changes[0].set.lead_force (id \"bad\"): 'nowhere' does not exist"),
    (OptionChange(element="a", set={"population": 3}),
     "options[1].changes[0].element (id \"bad\"): an option cannot change a force"),
    (OptionChange(element="a1", set={"commander": "x"}),
     "options[1].changes[0].element (id \"bad\"): an option cannot change an area"),
])
def test_a_bad_change_is_a_located_problem_of_its_option_only(change, expected):
    problems = _problems(change)
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_the_same_field_twice_is_a_located_problem():
    problems = _problems(OptionChange(element="dogs", set={"command": "A"}),
                         OptionChange(element="dogs-unit", set={"fte": 3.0}),
                         OptionChange(element="dogs", set={"command": "B"}))
    assert problems == ['options[1].changes[2].set.command (id "bad"): sets the command of '
                        "'dogs' a second time (first at options[1].changes[0]); keep one"]


def test_an_option_id_used_twice_is_a_located_problem_and_the_first_is_applied():
    twin = DOGS_LOCAL.model_copy(update={"name": "Twin", "changes": ()})
    bp = _with(_base(), DOGS_LOCAL, twin)
    assert [str(p) for p in O.option_problems(bp)] == [
        'options[1].id (id "dogs-local"): the id \'dogs-local\' is already used by '
        "options[0]; option ids are unique among the options"]
    assert edits.find(O.apply_option(bp, "dogs-local"), "dogs")[2].delivery == "local"


def test_removing_and_adding_wrongly_are_located_problems():
    problems = _problems(
        OptionChange(element="pnc", set={"host_force": "b"}),
        OptionChange(element="new-unit", set={"fte": 2.0}),
        remove=("pnc", "a", "ghost", "pnc"),
        remove_links=(LinkRef(kind="serves", source="npt-a", target="b1"),),
        add=OptionAdditions(teams=(team("new-unit", "nowhere", "a"), team("npt-a", "npt", "a")),
                            links=(Link(kind="delivers", source="npt-a", target="npt"),)))
    assert problems == [
        'options[1].changes[0].element (id "bad"): \'pnc\' is removed by this option '
        "(remove[0]); a change to it would be lost",
        'options[1].changes[1].element (id "bad"): \'new-unit\' is added by this option: give '
        "its fields where it is added (add.teams[0])",
        'options[1].add.links[0] (id "bad"): the team already delivers that function (it is '
        "the team's own function)",
        'options[1].add.teams[0].function (id "bad"): \'nowhere\' does not exist',
        'options[1].add.teams[1].id (id "bad"): the id \'npt-a\' is already used in the '
        "blueprint (ids are unique in the whole document)",
        'options[1].remove[1] (id "bad"): an option cannot remove a force: the forces are the '
        "alliance every option is about",
        'options[1].remove[2] (id "bad"): \'ghost\' is not an element of the blueprint',
        'options[1].remove[3] (id "bad"): \'pnc\' is removed twice (first at remove[0])',
        'options[1].remove_links[0] (id "bad"): there is no serves link from \'npt-a\' to '
        "'b1' in the blueprint",
    ]


def test_a_file_with_broken_options_opens_and_keeps_them(tmp_path):
    """The base and the other options still open; saving keeps the broken option as it is."""
    broken = Option(id="bad", name="Bad", changes=(
        OptionChange(element="dogz", set={"delivery": "local", "whatever": [1, {"x": None}]}),))
    path = tmp_path / "bp.json"
    io.save(_with(_base(), DOGS_LOCAL, broken), path)
    text = path.read_text("utf-8")
    bp = io.load(path)  # opens
    assert O.apply_option(bp, "dogs-local")  # the good option still applies
    with pytest.raises(O.OptionError) as info:
        O.apply_option(bp, "bad")
    assert [p.path for p in info.value.problems] == ["options[1].changes[0].element"]
    io.save(bp, path)
    assert path.read_text("utf-8") == text  # nothing lost


def test_option_problems_are_located_on_their_line():
    broken = Option(id="bad", name="Bad", changes=(
        OptionChange(element="dogs", set={"savings_percent": 150}),))
    text = io.dumps(_with(_base(), broken))
    [problem] = io.locate(text, O.option_problems(io.loads(text)))
    line = text.splitlines()[problem.line - 1]
    assert '"savings_percent": 150' in line


def test_a_misspelt_status_is_a_file_error_like_any_other_field():
    data = json.loads(io.dumps(_with(_base(), DOGS_LOCAL)))
    data["options"][0]["status"] = "maybe"
    with pytest.raises(io.BlueprintFileError) as info:
        io.loads(json.dumps(data, indent=2))
    assert info.value.problems[0].path == "options[0].status"
    assert info.value.problems[0].line is not None


def test_version_1_files_have_no_options_and_open_unchanged():
    text = io.dumps(_base()).replace('"version": 2', '"version": 1')
    assert io.loads(text).options == ()


# ---------------------------------------------------------------- deleting in the base


def test_deleting_an_element_in_the_base_drops_the_options_changes_to_it():
    option = DOGS_LOCAL.model_copy(update={"remove": ("pnc-bureau",)})
    bp = edits.remove_elements(_with(_base(), option), ["dogs-unit", "pnc-bureau"])
    [kept] = bp.options
    assert [c.element for c in kept.changes] == ["dogs"]
    assert kept.remove == ()
    assert O.option_problems(bp) == []


# ---------------------------------------------------------------- the inverse


def test_diff_of_the_applied_option_gives_its_changes_back():
    bp = _with(_base(), DOGS_LOCAL)
    content = O.diff_option(bp, O.apply_option(bp, "dogs-local"))
    assert content == O.content_of(DOGS_LOCAL)


def test_diff_refuses_what_an_option_cannot_hold():
    renamed = edits.update_element(_base(), "dogs", name="Dog section")
    with pytest.raises(O.OptionError, match="cannot change the name of a function"):
        O.diff_option(_base(), renamed)


def test_record_edit_stores_an_edit_in_the_option_and_leaves_the_base():
    bp = _with(_base(), DOGS_LOCAL)
    shown = O.apply_option(bp, "dogs-local")
    edited = edits.update_element(shown, "pnc", implementation_cost_pence=5_000_00)
    after = O.record_edit(bp, "dogs-local", edited)
    assert O.base_of(after) == O.base_of(bp)
    assert O.apply_option(after, "dogs-local") == edited
    assert after.options[0].name == "Dogs kept local"
    assert O.marks(after, "dogs-local") == {"dogs": "changed", "dogs-unit": "changed",
                                            "pnc": "changed"}


def test_record_view_edit_keeps_the_files_own_parts_in_the_file():
    """Moving a base node, a challenge or a waiver made while an option is shown belong
    to the file (every view has them); the option's changes stay as they were."""
    bp = _with(_base(), DOGS_LOCAL)
    shown = O.apply_option(bp, "dogs-local")
    edited = edits.set_positions(shown, {"pnc": (120.0, 40.0), "dogs": (10.0, 20.0)})
    edited = edits.add_challenge(edited, {"id": "challenge-1", "element": "dogs",
                                          "text": "Why local?", "author": "Ann",
                                          "created": "2015-02-10T14:05:00Z"})
    after = O.record_view_edit(bp, "dogs-local", edited)
    assert after.options[0] == DOGS_LOCAL
    assert edits.find(after, "pnc")[2].position.x == 120.0
    assert edits.find(after, "dogs")[2].position.y == 20.0
    assert [c.id for c in after.challenges] == ["challenge-1"]
    assert O.apply_option(after, "dogs-local") == edited


def test_record_view_edit_records_the_rest_and_refuses_a_rename():
    bp = _with(_base(), DOGS_LOCAL)
    shown = O.apply_option(bp, "dogs-local")
    edited = edits.update_element(shown, "pnc", savings_percent=20.0)
    after = O.record_view_edit(bp, "dogs-local", edited)
    assert O.base_of(after) == O.base_of(bp)
    assert O.apply_option(after, "dogs-local") == edited
    with pytest.raises(O.OptionError, match="name"):
        O.record_view_edit(bp, "dogs-local", edits.update_element(shown, "pnc", name="PNC"))


def test_mark_tips_and_labels_say_which_option_and_what_it_does():
    added = DOGS_LOCAL.model_copy(update={"add": OptionAdditions(
        functions=(function("air", category="operational-support/air-operations"),))})
    bp = _with(_base(), added)
    tips = O.mark_tips(bp, "dogs-local")
    assert tips["dogs"] == "Option “Dogs kept local” changes its delivery, lead force and command"
    assert tips["dogs-unit"] == "Option “Dogs kept local” changes its owner"
    assert tips["air"] == "Added by option “Dogs kept local”"
    assert set(tips) == set(O.marks(bp, "dogs-local"))
    assert O.option_label(DOGS_LOCAL) == "Dogs kept local (short list)"
    assert set(O.MARK_BADGES) == {"changed", "added", "removed"}


def test_option_edits_new_duplicate_rename_status_delete():
    bp, first = O.new_option(_base(), "Dogs local")
    assert first == "dogs-local" and bp.options[0].changes == ()
    bp = O.put_option(bp, DOGS_LOCAL.model_copy(update={"name": "Dogs local"}))
    bp, copy = O.new_option(bp, "Dogs local", like="dogs-local")
    assert copy == "dogs-local-2"
    assert bp.options[1].changes == DOGS_LOCAL.changes
    bp = O.update_option(bp, copy, name="Dogs and firearms local", status="preferred")
    assert (bp.options[1].name, bp.options[1].status) == ("Dogs and firearms local",
                                                          "preferred")
    with pytest.raises(edits.EditError, match="status"):
        O.update_option(bp, copy, status="maybe")
    assert O.option_ids(O.remove_option(bp, "dogs-local")) == [copy]
    assert O.new_option_id(bp, "Base") == "base-2"


# ---------------------------------------------------------------- property: apply ∘ diff


SAMPLES = [io.load(MODELS_DIR / name) for name in
           ("avon-somerset-wiltshire.json", "beds-cambs-herts.json")]
YEARS = [f"{y}/{(y + 1) % 100:02d}" for y in range(2014, 2024)]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12)


@st.composite
def function_fields(draw, bp: Blueprint, fn, bodies: list[str]) -> dict:
    forces = list(bp.force_ids())
    out: dict = {}
    model = draw(st.sampled_from(sorted(MODELS)))
    if draw(st.booleans()):
        m = MODELS[model]
        partners = tuple(draw(st.permutations(forces))) if draw(st.booleans()) else ()
        out.update(delivery=model, host_force=None, lead_force=None,
                   partners=partners if m.pooled else ())
        if m.force_field and (m.force_required or draw(st.booleans())):
            out[m.force_field] = draw(st.sampled_from(forces))
    if draw(st.booleans()):
        out["governing_body"] = draw(st.none() | st.sampled_from(bodies)) if bodies else None
    if draw(st.booleans()):
        out["command"] = draw(TEXT).strip()
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["equal", "population", "net-budget", "fixed", None]))
        shares = {forces[0]: 40.0, **{f: 60.0 / (len(forces) - 1) for f in forces[1:]}}
        out["cost_basis"] = None if kind is None else CostBasis(
            kind=kind, shares=shares if kind == "fixed" and len(forces) == 2 else {}) \
            if kind != "fixed" or len(forces) == 2 else CostBasis(kind="equal")
    if draw(st.booleans()):
        out["savings_percent"] = draw(st.none() | st.integers(0, 1000).map(lambda n: n / 10))
    if draw(st.booleans()):
        out["savings_source"] = draw(TEXT)
    if draw(st.booleans()):
        out["implementation_cost_pence"] = draw(st.integers(0, 10**10))
    if draw(st.booleans()):
        out["go_live"] = draw(st.none() | st.sampled_from(YEARS))
    if draw(st.booleans()):
        out["ramp_up"] = tuple(draw(st.lists(st.integers(0, 100).map(float), max_size=3)))
    return out


@st.composite
def options_of(draw, bp: Blueprint) -> Option:
    """A valid option in normal form: every change differs from what the removals leave."""
    fns = list(bp.functions)
    removed_fns = draw(st.lists(st.sampled_from([f.id for f in fns if not f.required]),
                                max_size=2, unique=True))
    removable_teams = [t.id for t in bp.teams if t.function not in removed_fns]
    removed_teams = draw(st.lists(st.sampled_from(removable_teams), max_size=2, unique=True)) \
        if removable_teams else []
    remove = tuple(removed_fns + removed_teams)
    middle = edits.remove_elements(bp, remove) if remove else bp
    bodies = [b.id for b in middle.bodies]
    areas = [a.id for a in middle.areas]
    changes: list[OptionChange] = []
    for fn in draw(st.lists(st.sampled_from(list(middle.functions)), max_size=4,
                            unique_by=lambda f: f.id)):
        fields = draw(function_fields(middle, fn, bodies))
        try:
            new = type(fn).model_validate({**fn.__dict__, **fields})
        except ValueError:
            continue  # a draw the schema refuses is not a valid option: skip it
        if edits.reference_errors(middle, new):
            continue
        changes.append(OptionChange(element=fn.id, set={
            k: O.json_value(getattr(new, k)) for k in fields if getattr(new, k) != getattr(fn, k)}))
    for tm in draw(st.lists(st.sampled_from(list(middle.teams)), max_size=3,
                            unique_by=lambda t: t.id)) if middle.teams else []:
        fields = {"fte": draw(st.integers(0, 500).map(float)),
                  "serves": tuple(draw(st.lists(st.sampled_from(areas), unique=True,
                                                max_size=3))),
                  "base_area": draw(st.none() | st.sampled_from(areas)),
                  "owner": draw(st.sampled_from([*middle.force_ids(), ALLIANCE]))}
        fields = {k: v for k, v in fields.items() if draw(st.booleans())}
        changes.append(OptionChange(element=tm.id, set={
            k: O.json_value(v) for k, v in fields.items() if getattr(tm, k) != v}))
    if draw(st.booleans()):
        defaults = SavingsDefaults(local=draw(st.integers(0, 10).map(float)), shared=12.5)
        if defaults != middle.alliance.savings_defaults:
            changes.append(OptionChange(element=ALLIANCE,
                                        set={"savings_defaults": O.json_value(defaults)}))
    add = OptionAdditions()
    if draw(st.booleans()):
        new_fn = function("opt-new", category="operational-support/air-operations",
                          delivery="joint", lead_force=bp.forces[0].id)
        add = OptionAdditions(functions=(new_fn,),
                              teams=(team("opt-new-unit", "opt-new", ALLIANCE),),
                              links=(Link(kind="depends-on", source="opt-new",
                                          target=middle.functions[0].id),))
    links = [ln for ln in middle.links]
    remove_links = tuple(LinkRef(kind=ln.kind, source=ln.source, target=ln.target)
                         for ln in draw(st.lists(st.sampled_from(links), max_size=2,
                                                 unique=True))) if links else ()
    changes = [c for c in changes if c.set]
    order = {e.id: n for n, (_l, _i, e) in enumerate(middle.elements())}
    changes.sort(key=lambda c: order.get(c.element, len(order)))
    return Option(id="prop", name="Property", changes=tuple(changes), add=add,
                  remove=remove, remove_links=remove_links)


@st.composite
def base_and_option(draw):
    bp = draw(st.sampled_from(SAMPLES))
    bp = O.base_of(bp)
    return bp, draw(options_of(bp))


def _as_mapping(content: O.Content) -> dict:
    return {
        "changes": {(c.element, k): v for c in content.changes for k, v in c.set.items()},
        "add": content.add,
        "remove": sorted(content.remove),
        "remove_links": sorted(content.remove_links, key=lambda r: (r.kind, r.source, r.target)),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(base_and_option())
def test_apply_then_diff_gives_exactly_the_options_changes(case):
    bp, option = case
    doc = _with(bp, option)
    assert O.option_problems(doc) == []
    result = O.apply_option(doc, "prop")
    assert io.loads(io.dumps(result)) == result  # fully valid, as a file would be
    content = O.diff_option(bp, result)
    assert _as_mapping(content) == _as_mapping(O.content_of(option))
    assert O.apply_option(_with(bp, content.in_option(option)), "prop") == result


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["dogs", "dogs-unit", "pnc", "a", "alliance", "x"]),
                          st.dictionaries(st.sampled_from(
                              ["delivery", "host_force", "lead_force", "partners", "fte",
                               "serves", "owner", "savings_defaults", "name", "go_live",
                               "cost_basis", "ramp_up"]),
                              st.recursive(st.none() | st.booleans() | st.integers()
                                           | st.floats(allow_nan=False, allow_infinity=False)
                                           | st.text(max_size=5),
                                           lambda c: st.lists(c, max_size=3)
                                           | st.dictionaries(st.text(max_size=4), c,
                                                             max_size=3), max_leaves=6),
                              max_size=3)),
                max_size=4))
def test_any_option_content_gives_problems_never_a_crash(entries):
    option = Option(id="fuzz", name="Fuzz",
                    changes=tuple(OptionChange(element=e, set=s) for e, s in entries))
    bp = _with(_base(), option)
    for problem in O.option_problems(bp):
        assert problem.path.startswith("options[0]") and problem.message
    assert io.loads(io.dumps(bp)) == bp


# ---------------------------------------------------------------- business as usual


def test_business_as_usual_is_every_function_local_at_baseline_with_no_savings():
    bp = SAMPLES[0]
    bau = O.business_as_usual(bp)
    assert all(fn.delivery == "local" and not fn.partners and fn.implementation_cost_pence == 0
               for fn in bau.functions)
    assert all(bau.delivery_for(fn, f) == "local" for fn in bau.functions
               for f in bau.force_ids())
    p, base = project(bau), project(bp)
    assert p.years == base.years
    assert p.flows == ()
    for f in p.forces:
        for y in p.years:
            v = p.by_force[f][y]
            assert (v.savings, v.implementation, v.contributions) == (0, 0, 0)
            assert v.net_cost == v.baseline == base.by_force[f][y].baseline
    assert bau.options == () and bp.functions  # derived, never stored
    assert io.dumps(bp) == (MODELS_DIR / "avon-somerset-wiltshire.json").read_text("utf-8")


def test_a_file_with_options_is_read_on_the_fast_path():
    """Keys inside a change's value (default savings) are counted, so the loader's one-pass
    read sees nothing it cannot explain and needs no second, careful pass."""
    option = Option(id="o", name="O", changes=(OptionChange(
        element=ALLIANCE, set={"savings_defaults": {"shared": 10, "joint": 25}}),))
    raw = io.dumps(_with(_base(), option)).encode("utf-8")
    parsed = Blueprint.model_validate_json(raw, strict=True)
    assert io._keys_in_text(raw) == io._keys_used(Blueprint, [parsed])
