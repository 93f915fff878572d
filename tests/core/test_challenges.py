"""The challenge and decision log: its queries, its edits, its file format and bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from designer.core import challenges as C
from designer.core import edits, io
from designer.core.rules import Checker, check
from designer.core.schema import (
    COMMENT_MAX,
    REPLIES_MAX,
    Challenge,
    Decision,
    Reply,
)
from tests.build import area, blueprint, function, team

BST = timezone(timedelta(hours=1))


def at(day: int, hour: int = 9, tz: timezone = UTC) -> datetime:
    return datetime(2015, 3, day, hour, 0, tzinfo=tz)


def log_bp():
    """Two forces, a function and a team, and a log of four challenges."""
    bp = blueprint("a", "b", areas=[area("a-area", "a"), area("b-area", "b")],
                   functions=[function("dogs", category="operational-support/dogs")],
                   teams=[team("dogs-unit", "dogs", "a", serves=("a-area", "b-area"))])
    log = (
        Challenge(id="c1", element="dogs", text="Should dogs be joint?", author="Ann",
                  created=at(2), replies=(Reply(author="Bob", at=at(4), text="Yes, from April."),)),
        Challenge(id="c2", element="dogs", text="Who pays for kennels?", author="Cat",
                  created=at(3), status="accepted",
                  decision=Decision(text="Split by population.", decided_by="Board",
                                    decided_at=at(5))),
        Challenge(id="c3", text="Is the target realistic?", author="Dan", created=at(1)),
        Challenge(id="c4", element="a.pcc", text="Does the PCC agree?", author="Eve",
                  created=at(6, tz=BST), status="answered"),
    )
    return bp.model_copy(update={"challenges": log})


# ---------------------------------------------------------------- queries


def test_open_counts_count_only_open_challenges_per_element():
    bp = log_bp()
    assert C.open_counts(bp) == {"dogs": 1, None: 1}
    assert C.open_counts(bp.model_copy(update={"challenges": ()})) == {}


def test_latest_word_is_the_latest_challenge_or_reply_per_element():
    bp = log_bp()
    latest = C.latest_word(bp)
    assert latest["dogs"].text == "Yes, from April." and latest["dogs"].reply
    assert latest["dogs"].author == "Bob" and latest["dogs"].challenge.id == "c1"
    assert latest[None].text == "Is the target realistic?" and not latest[None].reply
    assert latest["a.pcc"].at == at(6, tz=BST)
    assert "dogs-unit" not in latest


def test_latest_word_compares_moments_not_wall_clocks():
    bp = log_bp()
    # 09:30 at UTC+1 is 08:30 UTC: earlier than Bob's reply at 09:00 UTC on the same day
    early = Challenge(id="c5", element="dogs", text="Earlier, by the clock", author="Fay",
                      created=datetime(2015, 3, 4, 9, 30, tzinfo=BST))
    bp = edits.add_challenge(bp, early)
    assert C.latest_word(bp)["dogs"].author == "Bob"


def test_filtered_by_status_and_element_keeps_file_order():
    bp = log_bp()
    assert [c.id for c in C.filtered(bp)] == ["c1", "c2", "c3", "c4"]
    assert [c.id for c in C.filtered(bp, statuses={"open"})] == ["c1", "c3"]
    assert [c.id for c in C.filtered(bp, elements={"dogs"})] == ["c1", "c2"]
    assert [c.id for c in C.filtered(bp, {"open", "accepted"}, {"dogs"})] == ["c1", "c2"]
    assert [c.id for c in C.filtered(bp, elements={None})] == ["c3"]
    assert [c.id for c in C.by_time(bp.challenges)] == ["c3", "c1", "c2", "c4"]


def test_words_for_what_a_challenge_is_about_and_when():
    bp = log_bp()
    names = C.names(bp)
    c1, _c2, c3, c4 = bp.challenges
    assert C.about(c1, names) == "Dogs"
    assert C.about(c3, names) == C.WHOLE == "The blueprint as a whole"
    assert C.about(c4, names) == "PCC of A"
    detached = c1.model_copy(update={"element": None, "element_name": "Dogs"})
    assert C.about(detached, names) == "Dogs (removed)"
    assert C.stamp_text(datetime(2015, 3, 2, 7, 5, tzinfo=BST)) == "2 Mar 2015, 07:05"
    assert C.preview("a  b\nc") == "a b c"
    assert C.preview("x" * 500) == "x" * (C.PREVIEW - 1) + "…"
    assert [C.status_label(s) for s in ("open", "actioned")] == ["Open", "Actioned"]


def test_tooltip_lines_say_the_open_count_and_the_latest_word():
    bp = log_bp()
    tip = C.tooltip_lines(1, C.latest_word(bp)["dogs"])
    assert tip.splitlines() == ["1 open challenge", "Latest: Reply by Bob, 4 Mar 2015, 09:00",
                                "“Yes, from April.”"]
    assert C.tooltip_lines(0, None) == ""
    assert C.tooltip_lines(3, None) == "3 open challenges"


def test_now_is_to_the_second_with_an_offset():
    moment = C.now()
    assert moment.tzinfo is not None and moment.microsecond == 0


# ---------------------------------------------------------------- edits


def test_add_update_reply_and_remove_a_challenge():
    bp = log_bp()
    new_id = edits.new_challenge_id(bp)
    assert new_id == "challenge-5"
    bp2 = edits.add_challenge(bp, {"id": new_id, "element": "dogs-unit", "text": "Kennels?",
                                   "author": "Gus", "created": at(7)})
    assert bp2.challenges[-1].element == "dogs-unit" and bp.challenges is not bp2.challenges
    bp3 = edits.add_reply(bp2, new_id, Reply(author="Hal", at=at(8), text="In Devizes."))
    assert [r.author for r in bp3.challenges[-1].replies] == ["Hal"]
    decision = Decision(text="Keep the kennels.", decided_by="Board", decided_at=at(9))
    bp4 = edits.update_challenge(bp3, new_id, status="actioned", decision=decision)
    assert bp4.challenges[-1].status == "actioned" and bp4.challenges[-1].decision == decision
    assert bp4.challenges[:4] == bp.challenges  # the others untouched
    assert edits.update_challenge(bp4, new_id, status="actioned") is bp4  # nothing changed
    bp5 = edits.remove_challenge(bp4, new_id)
    assert bp5.challenges == bp.challenges
    assert io.loads(io.dumps(bp4)) == bp4


def test_edits_refuse_what_the_log_cannot_hold():
    bp = log_bp()
    with pytest.raises(edits.EditError, match="already used"):
        edits.add_challenge(bp, bp.challenges[0])
    with pytest.raises(edits.EditError, match="element: 'nowhere' does not exist"):
        edits.add_challenge(bp, {"id": "c9", "element": "nowhere", "text": "?", "author": "I",
                                 "created": at(1)})
    with pytest.raises(edits.EditError, match="no challenge 'c9'"):
        edits.update_challenge(bp, "c9", status="open")
    with pytest.raises(edits.EditError, match="id cannot be changed"):
        edits.update_challenge(bp, "c1", id="c9")
    with pytest.raises(edits.EditError, match="no field colour"):
        edits.update_challenge(bp, "c1", colour="red")
    with pytest.raises(edits.EditError, match="status"):
        edits.update_challenge(bp, "c1", status="closed")
    with pytest.raises(edits.EditError, match="control character"):
        edits.update_challenge(bp, "c1", text="bell\x07")
    with pytest.raises(edits.EditError, match="empty once spaces"):
        edits.update_challenge(bp, "c1", text=" \u200b ")
    with pytest.raises(edits.EditError, match=f"at most {COMMENT_MAX}"):
        edits.update_challenge(bp, "c1", text="x" * 100_000)
    assert edits.update_challenge(bp, "c1", text="two\nlines\tand a tab").challenges[0].text \
        == "two\nlines\tand a tab"


def test_a_thread_is_bounded_and_a_refused_reply_loses_nothing():
    bp = log_bp()
    replies = tuple(Reply(author="R", at=at(10), text=f"reply {i}") for i in range(REPLIES_MAX))
    full = edits.update_challenge(bp, "c1", replies=replies)
    with pytest.raises(edits.EditError, match=f"at most {REPLIES_MAX} replies"):
        edits.add_reply(full, "c1", Reply(author="R", at=at(11), text="one too many"))
    assert full.challenges[0].replies == replies  # the value is untouched
    with pytest.raises(ValueError, match=f"at most {REPLIES_MAX}"):
        Challenge(id="x", text="t", author="a", created=at(1), replies=(*replies, replies[0]))


def test_removing_an_element_keeps_its_challenges_with_its_name():
    bp = log_bp()
    after = edits.remove_elements(bp, ["dogs"])  # the team goes with it
    assert [c.id for c in after.challenges] == ["c1", "c2", "c3", "c4"]
    c1, c2 = after.challenges[:2]
    assert (c1.element, c1.element_name) == (None, "Dogs")
    assert (c2.element, c2.element_name, c2.decision) == (None, "Dogs", bp.challenges[1].decision)
    assert after.challenges[2] is bp.challenges[2]  # not about what went: the same object
    assert io.loads(io.dumps(after)) == after
    # a force's roles go with it, and the challenge on its PCC keeps the role's name
    gone = edits.remove_elements(bp, ["a"])
    assert (gone.challenges[3].element, gone.challenges[3].element_name) == (None, "PCC of A")
    assert C.about(gone.challenges[3], C.names(gone)) == "PCC of A (removed)"
    # and nothing happens to the log when nothing it names goes
    assert edits.remove_elements(bp, ["b"]).challenges is bp.challenges


# ---------------------------------------------------------------- the file


def _with_log(entries: list[dict]) -> str:
    data = json.loads(io.dumps(log_bp().model_copy(update={"challenges": ()})))
    data["challenges"] = entries
    return json.dumps(data, indent=2, ensure_ascii=False)


def _entry(**fields) -> dict:
    return {"id": "c1", "element": "dogs", "text": "Why?", "author": "Ann",
            "created": "2015-03-20T10:30:00+01:00", **fields}


def test_the_log_round_trips_byte_for_byte():
    bp = log_bp()
    text = io.dumps(bp)
    again = io.loads(text)
    assert again == bp and io.dumps(again) == text
    assert '"created": "2015-03-06T09:00:00+01:00"' in text  # the offset as recorded
    assert '"status": "open"' not in text  # the default, left out like every default
    no_log = bp.model_copy(update={"challenges": ()})
    assert '"challenges"' not in io.dumps(no_log)


def test_a_log_from_a_hand_written_file_reads_with_any_offset():
    text = _with_log([_entry(created="2015-03-20T09:30:00Z",
                             replies=[{"author": "Bob", "at": "2015-03-21T10:00:00-05:00",
                                       "text": "ok"}])])
    bp = io.loads(text)
    assert bp.challenges[0].created == datetime(2015, 3, 20, 9, 30, tzinfo=UTC)
    assert bp.challenges[0].replies[0].at.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(("entry", "path", "says"), [
    (_entry(text="a\x00b"), "challenges[0].text", "control character (U+0000)"),
    (_entry(author="Ann\nBob"), "challenges[0].author", "control character (U+000A)"),
    (_entry(text="x" * 100_000), "challenges[0].text", f"at most {COMMENT_MAX} characters"),
    (_entry(text="   "), "challenges[0].text", "empty once spaces"),
    (_entry(created="2015-03-20T10:30:00"), "challenges[0].created", "needs its UTC offset"),
    (_entry(created="yesterday"), "challenges[0].created", "datetime"),
    (_entry(status="closed"), "challenges[0].status", "'open', 'answered', 'accepted'"),
    (_entry(element="nowhere"), "challenges[0].element", "'nowhere', which does not exist"),
    (_entry(replies=[{"author": "B", "at": "2015-03-21T10:00:00Z", "text": "r"}] * 5000),
     "challenges[0].replies", f"at most {REPLIES_MAX} items"),
    (_entry(replies=[{"author": "B", "at": "2015-03-21T10:00:00Z", "text": "r",
                      "replies": [{"author": "C", "at": "2015-03-21T10:00:00Z", "text": "s"}]}]),
     "challenges[0].replies[0].replies", "unknown field"),
    (_entry(decision={"text": "yes", "decided_by": "Board"}),
     "challenges[0].decision.decided_at", "required field is missing"),
])
def test_bad_input_is_a_located_error_and_the_file_is_untouched(tmp_path, entry, path, says):
    text = _with_log([entry])
    file = tmp_path / "bad.json"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(io.BlueprintFileError) as caught:
        io.load(file)
    problems = [p for p in caught.value.problems if p.path == path]
    assert problems, [str(p) for p in caught.value.problems]
    assert says in problems[0].message
    assert problems[0].line is not None  # where in the file
    assert file.read_text(encoding="utf-8") == text


def test_a_repeated_challenge_id_is_a_located_error():
    text = _with_log([_entry(), _entry(text="Again")])
    with pytest.raises(io.BlueprintFileError) as caught:
        io.loads(text)
    assert [str(p.path) for p in caught.value.problems] == ["challenges[1].id"]
    assert "used more than once" in caught.value.problems[0].message


# ---------------------------------------------------------------- the rule


def test_open_challenges_are_warnings_naming_their_element():
    bp = log_bp()
    found = [r for r in check(bp) if r.rule == "open-challenges"]
    assert [(r.severity, r.elements) for r in found] == [("warning", ()),
                                                         ("warning", ("dogs",))]
    assert found[1].message == ("Open challenge on Dogs: “Should dogs be joint?” "
                                "(raised by Ann, 2 Mar 2015, 09:00)")
    assert found[0].message.startswith("Open challenge on The blueprint as a whole")
    long = edits.update_challenge(bp, "c3", text="word " * 100)
    [r3, _c1] = [r for r in check(long) if r.rule == "open-challenges"]
    assert r3.message.count("word") < 20 and r3.full_message.count("word") == 100


def test_the_rule_follows_edits_to_the_log_and_to_names():
    bp = log_bp()
    checker = Checker(bp)
    for step in (lambda b: edits.update_challenge(b, "c1", status="answered"),
                 lambda b: edits.update_element(b, "dogs", name="Police dogs"),
                 lambda b: edits.update_challenge(b, "c2", status="open"),
                 lambda b: edits.remove_elements(b, ["dogs"]),
                 lambda b: edits.remove_challenge(b, "c3"),
                 lambda b: edits.update_element(b, "a", name="Avon")):
        bp = step(bp)
        assert checker.update(bp) == check(bp)
    assert [r.message.split(":")[0] for r in checker.results if r.rule == "open-challenges"] \
        == ["Open challenge on Police dogs (removed)"]


def test_marks_give_each_element_its_badge_count_and_tooltip_lines():
    bp = log_bp()
    marks = C.marks(bp)
    assert set(marks) == {"dogs", "a.pcc"}  # the whole-blueprint challenge is on no node
    assert marks["dogs"] == C.Mark(1, C.tooltip_lines(1, C.latest_word(bp)["dogs"]))
    assert marks["a.pcc"].open == 0 and "Answered challenge by Eve" in marks["a.pcc"].tip
    assert C.marks(bp.model_copy(update={"challenges": ()})) == {}
