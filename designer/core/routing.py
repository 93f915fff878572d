"""Edge routes that run in the gaps the layout leaves, so a line never crosses a node.

    points = route(layout, (x, y, w, h), (x2, y2, w2, h2))   # polyline, source → target

The automatic layout (:mod:`designer.core.layout`) leaves free channels on purpose:

- a **column gap** (``GAP`` wide) to the right of every grid column, all the way down a
  lane (and down the alliance band), because every section of a lane uses the same
  columns and teams hang inside their function's column;
- a **caption strip** (``CAPTION_H`` high) at the top of every section, across all lanes
  (the caption itself sits in the gutter, left of the lanes);
- the **band gap** between the alliance band and the lane headers.

A route leaves its source on the right into that node's column gap, runs along the gap
to a strip, along the strip to the target's column gap, and enters the target from the
right: at most six straight segments, all in free space. Between two lane nodes the
strip is the caption strip of the target's section (a board reads "this unit depends on
something further up"); anything touching the band or a lane header (the PCC and chief
constable chips, entered from above) runs through the band gap. Positions a user stored
may sit in a channel; routes then cross them, as the user chose.

Pure arithmetic on numbers: deterministic, and a translated pair of ends gives the same
route translated (the canvas slides such a line instead of rebuilding it).
"""

from __future__ import annotations

import bisect

from designer.core.layout import CAPTION_H, GAP, PAD, Layout
from designer.core.memory import Memory

Point = tuple[float, float]
Box = tuple[float, float, float, float]
"""x, y, width, height of a node (top-left origin)."""


def route(layout: Layout, source: Box, target: Box) -> list[Point]:
    """The polyline from ``source`` to ``target`` through the layout's free channels."""
    sx, sy, sw, sh = source
    tx, ty, tw, th = target
    band_gap = layout.band.bottom + PAD / 2
    s_where, t_where = _where(layout, source), _where(layout, target)

    if s_where == "header":  # a role chip: out of its top edge
        start = [(sx + sw / 2, sy)]
    else:
        start = [(sx + sw, sy + sh / 2), (sx + sw + GAP / 2, sy + sh / 2)]
    if t_where == "header":
        end = [(tx + tw / 2, ty)]
    else:
        end = [(tx + tw + GAP / 2, ty + th / 2), (tx + tw, ty + th / 2)]

    (ax, _ay), (bx, _by) = start[-1], end[0]
    if ax == bx and s_where == t_where == "lane":
        middle: list[Point] = []  # the same column gap: straight along it
    else:
        strip = _caption_strip(layout, ty) if s_where == t_where == "lane" else band_gap
        middle = [(ax, strip), (bx, strip)]
    return _simplified(start + middle + end)


def tree_route(layout: Layout, function: Box, team: Box) -> list[Point]:
    """From a function down to a team hanging under it: an elbow down the function's left
    side and into the team's; a team anywhere else is reached by :func:`route`."""
    fx, fy, fw, fh = function
    tx, ty, _tw, th = team
    if ty >= fy + fh - 1 and fx + 6 < tx < fx + fw:
        x = fx + 12
        return [(x, fy + fh), (x, ty + th / 2), (tx, ty + th / 2)]
    return route(layout, function, team)


def route_box(layout: Layout, source: Box, target: Box) -> tuple[float, float, float, float]:
    """The route's bounding box (left, top, right, bottom), without building it: the
    canvas asks this of thousands of undrawn edges to find those crossing the screen."""
    sx, sy, sw, sh = source
    tx, ty, tw, th = target
    left, right = min(sx, tx), max(sx + sw, tx + tw) + GAP / 2
    top, bottom = min(sy, ty), max(sy + sh, ty + th)
    band_bottom = layout.band.bottom
    if sy >= band_bottom and ty >= band_bottom:  # lanes or header chips
        lanes = layout.lanes
        header_end = lanes[0].content_top - PAD / 2 if lanes else band_bottom
        if sy < header_end or ty < header_end:
            strip = band_bottom + PAD / 2
        elif sx + sw == tx + tw:  # the same column gap: straight along it
            return left, top, right, bottom
        else:
            strip = _caption_strip(layout, ty)
    else:
        strip = band_bottom + PAD / 2
    return left, min(top, strip), right, max(bottom, strip)


def _where(layout: Layout, box: Box) -> str:
    """'band', 'header' (a chip on a lane's header strip) or 'lane'."""
    y = box[1]
    if y < layout.band.bottom:
        return "band"
    lanes = layout.lanes
    if lanes and y < lanes[0].content_top - PAD / 2:
        return "header"
    return "lane"


def _caption_strip(layout: Layout, y: float) -> float:
    """Middle of the caption strip of the lane section holding ``y``."""
    tops = _section_tops(layout)
    if not tops:
        return layout.band.bottom + PAD / 2
    i = bisect.bisect_right(tops, y) - 1
    return tops[max(i, 0)] + CAPTION_H / 2


class _Memory(Memory):
    """The section tops of the last layout asked about (see :mod:`.memory`): every
    edge of one layout asks, so one entry is enough, and it goes with the next layout."""

    def forget(self) -> None:
        self.tops: tuple[tuple, list[float]] | None = None  # replaced whole


_memory = _Memory()


def _section_tops(layout: Layout) -> list[float]:
    """Tops of the lane sections, in order (kept for the last layout asked about)."""
    sections = layout.sections
    memo = _memory.tops
    if memo is not None and memo[0] is sections:
        return memo[1]
    band_bottom = layout.band.bottom
    tops = [s.y for s in sections if s.y >= band_bottom]
    with _memory.lock:
        _memory.tops = (sections, tops)
    return tops


def _simplified(points: list[Point]) -> list[Point]:
    """Drop repeated points and the middle of three in a straight line."""
    out: list[Point] = []
    for p in points:
        if out and out[-1] == p:
            continue
        if len(out) >= 2:
            (x0, y0), (x1, y1) = out[-2], out[-1]
            if (x0 == x1 == p[0]) or (y0 == y1 == p[1]):
                out[-1] = p
                continue
        out.append(p)
    return out
