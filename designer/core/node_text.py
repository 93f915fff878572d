"""What each node of the diagram says: its name, the line under it, a figure and a tooltip.

Plain functions of the blueprint, without Qt, so the canvas, tests and any other
picture of the blueprint word an element the same way::

    text = element_text("function", fn, "wilts", bp, force_names(bp))
    text.sub        # 'Hosted by Wiltshire'

The canvas keeps the words per element and draws them
(:class:`designer.ui.canvas.items.NodeItem`), broken into lines by :func:`wrap_lines`
(given the font's measure), so a name is wrapped, never cut while the lines hold it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from designer.core.catalogue import load_catalogue
from designer.core.delivery import LOCAL, MODELS, node_subtitle, partner_of, pooled
from designer.core.money import format_pounds, pounds_short
from designer.core.schema import ALLIANCE, Area, Blueprint, Body, Force, Function, Team
from designer.core.short_names import cut_end

BODY_KINDS = {"alliance-board": "Alliance board", "joint-committee": "Joint committee",
              "pcc-office": "PCC office", "chief-officer-group": "Chief officer group",
              "other": "Governance body"}


@dataclass(frozen=True, slots=True)
class NodeText:
    """What a node says: worked out here, drawn by the canvas."""

    kind: str
    name: str
    sub: str = ""
    delivery: str | None = None  # functions only
    tooltip: str = ""
    right: str = ""  # a short figure at the right edge (a team's FTE)
    ink: str = ""  # text colour when it sits on a coloured strip (role chips in headers)


def force_names(bp: Blueprint) -> dict[str, str]:
    """Force id → name: the words tooltips and lane headers use for a force."""
    return {f.id: f.name for f in bp.forces}


def force_codes(bp: Blueprint) -> dict[str, str]:
    """Force id → short code: what a node's second line names a force by ("led by D&C"),
    where two full names would be cut to the same start."""
    return {f.id: f.short_code for f in bp.forces}


def element_text(kind: str, element: Any, lane: str | None, bp: Blueprint,
                 names: Mapping[str, str], codes: Mapping[str, str] | None = None) -> NodeText:
    """The words of an element's node in ``lane`` (``kind``: function, team, area, body,
    or reference: a hosted function as a partner's lane shows it); a function's second
    line names forces by ``codes`` if given ("led by D&C"), else by ``names``."""
    if kind == "function":
        return function_text(element, lane, codes or names, len(bp.forces),
                             bp.partners_of(element))
    if kind == "reference":
        return reference_text(element, names)
    if kind == "team":
        return team_text(element, names)
    if kind == "area":
        return area_text(element, names)
    return body_text(element, bp)


def function_text(fn: Function, lane: str | None, names: Mapping[str, str], n_forces: int,
                  partners: tuple[str, ...]) -> NodeText:
    """What a function's node says (its tooltip is built only when it is shown)."""
    # a lane outside the arrangement keeps the function local
    delivery = fn.delivery if lane is None or lane in partners else LOCAL
    if not pooled(delivery):  # the lane names the force; say what it costs it
        fig = fn.baseline.get(lane or "")
        label = MODELS[delivery].label
        sub = f"{label} · {pounds_short(fig.cost_pence)} baseline" if fig and \
            fig.cost_pence else label
    else:
        sub = node_subtitle(fn, names)
    if pooled(delivery) and 0 < len(partners) < n_forces:
        sub += f" · {len(partners)} of {n_forces} forces"
    return NodeText("function", fn.name, sub, delivery)


def reference_text(fn: Function, names: Mapping[str, str]) -> NodeText:
    """A hosted function as it appears in a partner's lane: what the partner receives and
    from whom ("from Avon and Somerset"). It is a view of the function, not a copy."""
    host = partner_of(fn)
    host_name = names.get(host, host) if host else "the host force"
    m = MODELS[fn.delivery]
    tip = (f"{fn.name}\n{m.label}: received from {host_name}\n"
           f"The unit is drawn in {host_name}'s lane; click to select it there")
    return NodeText("reference", fn.name, f"from {host_name}", fn.delivery, tip)


def team_text(team: Team, names: Mapping[str, str]) -> NodeText:
    """A team: its name, whose it is and its FTE (shown at the right edge)."""
    owner = "Alliance" if team.owner == ALLIANCE else names.get(team.owner, team.owner)
    fte = f"{team.fte:g} FTE" if team.fte else ""
    tip = f"{team.name}\nTeam of {owner}" + (f", {fte}" if fte else "")
    return NodeText("team", team.name, "", None, tip, fte)


def area_text(area: Area, names: Mapping[str, str]) -> NodeText:
    """A policing area: its name over its local commander."""
    sub = area.commander or "Policing area"
    tip = f"{area.name}\nPolicing area of {names.get(area.force, area.force)}" \
        + (f"\nLocal commander: {area.commander}" if area.commander else "")
    if area.population:
        tip += f"\nPopulation: {area.population:,}"
    return NodeText("area", area.name, sub, None, tip)


def body_text(body: Body, bp: Blueprint) -> NodeText:
    """A governance body: its name over its kind; the tooltip says who chairs it."""
    body_kind = BODY_KINDS.get(body.kind, body.kind)
    chairs = ", ".join(role_name(bp, r) for r in body.chairs)
    tip = f"{body.name}\n{body_kind}" + (f"\nChaired by {chairs}" if chairs else "")
    return NodeText("body", body.name, body_kind, None, tip)


def role_texts(force: Force, ink: str = "") -> tuple[tuple[str, NodeText], ...]:
    """The PCC and chief constable chips on a force's lane header: (role id, words).
    ``ink`` is the text colour the chips take on the force's colour."""
    return tuple((role, NodeText("role", f"{title}: {person}", "", None,
                                 f"{title} of {force.name}: {person}", ink=ink))
                 for role, title, person in ((force.pcc_role, "PCC", force.pcc),
                                             (force.chief_role, "Chief Constable",
                                              force.chief_constable)))


def role_name(bp: Blueprint, role: str) -> str:
    """'PCC of Wiltshire' for ``wilts.pcc`` (the role id itself if its force is unknown)."""
    force_id, _, which = role.partition(".")
    for f in bp.forces:
        if f.id == force_id:
            return f"PCC of {f.name}" if which == "pcc" else f"Chief Constable of {f.name}"
    return role


def function_tooltip(fn: Function, lane: str | None, sub: str,
                     names: Mapping[str, str]) -> str:
    """A function's full story for its tooltip: category, delivery line, command, costs."""
    catalogue = load_catalogue()
    tip = [fn.name, f"{catalogue.name_of(fn.category)} ({fn.category})", sub]
    if fn.command:
        tip.append(f"Command: {fn.command}")
    cost = sum(fig.cost_pence for fig in fn.baseline.values())
    if cost:
        tip.append(f"Baseline cost (all forces): {format_pounds(cost)}")
    if lane is not None and lane in fn.baseline:
        tip.append(f"Baseline cost ({names.get(lane, lane)}): "
                   f"{format_pounds(fn.baseline[lane].cost_pence)}")
    return "\n".join(tip)


# ------------------------------------------------------------------ line breaking

_BREAK_AFTER = "-/"
"""A word too long for a line is broken after one of these, if it has one."""


def wrap_lines(text: str, widths: Sequence[float], measure: Callable[[str], float],
               last: float | None = None) -> tuple[str, ...]:
    """Break ``text`` into at most ``len(widths)`` lines, line *i* at most ``widths[i]`` wide
    as ``measure`` (the font's advance) says; whichever line ends up last is at most
    ``last`` wide, if given (room for a figure after the text).

    Words are kept whole; a word wider than its line is broken after a hyphen or slash,
    else between letters. Joined with spaces, the lines give back the text's words
    whenever they fit; only when they do not does the last line end in "…" (the caller
    puts the whole text in the tooltip).

        >>> wrap_lines("Joint · led by Avon and Somerset", (110, 110), lambda s: 6 * len(s))
        ('Joint · led by', 'Avon and Somerset')
    """
    if not widths:
        return ()
    whole = " ".join(text.split())
    first = widths[0] if last is None else min(widths[0], last)
    if measure(whole) <= first:  # the common case: one line, one measurement
        return (whole,)
    return _wrap(text, widths, measure, last)


def _wrap(text: str, widths: Sequence[float], measure: Callable[[str], float],
          last: float | None) -> tuple[str, ...]:
    """Fill lines greedily; a line that would end the text without leaving ``last`` free
    leaves its end (its last word, or the end of its one word) for the next line."""
    words = text.split()
    lines: list[str] = []
    final = len(widths) - 1
    while words and len(lines) <= final:
        i = len(lines)
        width = min(widths[i], last) if last is not None and i == final else widths[i]
        line = _fit_word(words, width, measure)
        while words and measure(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        if last is not None and not words and i < final and measure(line) > last:
            head, _sp, tail = line.rpartition(" ")
            if not head:  # one word: as much of its end as fits ``last`` moves down
                cut = len(line) - 1
                while cut > 1 and measure(line[cut - 1:]) <= last:
                    cut -= 1
                head, tail = line[:cut], line[cut:]
            line = head
            words.insert(0, tail)
        lines.append(line)
    if not words:
        return tuple(lines)
    # what is left does not fit: the last line says so
    rest = " ".join([lines.pop(), *words])
    width = widths[final] if last is None else min(widths[final], last)
    lines.append(_elided(rest, width, measure))
    return tuple(lines)


def _fit_word(words: list[str], width: float, measure: Callable[[str], float]) -> str:
    """Take the first word off ``words``, or as much of it as fits ``width`` (the rest
    goes back to start the next line)."""
    word = words.pop(0)
    if measure(word) <= width or len(word) < 2:
        return word
    cut = max((i + 1 for i, ch in enumerate(word[:-1]) if ch in _BREAK_AFTER
               and measure(word[:i + 1]) <= width), default=0)
    if not cut:
        cut = 1
        while cut < len(word) - 1 and measure(word[:cut + 1]) <= width:
            cut += 1
    words.insert(0, word[cut:])
    return word[:cut]


def _elided(text: str, width: float, measure: Callable[[str], float]) -> str:
    """``text`` cut to fit ``width`` with "…" at its end."""
    return text if measure(text) <= width else cut_end(text, width, measure)


def with_challenges(tooltip: str, log_lines: str) -> str:
    """A node's or matrix row's tooltip followed by what the challenge log says about the
    element (its open count and latest word: :func:`designer.core.challenges.tooltip_lines`),
    a blank line between."""
    if not log_lines:
        return tooltip
    return f"{tooltip}\n\n{log_lines}" if tooltip else log_lines
