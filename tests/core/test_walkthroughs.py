"""Demand walk-throughs: run against the model, pass or fail per step; the file's bad input;
edits and clean-up on delete."""

from __future__ import annotations

import json

import pytest

from designer.core import edits, io
from designer.core.rules import check
from designer.core.schema import Step, Walkthrough
from designer.core.walkthroughs import run, run_all
from tests.core.test_trace import workshop


def walk(*steps: Step, area: str = "b-east", time: str | None = None,
         wt_id: str = "night") -> Walkthrough:
    return Walkthrough(id=wt_id, title="Firearms incident at night", area=area, time=time,
                       steps=steps)


FIREARMS = Step(category="operational-support/firearms", delivery="joint", provider="a",
                governing_body="board", note="An armed response vehicle is sent")
CUSTODY = Step(category="criminal-justice/custody", delivery="local", provider="b")


def test_a_walk_through_passes_when_every_step_finds_its_provider():
    bp = workshop()
    result = run(bp, walk(FIREARMS, CUSTODY))
    assert result.ok and result.summary == "passes"
    first, second = result.steps
    assert first.provider.team == "arv" and second.provider.team == "cust-b"
    assert first.path == ("b-east", "arv", "firearms", "a", "board", "a.pcc", "b.pcc")
    assert first.caption.startswith("Step 1 of 2 · Specialist firearms: Armed response "
                                    "(Joint · led by A), governed by Strategic Alliance Board")
    assert first.caption.endswith("— An armed response vehicle is sent")
    assert "governed by Strategic Alliance Board — An armed" in first.caption


def test_a_step_fails_with_no_provider_or_none_on_duty():
    bp = workshop()
    dogs = Step(category="operational-support/dogs")
    result = run(bp, walk(FIREARMS, dogs, CUSTODY, time="Sat 03:00"))
    assert [s.ok for s in result.steps] == [True, False, False]
    assert result.steps[1].problem == "No team serves East for Dogs"
    assert result.steps[1].provider is None and result.steps[1].path == ()
    assert result.steps[2].problem.startswith("No team serving East for Custody is on duty on "
                                              "Sat 03:00")
    assert result.summary == ("fails at step 2 (Dogs): No team serves East for Dogs "
                              "(and 1 more step)")
    assert run(bp, walk(CUSTODY, time="Tue 09:00")).ok


def test_unmet_expectations_fail_and_say_what_was_found():
    bp = workshop()
    wrong = Step(category="operational-support/firearms", delivery="shared", provider="b",
                 governing_body="jc")
    bp = edits.add_element(bp, "bodies", bp.bodies[0].model_copy(
        update={"id": "jc", "name": "Joint committee", "kind": "joint-committee"}))
    problem = run(bp, walk(wrong)).steps[0].problem
    assert problem == (
        "expected shared delivery, but Armed response is Joint · led by A; "
        "expected it provided by B, but Armed response is provided by the alliance, led by A; "
        "expected it governed by Joint committee, but Armed response answers to Strategic "
        "Alliance Board → PCC for A (PCC of a) → PCC for B (PCC of b)")
    # a unit is named by its id, its owner or its lead force
    for who in ("arv", "alliance", "a"):
        assert run(bp, walk(Step(category="operational-support/firearms", provider=who))).ok


def test_a_step_with_no_function_of_its_category_fails():
    result = run(workshop(), walk(Step(category="road-policing/traffic-units")))
    assert result.steps[0].problem == ("the blueprint has no function filed under Traffic "
                                       "units (road-policing/traffic-units)")


def test_a_top_level_category_takes_its_functions():
    result = run(workshop(), walk(Step(category="operational-support"), area="a-north"))
    assert result.ok and result.steps[0].functions == ("dogs", "firearms")


def test_designer_check_reports_each_failing_step_as_an_error():
    bp = workshop().model_copy(update={"walkthroughs": (
        walk(FIREARMS, Step(category="operational-support/dogs"), wt_id="dogs-east"),
        walk(FIREARMS, wt_id="ok"))})
    found = [r for r in check(bp) if r.rule == "walkthrough-passes"]
    assert [(r.severity, r.elements) for r in found] == [
        ("error", ("dogs-east", "b-east", "dogs"))]
    assert found[0].message == ("Walk-through “Firearms incident at night”, step 2 (Dogs): "
                                "No team serves East for Dogs")
    assert [r.ok for r in run_all(bp)] == [False, True]


# ---------------------------------------------------------------- the file


def _file(walkthroughs) -> str:
    data = json.loads(io.dumps(workshop()))
    data["walkthroughs"] = walkthroughs
    return json.dumps(data, indent=2)


GOOD = {"id": "night", "title": "Firearms at night", "area": "b-east", "time": "Sat 03:00",
        "steps": [{"category": "operational-support/firearms", "delivery": "joint",
                   "provider": "alliance", "governing_body": "board"}]}


def test_walk_throughs_round_trip():
    bp = io.loads(_file([GOOD]))
    assert bp.walkthroughs[0].steps[0].provider == "alliance"
    assert io.loads(io.dumps(bp)) == bp
    assert '"walkthroughs"' not in io.dumps(workshop())  # none: nothing written


@pytest.mark.parametrize(("change", "where", "words"), [
    ({"area": "nowhere"}, "walkthroughs[0].area", "refers to 'nowhere', which does not exist"),
    ({"time": "Saturday 3am"}, "walkthroughs[0].time", "not a time of the week"),
    ({"steps": []}, "walkthroughs[0].steps", "needs at least one step"),
    ({"steps": [{"category": "firearms"}]}, "walkthroughs[0].steps[0].category",
     "did you mean 'operational-support/firearms'?"),
    ({"steps": [{"category": "operational-support/firearms", "provider": "nobody"}]},
     "walkthroughs[0].steps[0].provider", "'nobody', which does not exist"),
    ({"steps": [{"category": "operational-support/firearms", "provider": "b-east"}]},
     "walkthroughs[0].steps[0].provider", "which is a area, not a force or team"),
    ({"steps": [{"category": "operational-support/firearms", "governing_body": "a"}]},
     "walkthroughs[0].steps[0].governing_body", "which is a force, not a body"),
    ({"steps": [{"category": "operational-support/firearms", "delivery": "hosted"}]},
     "walkthroughs[0].steps[0].delivery", "'local', 'shared' or 'joint'"),
])
def test_bad_walk_throughs_are_located_errors(change, where, words):
    with pytest.raises(io.BlueprintFileError) as err:
        io.loads(_file([{**GOOD, **change}]))
    problems = err.value.problems
    assert [p.path for p in problems] == [where], problems
    assert words in problems[0].message
    assert problems[0].element == "night" and problems[0].line is not None


def test_a_repeated_walk_through_id_is_a_located_error():
    with pytest.raises(io.BlueprintFileError) as err:
        io.loads(_file([GOOD, {**GOOD, "title": "Again"}]))
    assert [str(p).split(", line")[0] for p in err.value.problems] == [
        'walkthroughs[1].id (id "night")']


# ---------------------------------------------------------------- edits


def test_walk_through_edits_are_validated_and_keep_the_rest():
    bp = workshop()
    one = edits.add_walkthrough(bp, walk(FIREARMS))
    assert one.walkthroughs[0].id == "night" and one.teams is bp.teams
    with pytest.raises(edits.EditError, match="already used"):
        edits.add_walkthrough(one, walk(CUSTODY))
    with pytest.raises(edits.EditError, match="area: 'nowhere' does not exist"):
        edits.add_walkthrough(bp, walk(FIREARMS, area="nowhere"))
    with pytest.raises(edits.EditError, match="not a function of the"):
        edits.add_walkthrough(bp, walk(Step.model_construct(category="zzz")))
    two = edits.update_walkthrough(one, "night", time="Sat 03:00", title="At 3am")
    assert (two.walkthroughs[0].time, two.walkthroughs[0].title) == ("Sat 03:00", "At 3am")
    with pytest.raises(edits.EditError, match="not a time of the week"):
        edits.update_walkthrough(one, "night", time="3am")
    with pytest.raises(edits.EditError, match="id cannot be changed"):
        edits.update_walkthrough(one, "night", id="other")
    assert edits.remove_walkthrough(two, "night").walkthroughs == ()
    with pytest.raises(edits.EditError, match="no walk-through 'gone'"):
        edits.remove_walkthrough(two, "gone")
    assert edits.new_walkthrough_id(one, "Night!") == "night-2"
    assert edits.new_walkthrough_id(bp, "Firearms in Swindon, 03:00") == \
        "firearms-in-swindon-03-00"


def test_deleting_what_a_walk_through_names():
    bp = edits.add_walkthrough(workshop(), walk(FIREARMS, CUSTODY))
    no_board = edits.remove_elements(bp, ["board"])  # the expectation is dropped
    assert no_board.walkthroughs[0].steps[0].governing_body is None
    assert no_board.walkthroughs[0].steps[1] == CUSTODY
    no_b = edits.remove_elements(bp, ["b"])  # the area goes, and the walk-through with it
    assert no_b.walkthroughs == ()
    assert io.loads(io.dumps(no_board)) == no_board
