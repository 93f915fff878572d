"""Hours of cover: when a team is on duty, as times of the week.

A team's ``cover`` is ``"24/7"`` (the default) or a list of weekly windows, each
a set of days and one time range on each of those days::

    "cover": [{"days": "Mon-Fri", "from": "08:00", "to": "18:00"},
              {"days": "Sat", "from": "09:00", "to": "13:00"}]

The words are strict so that a file reads one way only:

- ``days``: ``Mon`` … ``Sun``, a range running forwards through the week
  (``Mon-Fri``, ``Sat-Sun``; ``Fri-Mon`` is refused) or several joined by
  commas (``Mon,Wed,Fri``, ``Mon-Thu,Sat``). A day may be named once.
- ``from`` / ``to``: 24-hour ``HH:MM``; ``to`` may be ``24:00`` (midnight at the
  end of the day). A window ends on the day it starts, so ``to`` is always later
  than ``from``: a night shift is two windows, ``{"days": "Mon-Fri", "from":
  "22:00", "to": "24:00"}`` and ``{"days": "Tue-Sat", "from": "00:00", "to":
  "06:00"}``. A window that runs backwards (``22:00`` to ``06:00``) is refused
  with that advice, never read as overnight by guesswork.
- Windows may touch (one ends at ``18:00``, the next starts at ``18:00``) but
  never overlap.

A time of the week is a day and a time, ``"Sat 03:00"``; :func:`parse_time` reads
it (the command line also takes full day names and any case). Everything here
works in minutes from Monday 00:00, so "on duty at" and "gaps in cover" are
interval arithmetic. Qt-free and free of the schema (the schema imports it).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
ALWAYS = "24/7"
"""The cover of a team on duty at every hour (the default)."""

_DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
DAYS_PATTERN = rf"^{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*$"
CLOCK_PATTERN = r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$"
TIME_PATTERN = r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:[01]\d|2[0-3]):[0-5]\d$"
"""A time of the week as a file writes it: ``Sat 03:00``."""

_CLOCK = re.compile(CLOCK_PATTERN)
_DAYS = re.compile(DAYS_PATTERN)
_LOOSE_TIME = re.compile(r"^\s*([A-Za-z]+)\.?\s+(\d{1,2})[:.](\d{2})\s*$")


class CoverError(ValueError):
    """Words that break the cover rules; the message says what to write instead."""


# ------------------------------------------------------------------ reading words


def parse_days(text: str) -> tuple[int, ...]:
    """``'Mon-Fri'`` → ``(0, 1, 2, 3, 4)``; the days in week order."""
    if not isinstance(text, str) or not _DAYS.match(text):
        raise CoverError(f"{text!r} is not a list of days: write days as Mon … Sun, a range "
                         "such as 'Mon-Fri', or several joined by commas such as 'Sat,Sun'")
    days: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        a = DAYS.index(first)
        b = DAYS.index(last) if last else a
        if b < a:
            after = first if first == "Sun" else f"{first}-Sun"
            before = "Mon" if last == "Mon" else f"Mon-{last}"
            raise CoverError(f"the days {part!r} run backwards: a range runs forwards through "
                             f"the week from Mon to Sun (for a range across the weekend write "
                             f"'{after},{before}')")
        for d in range(a, b + 1):
            if d in days:
                raise CoverError(f"{DAYS[d]} is named twice in {text!r}")
            days.append(d)
    return tuple(sorted(days))


def parse_clock(text: str, *, end: bool = False) -> int:
    """``'08:30'`` → 510 minutes after midnight; ``'24:00'`` only as an end."""
    if not isinstance(text, str) or not _CLOCK.match(text):
        raise CoverError(f"{text!r} is not a time of day: write 24-hour HH:MM, e.g. '08:00'"
                         + (" (or '24:00' for midnight at the end of the day)" if end else ""))
    hours, minutes = int(text[:2]), int(text[3:])
    if hours == 24 and not end:
        raise CoverError("'24:00' ends a day; a window starting at midnight starts at '00:00'")
    return hours * 60 + minutes


@dataclass(frozen=True, slots=True, order=True)
class WeekTime:
    """A time of the week: minutes after Monday 00:00."""

    minute: int

    @property
    def day(self) -> int:
        return self.minute // DAY_MINUTES

    def __str__(self) -> str:
        return f"{DAYS[self.day]} {clock(self.minute % DAY_MINUTES)}"


def parse_time(text: str, *, loose: bool = False) -> WeekTime:
    """``'Sat 03:00'`` → the time of the week. A file writes exactly that form; with
    ``loose`` (the command line, the app) any case, full day names and ``3:00`` are read."""
    if isinstance(text, str) and re.match(TIME_PATTERN, text):
        day, hhmm = text.split(" ")
        return WeekTime(DAYS.index(day) * DAY_MINUTES + parse_clock(hhmm))
    hint = (f"{text!r} is not a time of the week: write a day and a 24-hour time, "
            "e.g. 'Sat 03:00'")
    m = _LOOSE_TIME.match(text) if loose and isinstance(text, str) else None
    if m is None:
        raise CoverError(hint)
    word, hours, minutes = m.group(1).lower(), int(m.group(2)), int(m.group(3))
    day = next((i for i, d in enumerate(FULL_DAYS) if d == word or d[:3] == word), None)
    if day is None or hours > 23 or minutes > 59:
        raise CoverError(hint)
    return WeekTime(day * DAY_MINUTES + hours * 60 + minutes)


def clock(minutes: int) -> str:
    """Minutes after midnight as ``HH:MM`` (1440 is ``24:00``)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# ------------------------------------------------------------------ windows


@dataclass(frozen=True, slots=True)
class Window:
    """One window as numbers: its days and the minutes of the day it runs from and to."""

    days: tuple[int, ...]
    start: int
    end: int
    text: str
    """How the file writes it, for messages: ``'Mon-Fri 08:00–18:00'``."""

    def spans(self) -> list[tuple[int, int]]:
        """The window's stretches as (start, end) minutes of the week."""
        return [(d * DAY_MINUTES + self.start, d * DAY_MINUTES + self.end) for d in self.days]


def window(days: str, start: str, end: str) -> Window:
    """One window from its words, or :class:`CoverError` saying what is wrong."""
    day_list = parse_days(days)
    a, b = parse_clock(start), parse_clock(end, end=True)
    if b <= a:
        if b == a:
            raise CoverError(f"the window from {start} to {end} is empty: 'to' must be later "
                             "than 'from'")
        raise CoverError(f"the window from {start} to {end} runs backwards: a window ends on "
                         f"the day it starts, so write a night shift as two windows, {start} "
                         f"to 24:00 and 00:00 to {end} on the following days")
    return Window(day_list, a, b, f"{days} {start}–{end}")


def check_windows(windows: Sequence[Window]) -> None:
    """Refuse windows that overlap, naming both (by position, from 1) and where."""
    spans = sorted((s, e, i) for i, w in enumerate(windows) for s, e in w.spans())
    for (_s1, e1, i1), (s2, e2, i2) in itertools.pairwise(spans):
        if s2 < e1:
            first, second = sorted((i1, i2))
            where = f"{WeekTime(s2)}–{clock(min(e1, e2) % DAY_MINUTES or DAY_MINUTES)}"
            if first == second:
                raise CoverError(f"window {first + 1} ({windows[first].text}) covers "
                                 f"{where} twice")
            raise CoverError(f"windows {first + 1} ({windows[first].text}) and {second + 1} "
                             f"({windows[second].text}) overlap on {where}: windows may "
                             "touch but not overlap")


def spans_of(windows: Iterable[Window]) -> list[tuple[int, int]]:
    """Every window's stretches, merged where they touch, in week order."""
    return merge(s for w in windows for s in w.spans())


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) stretches joined where they overlap or touch, sorted."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def on_duty(windows: Sequence[Window] | None, at: WeekTime) -> bool:
    """Whether a team with these windows (``None``: 24/7) is on duty at ``at``."""
    if windows is None:
        return True
    return any(s <= at.minute < e for w in windows for s, e in w.spans())


def gaps(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of the week not in ``spans`` (which must be merged, see :func:`merge`)."""
    out: list[tuple[int, int]] = []
    at = 0
    for s, e in spans:
        if s > at:
            out.append((at, s))
        at = max(at, e)
    if at < WEEK_MINUTES:
        out.append((at, WEEK_MINUTES))
    return out


# ------------------------------------------------------------------ words


def describe(spans: Sequence[tuple[int, int]]) -> str:
    """Stretches of the week in words, day by day with like days grouped:
    ``'Mon-Fri 00:00–08:00 and 18:00–24:00; Sat-Sun all day'``."""
    by_day: list[tuple[tuple[int, int], ...]] = []
    for d in range(7):
        lo, hi = d * DAY_MINUTES, (d + 1) * DAY_MINUTES
        by_day.append(tuple((max(s, lo) - lo, min(e, hi) - lo) for s, e in spans
                            if s < hi and e > lo))
    parts: list[str] = []
    d = 0
    while d < 7:
        if not by_day[d]:
            d += 1
            continue
        last = d
        while last + 1 < 7 and by_day[last + 1] == by_day[d]:
            last += 1
        days = DAYS[d] if last == d else f"{DAYS[d]}-{DAYS[last]}"
        ranges = by_day[d]
        if ranges == ((0, DAY_MINUTES),):
            hours = "all day"
        else:
            hours = " and ".join(f"{clock(s)}–{clock(e)}" for s, e in ranges)
        parts.append(f"{days} {hours}")
        d = last + 1
    return "; ".join(parts)


def describe_windows(windows: Sequence[Window] | None) -> str:
    """A cover in words: ``'24/7'`` or ``'Mon-Fri 08:00–18:00'``."""
    spans = None if windows is None else spans_of(windows)
    if spans is None or not gaps(spans):
        return ALWAYS
    return describe(spans)
