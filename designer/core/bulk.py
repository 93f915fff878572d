"""Bulk edits: what would take a script, done to many elements in one step.

- :func:`local_teams`: "Create local teams for every area": for each chosen local
  function, one team per policing area, owned by the area's force, based in and
  serving that area, named ``"<function> — <area>"``;
- :func:`joint_except`: "Make joint except…": every function outside the given
  catalogue categories becomes joint (one unit for all the partners), e.g. all but
  local policing, local investigation and public protection.

Both are pure functions over a blueprint like those of :mod:`.edits` (raising
:class:`~designer.core.edits.EditError` with a plain reason), so the app makes each
one undoable step and ``designer new --joint-except`` / ``designer bulk`` run the
same code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from designer.core import edits
from designer.core.catalogue import load_catalogue
from designer.core.delivery import MODELS, listed, write_delivery
from designer.core.edits import EditError
from designer.core.schema import NAME_MAX, Blueprint, Function, Team

SEPARATOR = " — "
JOINT = "joint"
"""The model "Make joint" moves functions to (a key of the delivery registry)."""
DEFAULT_EXCEPTIONS = ("local-policing", "investigations/local-investigation",
                      "public-protection")
"""What stays out of "Make joint except…" unless the user says otherwise: the work
alliances keep local (Beds/Cambs/Herts: never joined — response, neighbourhood
policing, volume crime, protecting vulnerable people)."""


# ------------------------------------------------------------------ local teams


def team_name(function: str, area: str) -> str:
    """``"<function> — <area>"`` within the schema's name limit: when too long, the
    longer part is cut (with '…') so both stay readable."""
    room = NAME_MAX - len(SEPARATOR)
    if len(function) + len(area) <= room:
        return f"{function}{SEPARATOR}{area}"
    first = min(len(function), max(room // 2, room - len(area)))
    return f"{_cut(function, first)}{SEPARATOR}{_cut(area, room - first)}"


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def local_functions(bp: Blueprint, ids: Iterable[str]) -> list[Function]:
    """The functions among ``ids`` that each force delivers itself (other ids ignored)."""
    wanted = set(ids)
    return [f for f in bp.functions if f.id in wanted and not MODELS[f.delivery].pooled]


def function_ids(bp: Blueprint, names: Iterable[str] | None) -> list[str]:
    """Functions named by id or name (any case), for the command line; ``None``: every
    local function. Raises :class:`EditError` for a name that is no function or more
    than one."""
    if names is None:
        return [f.id for f in bp.functions if not MODELS[f.delivery].pooled]
    by_id = {f.id: f.id for f in bp.functions}
    by_name: dict[str, list[str]] = {}
    for f in bp.functions:
        by_name.setdefault(f.name.casefold(), []).append(f.id)
    out = []
    for name in names:
        found = [by_id[name.casefold()]] if name.casefold() in by_id else \
            by_name.get(name.casefold(), [])
        if not found:
            raise EditError(f"no function is called {name!r}")
        if len(found) > 1:
            raise EditError(f"{len(found)} functions are called {name!r} "
                            f"({', '.join(found)}); give the id")
        out.append(found[0])
    return out


def _served(team: Team) -> set[str]:
    """The areas a team is the local team of: its base, or the one area it serves."""
    areas = {team.base_area} if team.base_area else set()
    if len(team.serves) == 1:
        areas.add(team.serves[0])
    return areas


def local_teams(bp: Blueprint, function_ids: Iterable[str]) -> Blueprint:
    """One team per policing area for each of the (local) functions named.

    A team is owned by the area's force, based in the area and serves it; an area
    that already has such a team for the function is left alone, so running it
    again adds only what is missing. Raises :class:`EditError` for an id that is not
    a function, a shared or joint function, or a blueprint without areas.
    """
    ids = list(dict.fromkeys(function_ids))
    functions = []
    for fid in ids:
        if edits.kind_of(bp, fid) != "function":
            raise EditError(f"{fid!r} is not a function")
        fn = edits.find(bp, fid)[2]
        assert isinstance(fn, Function)
        if MODELS[fn.delivery].pooled:
            raise EditError(f"{fn.name} is {MODELS[fn.delivery].label.lower()}: local teams are "
                            "for functions each force delivers itself")
        functions.append(fn)
    if not functions:
        raise EditError("choose the local functions to create teams for")
    if not bp.areas:
        raise EditError("the blueprint has no policing areas; add the areas first")
    have = {(t.function, area) for t in bp.teams for area in _served(t)}
    taken: set[str] = set()
    new: list[Team] = []
    for fn in functions:
        for area in bp.areas:
            if (fn.id, area.id) in have:
                continue
            tid = edits.new_id(bp, f"{fn.id}-{area.id}", taken)
            taken.add(tid)
            new.append(Team(id=tid, name=team_name(fn.name, area.name), function=fn.id,
                            owner=area.force, base_area=area.id, serves=(area.id,)))
    return edits.add_elements(bp, "teams", new)


# ------------------------------------------------------------------ joint except


def _words(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def category_ids(names: Iterable[str]) -> list[str]:
    """Catalogue categories named by id, name or the last part of the id, in any case:
    ``"local policing"`` → ``local-policing``, ``"local investigation"`` →
    ``investigations/local-investigation``. Raises :class:`EditError` naming what is
    unknown or could be more than one."""
    catalogue = load_catalogue()
    out: list[str] = []
    for name in names:
        wanted = _words(name)
        found = [e.id for e in catalogue.entries.values()
                 if wanted in (_words(e.id), _words(e.name), _words(e.id.rpartition("/")[2]))]
        if not found:
            tops = listed([e.name for e in catalogue.categories()], "and")
            raise EditError(f"{name!r} is not a category of the {catalogue.name} catalogue "
                            f"(its categories are {tops}; a function's own name or id works "
                            "too)")
        if len(found) > 1:
            raise EditError(f"{name!r} could be {listed(found)}; give the catalogue id")
        if found[0] not in out:
            out.append(found[0])
    return out


def excepted(category: str, exceptions: Iterable[str]) -> bool:
    """Whether a function of ``category`` is in one of ``exceptions`` (ids of top-level
    categories or of catalogue functions)."""
    top = category.partition("/")[0]
    return any(e in (category, top) for e in exceptions)


def joint_except(bp: Blueprint, categories: Iterable[str]) -> Blueprint:
    """Every function outside ``categories`` (names or ids, see :func:`category_ids`)
    made joint: one unit for all the forces (a shared function's host becomes its
    lead; partners it already had are kept). Functions in those categories, and those
    already joint, are left as they are."""
    exceptions = category_ids(categories)
    if len(bp.forces) < 2:
        raise EditError("a joint function needs at least two forces in the alliance")
    changes = {fn.id: write_delivery(fn, JOINT) for fn in becoming_joint(bp, exceptions)}
    return edits.update_many(bp, changes)


def becoming_joint(bp: Blueprint, exceptions: Iterable[str]) -> list[Function]:
    """The functions :func:`joint_except` makes joint: not joint yet, and outside
    ``exceptions`` (catalogue ids, as :func:`category_ids` gives them)."""
    kept = list(exceptions)
    return [fn for fn in bp.functions
            if fn.delivery != JOINT and not excepted(fn.category, kept)]
