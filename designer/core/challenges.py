"""The challenge and decision log: what is raised in workshops, answered and decided.

Small functions over ``Blueprint.challenges`` (see :class:`designer.core.schema.Challenge`)
that every picture of the log shares: which challenges are open, how many per element
(the badges on canvas nodes and matrix rows), the latest word on an element (tooltips),
filtering (the Challenges dock) and the words for a timestamp or for what a challenge is
about. Qt-free; the edits that change the log are in :mod:`designer.core.edits`.

    >>> open_counts(bp)                   # {'control-room': 1}
    >>> latest_word(bp)['control-room']   # Word(author=..., at=..., text=..., ...)
    >>> marks(bp)['control-room'].open    # 1: the badge on its node and matrix row
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from designer.core.node_text import role_name
from designer.core.schema import (
    Blueprint,
    Challenge,
    ChallengeStatus,
)

OPEN: ChallengeStatus = "open"
STATUS_LABELS: dict[ChallengeStatus, str] = {
    "open": "Open", "answered": "Answered", "accepted": "Accepted", "rejected": "Rejected",
    "actioned": "Actioned"}
"""How each status reads in the dock, the tables and the tooltips."""
DECIDED: frozenset[ChallengeStatus] = frozenset({"accepted", "rejected", "actioned"})
"""Statuses a decision leads to (the dock offers them when a decision is recorded)."""
WHOLE = "The blueprint as a whole"
"""What a challenge without an element is about."""
PREVIEW = 160
"""Characters of a comment shown in a tooltip or a one-line message."""


def is_open(challenge: Challenge) -> bool:
    """Whether the challenge still waits for an answer or a decision."""
    return challenge.status == OPEN


def open_counts(bp: Blueprint) -> dict[str | None, int]:
    """Element id (``None``: the blueprint as a whole) → its open challenges, only where
    there are some: the badge on a canvas node or matrix row."""
    counts: dict[str | None, int] = {}
    for ch in bp.challenges:
        if ch.status == OPEN:
            counts[ch.element] = counts.get(ch.element, 0) + 1
    return counts


@dataclass(frozen=True, slots=True)
class Word:
    """The latest thing said about an element: a challenge raised, or a reply to one."""

    author: str
    at: datetime
    text: str
    challenge: Challenge
    reply: bool


def latest_word(bp: Blueprint) -> dict[str | None, Word]:
    """Element id (``None``: the blueprint as a whole) → the latest challenge or reply on
    it, by time (the later in the file when two share a time)."""
    out: dict[str | None, Word] = {}
    for ch in bp.challenges:
        words = [Word(ch.author, ch.created, ch.text, ch, False)]
        words += [Word(r.author, r.at, r.text, ch, True) for r in ch.replies]
        for word in words:
            best = out.get(ch.element)
            if best is None or _moment(word.at) >= _moment(best.at):
                out[ch.element] = word
    return out


def _moment(at: datetime) -> datetime:
    """A comparable moment (the schema keeps offsets; this only guards a naive value)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def filtered(bp: Blueprint, statuses: Collection[str] | None = None,
             elements: Collection[str | None] | None = None) -> list[Challenge]:
    """The challenges with one of ``statuses`` about one of ``elements`` (``None`` in it:
    the blueprint as a whole), in the file's order; ``None`` for either means any."""
    return [ch for ch in bp.challenges
            if (statuses is None or ch.status in statuses)
            and (elements is None or ch.element in elements)]


def by_time(challenges: Iterable[Challenge]) -> list[Challenge]:
    """Oldest first, as a log reads (the file's order among equal times)."""
    return sorted(challenges, key=lambda ch: _moment(ch.created))


def find(bp: Blueprint, challenge_id: str) -> tuple[int, Challenge] | None:
    """(position, challenge) of the challenge with this id, or ``None``."""
    for i, ch in enumerate(bp.challenges):
        if ch.id == challenge_id:
            return i, ch
    return None


# ------------------------------------------------------------------ words


def names(bp: Blueprint) -> dict[str, str]:
    """Every id a challenge may name (elements and roles) → its name."""
    out = {el.id: el.name for _list, _i, el in bp.elements()}
    for f in bp.forces:
        for role in (f.pcc_role, f.chief_role):
            out[role] = role_name(bp, role)
    return out


def about(challenge: Challenge, names: Mapping[str, str]) -> str:
    """What the challenge is about, in words: the element's name, the name it had once
    removed ("Estates (removed)"), or the blueprint as a whole."""
    if challenge.element is not None:
        return names.get(challenge.element, challenge.element)
    if challenge.element_name:
        return f"{challenge.element_name} (removed)"
    return WHOLE


def stamp_text(at: datetime) -> str:
    """``2015-03-20T10:30:00+01:00`` → ``'20 Mar 2015, 10:30'`` (the time as recorded)."""
    return f"{at.day} {at:%b %Y, %H:%M}"


def preview(text: str, limit: int = PREVIEW) -> str:
    """A comment on one line, cut to ``limit`` characters with '…'."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)  # type: ignore[call-overload]


def tooltip_lines(open_count: int, word: Word | None) -> str:
    """What a node's or matrix row's tooltip adds: the open count and the latest word."""
    lines = []
    if open_count:
        lines.append(f"{open_count} open challenge{'s' if open_count != 1 else ''}")
    if word is not None:
        what = "Reply" if word.reply else status_label(word.challenge.status) + " challenge"
        lines.append(f"Latest: {what} by {word.author}, {stamp_text(word.at)}")
        lines.append(f"“{preview(word.text)}”")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Mark:
    """What a canvas node or matrix row shows of the log: a badge with the open count (none
    at 0) and the lines its tooltip adds."""

    open: int
    tip: str


def marks(bp: Blueprint) -> dict[str, Mark]:
    """Element id → its :class:`Mark`, for every element the log says something about.

    The views keep the last result and refresh only the nodes whose mark changed."""
    if not bp.challenges:
        return {}
    counts = open_counts(bp)
    return {element: Mark(counts.get(element, 0), tooltip_lines(counts.get(element, 0), word))
            for element, word in latest_word(bp).items() if element is not None}


def now() -> datetime:
    """This moment, to the second, with the local UTC offset: when something is said."""
    return datetime.now().astimezone().replace(microsecond=0)
