"""Hours of cover: the words a file writes, when a team is on duty, and gaps in words."""

from __future__ import annotations

import json

import pytest

from designer.core import cover as C
from designer.core import io
from designer.core.schema import Team
from tests.build import blueprint, function, team

WEEKDAYS = [{"days": "Mon-Fri", "from": "08:00", "to": "18:00"}]


def test_days_read_forwards_through_the_week():
    assert C.parse_days("Mon-Fri") == (0, 1, 2, 3, 4)
    assert C.parse_days("Sat,Sun") == (5, 6)
    assert C.parse_days("Mon-Tue,Thu,Sat-Sun") == (0, 1, 3, 5, 6)
    with pytest.raises(C.CoverError, match=r"run backwards.*'Fri-Sun,Mon'"):
        C.parse_days("Fri-Mon")
    with pytest.raises(C.CoverError, match="Mon is named twice"):
        C.parse_days("Mon,Mon-Tue")
    for bad in ("mon", "Monday", "Mon - Fri", "", "Mon,", "Sat, Sun"):
        with pytest.raises(C.CoverError, match="not a list of days"):
            C.parse_days(bad)


def test_clock_times_are_24_hour_and_24_00_only_ends_a_day():
    assert C.parse_clock("00:00") == 0
    assert C.parse_clock("08:30") == 510
    assert C.parse_clock("24:00", end=True) == 1440
    with pytest.raises(C.CoverError, match="ends a day"):
        C.parse_clock("24:00")
    for bad in ("8:00", "25:00", "12:60", "noon", "0800"):
        with pytest.raises(C.CoverError, match="not a time of day"):
            C.parse_clock(bad)


def test_a_window_ends_later_on_the_day_it_starts():
    w = C.window("Mon-Fri", "08:00", "18:00")
    assert w.spans()[0] == (480, 1080) and len(w.spans()) == 5
    assert w.text == "Mon-Fri 08:00–18:00"
    with pytest.raises(C.CoverError, match=r"runs backwards.*two windows, 22:00 to 24:00 and "
                                           r"00:00 to 06:00"):
        C.window("Mon", "22:00", "06:00")
    with pytest.raises(C.CoverError, match="is empty"):
        C.window("Mon", "08:00", "08:00")


def test_windows_may_touch_but_not_overlap():
    C.check_windows([C.window("Mon-Fri", "08:00", "18:00"),
                     C.window("Mon-Fri", "18:00", "24:00")])
    with pytest.raises(C.CoverError, match=r"windows 1 \(Mon-Fri 08:00–18:00\) and 2 "
                                           r"\(Fri 17:00–20:00\) overlap on Fri 17:00–18:00"):
        C.check_windows([C.window("Mon-Fri", "08:00", "18:00"),
                         C.window("Fri", "17:00", "20:00")])


def test_on_duty_and_gaps():
    windows = [C.window("Mon-Fri", "08:00", "18:00")]
    assert C.on_duty(windows, C.parse_time("Tue 08:00"))
    assert not C.on_duty(windows, C.parse_time("Tue 18:00"))  # the end is not included
    assert not C.on_duty(windows, C.parse_time("Sat 03:00"))
    assert C.on_duty(None, C.parse_time("Sat 03:00"))  # 24/7
    gaps = C.gaps(C.spans_of(windows))
    assert C.describe(gaps) == "Mon-Fri 00:00–08:00 and 18:00–24:00; Sat-Sun all day"
    assert C.describe_windows(windows) == "Mon-Fri 08:00–18:00"
    assert C.describe_windows(None) == "24/7"
    night = [C.window("Mon-Sun", "00:00", "12:00"), C.window("Mon-Sun", "12:00", "24:00")]
    assert C.gaps(C.spans_of(night)) == [] and C.describe_windows(night) == "24/7"


def test_times_of_the_week_strict_in_files_loose_when_typed():
    assert str(C.parse_time("Sat 03:00")) == "Sat 03:00"
    assert C.parse_time("saturday 3:00", loose=True) == C.parse_time("Sat 03:00")
    assert C.parse_time("SAT 03.00", loose=True) == C.parse_time("Sat 03:00")
    for bad in ("saturday 3:00", "Sat 3am", "Sat 24:00", "03:00"):
        with pytest.raises(C.CoverError, match="not a time of the week"):
            C.parse_time(bad)
    for bad in ("Someday 03:00", "Sat 25:00", "3am"):
        with pytest.raises(C.CoverError):
            C.parse_time(bad, loose=True)


# ---------------------------------------------------------------- in the file


def _file_with_cover(cover) -> str:
    bp = blueprint(functions=[function("resp", "local-policing/incident-response")],
                   teams=[team("resp-a", "resp", "a")])
    data = json.loads(io.dumps(bp))
    data["teams"][0]["cover"] = cover
    return json.dumps(data, indent=2)


def test_cover_round_trips_and_24_7_is_the_default():
    text = _file_with_cover(WEEKDAYS)
    bp = io.loads(text)
    assert bp.teams[0].windows[0].text == "Mon-Fri 08:00–18:00"
    assert '"from": "08:00"' in io.dumps(bp) and io.loads(io.dumps(bp)) == bp
    plain = io.loads(_file_with_cover("24/7"))
    assert plain.teams[0].windows is None
    assert '"cover"' not in io.dumps(plain)  # the default is left out
    assert Team(id="t", name="T", function="f", owner="a").cover == "24/7"


@pytest.mark.parametrize(("cover", "where", "words"), [
    ("always", "teams[0].cover", 'cover is "24/7" or a list of weekly windows'),
    ([], "teams[0].cover", "never on duty"),
    ([{"days": "Mon-Fri", "from": "22:00", "to": "06:00"}], "teams[0].cover[0]",
     "runs backwards"),
    ([{"days": "Fri-Mon", "from": "08:00", "to": "18:00"}], "teams[0].cover[0].days",
     "run backwards"),
    ([{"days": "Mon", "from": "8:00", "to": "18:00"}], "teams[0].cover[0].from",
     "not a time of day"),
    ([*WEEKDAYS, {"days": "Fri", "from": "17:00", "to": "19:00"}], "teams[0].cover",
     "overlap on Fri 17:00–18:00"),
    ([{"days": "Mon", "from": "08:00"}], "teams[0].cover[0].to", "missing"),
])
def test_bad_cover_is_a_located_error(cover, where, words):
    with pytest.raises(io.BlueprintFileError) as err:
        io.loads(_file_with_cover(cover))
    problems = err.value.problems
    assert len(problems) == 1, problems
    assert problems[0].path == where and words in problems[0].message
    assert problems[0].element == "resp-a" and problems[0].line is not None
