"""Every field of a schema model as one flat, typed, dotted name, both ways.

Formats that hold plain name/value pairs (GraphML keys, ArchiMate properties) carry
an element's fields under these names: scalars as they are, nested models as dotted
names (``cost_basis.kind``), dicts keyed by force id one name per force
(``baseline.wilts.cost_pence``), anything else (lists) as JSON text::

    cols = columns(Function, forces=("asp", "wilts"))
    [c.name for c in cols][:3]          # ['id', 'name', 'tags']
    value_of(fn, column_named(Function, "baseline.asp.fte"))   # 12.5
    nest([(column_named(Function, "baseline.asp.fte"), 12.5)])
    # {'baseline': {'asp': {'fte': 12.5}}}

Derived from the schema's annotations, so a new field is carried the day it is added.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from designer.core.references import RefTo

ValueType = Literal["string", "boolean", "integer", "number", "date", "json"]


@dataclass(frozen=True, slots=True)
class Column:
    """One flat name: where it is in the model and what kind of value it holds."""

    name: str
    type: ValueType
    path: tuple[str, ...]
    """Field names from the model down; a force id in a per-force dict is a step too."""

    @property
    def leaf(self) -> str:
        return self.path[-1]


def strip(annotation: Any) -> Any:
    """The type under ``Annotated[...]`` and ``X | None``."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _scalar(annotation: Any) -> ValueType | None:
    if annotation is bool:
        return "boolean"
    if annotation is int:
        return "integer"
    if annotation is float:
        return "number"
    if annotation is date:
        return "date"
    if annotation is str or typing.get_origin(annotation) is Literal:
        return "string"
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _per_force(info: FieldInfo, annotation: Any) -> bool:
    """A dict keyed by force id (declared so: ``RefTo("force")``): one name per force.
    Any other dict is one JSON value."""
    return typing.get_origin(annotation) is dict and any(
        isinstance(m, RefTo) and "force" in m.kinds for m in info.metadata)


def columns(cls: type[BaseModel], forces: Iterable[str], prefix: tuple[str, ...] = (),
            skip: Iterable[str] = ()) -> list[Column]:
    """The flat names of a model class in field order (per-force dicts once per force)."""
    forces = tuple(forces)
    skip = frozenset(skip)
    out: list[Column] = []
    for name, info in cls.model_fields.items():
        if name in skip:
            continue
        path = (*prefix, name)
        annotation = strip(info.annotation)
        if _per_force(info, annotation):
            value = strip(typing.get_args(annotation)[1])
            out += [c for force in forces for c in _columns_at(value, (*path, force), forces)]
        else:
            out += _columns_at(annotation, path, forces)
    return out


def _columns_at(annotation: Any, path: tuple[str, ...], forces: tuple[str, ...]) -> list[Column]:
    scalar = _scalar(annotation)
    if scalar is not None:
        return [Column(".".join(path), scalar, path)]
    if _is_model(annotation):
        return columns(annotation, forces, path)
    return [Column(".".join(path), "json", path)]


def column_named(cls: type[BaseModel], name: str) -> Column | None:
    """The column a flat name stands for in ``cls`` (any force id in a per-force dict);
    ``None`` when the model has no such field."""
    parts = tuple(name.split("."))
    annotation: Any = cls
    keyed = False  # the last step was a per-force dict: the next part is a force id
    for part in parts:
        if keyed:
            annotation, keyed = strip(typing.get_args(annotation)[1]), False
        elif _is_model(annotation):
            info = annotation.model_fields.get(part)
            if info is None:
                return None
            annotation = strip(info.annotation)
            keyed = _per_force(info, annotation)
        else:
            return None
    if keyed or _is_model(annotation):
        return None
    return Column(name, _scalar(annotation) or "json", parts)


NO_DEFAULT = object()
"""What :func:`default_of` gives for a field that must be given (or a per-force entry)."""


def default_of(cls: type[BaseModel], column: Column) -> Any:
    """The default of the field a column stands for, as :func:`value_of` would give it
    (lists as JSON text); :data:`NO_DEFAULT` when it has none."""
    annotation: Any = cls
    info = None
    for step in column.path:
        if _is_model(annotation):
            info = annotation.model_fields[step]
            annotation = strip(info.annotation)
        else:  # a per-force dict entry: present or not, never a default
            return NO_DEFAULT
    if info is None or info.is_required():
        return NO_DEFAULT
    value = info.get_default(call_default_factory=True)
    if value is None:
        return None
    return json.dumps(plain(value), ensure_ascii=False) if column.type == "json" else value


def value_of(model: Any, column: Column) -> Any:
    """The column's value in ``model`` (lists and other structures as JSON text);
    ``None`` when it is not there."""
    value = model
    for step in column.path:
        if value is None:
            return None
        value = value.get(step) if isinstance(value, dict) else getattr(value, step)
    if value is None:
        return None
    if column.type == "json":
        return json.dumps(plain(value), ensure_ascii=False)
    return value


def plain(value: Any) -> Any:
    """A value as JSON data (models dumped, tuples as lists, dates as ISO text)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def nest(pairs: Iterable[tuple[Column, Any]], into: dict[str, Any] | None = None) \
        -> dict[str, Any]:
    """Flat (column, value) pairs back into the nested dict a model validates from;
    ``into`` (a model's dump) is updated in place, so what the pairs do not name stays."""
    out: dict[str, Any] = {} if into is None else into
    for column, value in pairs:
        here = out
        for step in column.path[:-1]:
            nxt = here.get(step)
            if not isinstance(nxt, dict):
                nxt = here[step] = {}
            here = nxt
        here[column.path[-1]] = value
    return out
