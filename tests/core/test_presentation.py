"""What a presentation steps through: step sources registered once, steps in their order."""

from __future__ import annotations

import pytest

from designer.core import presentation
from designer.core.presentation import PresentationStep, StepSource, sequence
from tests.build import blueprint, function


def _bp():
    return blueprint("asp", "wilts", "glos", functions=[
        function("resp", "local-policing/incident-response"),
        function("dogs", "operational-support/dogs", delivery="joint", lead_force="asp",
                 command="ACC Operations"),
        function("pnc", "criminal-justice/pnc", delivery="shared", host_force="wilts",
                 partners=("asp", "wilts")),
    ])


def test_each_shared_or_joint_unit_is_a_step_saying_who_runs_it_for_whom():
    steps = presentation.unit_steps(_bp())
    assert [s.select for s in steps] == [("dogs",), ("pnc",)]
    assert [s.title for s in steps] == ["Shared and joint units · 1 of 2",
                                        "Shared and joint units · 2 of 2"]
    assert steps[0].caption == ("Dogs — joint unit led by Asp, serving Asp, Wilts and Glos. "
                                "Command: ACC Operations.")
    assert steps[1].caption == "Pnc — shared, hosted by Wilts, serving Asp and Wilts."


def test_each_force_is_a_step_saying_what_it_does_hosts_and_receives():
    steps = presentation.lane_steps(_bp())
    assert [s.lane for s in steps] == ["asp", "wilts", "glos"]
    assert all(s.select == () for s in steps)
    asp, wilts, glos = (s.caption for s in steps)
    assert asp.startswith("Asp delivers 1 function itself, hosts or leads 1 unit for the "
                          "alliance and receives 1 from partners")
    assert "hosts or leads 1 unit" in wilts and "receives 1 from" in wilts
    assert glos.startswith("Glos delivers 2 functions itself, hosts or leads 0 units")


def test_the_sequence_runs_the_chosen_sources_in_registered_order():
    bp = _bp()
    assert len(sequence(bp)) == 5  # no challenges: none open
    assert sequence(bp, ["lanes", "units"]) == sequence(bp)  # the registry's order
    assert [s.lane for s in sequence(bp, ["lanes"])] == ["asp", "wilts", "glos"]
    assert sequence(bp, ["no-longer-offered"]) == ()
    assert sequence(bp, []) == ()


def test_each_open_challenge_is_a_step_oldest_first():
    from datetime import datetime, timedelta, timezone

    from designer.core import edits

    bp = _bp()
    at = datetime(2015, 3, 20, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    for cid, element, status, minutes in (("c1", "pnc", "open", 20), ("c2", None, "open", 5),
                                          ("c3", "dogs", "answered", 1),
                                          ("c4", "wilts", "open", 10)):
        bp = edits.add_challenge(bp, {"id": cid, "element": element, "text": f"Why {cid}?",
                                      "author": "Chief Inspector Grey", "status": status,
                                      "created": at + timedelta(minutes=minutes)})
    steps = presentation.challenge_steps(bp)
    assert [s.select for s in steps] == [(), ("wilts",), ("pnc",)]  # oldest first, open only
    assert [s.lane for s in steps] == [None, "wilts", None]  # a force: its lane
    assert steps[0].title == "Open challenges · 1 of 3"
    assert steps[0].caption == ("The blueprint as a whole: “Why c2?” — Chief Inspector Grey, "
                                "20 Mar 2015, 10:35")
    assert steps[2].caption.startswith("Pnc: “Why c1?”")
    assert sequence(bp, ["challenges"]) == tuple(steps)


def test_each_option_is_a_step_saying_what_it_is_for_and_what_it_changes():
    from designer.core import edits, options

    bp, dogs = options.new_option(_bp(), "Dogs kept local", status="short-list")
    bp = options.update_option(bp, dogs, description="Each force runs its own dogs section.")
    bp = options.record_edit(bp, dogs, edits.set_arrangement(bp, "dogs", "asp", "local"))
    bp, _as_drawn = options.new_option(bp, "As drawn")
    steps = presentation.option_steps(bp)
    assert [s.title for s in steps] == ["Options · 1 of 2: Dogs kept local (short-list)",
                                        "Options · 2 of 2: As drawn (long-list)"]
    assert steps[0].caption.startswith("Each force runs its own dogs section. Changes: Dogs: "
                                       "joint → local")
    assert steps[0].select == ("dogs",)  # the canvas shows the base: what it changes there
    assert steps[1].caption == "As drawn" and steps[1].select == ()
    assert presentation.option_steps(_bp()) == []


def stand_in_steps(bp):
    """A feature's source as another module would write it (found by import path)."""
    return [PresentationStep("Open challenges", f"{fn.name}: is it right?", select=(fn.id,))
            for fn in bp.functions[:2]]


def test_a_feature_adds_its_steps_with_one_registered_source(monkeypatch):
    monkeypatch.setattr(presentation, "SOURCES", dict(presentation.SOURCES))
    presentation.register(StepSource("stand-in", "Open challenges",
                                     f"{__name__}:stand_in_steps"))
    assert [s.key for s in presentation.available()][-1] == "stand-in"  # last
    steps = sequence(_bp(), ["stand-in"])
    assert [s.caption for s in steps] == ["Resp: is it right?", "Dogs: is it right?"]
    assert sequence(_bp())[-1].title == "Open challenges"


def test_a_source_whose_function_is_missing_says_which(monkeypatch):
    source = StepSource("broken", "Broken", f"{__name__}:no_such_function")
    with pytest.raises(AttributeError, match="no_such_function"):
        source.make(_bp())


def test_each_walk_through_step_is_a_step_with_its_provider_path_highlighted():
    from designer.core.schema import Step, Walkthrough
    from tests.core.test_trace import workshop

    bp = workshop()
    bp = bp.model_copy(update={"walkthroughs": (Walkthrough(
        id="night", title="Firearms incident at night", area="b-east", time="Sat 03:00",
        steps=(Step(category="operational-support/firearms", delivery="joint"),
               Step(category="operational-support/dogs"))),)})
    firearms, dogs = presentation.walkthrough_steps(bp)
    assert firearms.title == dogs.title == "Walk-through 1 of 1: Firearms incident at night"
    assert firearms.caption.startswith("✓ Step 1 of 2 · Specialist firearms: Armed response")
    assert firearms.highlight == ("b-east", "arv", "firearms", "a", "board", "a.pcc", "b.pcc")
    # no provider: a failed step says so, and shows the area alone
    assert dogs.caption == "✗ Step 2 of 2 · Dogs: No team serves East for Dogs"
    assert dogs.highlight == ("b-east",) and dogs.select == ()
    assert "walkthroughs" in [s.key for s in presentation.available()]
    assert presentation.walkthrough_steps(workshop()) == []
