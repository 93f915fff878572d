"""References declared once: every reference field the schema declares is handled by every
consumer — the whole-file check, the per-edit check, the clean-up on delete, the graph's
edges and the canvas's edges.

The fields are not listed here: they are read from the schema. ``full()`` is a blueprint
that uses every one of them (a test says so, so a new field without a use fails here), and
each test runs once per reference that blueprint makes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import BaseModel

from designer.core import edits, references
from designer.core import graph as G
from designer.core.canvas_edges import all_edges
from designer.core.io import BlueprintFileError, dumps, loads
from designer.core.layout import compute_layout
from designer.core.references import Draw, Ref, RefTo, json_path
from designer.core.schema import (
    ALLIANCE,
    KIND_OF_LIST,
    Blueprint,
    Challenge,
    CostBasis,
    ForceFigures,
    Link,
    LinkRef,
    Option,
    OptionChange,
    Step,
    Waiver,
    Walkthrough,
    reference_problems,
)
from tests.build import area, blueprint, board, function, team

# one element of each kind that may be named, to point references at the wrong kind
SAMPLE_OF_KIND = {"force": "a", "area": "a-area", "body": "board", "function": "dogs",
                  "team": "dogs-unit", "role": "a.pcc"}


def full() -> Blueprint:
    """A small valid blueprint using every reference field the schema declares."""
    return blueprint(
        "a", "b", "c",
        areas=[area("a-area", "a"), area("b-area", "b"), area("c-area", "c")],
        bodies=[board(["a", "b"]),
                board(["c"], "jc", name="Joint committee", kind="joint-committee")],
        functions=[
            function("dogs", category="operational-support/dogs", delivery="shared",
                     host_force="a", partners=("a", "b"), governing_body="jc",
                     baseline={"a": ForceFigures(cost_pence=100), "b": ForceFigures()},
                     cost_basis=CostBasis(kind="fixed", shares={"a": 60, "b": 40})),
            function("mci", delivery="joint", lead_force="b"),
            function("npt", category="local-policing/neighbourhood"),
        ],
        teams=[team("dogs-unit", "dogs", "a", base_area="a-area", serves=("a-area", "b-area")),
               team("mci-unit", "mci", ALLIANCE)],
        links=[Link(kind="delivers", source="dogs-unit", target="npt"),
               Link(kind="depends-on", source="mci", target="dogs"),
               Link(kind="serves", source="mci-unit", target="c-area"),
               Link(kind="governs", source="board", target="mci"),
               Link(kind="accountable-to", source="a.chief_constable", target="a.pcc")],
        default_cost_basis=CostBasis(kind="fixed", shares={"a": 50, "b": 25, "c": 25}),
        waivers=(Waiver(rule="some-rule", element="npt", reason="agreed", author="Board",
                        date=date(2024, 1, 1)),),
    ).model_copy(update={"challenges": (
        Challenge(id="c1", element="jc", text="Who sits on it?", author="Workshop",
                  created=datetime(2024, 1, 1, 9, 0, tzinfo=UTC)),), "options": (Option(
        id="opt", name="Option",
        changes=(OptionChange(element="dogs-unit", set={"fte": 3.0}),),
        remove=("jc",),
        remove_links=(LinkRef(kind="depends-on", source="mci", target="dogs"),)),),
        "walkthroughs": (Walkthrough(
            id="walk", title="A walk-through", area="b-area", steps=(
                Step(category="operational-support/dogs", provider="dogs-unit",
                     governing_body="jc"),
                Step(category="operational-support/dogs", provider="a"))),)})


BP = full()
REFS = list(references.refs(BP))
CHECKED = [r for r in REFS if r.field.spec.checked]


def _id(ref: Ref) -> str:
    return json_path(ref.path)


def _where(ref: Ref) -> str:
    """Where a reference sits, as :func:`references.declared` says it."""
    path = ref.path[:-1] if ref.field.shape != "one" else ref.path
    return json_path(tuple("[]" if isinstance(p, int) else p for p in path)).replace(".[]", "[]")


def _with(value: Any, path: tuple, new: str) -> Any:
    """``value`` with the id at ``path`` replaced by ``new``, without validation."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, BaseModel):
        return value.model_copy(update={head: _with(getattr(value, head), rest, new)})
    if isinstance(value, tuple):
        return (*value[:head], _with(value[head], rest, new), *value[head + 1:])
    assert isinstance(value, dict) and not rest  # a dict keyed by ids: rename the key
    return {new if k == head else k: v for k, v in value.items()}


def _renamed(ref: Ref, new: str) -> tuple:
    return (*ref.path[:-1], new) if ref.field.shape == "keys" else ref.path


def _dangling(ref: Ref) -> str:
    """An id no element has, in the form the field takes."""
    return "nowhere.pcc" if ref.kinds == {"role"} else "nowhere"


def _wrong_kind(ref: Ref) -> tuple[str, str] | None:
    """An element of a kind the field may not name (``None``: it may name every kind)."""
    kind = next((k for k in SAMPLE_OF_KIND if k not in ref.kinds), None)
    return None if kind is None else (kind, SAMPLE_OF_KIND[kind])


def _holder_id(ref: Ref) -> str:
    """The element whose field it is (for an element's reference)."""
    return getattr(BP, ref.path[0])[ref.path[1]].id


# ---------------------------------------------------------------- the declarations


def test_every_declared_reference_is_used_by_the_blueprint_under_test():
    declared = {where for where, _field in references.declared(Blueprint)}
    used = {_where(r) for r in REFS}
    assert declared == used, f"add a use of {sorted(declared - used)} to full()"
    assert {"areas[].force", "teams[].owner", "functions[].cost_basis.shares",
            "alliance.default_cost_basis.shares", "links[].source",
            "alliance.waivers[].element", "challenges[].element", "options[].changes[].element",
            "options[].remove", "options[].remove_links[].source"} <= declared
    assert not any(where.startswith("options[].add") for where in declared), \
        "an option's added elements are checked when it is applied, not walked"


def test_the_blueprint_under_test_is_valid():
    assert loads(dumps(BP)) == BP
    assert reference_problems(BP) == []


def test_declarations_are_read_from_field_types():
    team_fields = {f.name: f for f in references.fields_of(type(BP.teams[0]))}
    assert team_fields["function"].spec.kinds == {"function"}
    assert team_fields["owner"].spec.also == {ALLIANCE}
    assert team_fields["serves"].shape == "many"
    assert {f.name for f in references.fields_of(type(BP.functions[0]))} == {
        "host_force", "lead_force", "partners", "governing_body", "baseline"}


def test_a_misplaced_or_incomplete_declaration_is_refused():
    from typing import Annotated

    class Inside(BaseModel):
        ids: tuple[Annotated[str, RefTo("force")], ...] = ()

    class Required(BaseModel):
        force: Annotated[str, RefTo("force")]

    with pytest.raises(TypeError, match="own type"):
        references.fields_of(Inside)
    with pytest.raises(TypeError, match="cannot be cleared"):
        references.fields_of(Required)
    with pytest.raises(TypeError, match="kinds"):
        RefTo()


# ---------------------------------------------------------------- whole-file check


@pytest.mark.parametrize("ref", CHECKED, ids=_id)
def test_whole_file_check_finds_a_dangling_reference(ref):
    missing = _dangling(ref)
    broken = _with(BP, ref.path, missing)
    assert [str(p) for p in reference_problems(broken)] == [
        f"{json_path(_renamed(ref, missing))}: refers to {missing!r}, which does not exist"]
    with pytest.raises(BlueprintFileError):  # and the file does not open
        loads(dumps(broken))


@pytest.mark.parametrize("ref", CHECKED, ids=_id)
def test_whole_file_check_finds_a_reference_to_the_wrong_kind(ref):
    wrong = _wrong_kind(ref)
    if wrong is None:  # any kind will do: an element of every kind is accepted
        assert ref.kinds == set(SAMPLE_OF_KIND)
        for other in SAMPLE_OF_KIND.values():
            assert reference_problems(_with(BP, ref.path, other)) == []
        return
    kind, other = wrong
    problems = [str(p) for p in reference_problems(_with(BP, ref.path, other))]
    where = json_path(_renamed(ref, other))
    assert f"{where}: refers to {other!r}, which is a {kind}, not a " \
           f"{' or '.join(sorted(ref.kinds))}" in problems


def test_an_unchecked_reference_may_name_what_is_not_there():
    unchecked = [r for r in REFS if not r.field.spec.checked]
    assert [_where(r) for r in unchecked] == [
        "alliance.waivers[].element", "options[].changes[].element", "options[].remove",
        "options[].remove_links[].source", "options[].remove_links[].target"]
    for ref in unchecked:  # an option naming what is not there is the option's problem
        assert reference_problems(_with(BP, ref.path, "nowhere")) == []


# ---------------------------------------------------------------- per-edit check


@pytest.mark.parametrize("ref", CHECKED, ids=_id)
def test_per_edit_check_refuses_a_dangling_or_wrong_reference(ref):
    kind, other = _wrong_kind(ref) or ("", "")
    missing = _dangling(ref)
    field = ref.path[2] if ref.path[0] != "alliance" else ref.path[1]
    if ref.path[0] == "links":
        link = _with(BP, ref.path, missing).links[ref.path[1]]
        without = BP.model_copy(update={"links": ()})
        assert f"{missing!r} does not exist" in edits.link_refusal(
            without, link.kind, link.source, link.target)
        with pytest.raises(edits.EditError):
            edits.add_link(without, link)
        wrong = _with(BP, ref.path, other).links[ref.path[1]]
        assert f"not {'an' if kind[0] in 'aeiou' else 'a'} {kind}" in edits.link_refusal(
            without, wrong.kind, wrong.source, wrong.target)
        return
    holder = (BP.alliance if ref.path[0] == "alliance" else getattr(BP, ref.path[0])[
        ref.path[1]])  # an element, or a walk-through
    start = 1 if ref.path[0] == "alliance" else 2
    dangling = _with(holder, ref.path[start:], missing)
    assert edits.reference_errors(BP, dangling) == [f"{field}: {missing!r} does not exist"]
    if not kind:  # it may name every kind
        assert all(edits.reference_errors(BP, _with(holder, ref.path[start:], other)) == []
                   for other in SAMPLE_OF_KIND.values())
        return
    wrong = _with(holder, ref.path[start:], other)
    assert edits.reference_errors(BP, wrong) == [
        f"{field}: {other!r} is {'an' if kind[0] in 'aeiou' else 'a'} {kind}, not "
        + ("an " if sorted(ref.kinds)[0][0] in "aeiou" else "a ")
        + " or ".join(sorted(ref.kinds))]


def test_per_edit_check_is_what_edits_run():
    with pytest.raises(edits.EditError, match="base_area: 'nowhere' does not exist"):
        edits.update_element(BP, "dogs-unit", base_area="nowhere")
    with pytest.raises(edits.EditError, match="default_cost_basis: 'zz' does not exist"):
        edits.update_alliance(BP, default_cost_basis=CostBasis(kind="fixed",
                                                               shares={"zz": 100}))
    with pytest.raises(edits.EditError, match="is a force, not an area"):
        edits.add_element(BP, "teams", team("t2", "npt", "a", serves=("b",)))


# ---------------------------------------------------------------- clean-up on delete


def _removing(ref: Ref) -> str:
    """What to remove to take away what ``ref`` names (a role goes with its force)."""
    return ref.target.split(".")[0] if edits.kind_of(BP, ref.target) == "role" else ref.target


def _holder_in(bp: Blueprint, ref: Ref) -> BaseModel | None:
    """The model holding ``ref`` in ``bp`` after the clean-up, if it is still there."""
    if ref.path[0] == "links":
        old = BP.links[ref.path[1]]
        return next((ln for ln in bp.links if ln.kind == old.kind and (
            ln.source, ln.target) == (old.source, old.target)), None)
    if ref.path[0] == "challenges":  # a record: kept, whatever it was about
        old_challenge = BP.challenges[ref.path[1]]
        return next((c for c in bp.challenges if c.id == old_challenge.id), None)
    if ref.path[0] == "options":
        old_option = BP.options[ref.path[1]]
        option = next(o for o in bp.options if o.id == old_option.id)
        if ref.path[2] == "remove":
            return option
        old_item = getattr(old_option, ref.path[2])[ref.path[3]]
        return next((c for c in getattr(option, ref.path[2]) if c == old_item), None)
    if ref.path[0] == "walkthroughs":  # the walk-through, or the step holding the field
        old = BP.walkthroughs[ref.path[1]]
        kept = next((w for w in bp.walkthroughs if w.id == old.id), None)
        return kept.steps[ref.path[3]] if kept and ref.path[2] == "steps" else kept
    if ref.path[0] == "alliance":
        if ref.path[1] == "waivers":
            old = BP.alliance.waivers[ref.path[2]]
            return next((w for w in bp.alliance.waivers if w.rule == old.rule), None)
        return bp.alliance
    holder_id = _holder_id(ref)
    return edits.find(bp, holder_id)[2] if edits.kind_of(bp, holder_id) else None


@pytest.mark.parametrize("ref", REFS, ids=_id)
def test_deleting_what_a_reference_names_deals_with_the_reference_as_declared(ref):
    gone = _removing(ref)
    after = edits.remove_elements(BP, [gone])
    assert loads(dumps(after)) == after  # nothing left names what went
    assert all(r.target != ref.target for r in references.refs(after))
    holder = _holder_in(after, ref)
    on_delete = ref.field.spec.on_delete
    if on_delete == "cascade":
        assert holder is None
    elif on_delete == "reset":  # the field holding the model is back to its default
        field = ref.path[1] if ref.path[0] == "alliance" else ref.path[2]
        assert holder is not None
        assert getattr(holder, field) == type(holder).model_fields[field].get_default(
            call_default_factory=True)
    else:
        assert holder is not None  # cleared, and the rest kept
        field_value = getattr(holder, ref.field.name)
        if ref.field.shape == "one":
            assert field_value is None
        else:
            assert ref.target not in field_value
            before = getattr(_holder_in(BP, ref), ref.field.name)
            kept = [r for r in before if r != ref.target]
            if isinstance(holder, type(BP.functions[0])) and ref.field.name == "partners" \
                    and len(kept) < 2:
                assert holder.delivery == "local"  # the arrangement fell apart
            else:
                assert list(field_value) == kept


def test_clean_up_keeps_lists_it_did_not_change():
    after = edits.remove_elements(BP, ["jc"])
    assert after.teams is BP.teams and after.areas is BP.areas and after.links is BP.links
    assert edits.find(after, "dogs")[2].governing_body is None


# ---------------------------------------------------------------- graph edges


def _ends(ref: Ref, towards_owner: bool) -> tuple[str, str]:
    owner = _holder_id(ref)
    return (ref.target, owner) if towards_owner else (owner, ref.target)


ELEMENT_REFS = [r for r in REFS if r.path[0] in KIND_OF_LIST]


def _field_edges(bp: Blueprint) -> set[tuple[str, str, str]]:
    """The graph's field edges, less a role's edge to its force (no field makes that)."""
    return {(u, v, d["kind"]) for u, v, d in G.to_graph(bp).edges(data=True)
            if d["origin"] == "field" and d["kind"] != "role-of"}


GRAPH_EDGES = _field_edges(BP)


@pytest.mark.parametrize("ref", ELEMENT_REFS, ids=_id)
def test_graph_has_an_edge_for_each_reference_that_declares_one(ref):
    spec = ref.field.spec
    if spec.edge is None:
        u, v = _ends(ref, False)
        assert not any({a, b} == {u, v} and k not in _declared_edges(u, v)
                       for a, b, k in GRAPH_EDGES)
    else:
        assert (*_ends(ref, spec.towards_owner), spec.edge) in GRAPH_EDGES


def _declared_edges(u: str, v: str) -> set[str]:
    return {r.field.spec.edge for r in ELEMENT_REFS if r.field.spec.edge
            and {_holder_id(r), r.target} == {u, v}}


def test_graph_makes_no_field_edge_that_no_declaration_explains():
    expected = {(*_ends(r, r.field.spec.towards_owner), r.field.spec.edge)
                for r in ELEMENT_REFS if r.field.spec.edge}
    assert expected == GRAPH_EDGES
    g = G.to_graph(BP)
    assert {(u, v, d["kind"]) for u, v, d in g.edges(data=True) if d["origin"] == "link"} == {
        (ln.source, ln.target, ln.kind) for ln in BP.links}


def test_only_element_fields_and_links_make_edges():
    """A reference held deeper (cost shares, a waiver) is no edge: the graph is of elements."""
    assert all(r.field.spec.edge is None and r.field.spec.draw is None
               for r in REFS if r.path[0] == "alliance" or len(r.path) > 4)


# ---------------------------------------------------------------- canvas edges


def _canvas(bp: Blueprint) -> set[tuple[str, str, str]]:
    return {(spec.kind, spec.source[0], spec.target[0])
            for spec in all_edges(bp, compute_layout(bp))}


CANVAS_EDGES = _canvas(BP)


@pytest.mark.parametrize("ref", ELEMENT_REFS, ids=_id)
def test_canvas_draws_each_reference_that_declares_a_drawing(ref):
    draw: Draw | None = ref.field.spec.draw
    if draw is None:
        u, v = _ends(ref, False)
        assert not any({a, b} == {u, v} for _k, a, b in CANVAS_EDGES
                       if not _explained(_k, a, b))
    else:
        assert (draw.kind, *_ends(ref, draw.towards_owner)) in CANVAS_EDGES


def _explained(kind: str, a: str, b: str) -> bool:
    """Whether a drawn edge comes from a declared drawing or a link."""
    return (kind, a, b) in _expected_canvas()


def _expected_canvas() -> set[tuple[str, str, str]]:
    drawn = {(r.field.spec.draw.kind, *_ends(r, r.field.spec.draw.towards_owner))
             for r in ELEMENT_REFS if r.field.spec.draw}
    return drawn | {(ln.kind, ln.source, ln.target) for ln in BP.links}


def test_canvas_draws_declared_references_and_links_and_nothing_else():
    assert _expected_canvas() == CANVAS_EDGES
    assert {k for k, _a, _b in CANVAS_EDGES} >= {"delivers", "governs", "chairs"}
