"""Shortened names never collide (issue 13 item 18): wrapped before cut, cut where they
differ, numbered as a last resort."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from designer.core.short_names import ELLIPSIS, is_cut, shorten, shorten_one

PCC = ["Office of the PCC for Devon and Cornwall", "Office of the PCC for Dorset"]
TEAMS = ["Alliance Operations: Roads Policing Unit", "Alliance Operations: Firearms Unit"]


def test_names_that_fit_when_wrapped_are_whole():
    assert shorten(PCC, 24, len) == [("Office of the PCC for", "Devon and Cornwall"),
                                     ("Office of the PCC for", "Dorset")]
    assert shorten_one("Dogs", 24, len) == ("Dogs",)


def test_one_line_cuts_where_the_names_differ():
    shown = shorten(TEAMS, 20, len, lines=1)
    assert shown[0] != shown[1]
    assert shown == [("…Roads Policing Unit",), ("Allian…Firearms Unit",)]
    assert all(is_cut(n, s) for n, s in zip(TEAMS, shown, strict=True))


def test_two_narrow_lines_keep_the_difference():
    shown = shorten(PCC, 12, len)
    assert shown[0] != shown[1]
    assert all(len(line) <= 12 for lines in shown for line in lines)
    assert "Dorset" in " ".join(shown[1])


def test_a_cut_name_alone_is_cut_at_its_end():
    assert shorten(["Office of the PCC for Devon and Cornwall"], 12, len) == \
        [("Office of", "the PCC for…")]


def test_the_same_name_twice_reads_the_same():
    assert shorten(["Dogs unit", "Dogs unit"], 5, len, 1) == [("Dogs…",), ("Dogs…",)]


words = st.sampled_from(["Alliance", "Operations:", "Roads", "Firearms", "Office", "of",
                         "the", "PCC", "for", "D", "Devon", "Dorset", "Unit", "and", "x",
                         "Superintendentship", "A&S", "—", "North", "South"])
names = st.lists(words, min_size=1, max_size=9).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(names, min_size=1, max_size=12), st.integers(8, 40), st.integers(1, 3))
def test_different_names_never_read_the_same_and_every_line_fits(batch, width, lines):
    shown = shorten(batch, width, len, lines)
    for name, text in zip(batch, shown, strict=True):
        assert 1 <= len(text) <= lines
        assert all(len(line) <= width for line in text), text
        if not is_cut(name, text):
            assert ELLIPSIS not in " ".join(text) or ELLIPSIS in name
    by_text: dict[tuple[str, ...], set[str]] = {}
    for name, text in zip(batch, shown, strict=True):
        by_text.setdefault(text, set()).add(name)
    assert all(len(group) == 1 for group in by_text.values()), by_text


def test_a_width_function_measures_the_lines():
    wide = {"W": 3.0}
    measure = lambda text: sum(wide.get(c, 1.0) for c in text)  # noqa: E731
    shown = shorten(["WWW WWW one", "WWW WWW two"], 10, measure, 1)
    assert shown[0] != shown[1] and all(measure(s[0]) <= 10 for s in shown)
