"""References between elements, declared once: on the schema's fields.

A field that holds ids of other elements says so in its type, with the kind(s) of element
it points at and what follows from it::

    host_force: Annotated[Id | None, RefTo("force", edge="hosted-by")] = None

Everything that follows references reads these declarations instead of listing fields:
the whole-file check (``schema.reference_problems``), the per-edit check and the clean-up
on delete (``edits``), the graph's field edges (``graph``) and the canvas's edges
(``canvas_edges``). ``tests/core/test_references.py`` enumerates every declared field and
proves each of them handles it.

A field may hold one id (``None`` allowed when optional), a tuple of ids, or a dict keyed
by ids; a field holding models (a function's cost basis, the blueprint's lists) is walked
into. Each model class is read once (a cache keyed by the class), so walking a
10,000-element blueprint costs what hand-written loops did. Qt-free, and free of the
schema itself (the schema imports this module to declare its fields).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cache
from itertools import chain
from operator import attrgetter
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel

OnDelete = Literal["clear", "cascade", "reset"]
"""What removing a referenced element does to the reference:

- ``clear``: an optional id becomes ``None``; an id leaves its tuple, or its key its dict;
- ``cascade``: the model holding the field goes too (an area with its force, a link with
  either end, a waiver with its element);
- ``reset``: the element's field that holds the model returns to its default (fixed cost
  shares naming a removed force no longer total 100, so the whole cost basis goes).
"""


@dataclass(frozen=True, slots=True)
class Draw:
    """How the canvas draws a reference (a reference without one is not drawn)."""

    kind: str
    towards_owner: bool = False  # drawn from the referenced element to the field's owner
    arrow: bool = True
    tree: bool = False  # part of a function's tree of teams
    quiet: bool = False  # drawn only while one of its ends is selected


@dataclass(frozen=True, slots=True, init=False)
class RefTo:
    """Field metadata: the field holds ids of elements of these kinds.

    ``edge`` names the graph edge the reference makes (from the element to the one it
    names, or the other way with ``towards_owner``); ``draw`` says how the canvas shows
    it; ``also`` lists words allowed besides ids (a team's owner may be ``'alliance'``).
    ``ends`` gives the allowed kinds by the holder's ``kind`` instead (a link's ends).
    An unchecked reference (``checked=False``) may name what is not there: nothing
    refuses it, but it still goes with the element it names.
    """

    kinds: frozenset[str]
    edge: str | None
    towards_owner: bool
    draw: Draw | None
    on_delete: OnDelete
    also: frozenset[str]
    ends: Mapping[str, frozenset[str]] | None
    checked: bool

    def __init__(self, *kinds: str, edge: str | None = None, towards_owner: bool = False,
                 draw: Draw | None = None, on_delete: OnDelete = "clear",
                 also: Collection[str] = (), ends: Mapping[str, frozenset[str]] | None = None,
                 checked: bool = True):
        if ends is not None:
            kinds = tuple(sorted(set().union(*ends.values())))
        if not kinds:
            raise TypeError("a reference names the kinds of element it points at")
        setter = object.__setattr__
        setter(self, "kinds", frozenset(kinds))
        setter(self, "edge", edge)
        setter(self, "towards_owner", towards_owner)
        setter(self, "draw", draw)
        setter(self, "on_delete", on_delete)
        setter(self, "also", frozenset(also))
        setter(self, "ends", ends)
        setter(self, "checked", checked)

    def allowed(self, holder: Any) -> frozenset[str]:
        """Kinds of element the reference may name, held by ``holder``."""
        return self.kinds if self.ends is None else self.ends[holder.kind]


@dataclass(frozen=True, slots=True)
class Apart:
    """Field metadata: the models this field holds are not part of the document's own web
    of references. Nothing here walks into it: the whole-file check, the clean-up on delete,
    the graph and the canvas leave it alone. An option's added elements are such a field:
    they name each other and the base, and are checked when the option is applied."""

    why: str


Shape = Literal["one", "many", "keys"]


@dataclass(frozen=True, slots=True)
class RefField:
    """One declared reference field: its model class, name, shape and declaration."""

    model: type[BaseModel]
    name: str
    shape: Shape  # one id, a tuple of ids, or a dict keyed by ids
    optional: bool
    spec: RefTo

    def __str__(self) -> str:
        return f"{self.model.__name__}.{self.name}"


class Ref(NamedTuple):
    """One reference found in a model: where, which field, the id it names, and its holder."""

    path: tuple[str | int, ...]  # from the walked model: ("cost_basis", "shares", "asp")
    field: RefField
    target: str
    holder: BaseModel  # the model the field belongs to (a link, for its ends)

    @property
    def kinds(self) -> frozenset[str]:
        return self.field.spec.allowed(self.holder)


def json_path(path: tuple[str | int, ...]) -> str:
    """``("functions", 3, "partners", 0)`` → ``'functions[3].partners[0]'``."""
    out: list[str] = []
    for part in path:
        out.append(f"[{part}]" if isinstance(part, int) else f".{part}" if out else part)
    return "".join(out)


# ------------------------------------------------------------------ reading the classes

# (field name, shape, declaration or None, nested model class or None, many nested)
_Entry = tuple[str, Shape, RefTo | None, type[BaseModel] | None, bool]


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _bare(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _model_class(annotation: Any) -> type[BaseModel] | None:
    annotation = _bare(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) \
        else None


def _misplaced(annotation: Any) -> bool:
    """Whether a ``RefTo`` hides inside a field's type (where nothing would read it)."""
    if typing.get_origin(annotation) is typing.Annotated and any(
            isinstance(m, RefTo) for m in annotation.__metadata__):
        return True
    return any(_misplaced(a) for a in typing.get_args(annotation))


def _plan(cls: type[BaseModel]) -> tuple[_Entry, ...]:
    """The reference fields of ``cls`` and its fields holding models that have some."""
    return _read(cls)[0]


def _field_map(cls: type[BaseModel]) -> dict[str, RefField]:
    return _read(cls)[1]


@cache  # a class is read once: its fields do not change
def _read(cls: type[BaseModel]) -> tuple[tuple[_Entry, ...], dict[str, RefField]]:
    entries: list[_Entry] = []
    fields: list[RefField] = []
    for name, info in cls.model_fields.items():
        if any(isinstance(m, Apart) for m in info.metadata):
            continue
        spec = next((m for m in info.metadata if isinstance(m, RefTo)), None)
        inner, optional = _strip_optional(info.annotation)
        origin = typing.get_origin(_bare(inner))
        args = typing.get_args(_bare(inner))
        if _misplaced(info.annotation):
            raise TypeError(f"{cls.__name__}.{name}: put RefTo on the field's own type")
        shape: Shape = "many" if origin is tuple else "keys" if origin is dict else "one"
        if spec is not None:
            if shape == "one" and not optional and spec.on_delete == "clear":
                raise TypeError(f"{cls.__name__}.{name}: a required reference cannot be "
                                "cleared; say what removing its element does")
            field = RefField(cls, name, shape, optional, spec)
            fields.append(field)
            entries.append((name, shape, spec, None, False))
            continue
        nested = _model_class(args[0] if shape == "many" and args else inner)
        if shape != "keys" and nested is not None and _plan(nested):
            entries.append((name, shape, None, nested, shape == "many"))
    return tuple(entries), {f.name: f for f in fields}


def fields_of(cls: type[BaseModel]) -> tuple[RefField, ...]:
    """The reference fields ``cls`` declares itself, in field order."""
    return tuple(_field_map(cls).values())


def item_class(cls: type[BaseModel], name: str) -> type[BaseModel]:
    """The model class a field of ``cls`` holds (one, optional, or a tuple of them)."""
    inner, _optional = _strip_optional(cls.model_fields[name].annotation)
    if typing.get_origin(_bare(inner)) is tuple:
        inner = typing.get_args(_bare(inner))[0]
    model = _model_class(inner)
    if model is None:
        raise TypeError(f"{cls.__name__}.{name} holds no model")
    return model


def declared(cls: type[BaseModel]) -> Iterator[tuple[str, RefField]]:
    """Every reference field reachable from ``cls``, with where it sits
    (``'functions[].cost_basis.shares'``): a field reached two ways is listed twice."""
    for name, _shape, spec, nested, many in _plan(cls):
        if spec is not None:
            yield name, _field_map(cls)[name]
        elif nested is not None:
            here = f"{name}[]" if many else name
            for path, field in declared(nested):
                yield f"{here}.{path}", field


# ------------------------------------------------------------------ walking values


def refs(model: BaseModel, path: tuple[str | int, ...] = ()) -> Iterator[Ref]:
    """Every reference ``model`` makes (models it holds included), in field order.

    Values listed in a declaration's ``also`` (a team owned by ``'alliance'``) are not
    references and are left out.
    """
    for name, shape, spec, nested, many in _plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if nested is not None:
            if many:
                for i, item in enumerate(value):
                    yield from refs(item, (*path, name, i))
            else:
                yield from refs(value, (*path, name))
            continue
        field = _field_map(type(model))[name]
        also = spec.also  # type: ignore[union-attr]
        if shape == "one":
            if value not in also:
                yield Ref((*path, name), field, value, model)
        elif shape == "many":
            for j, ref in enumerate(value):
                if ref not in also:
                    yield Ref((*path, name, j), field, ref, model)
        else:
            for ref in value:
                if ref not in also:
                    yield Ref((*path, name, ref), field, ref, model)


Unresolved = tuple[tuple[str | int, ...], str, str | None, frozenset[str]]
"""(path, id, the kind of element it names or ``None`` if none, the kinds allowed)."""


def unresolved(model: BaseModel, kinds: Mapping[str, str],
               ids_of: Mapping[str, Set[str]] | None = None) -> list[Unresolved]:
    """The checked references in ``model`` that do not name an element of an allowed kind.

    ``kinds`` maps every id in the document to its kind; ``ids_of``, if given, the other
    way (kind → its ids), which lets a whole list's field be checked at once. Runs on
    every load, so the common case (all fine) builds no paths and no strings: a path is
    made only for a reference that fails.
    """
    out: list[Unresolved] = []
    _unresolved((model,), _check_plan(type(model)), (), False, kinds.get, out, ids_of)
    return out


# (field name, its getter, shape, allowed kinds or None to look them up in ``ends`` by
# the holder's kind, ends, also, the nested plan of a field holding models)
_CheckEntry = tuple[str, Callable[[Any], Any], str, frozenset[str] | None,
                    Mapping[str, frozenset[str]] | None, frozenset[str], tuple | None]


@cache
def _check_plan(cls: type[BaseModel]) -> tuple[_CheckEntry, ...]:
    """:func:`_plan` of ``cls`` with the checked references' declarations unpacked."""
    entries: list[_CheckEntry] = []
    for name, shape, spec, nested, many in _plan(cls):
        if nested is not None:
            entries.append((name, attrgetter(name), "models" if many else "model", None,
                            None, frozenset(), _check_plan(nested)))
        elif spec is not None and spec.checked:
            entries.append((name, attrgetter(name), shape,
                            spec.kinds if spec.ends is None else None, spec.ends,
                            spec.also, None))
    return tuple(entries)


def _unresolved(models: Sequence[Any], plan: tuple[_CheckEntry, ...],
                base: tuple[str | int, ...], indexed: bool, get: Callable[[str], str | None],
                out: list[Unresolved], ids_of: Mapping[str, Set[str]] | None = None) -> None:
    """Check models of one class at ``base`` (each at ``base[i]`` when ``indexed``).

    This runs over every element on every load, so it goes field by field down a whole
    list: with ``ids_of``, a field's ids are gathered into a set and compared with the ids
    of the allowed kinds at C speed; only a field that fails that (or has no such help)
    is walked one reference at a time, making a path only for a failing one. Failures
    are then put back in document order.
    """
    found: list[tuple[int, int, int, list[Unresolved]]] = []

    def at(i: int, name: str) -> tuple[str | int, ...]:
        return (*base, i, name) if indexed else (*base, name)

    for pos, (name, getter, shape, allowed, ends, also, nested) in enumerate(plan):
        if nested is not None:
            for i, value in enumerate(map(getter, models)):
                if value is not None:
                    inner: list[Unresolved] = []
                    _unresolved(value if shape == "models" else (value,), nested, at(i, name),
                                shape == "models", get, inner, ids_of)
                    if inner:
                        found.append((i, pos, 0, inner))
            continue
        if ids_of is not None and allowed is not None and len(models) > 1 \
                and _all_of(models, getter, shape, also, allowed, ids_of):
            continue
        if allowed is None and shape == "one":  # by the holder's kind (a link's ends)
            bad = [(i, ref) for i, (kind, ref) in enumerate(zip(map(_kind, models),
                                                                 map(getter, models),
                                                                 strict=True))
                   if ref is not None and get(ref) not in ends[kind]  # type: ignore[index]
                   and ref not in also]
        elif allowed is None:
            bad = [(i, ref) for i, m in enumerate(models)
                   for ref in _ids(getter(m), shape)
                   if get(ref) not in ends[m.kind] and ref not in also]  # type: ignore[index]
        elif shape == "one":
            bad = [(i, ref) for i, ref in enumerate(map(getter, models))
                   if ref is not None and get(ref) not in allowed and ref not in also]
        else:
            bad = [(i, ref) for i, refs in enumerate(map(getter, models))
                   for ref in refs if get(ref) not in allowed and ref not in also]
        repeats: dict[tuple[int, str], int] = {}  # a tuple may name the same id twice
        for i, ref in bad:
            where = at(i, name)
            values = getter(models[i])
            if shape == "many":
                nth = repeats[i, ref] = repeats.get((i, ref), -1) + 1
                j = [j for j, r in enumerate(values) if r == ref][nth]
                where, order = (*where, j), j
            elif shape == "keys":
                where, order = (*where, ref), list(values).index(ref)
            else:
                order = 0
            wanted = allowed if allowed is not None else ends[models[i].kind]  # type: ignore
            found.append((i, pos, order, [(where, ref, get(ref), wanted)]))
    found.sort(key=lambda f: f[:3])
    for *_key, problems in found:
        out += problems


_kind = attrgetter("kind")


def _all_of(models: Sequence[Any], getter: Callable[[Any], Any], shape: str,
            also: frozenset[str], allowed: frozenset[str],
            ids_of: Mapping[str, Set[str]]) -> bool:
    """Whether every id in one field of ``models`` names an element of an allowed kind."""
    if shape == "one":
        ids = set(map(getter, models))
        ids.discard(None)  # type: ignore[arg-type]
    else:  # a tuple's items or a dict's keys
        ids = set(chain.from_iterable(map(getter, models)))
    if also:
        ids -= also
    if len(allowed) == 1:
        return ids <= ids_of.get(next(iter(allowed)), _NONE)  # type: ignore[operator]
    return not ids.difference(*(ids_of.get(k, _NONE) for k in allowed))


_NONE: frozenset[str] = frozenset()


def _ids(value: Any, shape: str) -> tuple | Any:
    if value is None:
        return ()
    return (value,) if shape == "one" else value


def cascades(model: BaseModel, gone: Set[str]) -> bool:
    """Whether ``model`` goes with removed elements (a declared ``cascade`` names one)."""
    for name, shape, spec, nested, many in _plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if nested is not None:
            if not many and cascades(value, gone):
                return True
        elif spec.on_delete == "cascade" and (  # type: ignore[union-attr]
                value in gone if shape == "one" else not gone.isdisjoint(value)):
            return True
    return False


_GONE = object()
_RESET = object()


def without(model: Any, gone: Set[str],
            repair: Callable[[Any, dict[str, Any]], dict[str, Any]] | None = None) -> Any:
    """``model`` with its references to removed elements dealt with as declared.

    The very same object when it names none of ``gone``; ``None`` when it goes with them
    (``cascade``). Otherwise a validated copy; ``repair(model, changes)`` may adjust the
    changes first (a shared function left with one partner becomes local). Tuples of
    models lose the ones that go; an unchanged field keeps its very value.
    """
    changes = _changes(model, gone)
    if changes is None:
        return model
    if changes is _GONE or changes is _RESET:
        return None
    if repair is not None:
        changes = repair(model, changes)
    fields = {name: getattr(model, name) for name in type(model).model_fields}
    return type(model).model_validate({**fields, **changes})


def _changes(model: Any, gone: Set[str]) -> Any:
    """Field changes for ``model`` (``None`` if none), or ``_GONE`` / ``_RESET``."""
    changes: dict[str, Any] = {}
    for name, shape, spec, nested, many in _plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if nested is not None:
            if many:
                kept = tuple(v for v in (without(item, gone) for item in value)
                             if v is not None)
                if len(kept) != len(value) or any(a is not b for a, b in zip(kept, value,
                                                                              strict=True)):
                    changes[name] = kept
                continue
            inner = _changes(value, gone)
            if inner is _RESET or (inner is _GONE and _optional(model, name)):
                changes[name] = type(model).model_fields[name].get_default(
                    call_default_factory=True)
            elif inner is _GONE:
                return _GONE
            elif inner is not None:
                changes[name] = without(value, gone)
            continue
        if value not in gone if shape == "one" else gone.isdisjoint(value):
            continue
        on_delete = spec.on_delete  # type: ignore[union-attr]
        if on_delete == "cascade":
            return _GONE
        if on_delete == "reset":
            return _RESET
        if shape == "one":
            changes[name] = None
        elif shape == "many":
            changes[name] = tuple(v for v in value if v not in gone)
        else:
            changes[name] = {k: v for k, v in value.items() if k not in gone}
    return changes or None


def _optional(model: Any, name: str) -> bool:
    return _strip_optional(type(model).model_fields[name].annotation)[1]


FieldEdge = tuple[str, str, str]
"""(source, target, kind) of a graph edge that an element's own fields carry."""


def edges(element: Any) -> list[FieldEdge]:
    """The graph edges an element's reference fields make (those declaring ``edge``)."""
    out: list[FieldEdge] = []
    _edges(element, element.id, _edge_plan(type(element)), out)
    return out


# (getter, one id or several, edge kind, towards the owner, also, nested plan)
_EdgeEntry = tuple[Callable[[Any], Any], bool, str, bool, frozenset[str], tuple | None]


@cache
def _edge_plan(cls: type[BaseModel]) -> tuple[_EdgeEntry, ...]:
    """:func:`_plan` of ``cls`` cut down to the fields that make graph edges."""
    entries: list[_EdgeEntry] = []
    for name, shape, spec, nested, many in _plan(cls):
        if nested is not None:
            inner = _edge_plan(nested)
            if inner:
                entries.append((attrgetter(name), not many, "", False, frozenset(), inner))
        elif spec is not None and spec.edge is not None:
            entries.append((attrgetter(name), shape == "one", spec.edge,
                            spec.towards_owner, spec.also, None))
    return tuple(entries)


def _edges(model: Any, owner: str, plan: tuple[_EdgeEntry, ...], out: list[FieldEdge]) -> None:
    # runs for every element of every graph built: plain loops, nothing made for an empty
    # field, and one element's edges at a time (a list of the whole graph's would live
    # long enough to wake the cyclic collector)
    for getter, one, kind, towards, also, nested in plan:
        value = getter(model)
        if not value:
            continue
        if nested is not None:
            for item in (value,) if one else value:
                _edges(item, owner, nested, out)
        elif one:
            if value not in also:
                out.append((value, owner, kind) if towards else (owner, value, kind))
        else:
            for target in value:
                if target not in also:
                    out.append((target, owner, kind) if towards else (owner, target, kind))


def drawn(element: Any) -> list[tuple[Draw, str]]:
    """(how, the id it names) of each reference of ``element`` that the canvas draws."""
    out: list[tuple[Draw, str]] = []
    _drawn(element, out)
    return out


def _drawn(model: Any, out: list[tuple[Draw, str]]) -> None:
    for name, shape, spec, nested, many in _plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if nested is not None:
            for item in value if many else (value,):
                _drawn(item, out)
            continue
        draw = spec.draw  # type: ignore[union-attr]
        if draw is None:
            continue
        also = spec.also  # type: ignore[union-attr]
        out += [(draw, t) for t in ((value,) if shape == "one" else value) if t not in also]
