"""Names shortened for a small space, never two alike.

A node on the canvas, a cell of a PDF table or a chip on a lane header has room
for a line or two of a name. Cutting every name at the same width made different
names read the same ("Office of the PCC for D…" for both PCC offices of a
Devon and Cornwall + Dorset alliance; "Alliance Operations: …" for the roads and
the firearms teams). :func:`shorten` is the one way a set of names is shortened:

1. each name is wrapped at spaces into at most ``lines`` lines of ``width``;
2. only what still does not fit is cut, with "…" at the end of the last line;
3. names that would then read the same are cut before where they differ instead
   ("Alliance…Roads", "Allianc…Firearms"), and if two still agree, numbered.

Widths are measured by a function passed in (Qt's font metrics on the canvas and
in the PDF, ``len`` for plain text), so this stays free of Qt. The full name goes
in a tooltip wherever a shortened one is shown.

    >>> shorten(["Alliance Operations: Roads", "Alliance Operations: Firearms"], 16, len, 1)
    [('Alliance…Roads',), ('Allianc…Firearms',)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

Measure = Callable[[str], float]
ELLIPSIS = "…"
Lines = tuple[str, ...]


def shorten(names: Sequence[str], width: float | Sequence[float], measure: Measure,
            lines: int = 2) -> list[Lines]:
    """Each name as at most ``lines`` lines no wider than its width (one ``width`` for
    all, or one per name): whole if it fits when wrapped, else cut, and never the same
    lines for two different names (when the room allows a character and an ellipsis)."""
    widths = [width] * len(names) if isinstance(width, int | float) else list(width)
    out = [shorten_one(n, w, measure, lines) for n, w in zip(names, widths, strict=True)]
    for group in _collisions(names, out):
        for i in group:
            others = [names[j] for j in group if names[j] != names[i]]
            out[i] = _distinguished(names[i], others, widths[i], measure, lines)
    for group in _collisions(names, out):  # agreeing even where they differ: number them
        numbers: dict[str, int] = {}
        for i in group:
            n = numbers.setdefault(names[i], len(numbers) + 1)
            out[i] = _numbered(out[i], n, widths[i], measure)
    return out


def shorten_one(name: str, width: float, measure: Measure, lines: int = 2) -> Lines:
    """One name in at most ``lines`` lines of ``width``, wrapped at spaces, the rest cut."""
    words = _words(name, width, measure)
    if not words:
        return ("",)
    out: list[str] = []
    while words and len(out) < lines - 1:
        out.append(_take_line(words, width, measure))
    rest = " ".join(words)
    if rest:
        out.append(rest if measure(rest) <= width else cut_end(rest, width, measure))
    return tuple(out)


def is_cut(name: str, shown: Lines) -> bool:
    """Whether ``shown`` leaves part of ``name`` out (then show the name on hover)."""
    return " ".join(" ".join(shown).split()) != " ".join(name.split())


def cut_end(text: str, width: float, measure: Measure) -> str:
    """The longest start of ``text`` that fits ``width`` with "…" after it."""
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits (widths grow with length)
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def cut_start(text: str, width: float, measure: Measure) -> str:
    """"…" and the longest end of ``text`` that fits ``width``."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(ELLIPSIS + text[len(text) - mid:].lstrip()) <= width:
            lo = mid
        else:
            hi = mid - 1
    return ELLIPSIS + text[len(text) - lo:].lstrip()


# ------------------------------------------------------------------ the parts


def _words(name: str, width: float, measure: Measure) -> list[str]:
    """The name's words, any word wider than a line broken into pieces that fit."""
    out: list[str] = []
    for word in name.split():
        while measure(word) > width and len(word) > 1:
            n = max(1, len(cut_end(word, width + measure(ELLIPSIS), measure)) - 1)
            out.append(word[:n])
            word = word[n:]
        out.append(word)
    return out


def _take_line(words: list[str], width: float, measure: Measure) -> str:
    """Take the words of one line from the front of ``words``."""
    line = words.pop(0)
    while words and measure(f"{line} {words[0]}") <= width:
        line += " " + words.pop(0)
    return line


def _collisions(names: Sequence[str], shown: list[Lines]) -> list[list[int]]:
    """Groups of positions whose names differ but read the same."""
    by_text: dict[Lines, list[int]] = defaultdict(list)
    for i, lines in enumerate(shown):
        by_text[lines].append(i)
    return [group for group in by_text.values()
            if len(group) > 1 and len({names[i] for i in group}) > 1]


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _distinguished(name: str, others: list[str], width: float, measure: Measure,
                   lines: int) -> Lines:
    """``name`` shown so that where it departs from the names it would be mistaken for
    is on it: that part in full (as far as it fits), the part they share before it on
    the lines left, cut ("…") if it must be."""
    differs = max(_common_prefix(name, o) for o in others)
    start = name.rfind(" ", 0, differs) + 1  # the start of the word where it differs
    while start < differs and measure(ELLIPSIS + name[start:differs + 1]) > width:
        start += 1  # a long word: from nearer the difference, so it shows
    shared, tail = name[:start].strip(), name[start:]
    if not shared:
        return shorten_one(name, width, measure, lines)
    shown = shorten_one(tail, width, measure, lines)
    free = lines - len(shown)
    if free:  # the shared part on the lines before, cut at its end if it must be
        return (*shorten_one(shared, width, measure, free), *shown)
    first = shown[0]  # no line to spare: as much of the shared start as fits before it
    room = width - measure(ELLIPSIS + first)
    if room < 0:
        return (cut_end(ELLIPSIS + first, width, measure), *shown[1:])
    words = shared.split()  # the shared start, in whole words, as far as they fit
    while words and measure(" ".join(words) + ELLIPSIS + first) > width:
        words.pop()
    head = " ".join(words)
    if not head:  # not one word: its first letters (names alike at the end differ there)
        head = cut_end(shared, room + measure(ELLIPSIS), measure).removesuffix(ELLIPSIS)
        head = head if len(head) >= 3 else ""
    return (head + ELLIPSIS + first, *shown[1:])


def _numbered(shown: Lines, n: int, width: float, measure: Measure) -> Lines:
    """The last line ends in " (n)", cut to make room."""
    mark = f" ({n})"
    last = shown[-1]
    if measure(last + mark) > width:
        last = cut_end(last.rstrip(ELLIPSIS), max(0.0, width - measure(mark)), measure)
    return (*shown[:-1], last + mark)
