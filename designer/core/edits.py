"""Edits to a blueprint: pure functions that return a new blueprint or raise :class:`EditError`.

The app's undo stack keeps plain blueprint values, so every edit builds a new
(frozen) blueprint. Re-validating a 10,000-element blueprint with pydantic on
each keystroke would be far too slow, so an edit validates only the element it
changes (its own fields through its model, its references against the
document's ids) and splices it into a copy of the list it lives in.

    bp = update_element(bp, "dogs", delivery="joint", lead_force="wilts")
    bp = set_arrangement(bp, "dogs", "asp", "local")
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Collection, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from designer.core import challenges, references
from designer.core.catalogue import load_catalogue
from designer.core.delivery import (
    LOCAL,
    MODELS,
    force_fields,
    listed,
    partner_of,
    pooled,
    pooled_names,
    write_delivery,
)
from designer.core.memory import Memory
from designer.core.node_text import role_name
from designer.core.schema import (
    ALLIANCE,
    CHALLENGES_MAX,
    ELEMENT_LISTS,
    KIND_OF_LIST,
    LINK_ENDS,
    NAME_MAX,
    REPLIES_MAX,
    Alliance,
    Area,
    Blueprint,
    Body,
    Challenge,
    Element,
    Force,
    Function,
    Link,
    Position,
    Reply,
    Team,
    Waiver,
    Walkthrough,
    error_message,
    role_ids,
    walkthrough_problems,
)

MODEL_OF_LIST: dict[str, type[Element]] = {
    "forces": Force,
    "areas": Area,
    "bodies": Body,
    "functions": Function,
    "teams": Team,
}


class EditError(ValueError):
    """An edit that would make the blueprint invalid; the message says why in plain words."""


# ---------------------------------------------------------------- look-ups


class _Index:
    """Id → (list name, position) and id → kind for one blueprint value."""

    __slots__ = ("blueprint", "kinds", "where")

    def __init__(self, bp: Blueprint):
        self.blueprint = weakref.ref(bp)  # a closed document's blueprint may go
        self.where: dict[str, tuple[str, int]] = {}
        self.kinds: dict[str, str] = {}
        for list_name in ELEMENT_LISTS:
            where, kinds = _list_part(list_name, getattr(bp, list_name))
            self.where.update(where)
            self.kinds.update(kinds)
        for role in role_ids(bp.forces):
            self.kinds[role] = "role"


_Part = tuple[tuple, tuple[str, ...], dict[str, tuple[str, int]], dict[str, str]]
"""One list's share of an index: (the elements, their ids, id → where, id → kind)."""


class _Memory(Memory):
    """The indexes of the last few blueprints and the list parts they share (see
    :mod:`.memory`): an edit's new blueprint reuses the parts of lists it left alone."""

    def forget(self) -> None:
        self.recent: tuple[_Index, ...] = ()
        self.parts: Mapping[str, _Part] = MappingProxyType({})  # both replaced whole


_memory = _Memory()


def _list_part(list_name: str, elements: tuple) -> tuple[dict[str, tuple[str, int]],
                                                          dict[str, str]]:
    """One element list's share of an index, reused while its ids sit where they did.

    An edit usually replaces one element, so the other lists are the very same tuples
    and the changed one has the same ids in the same places: rebuilding every entry
    for 5,000 elements on each edit was a fifth of the edit's time. The parts returned
    are shared, so they are only ever copied from, never changed.
    """
    hit = _memory.parts.get(list_name)
    if hit is not None and hit[0] is elements:
        return hit[2], hit[3]
    ids = tuple(element.id for element in elements)
    if hit is not None and hit[1] == ids:
        part = (elements, ids, hit[2], hit[3])
    else:
        kind = KIND_OF_LIST[list_name]
        part = (elements, ids, {element_id: (list_name, i) for i, element_id in enumerate(ids)},
                dict.fromkeys(ids, kind))
    with _memory.lock:
        _memory.parts = MappingProxyType({**_memory.parts, list_name: part})
    return part[2], part[3]


def _index(bp: Blueprint) -> _Index:
    """The index of ``bp``, cached for the few most recent blueprints (edits come in runs)."""
    for idx in _memory.recent:
        if idx.blueprint() is bp:
            return idx
    idx = _Index(bp)
    with _memory.lock:
        _memory.recent = (idx, *(i for i in _memory.recent if i.blueprint() is not None))[:4]
    return idx


def find(bp: Blueprint, element_id: str) -> tuple[str, int, Element]:
    """(list name, position, element) of an element, or :class:`EditError` if there is none."""
    try:
        list_name, i = _index(bp).where[element_id]
    except KeyError:
        raise EditError(f"there is no element {element_id!r}") from None
    return list_name, i, getattr(bp, list_name)[i]


def kind_of(bp: Blueprint, element_id: str) -> str | None:
    """'force', 'area', 'body', 'function', 'team', 'role' or ``None`` if unknown."""
    return _index(bp).kinds.get(element_id)


def element_ids(bp: Blueprint) -> frozenset[str]:
    return frozenset(_index(bp).where)


# ---------------------------------------------------------------- validation


def _plain(exc: ValidationError, what: str) -> EditError:
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"])
        msg = error_message(err)
        parts.append(f"{loc}: {msg}" if loc else msg)
    return EditError(f"{what}: " + "; ".join(parts))


def _validated(model: type[BaseModel], data: Mapping[str, Any], what: str) -> Any:
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise _plain(exc, what) from None


def _fields_of(model: BaseModel) -> dict[str, Any]:
    """A model's field values as they are (nested models kept, not dumped)."""
    return {name: getattr(model, name) for name in type(model).model_fields}


def reference_errors(bp: Blueprint, element: BaseModel) -> list[str]:
    """Plain-words problems with the references one element (or the alliance) makes into
    ``bp``; which fields are references, and to what, is declared on the schema."""
    kinds = _index(bp).kinds
    errors: list[str] = []
    if getattr(element, "id", None) == ALLIANCE:
        errors.append(f"id: {ALLIANCE!r} is reserved")
    if isinstance(element, Function) and element.category not in load_catalogue():
        errors.append(f"category: {element.category!r} is not in the catalogue")
    if isinstance(element, Walkthrough):
        errors += [f"{p.path.removeprefix('walkthroughs[0].')}: {p.message}"
                   for p in walkthrough_problems((element,))]
    for path, ref, kind, wanted in references.unresolved(element, kinds):
        if kind is None:
            errors.append(f"{path[0]}: {ref!r} does not exist")
        else:
            errors.append(f"{path[0]}: {ref!r} is {_a(kind)}, "
                          f"not {_a(' or '.join(sorted(wanted)))}")
    if isinstance(element, Function) and pooled(element.delivery) \
            and len(element.partners) == 1:
        errors.append(f"partners: a {pooled_names()} function needs at least two partners")
    return errors


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _check_references(bp: Blueprint, element: Element | Alliance) -> None:
    errors = reference_errors(bp, element)
    if errors:
        raise EditError(f"{element.name or getattr(element, 'id', '')}: " + "; ".join(errors))


def _replace(bp: Blueprint, list_name: str, index: int, element: Element | None) -> Blueprint:
    items = getattr(bp, list_name)
    new = (*items[:index], element, *items[index + 1:]) if element else (
        *items[:index], *items[index + 1:])
    return bp.model_copy(update={list_name: new})


# ---------------------------------------------------------------- element edits


def changed_element(bp: Blueprint, element_id: str, **fields: Any) -> Element | None:
    """One element with some fields changed (not its id), validated and its references
    checked against ``bp``, but not put in it (see :func:`replace_elements`); ``None``
    when the fields change nothing. Lets a bulk edit say which element a refusal is
    about before changing any."""
    list_name, _, element = find(bp, element_id)
    if "id" in fields and fields["id"] != element_id:
        raise EditError("an element's id cannot be changed; ids are how others refer to it")
    unknown = set(fields) - set(type(element).model_fields)
    if unknown:
        raise EditError(f"a {KIND_OF_LIST[list_name]} has no field {', '.join(sorted(unknown))}")
    new = _validated(type(element), {**_fields_of(element), **fields},
                     element.name or element_id)
    if new == element:
        return None
    _check_references(bp, new)
    return new


def replace_elements(bp: Blueprint, elements: Iterable[Element]) -> Blueprint:
    """``bp`` with each element put in place of the one with its id (each list copied
    once, however many change); the elements are taken as validated."""
    by_list: dict[str, dict[int, Element]] = {}
    for element in elements:
        list_name, index, _ = find(bp, element.id)
        by_list.setdefault(list_name, {})[index] = element
    return _spliced(bp, by_list)


def _spliced(bp: Blueprint, by_list: Mapping[str, Mapping[int, Element]]) -> Blueprint:
    if not by_list:
        return bp
    update = {}
    for list_name, changed in by_list.items():
        items = list(getattr(bp, list_name))
        for index, element in changed.items():
            items[index] = element
        update[list_name] = tuple(items)
    return bp.model_copy(update=update)


def update_element(bp: Blueprint, element_id: str, **fields: Any) -> Blueprint:
    """Change some fields of one element (not its id)."""
    new = changed_element(bp, element_id, **fields)
    if new is None:
        return bp
    list_name, index, _ = find(bp, element_id)
    return _replace(bp, list_name, index, new)


def update_many(bp: Blueprint, changes: Mapping[str, Mapping[str, Any]]) -> Blueprint:
    """Each element its own field changes (element id → fields), all or nothing, in one
    new blueprint: a bulk edit or an import, without a copy of a list per element."""
    new = (changed_element(bp, element_id, **fields) for element_id, fields in changes.items())
    return replace_elements(bp, [e for e in new if e is not None])


def update_elements(bp: Blueprint, ids: Iterable[str], **fields: Any) -> Blueprint:
    """The same field change on several elements (a multi-selection edit), all or nothing."""
    for element_id in ids:
        bp = update_element(bp, element_id, **fields)
    return bp


def add_element(bp: Blueprint, list_name: str, element: Element | Mapping[str, Any]) -> Blueprint:
    """Append an element to one of :data:`ELEMENT_LISTS`; its id must be new."""
    return add_elements(bp, list_name, [element])


def add_elements(bp: Blueprint, list_name: str,
                 elements: Iterable[Element | Mapping[str, Any]]) -> Blueprint:
    """Append several elements to one list at once, all or nothing: ids new and distinct,
    references to what ``bp`` already holds."""
    if list_name not in ELEMENT_LISTS:
        raise EditError(f"{list_name!r} is not an element list ({', '.join(ELEMENT_LISTS)})")
    model = MODEL_OF_LIST[list_name]
    new: list[Element] = []
    ids: set[str] = set()
    for element in elements:
        if isinstance(element, Mapping):
            element = _validated(model, element, f"new {KIND_OF_LIST[list_name]}")
        elif not isinstance(element, model):
            raise EditError(f"a {type(element).__name__} does not belong in {list_name}")
        if kind_of(bp, element.id) is not None or element.id in ids:
            raise EditError(f"the id {element.id!r} is already used")
        ids.add(element.id)
        new.append(element)
    if list_name == "forces" and len(bp.forces) + len(new) > 50:
        raise EditError("an alliance has at most 50 forces")
    for element in new:
        _check_references(bp, element)
    if not new:
        return bp
    return bp.model_copy(update={list_name: (*getattr(bp, list_name), *new)})


def new_id(bp: Blueprint, base: str, taken: Collection[str] = ()) -> str:
    """A fresh id made from ``base`` (lower-cased, tidied, numbered if taken in ``bp`` or
    in ``taken``: ids a bulk edit has handed out already)."""
    cleaned = "".join(c if c.isalnum() or c in "-_" else "-" for c in base.lower()).strip("-_")
    cleaned = "-".join(p for p in cleaned.split("-") if p)[:56] or "element"
    if not cleaned[0].isalnum():
        cleaned = "e" + cleaned
    kinds = _index(bp).kinds

    def used(candidate: str) -> bool:
        return candidate in kinds or candidate in taken or candidate == ALLIANCE

    if not used(cleaned):
        return cleaned
    n = 2
    while used(f"{cleaned}-{n}"):
        n += 1
    return f"{cleaned}-{n}"


def remove_elements(bp: Blueprint, ids: Iterable[str]) -> Blueprint:
    """Remove elements, and everything that cannot exist without them.

    What goes with an element, and what is cleared, is declared on the schema's
    reference fields: removing a force removes its areas and teams, removing a function
    its teams, and links and waivers go with either end; optional references (host/lead
    force, partners, governing body, base area, …) are cleared. A shared or joint
    function left with fewer than two partners becomes local. An option's changes to a
    removed element go too, and it no longer removes it.
    """
    gone = {i for i in ids if kind_of(bp, i) is not None and kind_of(bp, i) != "role"}
    if not gone:
        return bp
    forces_gone = {f.id for f in bp.forces if f.id in gone}
    if len(forces_gone) == len(bp.forces):
        raise EditError("an alliance needs at least one force; the last force cannot be removed")
    refs_gone = gone | {r for f in bp.forces if f.id in forces_gone
                        for r in (f.pcc_role, f.chief_role)}
    while True:  # what goes with what went (a team with its function), until nothing more
        more = {el.id for _list, _i, el in bp.elements()
                if el.id not in gone and references.cascades(el, refs_gone)}
        if not more:
            break
        gone |= more
        refs_gone |= more
    remaining_forces = tuple(f.id for f in bp.forces if f.id not in forces_gone)

    def repair(el: Any, changes: dict[str, Any]) -> dict[str, Any]:
        return _arrangement_left(el, changes, remaining_forces) if isinstance(el, Function) \
            else changes

    update: dict[str, Any] = {}
    for list_name in ELEMENT_LISTS:
        items = getattr(bp, list_name)
        kept = []
        changed = False
        for el in items:
            new = None if el.id in gone else references.without(el, refs_gone, repair)
            changed |= new is not el
            if new is not None:
                kept.append(new)
        if changed:
            update[list_name] = tuple(kept)
    links = tuple(ln for ln in bp.links if not references.cascades(ln, refs_gone))
    if len(links) != len(bp.links):
        update["links"] = links
    alliance = references.without(bp.alliance, refs_gone)
    if alliance is not bp.alliance:
        update["alliance"] = alliance
    log = _detached(bp, refs_gone)
    if log is not bp.challenges:
        update["challenges"] = log
    options = tuple(references.without(o, refs_gone) for o in bp.options)
    if any(a is not b for a, b in zip(options, bp.options, strict=True)):
        update["options"] = options  # an option's changes to what went go with it
    walkthroughs = tuple(w for w in (references.without(wt, refs_gone)
                                     for wt in bp.walkthroughs) if w is not None)
    if len(walkthroughs) != len(bp.walkthroughs) or any(
            a is not b for a, b in zip(walkthroughs, bp.walkthroughs, strict=True)):
        update["walkthroughs"] = walkthroughs
    return bp.model_copy(update=update)


def _detached(bp: Blueprint, gone: set[str]) -> tuple[Challenge, ...]:
    """The challenges once ``gone`` are removed: one about a removed element loses the
    reference (declared ``clear``) and keeps the element's name in ``element_name``, so
    the log never silently loses a record. The very same tuple when none is affected."""
    def keep_name(ch: Any, changes: dict[str, Any]) -> dict[str, Any]:
        return changes | {"element_name": _name_of(bp, ch.element)[:NAME_MAX]}

    kept = tuple(references.without(ch, gone, keep_name) for ch in bp.challenges)
    if all(a is b for a, b in zip(kept, bp.challenges, strict=True)):
        return bp.challenges
    return kept


def _name_of(bp: Blueprint, element_id: str) -> str:
    """An element's or a role's name in ``bp`` (the id if it names neither)."""
    if kind_of(bp, element_id) == "role":
        return role_name(bp, element_id)
    try:
        return find(bp, element_id)[2].name
    except EditError:
        return element_id


def _arrangement_left(el: Function, changes: dict[str, Any], forces: tuple[str, ...]) \
        -> dict[str, Any]:
    """A function's arrangement after the clean-up ``changes``: local when fewer than two
    partners are left, else a model that must name a force (a shared function's host)
    takes the first partner left."""
    partners = changes.get("partners", el.partners)
    effective = partners or (forces if not el.partners else ())
    if pooled(el.delivery) and len(effective) < 2:
        return changes | {"delivery": LOCAL, "partners": ()} | dict.fromkeys(force_fields())
    model = MODELS[el.delivery]
    if model.force_required and model.force_field in changes:
        return changes | {model.force_field: effective[0]}
    return changes


def set_positions(bp: Blueprint, positions: Mapping[str, Position | tuple[float, float]]) \
        -> Blueprint:
    """Move elements on the canvas; positions are stored in the file."""
    by_list: dict[str, dict[int, Element]] = {}
    for element_id, pos in positions.items():
        list_name, index, element = find(bp, element_id)
        if not isinstance(pos, Position):
            pos = _validated(Position, {"x": pos[0], "y": pos[1]}, "position")
        if element.position != pos:
            by_list.setdefault(list_name, {})[index] = element.model_copy(
                update={"position": pos})
    return _spliced(bp, by_list)


# ---------------------------------------------------------------- links


def link_refusal(bp: Blueprint, kind: str, source: str, target: str) -> str | None:
    """Why a link of ``kind`` from ``source`` to ``target`` is not allowed, or ``None``."""
    if kind not in LINK_ENDS:
        return f"{kind!r} is not a kind of link ({', '.join(LINK_ENDS)})"
    sources, targets = LINK_ENDS[kind]
    src_kind, tgt_kind = kind_of(bp, source), kind_of(bp, target)
    if src_kind is None:
        return f"{source!r} does not exist"
    if tgt_kind is None:
        return f"{target!r} does not exist"
    if source == target:
        return "a link cannot join an element to itself"
    if src_kind not in sources:
        return (f"a {kind!r} link starts at {_a(' or '.join(sorted(sources)))}, "
                f"not {_a(src_kind)}")
    if tgt_kind not in targets:
        return (f"a {kind!r} link ends at {_a(' or '.join(sorted(targets)))}, "
                f"not {_a(tgt_kind)}")
    if any(ln.kind == kind and ln.source == source and ln.target == target for ln in bp.links):
        return "that link already exists"
    if kind == "delivers":
        _, _, team = find(bp, source)
        if team.function == target:  # type: ignore[attr-defined]
            return "the team already delivers that function (it is the team's own function)"
    if kind == "depends-on" and _reaches(bp, target, source):
        return "that would make a circle of dependencies"
    return None


def _reaches(bp: Blueprint, start: str, goal: str) -> bool:
    """Whether ``goal`` can be reached from ``start`` along depends-on links."""
    edges: dict[str, list[str]] = {}
    for ln in bp.links:
        if ln.kind == "depends-on":
            edges.setdefault(ln.source, []).append(ln.target)
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def add_link(bp: Blueprint, link: Link) -> Blueprint:
    """Add a typed link; refused with a plain reason when the kinds do not fit."""
    reason = link_refusal(bp, link.kind, link.source, link.target)
    if reason:
        raise EditError(reason)
    return bp.model_copy(update={"links": (*bp.links, link)})


def remove_link(bp: Blueprint, link: Link) -> Blueprint:
    """Remove a link (matched by kind, source and target)."""
    key = (link.kind, link.source, link.target)
    links = tuple(ln for ln in bp.links if (ln.kind, ln.source, ln.target) != key)
    if len(links) == len(bp.links):
        raise EditError(f"there is no {link.kind} link from {link.source!r} to {link.target!r}")
    return bp.model_copy(update={"links": links})


# ---------------------------------------------------------------- matrix cells


def set_arrangement(bp: Blueprint, function_id: str, force_id: str, delivery: str,
                    host_or_lead: str | None = None) -> Blueprint:
    """Set how one force receives one function (one matrix cell).

    A function has one delivery model for all its partners, so making a cell
    shared or joint makes the force a partner of that arrangement (and sets
    the model for every partner); making it local takes the force out. A
    shared function needs a host (``host_or_lead``, else the current host,
    else the force itself); a joint one may name a lead. An arrangement left
    with fewer than two partners becomes local.
    """
    _, _, fn = find(bp, function_id)
    if not isinstance(fn, Function):
        raise EditError(f"{function_id!r} is not a function")
    forces = bp.force_ids()
    if force_id not in forces:
        raise EditError(f"{force_id!r} is not a force")
    if host_or_lead is not None and host_or_lead not in forces:
        raise EditError(f"{host_or_lead!r} is not a force")
    if delivery not in MODELS:
        raise EditError(f"{delivery!r} is not a delivery model ({listed(list(MODELS))})")
    current = bp.partners_of(fn)
    m = MODELS[delivery]
    if not m.pooled:
        if not pooled(fn.delivery) or force_id not in current:
            return bp
        partners = tuple(p for p in current if p != force_id)
        if len(partners) < 2:
            fields: dict[str, Any] = write_delivery(fn, delivery)
        else:
            fields = {"partners": partners}
            for field in force_fields():  # the force leaving ran it: hand it on
                if getattr(fn, field) == force_id:
                    needed = any(o.force_field == field and o.force_required
                                 for o in MODELS.values())
                    fields[field] = host_or_lead if host_or_lead in partners else \
                        partners[0] if needed else None
        return update_element(bp, function_id, **fields)

    if not pooled(fn.delivery):
        partners = tuple(p for p in forces if p in {force_id, host_or_lead})
        if len(partners) < 2:
            partners = forces  # the only sensible partner set is everyone
    elif force_id in current and (host_or_lead is None or host_or_lead in current):
        partners = fn.partners
    else:
        partners = tuple(p for p in forces
                         if p in current or p in {force_id, host_or_lead})
    if partners == forces and not fn.partners:
        partners = ()
    if len(partners or forces) < 2:
        raise EditError("sharing a function needs at least two forces in the alliance")
    fields = {"delivery": delivery, "partners": partners, **dict.fromkeys(force_fields())}
    if m.force_field is not None:  # the force named, else the one it had, else this force
        kept = getattr(fn, m.force_field) if fn.delivery == delivery else None
        fields[m.force_field] = host_or_lead or kept or (force_id if m.force_required else None)
    return update_element(bp, function_id, **fields)


# ---------------------------------------------------------------- alliance


def update_alliance(bp: Blueprint, **fields: Any) -> Blueprint:
    """Change alliance-level fields (name, savings target, defaults, waivers, …)."""
    alliance = bp.alliance
    unknown = set(fields) - set(type(alliance).model_fields)
    if unknown:
        raise EditError(f"the alliance has no field {', '.join(sorted(unknown))}")
    new = _validated(type(alliance), {**_fields_of(alliance), **fields}, "alliance")
    if new == alliance:
        return bp
    _check_references(bp, new)
    return bp.model_copy(update={"alliance": new})


def add_waiver(bp: Blueprint, waiver: Waiver) -> Blueprint:
    """Record a decision to accept one rule's finding for one element."""
    existing = [w for w in bp.alliance.waivers
                if not (w.rule == waiver.rule and w.element == waiver.element)]
    return update_alliance(bp, waivers=(*existing, waiver))


def remove_waiver(bp: Blueprint, rule: str, element: str) -> Blueprint:
    waivers = tuple(w for w in bp.alliance.waivers
                    if not (w.rule == rule and w.element == element))
    return update_alliance(bp, waivers=waivers)


# ---------------------------------------------------------------- challenges


def _challenge(bp: Blueprint, challenge_id: str) -> tuple[int, Challenge]:
    found = challenges.find(bp, challenge_id)
    if found is None:
        raise EditError(f"there is no challenge {challenge_id!r}")
    return found


def _check_challenge(bp: Blueprint, challenge: Challenge) -> None:
    errors = reference_errors(bp, challenge)
    if errors:
        raise EditError(f"challenge {challenge.id}: " + "; ".join(errors))


def new_challenge_id(bp: Blueprint) -> str:
    """A challenge id not used yet: ``challenge-N``."""
    taken = {ch.id for ch in bp.challenges}
    n = len(bp.challenges) + 1
    while f"challenge-{n}" in taken:
        n += 1
    return f"challenge-{n}"


def add_challenge(bp: Blueprint, challenge: Challenge | Mapping[str, Any]) -> Blueprint:
    """Add a challenge to the log; its id must be new, its element must exist."""
    if isinstance(challenge, Mapping):
        challenge = _validated(Challenge, challenge, "new challenge")
    if len(bp.challenges) >= CHALLENGES_MAX:
        raise EditError(f"the log holds at most {CHALLENGES_MAX:,} challenges")
    if any(ch.id == challenge.id for ch in bp.challenges):
        raise EditError(f"the challenge id {challenge.id!r} is already used")
    _check_challenge(bp, challenge)
    return bp.model_copy(update={"challenges": (*bp.challenges, challenge)})


def update_challenge(bp: Blueprint, challenge_id: str, **fields: Any) -> Blueprint:
    """Change some fields of one challenge (its status, decision, replies, text …)."""
    index, challenge = _challenge(bp, challenge_id)
    if "id" in fields and fields["id"] != challenge_id:
        raise EditError("a challenge's id cannot be changed")
    unknown = set(fields) - set(Challenge.model_fields)
    if unknown:
        raise EditError(f"a challenge has no field {', '.join(sorted(unknown))}")
    new = _validated(Challenge, {**_fields_of(challenge), **fields}, f"challenge {challenge_id}")
    if new == challenge:
        return bp
    _check_challenge(bp, new)
    items = bp.challenges
    return bp.model_copy(update={"challenges": (*items[:index], new, *items[index + 1:])})


def add_reply(bp: Blueprint, challenge_id: str, reply: Reply | Mapping[str, Any]) -> Blueprint:
    """Add a reply at the end of a challenge's (flat) list of replies."""
    challenge = _challenge(bp, challenge_id)[1]
    if isinstance(reply, Mapping):
        reply = _validated(Reply, reply, "reply")
    if len(challenge.replies) >= REPLIES_MAX:
        raise EditError(f"a challenge holds at most {REPLIES_MAX} replies: record a decision, "
                        "or raise a new challenge")
    return update_challenge(bp, challenge_id, replies=(*challenge.replies, reply))


def remove_challenge(bp: Blueprint, challenge_id: str) -> Blueprint:
    """Delete a challenge from the log (on purpose: removing its element never does)."""
    index = _challenge(bp, challenge_id)[0]
    items = bp.challenges
    return bp.model_copy(update={"challenges": (*items[:index], *items[index + 1:])})


# ---------------------------------------------------------------- walk-throughs


def _walkthrough_at(bp: Blueprint, walkthrough_id: str) -> int:
    for i, wt in enumerate(bp.walkthroughs):
        if wt.id == walkthrough_id:
            return i
    raise EditError(f"there is no walk-through {walkthrough_id!r}")


def _valid_walkthrough(bp: Blueprint, wt: Walkthrough | Mapping[str, Any]) -> Walkthrough:
    if isinstance(wt, Mapping):
        wt = _validated(Walkthrough, wt, "walk-through")
    elif not isinstance(wt, Walkthrough):
        raise EditError(f"a {type(wt).__name__} is not a walk-through")
    else:  # a model built without validation (model_copy) is checked as a whole
        wt = _validated(Walkthrough, _fields_of(wt), wt.title)
    errors = reference_errors(bp, wt)
    if errors:
        raise EditError(f"{wt.title}: " + "; ".join(errors))
    return wt


def add_walkthrough(bp: Blueprint, wt: Walkthrough | Mapping[str, Any],
                    index: int | None = None) -> Blueprint:
    """Add a walk-through (at ``index``, default the end); its id must be new."""
    wt = _valid_walkthrough(bp, wt)
    if any(w.id == wt.id for w in bp.walkthroughs):
        raise EditError(f"the walk-through id {wt.id!r} is already used")
    if len(bp.walkthroughs) >= 1000:
        raise EditError("a blueprint has at most 1,000 walk-throughs")
    items = list(bp.walkthroughs)
    items.insert(len(items) if index is None else index, wt)
    return bp.model_copy(update={"walkthroughs": tuple(items)})


def update_walkthrough(bp: Blueprint, walkthrough_id: str, **fields: Any) -> Blueprint:
    """Change some fields of one walk-through (not its id)."""
    i = _walkthrough_at(bp, walkthrough_id)
    old = bp.walkthroughs[i]
    if "id" in fields and fields["id"] != walkthrough_id:
        raise EditError("a walk-through's id cannot be changed")
    unknown = set(fields) - set(Walkthrough.model_fields)
    if unknown:
        raise EditError(f"a walk-through has no field {', '.join(sorted(unknown))}")
    new = _valid_walkthrough(bp, {**_fields_of(old), **fields})
    if new == old:
        return bp
    return bp.model_copy(update={"walkthroughs": (*bp.walkthroughs[:i], new,
                                                  *bp.walkthroughs[i + 1:])})


def remove_walkthrough(bp: Blueprint, walkthrough_id: str) -> Blueprint:
    i = _walkthrough_at(bp, walkthrough_id)
    return bp.model_copy(update={"walkthroughs": (*bp.walkthroughs[:i],
                                                  *bp.walkthroughs[i + 1:])})


def new_walkthrough_id(bp: Blueprint, title: str) -> str:
    """A fresh walk-through id made from its title ("Firearms in Swindon" →
    "firearms-in-swindon", then "-2", "-3" …)."""
    base = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:50] or "walk-through"
    taken = {w.id for w in bp.walkthroughs}
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# ---------------------------------------------------------------- comparing


def changed_ids(old: Blueprint, new: Blueprint) -> frozenset[str]:
    """Ids of elements added, removed or changed between two blueprints, plus link ends.

    Cheap for edits, which keep unchanged elements as the same objects.
    """
    touched: set[str] = set()
    for list_name in ELEMENT_LISTS:
        a, b = getattr(old, list_name), getattr(new, list_name)
        if a is b:
            continue
        before = {e.id: e for e in a}
        for e in b:
            prev = before.pop(e.id, None)
            if prev is not e and prev != e:
                touched.add(e.id)
        touched.update(before)
    if old.links is not new.links:
        la, lb = set(old.links), set(new.links)
        for ln in la ^ lb:
            touched.update((ln.source, ln.target))
    return frozenset(touched)


# ---------------------------------------------------------------- palette


PALETTE_KINDS = ("function", "team", "area", "body", "force")
"""Element kinds the palette offers besides catalogue functions."""


def blank_function_category(bp: Blueprint, beside: str | None = None) -> str:
    """Where the palette's blank "Function" is filed until the user chooses.

    The POA catalogue has no "other" or "unassigned" entry, and a function must name one
    of its sub-categories, so any default is a guess. The least surprising guess is the
    category of the function it was added beside (selected or dropped on): the user is
    working there. With none, the catalogue's first entry: the new function then sits in
    the matrix's first rows, in view and selected, its name "New function" saying it is
    not yet filed, and the Inspector's Category field one click away.
    """
    if beside is not None:
        fn = find(bp, beside)[2] if kind_of(bp, beside) == "function" else None
        if isinstance(fn, Function):
            return fn.category
    return load_catalogue().functions()[0].id


def named(base: str, suffix: str) -> str:
    """``base + suffix`` as a name within the schema's limit: a long base is cut, with '…'."""
    room = NAME_MAX - len(suffix)
    if len(base) > room:
        base = base[:room - 1].rstrip() + "…"
    return base + suffix


def palette_element(bp: Blueprint, payload: str, *, force: str | None = None,
                    function: str | None = None,
                    position: tuple[float, float] | None = None) -> tuple[str, Element]:
    """The new element a palette entry makes: (list name, element), not yet added.

    ``payload`` is a catalogue id (``'operational-support/dogs'``) or an element
    kind from :data:`PALETTE_KINDS`. ``force`` and ``function`` say where it was
    dropped (the force lane, the function it was dropped on), for the kinds
    that need one. Raises :class:`EditError` when it cannot be made.
    """
    catalogue = load_catalogue()
    pos = Position(x=position[0], y=position[1]) if position else None
    force = force if force in bp.force_ids() else None
    if "/" in payload:
        if payload not in catalogue:
            raise EditError(f"{payload!r} is not in the catalogue")
        entry = catalogue[payload]
        return "functions", Function(id=new_id(bp, entry.id.split("/")[-1]), name=entry.name,
                                     category=entry.id, position=pos)
    if payload == "function":
        return "functions", Function(id=new_id(bp, "new-function"), name="New function",
                                     category=blank_function_category(bp, function),
                                     position=pos)
    if payload == "area":
        owner = force or bp.forces[0].id
        return "areas", Area(id=new_id(bp, "area"), name="New policing area", force=owner,
                             position=pos)
    if payload == "team":
        if function is None or kind_of(bp, function) != "function":
            if not bp.functions:
                raise EditError("a team delivers a function; add a function first")
            function = bp.functions[0].id
        fn = find(bp, function)[2]
        assert isinstance(fn, Function)
        if force:
            owner = force
        elif MODELS[fn.delivery].alliance_unit:
            owner = ALLIANCE
        else:
            owner = partner_of(fn) or bp.forces[0].id
        return "teams", Team(id=new_id(bp, "team"), name=named(fn.name, " team"), function=fn.id,
                             owner=owner, position=pos)
    if payload == "body":
        return "bodies", Body(id=new_id(bp, "committee"), name="New joint committee",
                              kind="joint-committee", position=pos)
    if payload == "force":
        fid = new_id(bp, "new-force")
        codes = {f.short_code for f in bp.forces}
        code = next(f"F{n}" for n in range(1, 100) if f"F{n}" not in codes)
        return "forces", Force(id=fid, name="New force", short_code=code,
                               pcc="Police and Crime Commissioner",
                               chief_constable="Chief Constable",
                               colour="#999999", position=pos)
    raise EditError(f"{payload!r} is neither a catalogue function nor an element kind")
