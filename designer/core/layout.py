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
- A **shared** function sits once, in its host force's lane.
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

from collections import defaultdict
from dataclasses import dataclass, field

from designer.core.catalogue import load_catalogue
from designer.core.schema import ALLIANCE, Blueprint, Function

# ---------------------------------------------------------------- geometry constants

NODE_SIZE: dict[str, tuple[float, float]] = {
    "function": (208.0, 56.0),
    "team": (184.0, 28.0),
    "area": (208.0, 44.0),
    "body": (208.0, 60.0),
    "role": (100.0, 26.0),
}
"""Width and height of each kind of node."""

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


@dataclass
class _Block:
    """A function node with the teams hanging under it, in one lane."""

    function: str | None  # None: a lone node (area, body, orphan team)
    kind: str
    node: str
    teams: list[str]

    @property
    def height(self) -> float:
        h = NODE_SIZE[self.kind][1]
        if self.teams:
            th = NODE_SIZE["team"][1]
            h += TEAM_GAP + len(self.teams) * (th + TEAM_GAP) - TEAM_GAP
        return h


def ordered_functions(bp: Blueprint) -> list[Function]:
    """Functions in catalogue order (category, sub-category), then name and id."""
    catalogue = load_catalogue()
    rank = {entry_id: i for i, entry_id in enumerate(catalogue.entries)}
    return sorted(bp.functions,
                  key=lambda f: (rank.get(f.category, len(rank)), f.name.casefold(), f.id))


def compute_layout(bp: Blueprint, columns: int | None = None) -> Layout:
    """Lay the blueprint out; ``columns`` per lane is chosen to suit a wide screen if omitted.

    The width grows with the column count and the height shrinks with it, so one
    correction from a first estimate lands close to :data:`TARGET_ASPECT`.
    """
    if columns is None:
        key = structure_key(bp)
        columns = _columns_for.get(key)
        if columns is None:
            first = _compute(bp, None)
            aspect = first.bounds.width / max(1.0, first.auto_height)
            columns = max(1, min(MAX_COLUMNS,
                                 round(first.columns * (TARGET_ASPECT / aspect) ** 0.5)))
            if columns == first.columns:
                _remember(key, columns)
                return first
            _remember(key, columns)
    return _compute(bp, columns)


_columns_for: dict[tuple, int] = {}


def _remember(key: tuple, columns: int) -> None:
    if len(_columns_for) > 16:
        _columns_for.pop(next(iter(_columns_for)))
    _columns_for[key] = columns


_last_structure: list[tuple[Blueprint, tuple]] = []


def structure_key(bp: Blueprint) -> tuple:
    """What decides which nodes exist and where they go automatically (not positions).

    Edits that only move nodes keep it, so the column count (and the canvas's edges)
    are reused instead of worked out again. The last answer is kept for the very same
    (immutable) blueprint: the layout and the canvas both ask for it on every edit.
    """
    for seen, key in _last_structure:
        if seen is bp:
            return key
    key = _structure_key(bp)
    _last_structure.insert(0, (bp, key))
    del _last_structure[2:]
    return key


def _structure_key(bp: Blueprint) -> tuple:
    return (
        bp.force_ids(),
        tuple((f.id, f.category, f.name, f.delivery, f.host_force, f.lead_force, f.partners)
              for f in bp.functions),
        tuple((t.id, t.function, t.owner) for t in bp.teams),
        tuple((a.id, a.force) for a in bp.areas),
        tuple(b.id for b in bp.bodies),
    )


def _compute(bp: Blueprint, columns: int | None) -> Layout:
    catalogue = load_catalogue()
    forces = bp.force_ids()
    functions = ordered_functions(bp)

    # ---- which lanes each function has a node in
    local_in: dict[str, list[str]] = {}
    host_of: dict[str, str | None] = {}
    for fn in functions:
        partners = set(bp.partners_of(fn))
        local_in[fn.id] = [f for f in forces if f not in partners]
        if fn.delivery == "shared":
            host_of[fn.id] = fn.host_force
        elif fn.delivery == "joint":
            host_of[fn.id] = None
        else:
            host_of[fn.id] = local_in[fn.id][0] if local_in[fn.id] else None
    lanes_of: dict[str, set[str | None]] = {
        fn.id: {host_of[fn.id], *local_in[fn.id]} for fn in functions
    }
    fully_local = {fn.id for fn in functions if fn.delivery == "local"}

    # ---- teams hang under their function in the owner's lane when it has a node there
    teams_under: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    other_teams: dict[str | None, list[str]] = defaultdict(list)
    for team in bp.teams:
        lane_id = None if team.owner == ALLIANCE else team.owner
        if lane_id in lanes_of.get(team.function, ()):
            teams_under[(team.function, lane_id)].append(team.id)
        else:
            other_teams[lane_id].append(team.id)

    # ---- per-lane blocks, by section
    category_ids = [c.id for c in catalogue.categories()]
    aligned: dict[str, list[str]] = defaultdict(list)  # category → fully local fns
    rest: dict[tuple[str, str], list[str]] = defaultdict(list)  # (category, lane) → fns
    band_functions: list[str] = []
    for fn in functions:
        top = fn.category.split("/")[0]
        if fn.id in fully_local and len(forces) > 0:
            aligned[top].append(fn.id)
            continue
        for lane_id in lanes_of[fn.id]:
            if lane_id is None:
                band_functions.append(fn.id)
            else:
                rest[(top, lane_id)].append(fn.id)
    extra_categories = sorted({c for c, _ in rest} | set(aligned) - set(category_ids))
    category_ids += [c for c in extra_categories if c not in category_ids]

    def block(fn_id: str, lane_id: str | None) -> _Block:
        return _Block(fn_id, "function", fn_id, teams_under.get((fn_id, lane_id), []))

    # ---- column count: aim for a wide picture
    n_lanes = max(1, len(forces))
    per_lane_blocks = max(
        [len(bp.areas) // n_lanes + 1]
        + [sum(len(aligned[c]) + len(rest[(c, f)]) for c in category_ids) + len(other_teams[f])
           for f in forces] or [1]
    )
    if columns is None:
        avg_h = 80.0 + 34.0 * len(bp.teams) / max(1, len(bp.functions) * 1.5)
        columns = 1
        best = None
        for c in range(1, MAX_COLUMNS + 1):
            width = GUTTER + n_lanes * (c * CELL_W + 2 * PAD)
            height = 300 + per_lane_blocks / c * (avg_h + GAP) + 12 * CAPTION_H
            score = abs(width / height - TARGET_ASPECT)
            if best is None or score < best - 1e-9:
                best, columns = score, c
    columns = max(1, columns)
    lane_w = columns * CELL_W - GAP + 2 * PAD
    lanes_x = GUTTER
    total_w = lanes_x + n_lanes * lane_w

    positions: dict[str, tuple[float, float]] = {}
    copies: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    home: dict[str, str | None] = {}
    sections: list[Section] = []

    def lane_x(lane_id: str) -> float:
        return lanes_x + forces.index(lane_id) * lane_w + PAD

    def place_block(b: _Block, lane_id: str | None, x: float, y: float) -> None:
        key = b.node
        if b.kind == "function" and host_of.get(key, lane_id) != lane_id:
            copies[key][lane_id] = (x, y)  # type: ignore[index]
        else:
            positions[key] = (x, y)
            home[key] = lane_id
        ty = y + NODE_SIZE[b.kind][1] + TEAM_GAP
        for team_id in b.teams:
            positions[team_id] = (x + TEAM_INDENT, ty)
            home[team_id] = lane_id
            ty += NODE_SIZE["team"][1] + TEAM_GAP

    def grid(blocks: list[_Block], lane_id: str | None, x0: float, y0: float, cols: int) -> float:
        """Place blocks row by row; return the y below the last row."""
        y = y0
        for start in range(0, len(blocks), cols):
            row = blocks[start:start + cols]
            for i, b in enumerate(row):
                place_block(b, lane_id, x0 + i * CELL_W, y)
            y += max(b.height for b in row) + GAP
        return y

    # ---- the alliance band
    band_y = 0.0
    band_cols = max(1, int((total_w - lanes_x - 2 * PAD + GAP) // CELL_W))
    y = band_y + PAD + CAPTION_H
    band_x0 = lanes_x + PAD
    bodies = [_Block(None, "body", b.id, []) for b in bp.bodies]
    if bodies:
        sections.append(Section("Governance", y, 0))
        y = grid(bodies, None, band_x0, y, band_cols)
    joint_blocks = [block(f, None) for f in band_functions]
    joint_blocks += [_Block(None, "team", t, []) for t in other_teams[None]]
    if joint_blocks:
        sections.append(Section("Joint units", y, 0))
        y = grid(joint_blocks, None, band_x0, y, band_cols)
    band_h = max(y - band_y, PAD + CAPTION_H + 40.0) + PAD - GAP
    band = Rect(lanes_x, band_y, n_lanes * lane_w, band_h)

    # ---- the lanes
    header_y = band.bottom + PAD
    y = header_y + HEADER_H + PAD
    areas_by_force: dict[str, list[str]] = defaultdict(list)
    for a in bp.areas:
        areas_by_force[a.force].append(a.id)
    if bp.areas:
        sections.append(Section("Policing areas", y, 0))
        bottom = y
        for f in forces:
            bottom = max(bottom, grid([_Block(None, "area", a, []) for a in areas_by_force[f]],
                                      f, lane_x(f), y + CAPTION_H, columns))
        y = bottom
    for cat in category_ids:
        present = aligned[cat] or any(rest[(cat, f)] for f in forces)
        if not present:
            continue
        sections.append(Section(catalogue.name_of(cat), y, 0))
        y += CAPTION_H
        # fully local functions: the same slot in every lane, row heights shared
        fns = aligned[cat]
        for start in range(0, len(fns), columns):
            row = fns[start:start + columns]
            height = 0.0
            for f in forces:
                for i, fn_id in enumerate(row):
                    b = block(fn_id, f)
                    place_block(b, f, lane_x(f) + i * CELL_W, y)
                    height = max(height, b.height)
            y += height + GAP
        bottom = y
        for f in forces:
            bottom = max(bottom, grid([block(fn_id, f) for fn_id in rest[(cat, f)]],
                                      f, lane_x(f), y, columns))
        y = bottom
    if any(other_teams[f] for f in forces):
        sections.append(Section("Other teams", y, 0))
        y += CAPTION_H
        bottom = y
        for f in forces:
            bottom = max(bottom, grid([_Block(None, "team", t, []) for t in other_teams[f]],
                                      f, lane_x(f), y, columns))
        y = bottom

    # ---- the auto layout is done; stored positions win, clamped into their region
    lanes_top = header_y
    provisional_lanes = tuple(
        Lane(f, Rect(lanes_x + i * lane_w, lanes_top, lane_w, 1.0),
             Rect(lanes_x + i * lane_w, lanes_top, lane_w, HEADER_H))
        for i, f in enumerate(forces)
    )
    shell = Layout({}, {}, {}, {}, provisional_lanes, band, (), band, columns)
    auto_node = {(fn_id, home[fn_id]): positions[fn_id] for fn_id in host_of if fn_id in home}
    for fn_id, by_lane in copies.items():
        for lane_id, pos in by_lane.items():
            auto_node[(fn_id, lane_id)] = pos
    kind_sizes = _kind_sizes(bp)
    moved: dict[str, tuple[float, float]] = {}
    for _list, _i, element in bp.elements():
        if element.position is None or element.id not in home:
            continue
        w, h = kind_sizes[element.id]
        moved[element.id] = clamp_into(shell.region(home[element.id]),
                                       element.position.x, element.position.y, w, h)
    # teams placed automatically follow their function's node (wherever the user put it)
    fn_node: dict[tuple[str, str | None], tuple[float, float]] = {}
    for fn_id, pos in positions.items():
        if fn_id in host_of:
            fn_node[(fn_id, home[fn_id])] = moved.get(fn_id, pos)
    mirrored = frozenset(fully_local)
    for fn_id in mirrored:
        if fn_id in moved:
            first = home[fn_id]
            mx, my = moved[fn_id]
            for lane_id in copies.get(fn_id, {}):
                copies[fn_id][lane_id] = (mirror_x(shell, mx, first, lane_id), my)  # type: ignore[arg-type]
    for fn_id, by_lane in copies.items():
        for lane_id, pos in by_lane.items():
            fn_node[(fn_id, lane_id)] = pos
    for (fn_id, lane_id), team_ids in teams_under.items():
        auto = auto_node.get((fn_id, lane_id))
        actual = fn_node.get((fn_id, lane_id))
        if auto is None or actual is None or auto == actual:
            continue
        dx, dy = actual[0] - auto[0], actual[1] - auto[1]
        for team_id in team_ids:
            if team_id not in moved:
                tx, ty = positions[team_id]
                w, h = kind_sizes[team_id]
                moved[team_id] = clamp_into(shell.region(lane_id), tx + dx, ty + dy, w, h)
    positions.update(moved)

    # ---- final geometry: lanes reach below the lowest node
    bottom = y
    for key, (_x, py) in positions.items():
        if home.get(key) is not None:
            bottom = max(bottom, py + kind_sizes[key][1] + GAP)
    for by_lane in copies.values():
        for _x, py in by_lane.values():
            bottom = max(bottom, py + NODE_SIZE["function"][1] + GAP)
    lane_h = bottom - lanes_top + PAD - GAP
    lanes = tuple(
        Lane(f, Rect(lanes_x + i * lane_w, lanes_top, lane_w, max(lane_h, HEADER_H + 80)),
             Rect(lanes_x + i * lane_w, lanes_top, lane_w, HEADER_H))
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
    return Layout(positions, dict(copies), home, roles, lanes, band, tuple(final_sections),
                  bounds, columns, mirrored, auto_height=y)


def _kind_sizes(bp: Blueprint) -> dict[str, tuple[float, float]]:
    sizes: dict[str, tuple[float, float]] = {}
    for list_name, kind in (("areas", "area"), ("bodies", "body"), ("functions", "function"),
                            ("teams", "team"), ("forces", "function")):
        size = NODE_SIZE[kind]
        for element in getattr(bp, list_name):
            sizes[element.id] = size
    return sizes


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
