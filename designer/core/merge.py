"""Three-way merge of blueprints, for git and people: changes to different things merge,
disagreements are written into the file as conflicts, never as a broken file.

    >>> result = merge(base, ours, theirs)          # doctest: +SKIP
    >>> result.blueprint, result.conflicts          # doctest: +SKIP

Built on the one diff engine (:mod:`designer.core.diff`): each side's changes from
the base are leaf changes keyed by element id and field (a link by kind, source
and target). Their changes are applied to ours unless ours changed the same
thing, or something containing it, or inside it:

- the same field changed two ways, an element deleted on one side and edited on
  the other, the same new id added differently: a conflict at that path;
- the same change on both sides: made once.

The result is then validated as a whole (references, the delivery fields of a
function …). What the two sides did that cannot stand together — a link to an
element the other side deleted, a function whose merged fields disagree —
becomes a conflict too: the item takes our version (an element ours still
needs is kept), so the file is always schema-valid. Every conflict is a
:class:`~designer.core.schema.Conflict` (path, base, ours, theirs) in the
blueprint's ``conflicts`` and the blueprint keeps ours for it; nothing either
side did is dropped without one. :func:`resolve` chooses a side for one.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from designer.core import diff as D
from designer.core import references
from designer.core.diff import MISSING, Change, Path
from designer.core.schema import (
    ELEMENT_LISTS,
    Blueprint,
    BlueprintInvalid,
    Conflict,
    Problem,
    error_message,
)

Side = Literal["base", "ours", "theirs"]


@dataclasses.dataclass(frozen=True)
class MergeResult:
    """The merged blueprint (conflicts included in it) and the conflicts this merge
    found."""

    blueprint: Blueprint
    conflicts: tuple[Conflict, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts


def empty_base() -> Blueprint:
    """The base of two files added on both sides (git passes an empty file): nothing,
    so everything either side has is its addition. Not a valid blueprint; only a base."""
    fields = {name: () for name, info in Blueprint.model_fields.items()
              if not info.is_required() and info.default == ()}
    return Blueprint.model_construct(alliance=None, forces=(), **fields)


# ------------------------------------------------------------------ merging


def merge(base: Blueprint, ours: Blueprint, theirs: Blueprint) -> MergeResult:
    """Ours with their changes made, and a conflict for each that cannot be."""
    m = _Merge(base, ours, theirs)
    m.plan()
    fields = m.apply()
    bp = m.settle(fields)
    return MergeResult(bp, tuple(m.conflicts.values()))


class _Merge:
    def __init__(self, base: Blueprint, ours: Blueprint, theirs: Blueprint):
        self.base, self.ours, self.theirs = base, ours, theirs
        self.conflicts: dict[Path, Conflict] = {}
        self.todo: list[Change] = []

    # -------------------------------------------- which changes, which conflicts

    def plan(self) -> None:
        mine = {c.path: c for c in D.compare(self.base, self.ours)}
        inside = {c.path[:i] for c in mine.values() for i in range(1, len(c.path))}
        for c in D.compare(self.base, self.theirs):
            p = c.path
            if p in mine:
                if not _same(mine[p].after, c.after):
                    self.conflict(p)
            elif p in inside:  # ours changed something inside what theirs changed
                self.conflict(p)
            else:
                outer = next((p[:i] for i in range(1, len(p)) if p[:i] in mine), None)
                if outer is not None:  # theirs changed inside what ours changed
                    self.conflict(outer)
                else:
                    self.todo.append(c)
        self.todo = [c for c in self.todo if not self._covered(c.path)]

    def _covered(self, path: Path) -> bool:
        return any(path[:i] in self.conflicts for i in range(1, len(path) + 1))

    def conflict(self, path: Path) -> None:
        """Record a conflict at ``path``; one at an item replaces those inside it."""
        if self._covered(path):
            return
        for p in [p for p in self.conflicts if p[:len(path)] == path]:
            del self.conflicts[p]
        self.conflicts[path] = Conflict(
            path=D.path_text(path), base=D.jsonable(D.value_at(self.base, path)),
            ours=D.jsonable(D.value_at(self.ours, path)),
            theirs=D.jsonable(D.value_at(self.theirs, path)))

    # -------------------------------------------- making their changes

    def apply(self) -> dict[str, Any]:
        """The top-level fields of ours with their planned changes made, item by item;
        an item whose changes do not validate together keeps ours (a conflict)."""
        fields = {name: getattr(self.ours, name) for name in Blueprint.model_fields}
        by_root: dict[Path, list[Change]] = {}
        for c in self.todo:
            by_root.setdefault(_root(c.path), []).append(c)
        lists: dict[str, dict[D.Key, Any]] = {}
        for root, changes in by_root.items():
            name = str(root[0])
            if len(root) == 2:  # an item of a top-level list
                if name not in lists:
                    lists[name] = {D.item_key(x): x for x in fields[name]}
                items = lists[name]
                key = root[1]
                whole = next((c for c in changes if c.path == root), None)
                if whole is not None:
                    if whole.removed:
                        items.pop(key, None)  # type: ignore[arg-type]
                    else:
                        items[key] = whole.after  # type: ignore[index]
                    continue
                updated = self._changed(items.get(key), changes, root)  # type: ignore[arg-type]
                if updated is not None:
                    items[key] = updated  # type: ignore[index]
            elif root == changes[0].path:  # a whole top-level value
                fields[name] = changes[0].after
            else:
                updated = self._changed(fields[name], changes, root)
                if updated is not None:
                    fields[name] = updated
        for name, items in lists.items():
            fields[name] = tuple(items.values())
        return fields

    def _changed(self, item: Any, changes: list[Change], root: Path) -> Any:
        """``item`` with the changes inside it made and validated, or None (and a
        conflict) when they cannot be."""
        cls = D.class_at(root)
        if item is None or cls is None:
            self.conflict(root)
            return None
        try:
            return set_values(item, [(c.path[len(root):], c.after) for c in changes])
        except (ValidationError, _CannotSet):
            self.conflict(root)
            return None

    # -------------------------------------------- a valid whole

    def settle(self, fields: dict[str, Any]) -> Blueprint:
        """The merged blueprint, valid: items that break it go back to ours (conflicts)."""
        merged = fields["conflicts"]  # the two sides' own unresolved ones, merged
        for _attempt in range(len(self.todo) + len(self.conflicts) + 10):
            fields["conflicts"] = self._all_conflicts(merged)
            try:
                return Blueprint.model_validate(fields)
            except BlueprintInvalid as exc:
                if not self._repair(fields, exc.problems):
                    break
            except ValidationError:
                break
        return self._ours_with_conflicts()

    def _all_conflicts(self, merged: tuple[Conflict, ...]) -> tuple[Conflict, ...]:
        mine = {c.path: c for c in self.conflicts.values()}
        return (*(c for c in merged if c.path not in mine), *mine.values())

    def _repair(self, fields: dict[str, Any], problems: list[Problem]) -> bool:
        """Put back ours for the items the problems lie in, or restore from ours what
        they name and the merge removed. Whether anything changed."""
        progress = False
        for problem in problems:
            found = _item_at(fields, problem.path)
            if found is None:
                continue
            name, index = found
            item = fields[name][index]
            key = D.item_key(item)
            mine = D.value_at(self.ours, (name, key))
            if mine is MISSING or mine != item:
                self._revert(fields, name, key, item_names=_named(item))
                progress = True
            else:
                progress |= self._restore_named(fields, item)
        return progress

    def _revert(self, fields: dict[str, Any], name: str, key: D.Key,
                item_names: frozenset[str] | set[str] = frozenset()) -> None:
        """The item back to ours (gone if ours has none), with a conflict; what it named
        that ours deleted is a conflict too (their side still wants it)."""
        mine = D.value_at(self.ours, (name, key))
        items = [x for x in fields[name] if D.item_key(x) != key]
        if mine is not MISSING:
            at = next((i for i, x in enumerate(fields[name]) if D.item_key(x) == key),
                      len(items))
            items.insert(at, mine)
        fields[name] = tuple(items)
        self.conflict((name, key))
        present = _ids(fields)
        for ref in item_names - present:
            where = self._element_path(self.base, ref) or self._element_path(self.theirs, ref)
            if where is not None and self._element_path(self.ours, ref) is None:
                self.conflict(where)

    def _restore_named(self, fields: dict[str, Any], item: Any) -> bool:
        """Bring back from ours the elements ``item`` names that the merge removed
        (their side deleted them): a conflict for each."""
        present = _ids(fields)
        progress = False
        for ref in _named(item) - present:
            target = ref.partition(".")[0] if "." in ref else ref  # a role: its force
            where = self._element_path(self.ours, target)
            if where is None or target in present:
                continue
            name = str(where[0])
            fields[name] = (*fields[name], D.value_at(self.ours, where))
            present.add(target)
            self.conflict(where)
            progress = True
        if not progress:  # a repeated id: the other items with it go back to ours
            own = getattr(item, "id", None)
            for name in ELEMENT_LISTS:
                for other in fields[name]:
                    if other.id == own and other is not item:
                        self._revert(fields, name, D.item_key(other))
                        return True
        return progress

    @staticmethod
    def _element_path(bp: Blueprint, element_id: str) -> Path | None:
        for name in ELEMENT_LISTS:
            for el in getattr(bp, name):
                if el.id == element_id:
                    return (name, (element_id,))
        return None

    def _ours_with_conflicts(self) -> Blueprint:
        """The last resort, always valid: ours, and a conflict for everything theirs
        changed that ours does not hold."""
        for c in D.compare(self.base, self.theirs):
            if not _same(D.value_at(self.ours, c.path), c.after):
                self.conflict(_root(c.path))
        return self.ours.model_copy(
            update={"conflicts": self._all_conflicts(self.ours.conflicts)})


def _same(a: Any, b: Any) -> bool:
    return a is b or (a is not MISSING and b is not MISSING and a == b)


def _root(path: Path) -> Path:
    """The top-level item a path lies in: a list item, or a top-level field."""
    return path[:2] if len(path) >= 2 and isinstance(path[1], tuple) else path[:1]


_ITEM = re.compile(r"^([A-Za-z_]+)\[(\d+)\]")


def _item_at(fields: dict[str, Any], path: str) -> tuple[str, int] | None:
    """The top-level list item a problem's JSON path (``functions[3].host_force``) is in."""
    m = _ITEM.match(path)
    if m is None or m.group(1) not in fields:
        return None
    index = int(m.group(2))
    return (m.group(1), index) if index < len(fields[m.group(1)]) else None


def _named(item: Any) -> set[str]:
    """The ids an item names in its reference fields."""
    return {r.target for r in references.refs(item)} if isinstance(item, BaseModel) else set()


def _ids(fields: dict[str, Any]) -> set[str]:
    ids = {el.id for name in ELEMENT_LISTS for el in fields[name]}
    ids |= {f"{f.id}.{role}" for f in fields["forces"] for role in ("pcc", "chief_constable")}
    return ids


# ------------------------------------------------------------------ setting values


class _CannotSet(Exception):
    """A path that does not lead anywhere in the value (a field that is empty)."""


def set_values(model: BaseModel, changes: list[tuple[Path, Any]]) -> BaseModel:
    """``model`` with the value at each path (relative to it) replaced, validated as the
    file would be (``MISSING``: the item or key goes). Raises ``ValidationError``."""
    data = model.model_dump(mode="json")
    for path, value in changes:
        data = _set(data, ("model", type(model)), path, value)
    return type(model).model_validate_json(json.dumps(data), strict=True)


def _set(data: Any, shape: D.Shape, path: Path, value: Any) -> Any:
    kind, sub = shape
    seg, rest = path[0], path[1:]
    if kind == "model" and isinstance(seg, str) and isinstance(data, dict):
        if not rest:
            data[seg] = D.jsonable(value)
        elif data.get(seg) is None:
            raise _CannotSet(seg)
        else:
            data[seg] = _set(data[seg], D.field_shape(sub, seg), rest, value)
        return data
    if kind == "dict" and isinstance(seg, str) and isinstance(data, dict):
        inner: D.Shape = ("model", sub) if sub is not None else ("value", None)
        if not rest:
            if value is MISSING:
                data.pop(seg, None)
            else:
                data[seg] = D.jsonable(value)
        elif seg not in data:
            raise _CannotSet(seg)
        else:
            data[seg] = _set(data[seg], inner, rest, value)
        return data
    if kind == "models" and isinstance(seg, tuple) and isinstance(data, list):
        index = next((i for i, x in enumerate(data) if _json_key(sub, x) == seg), None)
        if not rest:
            if value is MISSING:
                return [x for i, x in enumerate(data) if i != index]
            if index is None:
                return [*data, D.jsonable(value)]
            data[index] = D.jsonable(value)
            return data
        if index is None:
            raise _CannotSet(seg)
        data[index] = _set(data[index], ("model", sub), rest, value)
        return data
    raise _CannotSet(str(seg))


def _json_key(cls: type[BaseModel], data: dict[str, Any]) -> D.Key:
    """:func:`diff.item_key` of an item given as JSON data."""
    fields = D.key_fields(cls)
    if fields is None:
        return D.item_key(cls.model_validate_json(json.dumps(data), strict=True))
    return tuple(str(data.get(f)) for f in fields)


# ------------------------------------------------------------------ resolving


class ResolveError(ValueError):
    """A side cannot be chosen for a conflict: the blueprint would not be valid."""


def find(bp: Blueprint, path: str) -> Conflict | None:
    return next((c for c in bp.conflicts if c.path == path), None)


def resolve(bp: Blueprint, path: str, side: Side) -> Blueprint:
    """The blueprint with the conflict at ``path`` settled as ``side`` had it, and its
    entry gone. "ours" is what the blueprint holds already; "theirs" or "base" writes
    that value (an element they do not have is deleted, with the clean-up a delete
    does). Raises :class:`ResolveError` when the result would not be valid (it names
    an element that is not there): choose another side, or resolve that first."""
    conflict = find(bp, path)
    if conflict is None:
        raise ResolveError(f"there is no conflict at {path}")
    rest = tuple(c for c in bp.conflicts if c is not conflict)
    if side == "ours":
        return bp.model_copy(update={"conflicts": rest})
    value = conflict.theirs if side == "theirs" else conflict.base
    try:
        where = D.parse_path(path)
    except D.PathError as exc:
        raise ResolveError(str(exc)) from None
    if not where:
        raise ResolveError(f"{path!r} names no part of the blueprint")
    try:
        return _write(bp.model_copy(update={"conflicts": rest}), where, value)
    except ResolveError as exc:
        raise ResolveError(f"cannot take {side} for {path}: {exc}") from None


def _write(bp: Blueprint, where: Path, value: Any) -> Blueprint:
    from designer.core import edits

    root = _root(where)
    name = str(root[0])
    if where == root and len(root) == 2 and value is None and name in ELEMENT_LISTS:
        if D.value_at(bp, root) is MISSING:
            return bp
        return edits.remove_elements(bp, [root[1][0]])  # type: ignore[index]
    fields = {n: getattr(bp, n) for n in Blueprint.model_fields}
    try:
        if len(root) == 2:
            cls = D.class_at(root)
            items = {D.item_key(x): x for x in fields[name]}
            key = root[1]
            if where == root:
                if value is None:
                    items.pop(key, None)  # type: ignore[arg-type]
                else:
                    items[key] = cls.model_validate_json(  # type: ignore[union-attr,index]
                        json.dumps(value), strict=True)
            elif key in items:
                items[key] = set_values(items[key], [(where[2:], _value(value, where))])  # type: ignore[index]
            else:
                raise ResolveError(f"{D.path_text(root)} is not in the blueprint: choose a "
                                   "side for the conflict about it first")
            fields[name] = tuple(items.values())
        elif where == root:
            fields[name] = _validated_field(name, value)
        else:
            fields[name] = set_values(fields[name], [(where[1:], _value(value, where))])
        return Blueprint.model_validate(fields)
    except ValidationError as exc:
        raise ResolveError("; ".join(error_message(e) for e in exc.errors())) from None
    except _CannotSet:
        raise ResolveError(f"{D.path_text(where)} is not in the blueprint") from None
    except BlueprintInvalid as exc:
        raise ResolveError("; ".join(p.message for p in exc.problems[:3])) from None


def _value(value: Any, where: Path) -> Any:
    """A JSON value for a path: ``None`` at a dict key or list item means "not there"."""
    if value is None and (isinstance(where[-1], tuple) or not _is_field(where)):
        return MISSING
    return value


def _is_field(where: Path) -> bool:
    """Whether the last segment names a model's field (not a dict key)."""
    cls = D.class_at(where[:-1])
    return cls is not None and where[-1] in cls.model_fields


def _validated_field(name: str, value: Any) -> Any:
    """A JSON value for one top-level field, validated as the file's would be."""
    return TypeAdapter(Blueprint.model_fields[name].annotation).validate_json(
        json.dumps(value), strict=True)


# ------------------------------------------------------------------ in words


@dataclasses.dataclass(frozen=True)
class ConflictWords:
    """A conflict for people: what it is about, and each side's value in words."""

    path: str
    title: str
    """"Dogs: delivery", "function Dogs", "link Team A delivers Dogs"."""
    element: str | None
    """The id of the element it is about, to select it."""
    base: str
    ours: str
    theirs: str

    def sentence(self) -> str:
        return (f"{self.title}: ours {self.ours}, theirs {self.theirs} "
                f"(was {self.base})")


def conflict_words(conflict: Conflict, names: D.Names) -> ConflictWords:
    """Words for a conflict: "Dogs: delivery — ours local, theirs shared (was joint)"; for
    a whole element, what each side changed ("delivery local; lead force none"), or
    "deleted"."""
    values = (conflict.base, conflict.ours, conflict.theirs)
    try:
        where = D.parse_path(conflict.path)
    except D.PathError:
        return ConflictWords(conflict.path, conflict.path, None,
                             *(json.dumps(v, ensure_ascii=False) for v in values))
    item_path = D.item_path_of(where)
    item = D.ItemDiff(item_path, "changed", MISSING, MISSING, ())
    rel = where[len(item_path):]
    cls = D.class_at(item_path)
    if rel or len(item_path) == 1:
        title = names(item.id) if item.id is not None else D.item_title(item, names)
        if rel:
            title = f"{title}: {D.where_words(cls, rel, names)}"
        owner, field = _owner(where)
        inner = D.class_at(where)
        return ConflictWords(conflict.path, title, item.id,
                             *(_value_words(v, inner, owner, field, names) for v in values))
    models = [_model(cls, v) for v in values]
    named = next((m for m in (models[1], models[2], models[0]) if isinstance(m, BaseModel)),
                 None)
    if named is not None:  # as ours names it, else theirs (one side may have deleted it)
        item = dataclasses.replace(item, after=named)
    return ConflictWords(conflict.path, D.item_title(item, names), item.id,
                         *_item_words(models, cls, names))


def names_for(bp: Blueprint, *others: Blueprint) -> D.Names:
    """Names of a blueprint's elements (and others'), and of the elements its conflicts
    remember that it no longer has (deleted on our side)."""
    names = D.Names(bp, *others)
    for conflict in bp.conflicts:
        for value in (conflict.ours, conflict.theirs, conflict.base):
            if isinstance(value, dict) and isinstance(value.get("id"), str) \
                    and isinstance(value.get("name"), str):
                names.add(value["id"], value["name"])
    return names


def _model(cls: type[BaseModel] | None, value: Any) -> Any:
    """A whole item's JSON as its model (MISSING when not there; the JSON if invalid)."""
    if value is None:
        return MISSING
    if cls is None:
        return value
    try:
        return cls.model_validate_json(json.dumps(value), strict=True)
    except ValidationError:
        return value


def _item_words(models: list[Any], cls: type[BaseModel] | None,
                names: D.Names) -> tuple[str, str, str]:
    """Base, ours and theirs of a whole item: each side by what it changed from the base
    (from the other side, for an item both added), the base by its values of those."""
    base, ours, theirs = models
    if any(isinstance(m, dict) for m in models) or cls is None:
        return tuple(json.dumps(D.jsonable(m), ensure_ascii=False)  # type: ignore[return-value]
                     for m in models)

    def side(value: Any, other: Any) -> str:
        if value is MISSING:
            return "not there" if base is MISSING else "deleted"
        ref = base if base is not MISSING else other
        if ref is MISSING:
            return "added"
        parts = (D.change_parts(c, names, cls) for c in D.compare(ref, value, (), cls, ""))
        return "; ".join(f"{where} {after}" for where, _before, after in parts) or "unchanged"

    if base is MISSING:
        said_base = "not there"
    else:
        touched = {c.path for m in (ours, theirs) if m is not MISSING
                   for c in D.compare(base, m, (), cls, "")}
        said_base = "; ".join(
            f"{D.where_words(cls, p, names)} "
            f"{_value_words(D.value_at(base, p), None, *_owner_in(cls, p), names)}"
            for p in sorted(touched, key=str)) or "there"
    return said_base, side(ours, theirs), side(theirs, ours)


def _value_words(value: Any, inner: type[BaseModel] | None, owner: type[BaseModel] | None,
                 field: str, names: D.Names) -> str:
    if value is MISSING:
        return "not there"
    if isinstance(value, dict) and inner is not None:
        model = _model(inner, value)
        if isinstance(model, BaseModel):
            return D.model_words(model, names)
        return json.dumps(value, ensure_ascii=False)
    return D.words(value, owner, field, names)


def _owner_in(cls: type[BaseModel], path: Path) -> tuple[type[BaseModel] | None, str]:
    owner, field = None, ""
    for _seg, what, holder, name in D.steps(cls, path):
        if what in ("field", "key"):
            owner, field = holder, name
    return owner, field


def _owner(where: Path) -> tuple[type[BaseModel] | None, str]:
    return _owner_in(Blueprint, where)
