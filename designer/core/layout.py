"""Automatic, deterministic canvas layout: one vertical lane per force, an alliance band on top.

    layout = compute_layout(bp)
    layout.positions["dogs"]        # (x, y) top-left of the element's node
    layout.copies["neighbourhood"]  # {force id: (x, y)} of a local function's other copies

What goes where, and why:

- The **alliance band** spans the lanes at the top: governance bodies first, then joint
  functions (one unit for everyone) with the alliance's own teams under them. It sits
  above the forces the way a board sits above the organisations it governs.
- Each **force lane** starts with a header strip (force, PCC, chief constable), then the
  force's policing areas, then its functions grouped by catalogue category (captions sit in
  a gutter on the left, so every lane reads on its own).
- A **shared** function sits once, in its host force's lane. Each other partner's lane
  shows a *reference* to it in the same category ("from Avon and Somerset"): what that
  force receives, drawn distinctly. A reference is a view, not a copy: it takes no
  teams and no edges, and selecting it selects the function (``Layout.references``).
- A **local** function is drawn in *every* lane that delivers it itself. A board reads a lane
  as "what this force does for itself"; a single node with per-force marks would hide that,
  and would pull every force's teams across the diagram to one place. With one copy per lane
  each team joins the copy in its own lane (edges stay short and inside the lane), and the
  copies of a fully local function share the same slot in every lane, so the eye can read
  across a row the way it reads a row of the matrix. The copies are one element: selecting
  or moving one selects or moves them all (the stored position is the first lane's copy).
- Teams sit under the function they deliver, in their owner's lane; a team whose function
  has no node in its lane goes to an "Other teams" section at the end of the lane.

Positions stored in the file win (clamped into the element's lane or band, so a lane keeps
its meaning); everything else is placed on a grid. Nodes placed automatically never depend
on where the user put others, so dragging one node never reshuffles the rest.
Coordinates are scene units (1 unit = 1 px at 100 % zoom); a position is a node's top-left.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from designer.core.catalogue import load_catalogue
from designer.core.delivery import MODELS
from designer.core.memory import Memory
from designer.core.schema import ALLIANCE, Blueprint, Function

# ---------------------------------------------------------------- geometry constants

NODE_SIZE: dict[str, tuple[float, float]] = {
    "function": (248.0, 64.0),
    "reference": (248.0, 64.0),
    "team": (224.0, 38.0),
    "area": (248.0, 52.0),
    "body": (248.0, 64.0),
    "role": (100.0, 26.0),
}
"""Width and height of each kind of node: room for a name on two lines (three when
its delivery line fits on one) and a function's delivery line on two, so names wrap
instead of being cut (every name of the bundled samples' functions, areas and bodies
but three shows whole)."""

GAP = 24.0  # between grid cells
PAD = 16.0  # inside lanes and the band
GUTTER = 168.0  # left column holding the section captions
HEADER_H = 76.0  # the lane header strip (force name, PCC, chief constable)
CAPTION_H = 28.0  # room for a section caption above its first row
TEAM_INDENT = 24.0  # teams hang under their function, indented
TEAM_GAP = 6.0
CELL_W = NODE_SIZE["function"][0] + GAP
TARGET_ASPECT = 1.6  # width / height the column count aims for (a projector is 16:10)
MAX_COLUMNS = 40


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, x: float, y: float, w: float = 0.0, h: float = 0.0) -> bool:
        eps = 1e-6
        return (self.x - eps <= x and x + w <= self.right + eps
                and self.y - eps <= y and y + h <= self.bottom + eps)


@dataclass(frozen=True, slots=True)
class Lane:
    """One force's vertical lane; ``header`` is its solid strip at the top."""

    force_id: str
    rect: Rect
    header: Rect

    @property
    def content_top(self) -> float:
        return self.header.bottom + PAD


@dataclass(frozen=True, slots=True)
class Section:
    """A caption in the left gutter ("Policing areas", a catalogue category, …)."""

    label: str
    y: float
    height: float


@dataclass(frozen=True)
class Layout:
    """Where everything goes. Every node is inside its lane (or the band)."""

    positions: dict[str, tuple[float, float]]
    """Top-left of each element's node (for a local function: its first lane's copy)."""
    copies: dict[str, dict[str, tuple[float, float]]]
    """Function id → {force id: top-left} of its copies in the other lanes delivering it."""
    home: dict[str, str | None]
    """Element id → force id of the lane its node is in, or ``None`` for the alliance band."""
    roles: dict[str, Rect]
    """Role id ('asp.pcc') → its chip in the lane header."""
    lanes: tuple[Lane, ...]
    band: Rect
    sections: tuple[Section, ...]
    bounds: Rect
    columns: int
    mirrored: frozenset[str] = field(default_factory=frozenset)
    """Functions whose copies mirror the first lane's copy (move one, all follow)."""
    auto_height: float = 0.0
    """Height of the automatic layout alone (stored positions left out)."""
    references: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    """Hosted function id → {partner force id: top-left} of its references in the other
    partners' lanes (view-only nodes saying what the partner receives, and from whom)."""

    def lane(self, force_id: str | None) -> Lane | None:
        for lane in self.lanes:
            if lane.force_id == force_id:
                return lane
        return None

    def region(self, force_id: str | None) -> Rect:
        """Where a node homed in this lane (or, for ``None``, the band) may go."""
        if force_id is None:
            return Rect(self.band.x + PAD, self.band.y + PAD + CAPTION_H,
                        self.band.width - 2 * PAD, self.band.height - 2 * PAD - CAPTION_H)
        lane = self.lane(force_id)
        if lane is None:
            return self.band
        top = lane.content_top
        return Rect(lane.rect.x + PAD, top, lane.rect.width - 2 * PAD, 1e7 - top)

    def lane_at(self, x: float, y: float) -> str | None:
        """Force id of the lane under a scene point, or ``None`` (band, gutter, outside)."""
        if y < self.band.bottom:
            return None
        for lane in self.lanes:
            if lane.rect.x <= x < lane.rect.right:
                return lane.force_id
        return None


def node_size(kind: str) -> tuple[float, float]:
    return NODE_SIZE[kind]


def reference_lanes(fn: Function, forces: tuple[str, ...], host: str | None) \
        -> tuple[str, ...]:
    """The lanes showing a reference to ``fn``: every partner but its host, when the
    function is one pooled unit run from its host's lane (shared). A joint unit sits in
    the alliance band above every lane, so it needs none."""
    m = MODELS[fn.delivery]
    if not m.pooled or m.alliance_unit or host is None:
        return ()
    partners = fn.partners or forces
    return tuple(f for f in forces if f != host and f in partners)


def clamp_into(region: Rect, x: float, y: float, w: float, h: float) -> tuple[float, float]:
    """The nearest top-left that keeps a w×h node inside ``region``."""
    x = min(max(x, region.x), max(region.x, region.right - w))
    y = min(max(y, region.y), max(region.y, region.bottom - h))
    return x, y


def mirror_x(layout: Layout, x: float, from_force: str, to_force: str) -> float:
    """The same spot in another lane (lanes all have the same width)."""
    a, b = layout.lane(from_force), layout.lane(to_force)
    if a is None or b is None:
        return x
    return x - a.rect.x + b.rect.x


# ---------------------------------------------------------------- the layout


# ---------------------------------------------------------------- what is remembered


class _Memory(Memory):
    """Everything :func:`compute_layout` remembers between calls (see :mod:`.memory`).

    The plan state is working data changed in place: a caller takes it out while it
    works and puts it back after; another thread meanwhile finds none and plans
    afresh (the same answer, only slower).
    """

    def forget(self) -> None:
        self.order: tuple[tuple[Function, ...], tuple[int, ...]] | None = None
        """The last functions tuple and its catalogue-order permutation (replaced whole)."""
        self.plan_state: _PlanState | None = None
        self.sections: OrderedDict[tuple, list] = OrderedDict()
        """Placed sections by (kind, part, forces, columns) → [section, layout last used by]."""
        self.layouts_made = 0

    def take_plan_state(self) -> tuple[_PlanState | None, int]:
        with self.lock:
            state, self.plan_state = self.plan_state, None
            return state, self.cleared

    def put_plan_state(self, state: _PlanState, taken_at: int) -> None:
        with self.lock:
            if taken_at == self.cleared:
                self.plan_state = state


_memory = _Memory()


# ---------------------------------------------------------------- ordering


def ordered_functions(bp: Blueprint) -> list[Function]:
    """Functions in catalogue order (category, sub-category), then name and id.

    An edit that keeps every function's id, category and name keeps the order, so the
    last answer's permutation is reused instead of sorting again.
    """
    functions = bp.functions
    memo = _memory.order
    if memo is not None and _same_order_keys(memo[0], functions):
        return [functions[i] for i in memo[1]]
    catalogue = load_catalogue()
    rank = {entry_id: i for i, entry_id in enumerate(catalogue.entries)}
    order = tuple(sorted(
        range(len(functions)),
        key=lambda i: (rank.get(functions[i].category, len(rank)),
                       functions[i].name.casefold(), functions[i].id)))
    with _memory.lock:
        _memory.order = (functions, order)
    return [functions[i] for i in order]


def _same_order_keys(old: tuple[Function, ...], new: tuple[Function, ...]) -> bool:
    if old is new:
        return True
    if len(old) != len(new):
        return False
    for a, b in zip(old, new, strict=True):
        if a is not b and (a.id != b.id or a.category != b.category or a.name != b.name):
            return False
    return True


# ---------------------------------------------------------------- the plan: what goes where

Block = tuple[str, str, tuple[str, ...], bool]
"""(node id, kind, ids of the teams hanging under it, is a copy of a function homed elsewhere
or, of kind "reference", a partner's reference to it)."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """Which node goes in which lane and section, before any coordinates.

    Each section's part is plain hashable data, so a section placed once is reused
    for as long as its part of the plan is unchanged (an edit changes one or two).
    """

    forces: tuple[str, ...]
    band: tuple[tuple[Block, ...], tuple[Block, ...]]  # governance bodies, joint units
    areas: tuple[tuple[Block, ...], ...]  # per force
    categories: tuple[tuple[str, tuple[tuple[str, tuple[tuple[str, ...], ...]], ...],
                            tuple[tuple[Block, ...], ...]], ...]
    """(caption, fully local functions with their teams per lane, other blocks per lane)."""
    other_teams: tuple[tuple[Block, ...], ...]  # per force
    host_of: dict[str, str | None]
    teams_under: dict[tuple[str, str | None], tuple[str, ...]]
    fully_local: frozenset[str]
    per_lane_blocks: int
    avg_team_height: float


class _PlanState:
    """The working data behind a plan, kept between calls so an edit that replaces a few
    functions re-derives only their categories (and the band, if they touch it).

    Reused only while the forces, teams, areas, bodies and the functions' order are the
    very same; anything else starts afresh. A test checks warm and cold answers agree.
    """

    def __init__(self, bp: Blueprint, forces: tuple[str, ...], functions: list[Function]):
        self.forces = forces
        self.all_forces = frozenset(forces)
        self.functions = bp.functions  # the tuple this state describes
        self.teams, self.areas, self.bodies = bp.teams, bp.areas, bp.bodies
        self.order = [fn.id for fn in functions]
        self.host_of: dict[str, str | None] = {}
        self.lanes_of: dict[str, frozenset[str | None]] = {}
        self.refs_of: dict[str, tuple[str, ...]] = {}
        self.fully_local: set[str] = set()
        self.cat_fns: dict[str, list[str]] = defaultdict(list)  # category → fn ids, in order
        self.top_of: dict[str, str] = {}
        for fn in functions:
            self._place_function(fn)
            self.cat_fns[self.top_of[fn.id]].append(fn.id)
        self.team_lanes = [(t.id, t.function, None if t.owner == ALLIANCE else t.owner)
                           for t in bp.teams]
        self.teams_of: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for team_id, fn_id, lane_id in self.team_lanes:
            self.teams_of[fn_id].append((team_id, lane_id))
        self._group_teams()
        self.parts = {cat: self._category_part(cat) for cat in self.cat_fns}
        self.band_functions = self._band_functions()

    def _place_function(self, fn: Function) -> None:
        """Which lanes a function has a node in, and which is its home."""
        forces = self.forces
        m = MODELS[fn.delivery]
        if not m.pooled:
            local = forces
        else:
            local = tuple(f for f in forces if f not in fn.partners) if fn.partners else ()
        # home: an alliance unit in the band (None), a hosted one in its host's lane
        host = None if m.alliance_unit else getattr(fn, m.force_field) if m.force_field \
            else (local[0] if local else None)
        self.host_of[fn.id] = host
        self.lanes_of[fn.id] = self.all_forces if not m.pooled and host is not None \
            else frozenset((host, *local))
        self.refs_of[fn.id] = reference_lanes(fn, forces, host)
        if not m.pooled:
            self.fully_local.add(fn.id)
        else:
            self.fully_local.discard(fn.id)
        self.top_of[fn.id] = fn.category.split("/")[0]

    def _group_teams(self) -> None:
        """Teams hang under their function in the owner's lane when it has a node there;
        the rest go to their lane's "Other teams" (kept in the file's order)."""
        under: dict[tuple[str, str | None], list[str]] = defaultdict(list)
        other: dict[str | None, list[str]] = defaultdict(list)
        lanes_of = self.lanes_of
        for team_id, fn_id, lane_id in self.team_lanes:
            if lane_id in lanes_of.get(fn_id, ()):
                under[(fn_id, lane_id)].append(team_id)
            else:
                other[lane_id].append(team_id)
        self.under = {key: tuple(ids) for key, ids in under.items()}
        self.other = other
        self.in_other = {team_id for ids in other.values() for team_id in ids}
        self.team_index = {team_id: i for i, (team_id, _f, _l) in enumerate(self.team_lanes)}

    def _regroup(self, fn_id: str) -> set[str | None]:
        """Re-hang one function's teams; the lanes whose "Other teams" changed."""
        lanes = self.lanes_of[fn_id]
        hanging: dict[str | None, list[str]] = defaultdict(list)
        moved: set[str | None] = set()
        for team_id, lane_id in self.teams_of[fn_id]:
            if lane_id in lanes:
                hanging[lane_id].append(team_id)
                if team_id in self.in_other:
                    self.in_other.discard(team_id)
                    self.other[lane_id].remove(team_id)
                    moved.add(lane_id)
            elif team_id not in self.in_other:
                self.in_other.add(team_id)
                bisect.insort(self.other[lane_id], team_id, key=self.team_index.__getitem__)
                moved.add(lane_id)
        for lane_id in {lane_id for _t, lane_id in self.teams_of[fn_id]}:
            if lane_id in hanging:
                self.under[(fn_id, lane_id)] = tuple(hanging[lane_id])
            else:
                self.under.pop((fn_id, lane_id), None)
        return moved

    def _aligned(self, fn_id: str) -> bool:
        return fn_id in self.fully_local and bool(self.forces)

    def _block(self, fn_id: str, lane_id: str | None) -> Block:
        return (fn_id, "function", self.under.get((fn_id, lane_id), ()),
                self.host_of[fn_id] != lane_id)

    def _category_part(self, cat: str) -> tuple:
        """(fully local functions with their teams per lane, other blocks per lane)."""
        forces, under = self.forces, self.under
        row, rest = [], {f: [] for f in forces}
        for fn_id in self.cat_fns[cat]:
            if self._aligned(fn_id):
                row.append((fn_id, tuple(under.get((fn_id, f), ()) for f in forces)))
                continue
            for lane_id in self.lanes_of[fn_id]:
                if lane_id is not None:
                    rest[lane_id].append(self._block(fn_id, lane_id))
            for lane_id in self.refs_of[fn_id]:
                rest[lane_id].append((fn_id, "reference", (), True))
        return tuple(row), tuple(tuple(rest[f]) for f in forces)

    def _band_functions(self) -> tuple[Block, ...]:
        return tuple(self._block(fn_id, None) for fn_id in self.order
                     if not self._aligned(fn_id) and None in self.lanes_of[fn_id])

    def reusable_for(self, bp: Blueprint, forces: tuple[str, ...]) -> bool:
        return (forces == self.forces and bp.teams is self.teams and bp.areas is self.areas
                and bp.bodies is self.bodies and _same_order_keys(self.functions, bp.functions))

    def update(self, bp: Blueprint, changed: list[Function]) -> None:
        """Take in functions replaced in place (same id, category and name)."""
        self.functions = bp.functions
        cats, band = set(), False
        for fn in changed:
            band = band or None in self.lanes_of[fn.id]
            self._place_function(fn)
            band = band or None in self.lanes_of[fn.id]
            cats.add(self.top_of[fn.id])
        for fn in changed:
            if self.teams_of.get(fn.id) and None in self._regroup(fn.id):
                band = True  # the alliance's other teams sit in the band
        for cat in cats:
            self.parts[cat] = self._category_part(cat)
        if band:
            self.band_functions = self._band_functions()

    def plan(self, bp: Blueprint) -> _Plan:
        catalogue = load_catalogue()
        forces = self.forces
        category_ids = [c.id for c in catalogue.categories()]
        category_ids += sorted(c for c in self.cat_fns if c not in set(category_ids))
        categories = []
        per_lane = [0] * len(forces)
        for cat in category_ids:
            part = self.parts.get(cat)
            if part is None:
                continue
            row, lanes = part
            if row or any(lanes):
                categories.append((catalogue.name_of(cat), row, lanes))
                for i, blocks in enumerate(lanes):
                    per_lane[i] += len(row) + len(blocks)
        other_teams = tuple(tuple((t, "team", (), False) for t in self.other.get(f, ()))
                            for f in forces)
        areas_by_force: dict[str, list[Block]] = defaultdict(list)
        for a in bp.areas:
            areas_by_force[a.force].append((a.id, "area", (), False))
        bodies = tuple((b.id, "body", (), False) for b in bp.bodies)
        joint = self.band_functions + tuple((t, "team", (), False)
                                            for t in self.other.get(None, ()))
        n_lanes = max(1, len(forces))
        per_lane_blocks = max([len(bp.areas) // n_lanes + 1]
                              + [n + len(other_teams[i]) for i, n in enumerate(per_lane)])
        return _Plan(
            forces=forces,
            band=(bodies, joint),
            areas=tuple(tuple(areas_by_force[f]) for f in forces) if bp.areas else (),
            categories=tuple(categories),
            other_teams=other_teams,
            host_of=dict(self.host_of),
            teams_under=self.under,
            fully_local=frozenset(self.fully_local),
            per_lane_blocks=per_lane_blocks,
            avg_team_height=NODE_SIZE["function"][1] + GAP + (NODE_SIZE["team"][1] + TEAM_GAP)
            * len(bp.teams) / max(1, len(bp.functions) * 1.5),
        )


def _plan(bp: Blueprint) -> _Plan:
    forces = bp.force_ids()
    state, taken_at = _memory.take_plan_state()  # None while another thread plans
    if state is not None and not state.reusable_for(bp, forces):
        state = None
    if state is not None and state.functions is not bp.functions:
        changed = [new for old, new in zip(state.functions, bp.functions, strict=True)
                   if old is not new]
        if len(changed) <= 64:
            state.update(bp, changed)
        else:
            state = None
    if state is None:
        state = _PlanState(bp, forces, ordered_functions(bp))
    plan = state.plan(bp)
    _memory.put_plan_state(state, taken_at)  # only once it worked: never a half-updated one
    return plan


# ---------------------------------------------------------------- placing one section


def _block_height(b: Block) -> float:
    h = NODE_SIZE[b[1]][1]
    if b[2]:
        h += TEAM_GAP + len(b[2]) * (NODE_SIZE["team"][1] + TEAM_GAP) - TEAM_GAP
    return h


@dataclass(slots=True)
class _Placed:
    """One section placed with its top at y = 0; shifted copies are kept for reuse."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    copies: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    home: dict[str, str | None] = field(default_factory=dict)
    captions: list[tuple[str, float]] = field(default_factory=list)
    height: float = 0.0
    references: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    _shifted: tuple[float, dict, dict, dict] | None = None

    def place(self, b: Block, lane_id: str | None, x: float, y: float) -> None:
        node_id, kind, teams, is_copy = b
        if kind == "reference":
            self.references.setdefault(node_id, {})[lane_id] = (x, y)  # type: ignore[index]
        elif is_copy:
            self.copies.setdefault(node_id, {})[lane_id] = (x, y)  # type: ignore[index]
        else:
            self.positions[node_id] = (x, y)
            self.home[node_id] = lane_id
        ty = y + NODE_SIZE[kind][1] + TEAM_GAP
        step = NODE_SIZE["team"][1] + TEAM_GAP
        for team_id in teams:
            self.positions[team_id] = (x + TEAM_INDENT, ty)
            self.home[team_id] = lane_id
            ty += step

    def grid(self, blocks: Sequence[Block], lane_id: str | None, x0: float, y0: float,
             cols: int) -> float:
        """Place blocks row by row; return the y below the last row."""
        y = y0
        for start in range(0, len(blocks), cols):
            row = blocks[start:start + cols]
            for i, b in enumerate(row):
                self.place(b, lane_id, x0 + i * CELL_W, y)
            y += max(_block_height(b) for b in row) + GAP
        return y

    def shifted(self, dy: float) -> tuple[dict[str, tuple[float, float]],
                                          dict[str, dict[str, tuple[float, float]]],
                                          dict[str, dict[str, tuple[float, float]]]]:
        """Positions, copies and references moved down by ``dy`` (the last answer is kept)."""
        last = self._shifted
        if last is not None and last[0] == dy:
            return last[1], last[2], last[3]
        positions = {k: (x, y + dy) for k, (x, y) in self.positions.items()}
        copies = {fn: {lane: (x, y + dy) for lane, (x, y) in by_lane.items()}
                  for fn, by_lane in self.copies.items()}
        references = {fn: {lane: (x, y + dy) for lane, (x, y) in by_lane.items()}
                      for fn, by_lane in self.references.items()}
        self._shifted = (dy, positions, copies, references)
        return positions, copies, references


_PLACED_KEPT = 160  # sections remembered (a few column counts × every category)
_KEPT_LAYOUTS = 8  # ... and only those used by one of the last few layouts


def _section(kind: str, part: tuple, forces: tuple[str, ...], columns: int) -> _Placed:
    """The section for this part of the plan, placed once and then remembered."""
    key = (kind, part, forces, columns)
    with _memory.lock:
        sections = _memory.sections
        hit = sections.get(key)
        if hit is not None:
            sections.move_to_end(key)
            hit[1] = _memory.layouts_made
            return hit[0]
    placed = _PLACERS[kind](part, forces, columns)
    with _memory.lock:
        sections = _memory.sections
        sections[key] = [placed, _memory.layouts_made]
        while len(sections) > _PLACED_KEPT:
            sections.popitem(last=False)
    return placed


def _forget_stale_sections() -> None:
    """Drop sections no recent layout used: another blueprint's (after opening a new
    file) would otherwise stay in memory until pushed out."""
    with _memory.lock:
        sections = _memory.sections
        _memory.layouts_made += 1
        oldest = _memory.layouts_made - _KEPT_LAYOUTS
        while sections and next(iter(sections.values()))[1] < oldest:
            sections.popitem(last=False)


def clear_cache() -> None:
    """Forget remembered orderings, plans and sections (tests compare with a cold start)."""
    _memory.clear()


def _lane_w(columns: int) -> float:
    return columns * CELL_W - GAP + 2 * PAD


def _lane_x(forces: tuple[str, ...], columns: int, i: int) -> float:
    return GUTTER + i * _lane_w(columns) + PAD


def _place_band(part: tuple, forces: tuple[str, ...], columns: int) -> _Placed:
    """The alliance band (absolute: it is always at the top)."""
    bodies, joint = part
    out = _Placed()
    n_lanes = max(1, len(forces))
    total_w = GUTTER + n_lanes * _lane_w(columns)
    band_cols = max(1, int((total_w - GUTTER - 2 * PAD + GAP) // CELL_W))
    y = PAD + CAPTION_H
    x0 = GUTTER + PAD
    if bodies:
        out.captions.append(("Governance", y))
        y = out.grid(bodies, None, x0, y, band_cols)
    if joint:
        out.captions.append(("Joint units", y))
        y = out.grid(joint, None, x0, y, band_cols)
    out.height = max(y, PAD + CAPTION_H + 40.0) + PAD - GAP
    return out


def _place_lane_grids(label: str, per_lane: tuple[tuple[Block, ...], ...],
                      forces: tuple[str, ...], columns: int) -> _Placed:
    """A caption, then each lane's blocks on its own grid (areas, other teams)."""
    out = _Placed(captions=[(label, 0.0)])
    bottom = 0.0
    for i, f in enumerate(forces):
        bottom = max(bottom, out.grid(per_lane[i], f, _lane_x(forces, columns, i), CAPTION_H,
                                      columns))
    out.height = bottom
    return out


def _place_areas(part: tuple, forces: tuple[str, ...], columns: int) -> _Placed:
    return _place_lane_grids("Policing areas", part, forces, columns)


def _place_other_teams(part: tuple, forces: tuple[str, ...], columns: int) -> _Placed:
    out = _place_lane_grids("Other teams", part, forces, columns)
    out.height = max(out.height, CAPTION_H)
    return out


def _place_category(part: tuple, forces: tuple[str, ...], columns: int) -> _Placed:
    """Fully local functions in the same slot of every lane, then each lane's others."""
    label, row_fns, per_lane = part
    out = _Placed(captions=[(label, 0.0)])
    y = CAPTION_H
    xs = [_lane_x(forces, columns, i) for i in range(len(forces))]
    for start in range(0, len(row_fns), columns):
        row = row_fns[start:start + columns]
        height = 0.0
        for li, f in enumerate(forces):
            for i, (fn_id, teams_by_lane) in enumerate(row):
                b = (fn_id, "function", teams_by_lane[li], li != 0)
                out.place(b, f, xs[li] + i * CELL_W, y)
                height = max(height, _block_height(b))
        y += height + GAP
    bottom = y
    for li, f in enumerate(forces):
        bottom = max(bottom, out.grid(per_lane[li], f, xs[li], y, columns))
    out.height = bottom
    return out


_PLACERS = {"band": _place_band, "areas": _place_areas, "category": _place_category,
            "other": _place_other_teams}


# ---------------------------------------------------------------- the layout


def compute_layout(bp: Blueprint, columns: int | None = None) -> Layout:
    """Lay the blueprint out; ``columns`` per lane is chosen to suit a wide screen if omitted.

    The width grows with the column count and the height shrinks with it, so one
    correction from a first estimate lands close to :data:`TARGET_ASPECT`. Sections
    are remembered, so the estimate and an edit's new layout reuse what did not change.
    """
    _forget_stale_sections()
    plan = _plan(bp)
    if columns is None:
        first = _estimate_columns(plan)
        aspect = _total_width(plan, first) / max(1.0, _auto_height(plan, first))
        columns = max(1, min(MAX_COLUMNS, round(first * (TARGET_ASPECT / aspect) ** 0.5)))
    return _compose(bp, plan, max(1, columns))


def _estimate_columns(plan: _Plan) -> int:
    """A first column count from the block counts alone."""
    n_lanes = max(1, len(plan.forces))
    columns, best = 1, None
    for c in range(1, MAX_COLUMNS + 1):
        width = GUTTER + n_lanes * (c * CELL_W + 2 * PAD)
        height = 300 + plan.per_lane_blocks / c * (plan.avg_team_height + GAP) + 12 * CAPTION_H
        score = abs(width / height - TARGET_ASPECT)
        if best is None or score < best - 1e-9:
            best, columns = score, c
    return columns


def _total_width(plan: _Plan, columns: int) -> float:
    return GUTTER + max(1, len(plan.forces)) * _lane_w(columns)


def _sections(plan: _Plan, columns: int) -> list[_Placed]:
    forces = plan.forces
    out = []
    if plan.areas:
        out.append(_section("areas", plan.areas, forces, columns))
    out += [_section("category", part, forces, columns) for part in plan.categories]
    if any(plan.other_teams):
        out.append(_section("other", plan.other_teams, forces, columns))
    return out


def _lanes_top(band: _Placed) -> float:
    return band.height + PAD


def _auto_height(plan: _Plan, columns: int) -> float:
    band = _section("band", plan.band, plan.forces, columns)
    return _lanes_top(band) + HEADER_H + PAD + sum(s.height for s in _sections(plan, columns))


def _compose(bp: Blueprint, plan: _Plan, columns: int) -> Layout:
    forces = plan.forces
    n_lanes = max(1, len(forces))
    lane_w = _lane_w(columns)
    total_w = _total_width(plan, columns)

    band_part = _section("band", plan.band, forces, columns)
    band = Rect(GUTTER, 0.0, n_lanes * lane_w, band_part.height)
    positions: dict[str, tuple[float, float]] = dict(band_part.positions)
    home: dict[str, str | None] = dict(band_part.home)
    copies: dict[str, dict[str, tuple[float, float]]] = {}
    references: dict[str, dict[str, tuple[float, float]]] = {}
    sections = [Section(label, y, 0) for label, y in band_part.captions]

    lanes_top = _lanes_top(band_part)
    y = lanes_top + HEADER_H + PAD
    for part in _sections(plan, columns):
        shifted, shifted_copies, shifted_refs = part.shifted(y)
        positions.update(shifted)
        copies.update(shifted_copies)
        references.update(shifted_refs)
        home.update(part.home)
        sections += [Section(label, y + dy, 0) for label, dy in part.captions]
        y += part.height

    # ---- the auto layout is done; stored positions win, clamped into their region
    provisional_lanes = tuple(
        Lane(f, Rect(GUTTER + i * lane_w, lanes_top, lane_w, 1.0),
             Rect(GUTTER + i * lane_w, lanes_top, lane_w, HEADER_H))
        for i, f in enumerate(forces)
    )
    shell = Layout({}, {}, {}, {}, provisional_lanes, band, (), band, columns)
    bottom = y
    moved = _stored_positions(bp, shell, home)
    if moved:
        positions, copies, moved_bottom = _apply_stored(plan, shell, moved, positions, copies,
                                                        home)
        bottom = max(bottom, moved_bottom)

    # ---- final geometry: lanes reach below the lowest node
    lane_h = bottom - lanes_top + PAD - GAP
    lanes = tuple(
        Lane(f, Rect(GUTTER + i * lane_w, lanes_top, lane_w, max(lane_h, HEADER_H + 80)),
             Rect(GUTTER + i * lane_w, lanes_top, lane_w, HEADER_H))
        for i, f in enumerate(forces)
    )
    roles: dict[str, Rect] = {}
    rh = NODE_SIZE["role"][1]
    for lane, force in zip(lanes, bp.forces, strict=True):
        ry = lane.header.bottom - rh - 10
        rw = (lane.rect.width - 2 * PAD - 8) / 2
        roles[force.pcc_role] = Rect(lane.rect.x + PAD, ry, rw, rh)
        roles[force.chief_role] = Rect(lane.rect.x + PAD + rw + 8, ry, rw, rh)
    lanes_bottom = max((ln.rect.bottom for ln in lanes), default=band.bottom)
    bounds = Rect(0.0, 0.0, total_w, lanes_bottom)
    final_sections = []
    ordered = sorted(sections, key=lambda s: s.y)
    for i, s in enumerate(ordered):
        end = ordered[i + 1].y if i + 1 < len(ordered) else (
            band.bottom if s.y < band.bottom else lanes_bottom)
        if s.y < band.bottom:
            end = min(end, band.bottom)
        final_sections.append(Section(s.label, s.y, end - s.y))
    return Layout(positions, copies, home, roles, lanes, band, tuple(final_sections),
                  bounds, columns, plan.fully_local, auto_height=y, references=references)


def _stored_positions(bp: Blueprint, shell: Layout, home: dict[str, str | None]) \
        -> dict[str, tuple[float, float, float]]:
    """Elements with a position in the file, clamped into their lane (or the band):
    id → (x, y, node height)."""
    moved: dict[str, tuple[float, float, float]] = {}
    for list_name, kind in (("areas", "area"), ("bodies", "body"), ("functions", "function"),
                            ("teams", "team")):
        w, h = NODE_SIZE[kind]
        for element in getattr(bp, list_name):
            p = element.position
            if p is not None and element.id in home:
                x, y = clamp_into(shell.region(home[element.id]), p.x, p.y, w, h)
                moved[element.id] = (x, y, h)
    return moved


def _apply_stored(plan: _Plan, shell: Layout, moved: dict[str, tuple[float, float, float]],
                  auto: dict[str, tuple[float, float]],
                  auto_copies: dict[str, dict[str, tuple[float, float]]],
                  home: dict[str, str | None]) \
        -> tuple[dict[str, tuple[float, float]], dict[str, dict[str, tuple[float, float]]],
                 float]:
    """Stored positions over the automatic ones; automatic teams follow their function.

    Returns the positions, the copies and the lowest point a lane must reach.
    """
    positions = dict(auto)
    copies = dict(auto_copies)
    bottom = 0.0
    team_w, team_h = NODE_SIZE["team"]
    fn_h = NODE_SIZE["function"][1]

    def place(element_id: str, x: float, y: float, h: float) -> None:
        nonlocal bottom
        positions[element_id] = (x, y)
        if home.get(element_id) is not None:
            bottom = max(bottom, y + h + GAP)

    def follow(fn_id: str, lane_id: str | None, before: tuple[float, float],
               after: tuple[float, float]) -> None:
        if before == after:
            return
        dx, dy = after[0] - before[0], after[1] - before[1]
        for team_id in plan.teams_under.get((fn_id, lane_id), ()):
            if team_id not in moved:
                tx, ty = auto[team_id]
                place(team_id, *clamp_into(shell.region(lane_id), tx + dx, ty + dy,
                                           team_w, team_h), team_h)

    for element_id, (x, y, h) in moved.items():
        place(element_id, x, y, h)
        if element_id not in plan.host_of:
            continue
        follow(element_id, home[element_id], auto[element_id], (x, y))
        if element_id in plan.fully_local and element_id in copies:
            first = home[element_id]
            mirrored = {lane_id: (mirror_x(shell, x, first, lane_id), y)  # type: ignore[arg-type]
                        for lane_id in copies[element_id]}
            for lane_id, after in mirrored.items():
                follow(element_id, lane_id, copies[element_id][lane_id], after)
                bottom = max(bottom, after[1] + fn_h + GAP)
            copies[element_id] = mirrored
    return positions, copies, bottom


def without_positions(bp: Blueprint, ids: frozenset[str] | None = None) -> Blueprint:
    """The blueprint with stored positions forgotten (all, or only ``ids``): automatic layout.

    Untouched lists (and elements without a position) keep their identity, so the
    canvas redraws only what moves.
    """
    update = {}
    for list_name in ("forces", "areas", "bodies", "functions", "teams"):
        items = getattr(bp, list_name)
        if not any(e.position is not None and (ids is None or e.id in ids) for e in items):
            continue
        update[list_name] = tuple(
            e.model_copy(update={"position": None})
            if e.position is not None and (ids is None or e.id in ids) else e
            for e in items)
    return bp.model_copy(update=update) if update else bp
