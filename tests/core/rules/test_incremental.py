"""Incremental checking is exact: after any sequence of edits, ``Checker.update``
gives the same results as a full check of the edited blueprint."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.core import edits
from designer.core.rules import Checker, check
from designer.core.schema import (
    Area,
    Blueprint,
    Body,
    CostBasis,
    CoverWindow,
    ForceFigures,
    Function,
    Link,
    SavingsTarget,
    Step,
    Team,
    Waiver,
    Walkthrough,
)
from tests.core.rules.sample import good

NAMES = ("Dogs", "ICT", "North", "Alpha", "Beta")
CATEGORIES = ("local-policing/neighbourhood", "operational-support/dogs",
              "investigations/local-investigation", "public-protection/child-protection",
              "support-functions/ict")
RULES = ("coverage-gap", "orphan-team", "local-policing-stays-local", "distinct-names",
         "savings-meet-target", "joint-serves-all-partners", "walkthrough-passes",
         "round-the-clock-cover", "no-such-rule")


def _ids(bp, kind):
    return [e.id for e in getattr(bp, kind)]


def edit(data, bp):
    """One random edit (may be refused by the edits API, then it is skipped)."""
    d = data.draw
    forces = _ids(bp, "forces")
    areas = _ids(bp, "areas")
    functions = _ids(bp, "functions")
    teams = _ids(bp, "teams")
    bodies = _ids(bp, "bodies")
    op = d(st.sampled_from([
        "delivery", "delivery", "rename", "commander", "area-force", "team", "team-serves",
        "add-team", "add-area", "add-function", "add-body", "remove", "link", "unlink",
        "board", "alliance", "waiver", "force", "function-fields", "noop-copy", "reorder",
        "cosmetic", "cover", "walkthrough", "walkthrough"]))
    if op == "delivery" and functions:
        fid = d(st.sampled_from(functions))
        model = d(st.sampled_from(["local", "shared", "joint"]))
        fields = {"delivery": model, "host_force": None, "lead_force": None}
        if model == "shared":
            fields["host_force"] = d(st.sampled_from(forces))
        elif model == "joint":
            fields["lead_force"] = d(st.sampled_from([None, *forces]))
        return edits.update_element(bp, fid, **fields)
    if op == "rename":
        pool = forces + areas + functions + teams + bodies
        return edits.update_element(bp, d(st.sampled_from(pool)), name=d(st.sampled_from(NAMES)))
    if op == "commander" and areas:
        return edits.update_element(bp, d(st.sampled_from(areas)),
                                    commander=d(st.sampled_from(["", "Supt X"])))
    if op == "area-force" and areas:
        return edits.update_element(bp, d(st.sampled_from(areas)),
                                    force=d(st.sampled_from(forces)))
    if op == "team" and teams and functions:
        fields = d(st.sampled_from([
            {"owner": d(st.sampled_from([*forces, "alliance"]))},
            {"function": d(st.sampled_from(functions))},
            {"base_area": d(st.sampled_from([None, *areas]))}]))
        return edits.update_element(bp, d(st.sampled_from(teams)), **fields)
    if op == "team-serves" and teams:
        serves = tuple(d(st.lists(st.sampled_from(areas), unique=True, max_size=3))) \
            if areas else ()
        return edits.update_element(bp, d(st.sampled_from(teams)), serves=serves)
    if op == "add-team" and functions:
        n = len(teams)
        return edits.add_element(bp, "teams", Team(
            id=f"t{n}-{d(st.integers(0, 999))}", name=d(st.sampled_from(NAMES)),
            function=d(st.sampled_from(functions)),
            owner=d(st.sampled_from([*forces, "alliance"]))))
    if op == "add-area":
        return edits.add_element(bp, "areas", Area(
            id=f"ar{d(st.integers(0, 999))}", name=d(st.sampled_from(NAMES)),
            force=d(st.sampled_from(forces)), commander=d(st.sampled_from(["", "Supt"]))))
    if op == "add-function":
        return edits.add_element(bp, "functions", Function(
            id=f"fn{d(st.integers(0, 999))}", name=d(st.sampled_from(NAMES)),
            category=d(st.sampled_from(CATEGORIES)), required=d(st.booleans()),
            tags=d(st.sampled_from([(), ("partnership:council",)])),
            baseline={f: ForceFigures(cost_pence=d(st.integers(0, 10**9))) for f in forces}))
    if op == "add-body":
        return edits.add_element(bp, "bodies", Body(
            id=f"b{d(st.integers(0, 999))}", name=d(st.sampled_from(NAMES)),
            kind=d(st.sampled_from(["alliance-board", "joint-committee", "other"])),
            chairs=(f"{d(st.sampled_from(forces))}.pcc",)))
    if op == "remove":
        pool = forces + areas + functions + teams + bodies
        return edits.remove_elements(bp, [d(st.sampled_from(pool))])
    if op == "link":
        kind = d(st.sampled_from(["depends-on", "serves", "delivers", "governs",
                                  "accountable-to"]))
        roles = [f"{f}.{r}" for f in forces for r in ("pcc", "chief_constable")]
        ends = {"depends-on": (functions, functions), "serves": (teams, areas),
                "delivers": (teams, functions), "governs": (bodies, functions + teams),
                "accountable-to": (roles + bodies, roles + bodies)}[kind]
        if not ends[0] or not ends[1]:
            return bp
        return edits.add_link(bp, Link(kind=kind, source=d(st.sampled_from(ends[0])),
                                       target=d(st.sampled_from(ends[1]))))
    if op == "unlink" and bp.links:
        return edits.remove_link(bp, d(st.sampled_from(list(bp.links))))
    if op == "board" and bodies:
        roles = [f"{f}.{r}" for f in forces for r in ("pcc", "chief_constable")]
        return edits.update_element(
            bp, d(st.sampled_from(bodies)),
            chairs=tuple(d(st.lists(st.sampled_from(roles), unique=True, max_size=3))),
            members=tuple(d(st.lists(st.sampled_from(roles), unique=True, max_size=3))))
    if op == "alliance":
        field = d(st.sampled_from(["target", "basis", "defaults", "packs"]))
        if field == "target":
            return edits.update_alliance(bp, savings_target=SavingsTarget(
                amount_pence=d(st.integers(0, 10**10)),
                year=d(st.sampled_from(["2016/17", "2018/19"]))))
        if field == "basis":
            return edits.update_alliance(bp, default_cost_basis=CostBasis(
                kind="equal", source=d(st.sampled_from(["", "s22A"]))))
        if field == "packs":
            return edits.update_alliance(bp, rule_packs=d(st.sampled_from(
                [(), ("alliance-principles",)])))
        return edits.update_alliance(bp, savings_defaults=bp.alliance.savings_defaults
                                     .model_copy(update={"joint": d(st.sampled_from([0.0, 20.0,
                                                                                     50.0]))}))
    if op == "waiver":
        pool = forces + areas + functions + teams + bodies + ["alliance"]
        rule, element = d(st.sampled_from(RULES)), d(st.sampled_from(pool))
        if d(st.booleans()):
            return edits.add_waiver(bp, Waiver(rule=rule, element=element, reason="agreed",
                                               author="Test", date=date(2016, 1, 1)))
        return edits.remove_waiver(bp, rule, element)
    if op == "force":
        return edits.update_element(bp, d(st.sampled_from(forces)),
                                    pcc=d(st.sampled_from(["P1", "P2", "PCC X"])))
    if op == "function-fields" and functions:
        fields = d(st.sampled_from([
            {"required": d(st.booleans())},
            {"command": d(st.sampled_from(["", "ACC"]))},
            {"governing_body": d(st.sampled_from([None, *bodies]))},
            {"cost_basis": d(st.sampled_from([None, CostBasis(kind="equal")]))},
            {"tags": d(st.sampled_from([(), ("partnership:council",)]))},
            {"go_live": d(st.sampled_from([None, "2017/18", "2020/21"])),
             "ramp_up": d(st.sampled_from([(), (50.0,)]))},
            {"savings_percent": d(st.sampled_from([None, 10.0, 60.0]))},
            {"category": d(st.sampled_from(CATEGORIES))}]))
        return edits.update_element(bp, d(st.sampled_from(functions)), **fields)
    if op == "cosmetic":  # presentation fields: nothing re-checked, nothing may go stale
        pool = forces + areas + functions + teams + bodies
        element = d(st.sampled_from(pool))
        field = d(st.sampled_from(["position", "notes", "colour", "fte"]))
        value = {"position": {"x": 1.0, "y": d(st.floats(0, 9))}, "notes": d(st.text(max_size=3)),
                 "colour": "#123456", "fte": 3.0}[field]
        return edits.update_element(bp, element, **{field: value})
    if op == "cover" and teams:
        cover = d(st.sampled_from(["24/7", (CoverWindow(days="Mon-Fri", start="08:00",
                                                         end="18:00"),),
                                   (CoverWindow(days="Sat-Sun", start="00:00", end="24:00"),)]))
        return edits.update_element(bp, d(st.sampled_from(teams)), cover=cover)
    if op == "walkthrough" and areas:
        existing = [w.id for w in bp.walkthroughs]
        if existing and d(st.booleans()):
            wid = d(st.sampled_from(existing))
            if d(st.booleans()):
                return edits.remove_walkthrough(bp, wid)
            return edits.update_walkthrough(bp, wid, area=d(st.sampled_from(areas)),
                                            time=d(st.sampled_from([None, "Sat 03:00"])))
        steps = tuple(Step(category=d(st.sampled_from([*CATEGORIES, "operational-support"])),
                           delivery=d(st.sampled_from([None, "local", "joint"])),
                           provider=d(st.sampled_from([None, "alliance", *forces])))
                      for _ in range(d(st.integers(1, 3))))
        return edits.add_walkthrough(bp, Walkthrough(
            id=f"w{d(st.integers(0, 99))}", title=d(st.sampled_from(NAMES)),
            area=d(st.sampled_from(areas)), steps=steps))
    if op == "reorder":  # same elements, another order (forces order shows in messages)
        field = d(st.sampled_from(["forces", "areas", "functions", "teams", "links"]))
        return bp.model_copy(update={field: tuple(reversed(getattr(bp, field)))})
    if op == "noop-copy":  # equal content, new objects: found equal, nothing re-run
        return bp.model_copy(update={"functions": tuple(f.model_copy() for f in bp.functions)})
    return bp


def start() -> Blueprint:
    """The passing sample plus a committee, a second required function and cross links,
    so short edit sequences reach every rule's dependencies."""
    bp = good()
    bp = edits.add_element(bp, "bodies", Body(id="jc", name="Joint committee",
                                              kind="joint-committee", chairs=("a.pcc",)))
    bp = edits.update_element(bp, "ict", governing_body="jc")
    bp = edits.add_element(bp, "functions", Function(
        id="resp", name="Response", category="local-policing/incident-response", required=True))
    bp = edits.add_element(bp, "teams", Team(id="resp-a", name="Response A", function="resp",
                                             owner="a"))
    bp = edits.add_element(bp, "functions", Function(  # its host has no team: a finding
        id="cust", name="Custody", category="criminal-justice/custody", delivery="shared",
        host_force="a", governing_body="board", cost_basis=CostBasis(kind="equal")))
    bp = edits.add_element(bp, "teams", Team(id="cust-b", name="Custody B", function="cust",
                                             owner="b"))
    for link in (Link(kind="delivers", source="npt-b", target="resp"),
                 Link(kind="serves", source="dogs-unit", target="b-east"),
                 Link(kind="depends-on", source="dogs", target="ict")):
        bp = edits.add_link(bp, link)
    # the editor refuses cycles, but a file can hold one
    bp = edits.add_walkthrough(bp, Walkthrough(  # fails at night: custody keeps office hours
        id="night", title="Dogs at night", area="b-east", time="Sat 03:00", steps=(
            Step(category="operational-support/dogs", delivery="joint"),
            Step(category="criminal-justice/custody", provider="b"))))
    bp = edits.update_element(bp, "cust-b", cover=(CoverWindow(days="Mon-Fri", start="08:00",
                                                               end="18:00"),))
    cycle = Link(kind="depends-on", source="ict", target="dogs")
    return bp.model_copy(update={"links": (*bp.links, cycle)})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_incremental_results_equal_a_full_check(data):
    bp = start()
    checker = Checker(bp)
    assert checker.results == check(bp)
    for _ in range(data.draw(st.integers(1, 15))):
        try:
            new = edit(data, bp)
        except (edits.EditError, ValueError):
            continue
        results = checker.update(new, edits.changed_ids(bp, new))
        assert results == check(new)
        bp = new


def test_reordering_forces_rechecks_messages_that_list_them():
    bp = edits.update_element(good(), "board", chairs=("a.pcc", "b.pcc"),
                              members=("a.chief_constable",))
    checker = Checker(bp)
    reordered = bp.model_copy(update={"forces": tuple(reversed(bp.forces))})
    assert checker.update(reordered) == check(reordered)
    assert [r.message for r in checker.results if r.rule == "board-equal-voice"] == [
        "Partners have unequal seats on Strategic Alliance Board (B 1, A 2): each partner has "
        "an equal voice"]


def test_presentation_edits_recheck_nothing_unless_a_pack_reads_the_field(tmp_path):
    bp = good()
    checker = Checker(bp)
    before = checker.results
    moved = edits.update_element(bp, "a", position={"x": 5.0, "y": 7.0}, colour="#000000")
    assert checker.update(moved) is not before and checker.results == check(moved) == []
    pack = tmp_path / "notes.toml"
    pack.write_text('[[rule]]\nid = "noted"\ntitle = "Areas have notes"\nseverity = "info"\n'
                    'source = "S"\nselect = { kind = "area" }\nrequire = { present = "notes" }\n')
    checker = Checker(bp, [str(pack)])
    assert len(checker.results) == 4
    noted = edits.update_element(bp, "a-north", notes="Market town")
    assert checker.update(noted) == check(noted, [str(pack)])
    assert len(checker.results) == 3


def test_renaming_a_force_re_renders_the_messages_that_name_it():
    bp = start()
    checker = Checker(bp)
    renamed = edits.update_element(bp, "a", name="Avon and Somerset")
    assert checker.update(renamed) == check(renamed)
    assert "Avon and Somerset hosts Custody but has no team delivering it" in \
        [r.message for r in checker.results]


def test_the_start_has_walk_through_and_cover_findings():
    """So the random edits begin from results both new rules must keep current."""
    rules = {r.rule for r in check(start())}
    assert {"walkthrough-passes", "round-the-clock-cover"} <= rules
