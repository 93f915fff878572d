"""Three-way merge: changes to different things merge, conflicts are kept in a valid file."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.core import diff as D
from designer.core import edits, io
from designer.core import merge as M
from designer.core.rules.engine import check
from designer.core.schema import ForceFigures, Link
from tests.build import blueprint, force, function, team


def _base(groups: int = 2):
    functions = [function(f"f{i}", "operational-support/dogs", name=f"Function {i}",
                          baseline={"a": ForceFigures(cost_pence=100_00 * (i + 1))})
                 for i in range(groups)]
    functions.append(function("dogs", "operational-support/dogs", name="Dogs",
                              delivery="joint", lead_force="a"))
    teams = [team(f"t{i}", f"f{i}", "a", name=f"Team {i}") for i in range(groups)]
    return blueprint(force("a", name="Avon"), force("b", name="Wilts"), functions=functions,
                     teams=teams)


def _paths(result: M.MergeResult) -> list[str]:
    return [c.path for c in result.conflicts]


def _roundtrip(result: M.MergeResult) -> None:
    """The merged file is canonical and loads back as the same blueprint."""
    assert io.loads(io.dumps(result.blueprint)) == result.blueprint


# ------------------------------------------------------------------ clean merges


def test_changes_to_different_elements_and_fields_merge():
    base = _base()
    ours = edits.update_element(base, "f0", name="Renamed")
    ours = edits.update_element(ours, "dogs", command="ACC Operations")
    theirs = edits.update_element(base, "f1", notes="Theirs")
    theirs = edits.update_element(theirs, "dogs", savings_percent=30.0)
    result = M.merge(base, ours, theirs)
    assert result.clean
    expected = edits.update_element(ours, "f1", notes="Theirs")
    expected = edits.update_element(expected, "dogs", savings_percent=30.0)
    assert io.dumps(result.blueprint) == io.dumps(expected)


def test_one_forces_figures_each_side():
    base = _base()
    f0 = base.functions[0]
    ours = edits.update_element(base, "f0", baseline={**f0.baseline, "b": ForceFigures(fte=3.0)})
    theirs = edits.update_element(
        base, "f0", baseline={"a": ForceFigures(cost_pence=999_00)})
    result = M.merge(base, ours, theirs)
    assert result.clean
    assert result.blueprint.functions[0].baseline == {"a": ForceFigures(cost_pence=999_00),
                                                      "b": ForceFigures(fte=3.0)}


def test_the_same_change_on_both_sides_is_made_once():
    base = _base()
    both = edits.remove_elements(edits.update_element(base, "f0", name="Same"), ["t1"])
    result = M.merge(base, both, both)
    assert result.clean and result.blueprint == both


def test_additions_on_both_sides_are_kept_ours_first():
    base = _base()
    ours = edits.add_element(base, "functions", function("o", "support-functions/hr", name="O"))
    theirs = edits.add_element(base, "functions", function("t", "support-functions/ict",
                                                           name="T"))
    result = M.merge(base, ours, theirs)
    assert result.clean
    assert [f.id for f in result.blueprint.functions][-2:] == ["o", "t"]


# ------------------------------------------------------------------ conflicts


def test_the_same_field_changed_two_ways_keeps_ours_and_records_both():
    base = _base()
    ours = edits.update_element(base, "f0", name="Ours")
    theirs = edits.update_element(base, "f0", name="Theirs")
    result = M.merge(base, ours, theirs)
    [conflict] = result.conflicts
    assert (conflict.path, conflict.base, conflict.ours, conflict.theirs) == (
        "functions/f0/name", "Function 0", "Ours", "Theirs")
    assert result.blueprint.functions[0].name == "Ours"
    assert result.blueprint.conflicts == result.conflicts
    words = M.conflict_words(conflict, D.Names(result.blueprint))
    assert words.sentence() == "Function 0: name: ours Ours, theirs Theirs (was Function 0)" \
        or words.title == "Ours: name"
    _roundtrip(result)


def test_deleted_on_one_side_edited_on_the_other():
    base = _base()
    deleted = edits.remove_elements(base, ["t0"])
    edited = edits.update_element(base, "t0", fte=12.0)
    result = M.merge(base, deleted, edited)
    assert _paths(result) == ["teams/t0"]
    assert "t0" not in {t.id for t in result.blueprint.teams}  # ours deleted it
    [c] = result.conflicts
    assert c.ours is None and c.theirs["fte"] == 12.0
    words = M.conflict_words(c, D.Names(base))
    assert (words.ours, words.theirs) == ("deleted", "FTE 12")
    result = M.merge(base, edited, deleted)
    assert _paths(result) == ["teams/t0"]
    assert result.blueprint.teams[0].fte == 12.0  # ours edited it
    _roundtrip(result)


def test_a_link_to_an_element_the_other_side_deleted():
    base = _base()
    linked = edits.add_link(base, Link(kind="depends-on", source="f0", target="f1"))
    deleted = edits.remove_elements(base, ["f1"])
    result = M.merge(base, linked, deleted)  # ours needs f1: kept, the deletion a conflict
    assert _paths(result) == ["functions/f1"]
    assert "f1" in {f.id for f in result.blueprint.functions}
    assert result.blueprint.links == linked.links
    _roundtrip(result)
    result = M.merge(base, deleted, linked)  # ours deleted f1: their link cannot stand
    assert sorted(_paths(result)) == ["functions/f1", "links/depends-on/f0/f1"]
    assert not result.blueprint.links
    _roundtrip(result)


def test_a_reference_to_an_element_the_other_side_deleted():
    base = _base()
    shared = edits.update_element(base, "f0", delivery="shared", host_force="b")
    gone = edits.remove_elements(base, ["b"])
    result = M.merge(base, shared, gone)
    assert "forces/b" in _paths(result)
    assert result.blueprint.force_ids() == ("a", "b")
    _roundtrip(result)


def test_the_same_new_id_added_differently():
    base = _base()
    ours = edits.add_element(base, "functions", function("hr", "support-functions/hr",
                                                         name="HR"))
    theirs = edits.add_element(base, "functions", function("hr", "support-functions/hr",
                                                           name="Human resources"))
    result = M.merge(base, ours, theirs)
    assert _paths(result) == ["functions/hr"]
    words = M.conflict_words(result.conflicts[0], D.Names(result.blueprint))
    assert (words.base, words.ours, words.theirs) == (
        "not there", "name HR", "name Human resources")


def test_fields_that_must_agree_become_one_conflict_for_the_element():
    """Each side's delivery change is valid alone; together they would not be."""
    base = blueprint("a", "b", "c", functions=[function(
        "dogs", "operational-support/dogs", name="Dogs", delivery="joint", lead_force="a")])
    ours = edits.update_element(base, "dogs", partners=("a", "b"))
    theirs = edits.update_element(base, "dogs", lead_force="c")  # not one of ours' partners
    result = M.merge(base, ours, theirs)
    assert _paths(result) == ["functions/dogs"]
    assert result.blueprint.functions[0] == ours.functions[0]
    words = M.conflict_words(result.conflicts[0], D.Names(base))
    assert (words.base, words.ours, words.theirs) == (
        "lead force A; partners none", "partners A, B", "lead force C")
    _roundtrip(result)


def test_unresolved_conflicts_from_either_side_are_kept():
    base = _base()
    first = M.merge(base, edits.update_element(base, "f0", name="X"),
                    edits.update_element(base, "f0", name="Y")).blueprint
    theirs = edits.update_element(base, "f1", name="Z")
    result = M.merge(base, first, theirs)
    assert result.clean  # nothing new
    assert [c.path for c in result.blueprint.conflicts] == ["functions/f0/name"]


def test_both_sides_added_the_file():
    a = _base()
    b = edits.update_element(a, "f0", name="Other")
    result = M.merge(M.empty_base(), a, b)
    assert _paths(result) == ["functions/f0"]
    assert result.blueprint.functions[0].name == "Function 0"


# ------------------------------------------------------------------ the rules and resolving


def test_check_fails_while_conflicts_remain():
    base = _base()
    result = M.merge(base, edits.update_element(base, "f0", name="Ours"),
                     edits.update_element(base, "f0", name="Theirs"))
    found = [r for r in check(result.blueprint) if r.rule == "no-merge-conflicts"]
    assert [r.severity for r in found] == ["error"]
    assert found[0].elements == ("f0",)
    assert "ours Ours, theirs Theirs (was Function 0)" in found[0].message
    resolved = M.resolve(result.blueprint, "functions/f0/name", "theirs")
    assert not [r for r in check(resolved) if r.rule == "no-merge-conflicts"]


@pytest.mark.parametrize(("side", "name"), [("ours", "Ours"), ("theirs", "Theirs"),
                                             ("base", "Function 0")])
def test_choosing_a_side_for_a_field(side, name):
    base = _base()
    merged = M.merge(base, edits.update_element(base, "f0", name="Ours"),
                     edits.update_element(base, "f0", name="Theirs")).blueprint
    resolved = M.resolve(merged, "functions/f0/name", side)
    assert resolved.functions[0].name == name
    assert not resolved.conflicts


def test_choosing_a_deletion_deletes_with_the_clean_up():
    base = _base()
    linked = edits.add_link(base, Link(kind="depends-on", source="f0", target="f1"))
    merged = M.merge(base, linked, edits.remove_elements(base, ["f1"])).blueprint
    resolved = M.resolve(merged, "functions/f1", "theirs")
    assert "f1" not in {f.id for f in resolved.functions}
    assert not resolved.links and "t1" not in {t.id for t in resolved.teams}


def test_a_side_that_names_what_is_not_there_is_refused_in_words():
    base = _base()
    linked = edits.add_link(base, Link(kind="depends-on", source="f0", target="f1"))
    merged = M.merge(base, edits.remove_elements(base, ["f1"]), linked).blueprint
    with pytest.raises(M.ResolveError, match=r"cannot take theirs for links/depends-on/f0/f1: "
                       r".*'f1', which does not exist"):
        M.resolve(merged, "links/depends-on/f0/f1", "theirs")
    restored = M.resolve(merged, "functions/f1", "theirs")
    resolved = M.resolve(restored, "links/depends-on/f0/f1", "theirs")
    assert resolved.links == linked.links and not resolved.conflicts


def test_a_conflict_that_is_not_there():
    with pytest.raises(M.ResolveError, match="no conflict at functions/x"):
        M.resolve(_base(), "functions/x", "ours")


# ------------------------------------------------------------------ properties

GROUPS = 4


def _op(targets: list[int], tag: str) -> st.SearchStrategy:
    """One random edit of the elements of ``targets`` (function i and its team i)."""
    i = st.sampled_from(targets)
    text = st.text("abc XYZ", min_size=1, max_size=6).filter(str.strip)
    return st.one_of(
        st.tuples(st.just("name"), i, text),
        st.tuples(st.just("notes"), i, text),
        st.tuples(st.just("fte"), i, st.integers(0, 50)),
        st.tuples(st.just("cost"), i, st.sampled_from("ab"), st.integers(0, 10**6)),
        st.tuples(st.just("savings"), i, st.integers(0, 100)),
        st.tuples(st.just("remove-team"), i),
        st.tuples(st.just("remove-function"), i),
        st.tuples(st.just("link"), i, i),
        st.tuples(st.just("add"), st.integers(0, 3), st.just(tag)),
        st.tuples(st.just("delivery"), i, st.sampled_from(["local", "shared", "joint"]),
                  st.sampled_from("ab")),
    )


def _apply(bp, op: tuple) -> Any:
    kind, *args = op
    try:
        if kind in ("name", "notes"):
            return edits.update_element(bp, f"f{args[0]}", **{kind: args[1]})
        if kind == "fte":
            return edits.update_element(bp, f"t{args[0]}", fte=float(args[1]))
        if kind == "cost":
            fn = next(f for f in bp.functions if f.id == f"f{args[0]}")
            return edits.update_element(bp, fn.id, baseline={
                **fn.baseline, args[1]: ForceFigures(cost_pence=args[2])})
        if kind == "savings":
            return edits.update_element(bp, f"f{args[0]}", savings_percent=float(args[1]))
        if kind == "remove-team":
            return edits.remove_elements(bp, [f"t{args[0]}"])
        if kind == "remove-function":
            return edits.remove_elements(bp, [f"f{args[0]}"])
        if kind == "link":
            return edits.add_link(bp, Link(kind="depends-on", source=f"f{args[0]}",
                                           target=f"f{args[1]}"))
        if kind == "add":
            return edits.add_element(bp, "functions", function(
                f"new-{args[1]}-{args[0]}", "support-functions/hr", name=f"New {args[0]}"))
        if kind == "delivery":
            fn = f"f{args[0]}"
            force_field = {"shared": "host_force", "joint": "lead_force"}.get(args[1])
            fields = {"delivery": args[1], "host_force": None, "lead_force": None}
            if force_field:
                fields[force_field] = args[2]
            return edits.update_element(bp, fn, **fields)
    except (edits.EditError, StopIteration, KeyError):
        return bp
    raise AssertionError(kind)


def _applied(bp, ops):
    for op in ops:
        bp = _apply(bp, op)
    return bp


_SETTINGS = settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.lists(_op([0, 2], "o"), max_size=5), st.lists(_op([1, 3], "t"), max_size=5))
def test_edits_to_different_elements_merge_as_if_made_one_after_the_other(ours_ops,
                                                                          theirs_ops):
    base = _base(GROUPS)
    ours, theirs = _applied(base, ours_ops), _applied(base, theirs_ops)
    result = M.merge(base, ours, theirs)
    assert result.clean, result.conflicts
    assert io.dumps(result.blueprint) == io.dumps(_applied(ours, theirs_ops))


@_SETTINGS
@given(st.lists(_op([0, 1], "o"), max_size=5), st.lists(_op([0, 1], "t"), max_size=5))
def test_overlapping_edits_never_drop_a_change_silently(ours_ops, theirs_ops):
    base = _base(GROUPS)
    ours, theirs = _applied(base, ours_ops), _applied(base, theirs_ops)
    result = M.merge(base, ours, theirs)
    merged = result.blueprint
    _roundtrip(result)
    at = {D.parse_path(c.path): c for c in result.conflicts}
    for conflict_path, conflict in at.items():  # the blueprint keeps ours for each
        assert D.jsonable(D.value_at(merged, conflict_path)) == conflict.ours
    for side, bp in (("ours", ours), ("theirs", theirs)):
        for change in D.compare(base, bp):
            if D.value_at(merged, change.path) == change.after:
                continue  # made (a removal: not there)
            recorded = [c for p, c in at.items() if change.path[:len(p)] == p]
            assert recorded, (side, change.path, _paths(result))
            assert getattr(recorded[0], side) == D.jsonable(
                D.value_at(bp, D.parse_path(recorded[0].path)))


@_SETTINGS
@given(st.lists(_op([0, 1], "o"), max_size=5), st.lists(_op([0, 1], "t"), max_size=5))
def test_every_conflict_reported_is_a_real_disagreement(ours_ops, theirs_ops):
    """No invented conflicts: each has the base's value, the two sides' values differ and
    at least one side changed what it is about; a side merged with itself is clean."""
    base = _base(GROUPS)
    ours, theirs = _applied(base, ours_ops), _applied(base, theirs_ops)
    result = M.merge(base, ours, theirs)

    def changed(bp, path) -> bool:
        return any(p[:len(path)] == path or path[:len(p)] == p
                   for p in (c.path for c in D.compare(base, bp)))

    for conflict in result.conflicts:
        path = D.parse_path(conflict.path)
        assert conflict.ours != conflict.theirs, conflict
        assert conflict.base == D.jsonable(D.value_at(base, path)), conflict
        assert changed(ours, path) or changed(theirs, path), conflict
    assert M.merge(base, ours, ours).clean and M.merge(base, theirs, theirs).clean
