"""What changed between two blueprints: changes keyed by element and field, then in words.

The one diff engine of the product (``designer diff``, ``git diff`` through
``--textconv``, the app's Compare with File, the three-way merge in
:mod:`designer.core.merge`, import dry runs). It walks the pydantic models
themselves, so a field added to the schema is covered the day it is added:

- a model is compared field by field;
- a tuple of models is matched item by item by the model's identity: its ``id``,
  or the fields its class names in ``key_fields`` (a link is known by kind,
  source and target, a waiver by rule and element), or else its whole value;
- a dict is compared key by key (a function's baseline, force by force);
- anything else (text, numbers, a tuple of ids) is one value.

A change is a :class:`Change`: a :data:`Path` (``("functions", ("dogs",),
"delivery")``: field names, dict keys, and item keys as tuples) with the value
before and after, :data:`MISSING` when the item or key is absent on that side.
:func:`describe` says it in words with names, not ids
(``"Dogs: delivery joint → local; lead force Avon and Somerset → none"``),
money through :mod:`designer.core.money` and delivery models through
:mod:`designer.core.delivery`. :func:`money_diff` and :func:`rule_diff` add
what the changes do to the business case and to the rules' findings
(:mod:`designer.core.diff_report`, which needs the finance model and the rules;
this module needs neither, so the rules can word a merge conflict with it).

    >>> d = diff(before, after)                      # doctest: +SKIP
    >>> describe(d, before, after)                   # doctest: +SKIP
    ['team Dogs (Tri-Force) removed']
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import operator
import types
import typing
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from designer.core import references
from designer.core.delivery import MODELS
from designer.core.money import format_pence
from designer.core.schema import ALLIANCE, ELEMENT_LISTS, KIND_OF_LIST, Blueprint

# ------------------------------------------------------------------ paths


class _Missing:
    """An item or dict key that is not there on one side of a change."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()
"""The value on the side of a change where the item or key is absent."""

Key = tuple[str, ...]
"""An item in a list of models, by its identity: ``("dogs",)``, a link's
``("delivers", "team-a", "dogs")``."""
Segment = str | Key
Path = tuple[Segment, ...]
"""Where a value sits: field names and dict keys (``str``) and list items (``Key``)."""


def key_fields(cls: type[BaseModel]) -> tuple[str, ...] | None:
    """The fields that identify an item of ``cls`` in a list; None: its whole value."""
    declared = getattr(cls, "key_fields", None)
    if declared:
        return declared
    return ("id",) if "id" in cls.model_fields else None


def item_key(item: BaseModel) -> Key:
    """Which item this is, in a list of its kind (see :func:`key_fields`)."""
    return _key_getter(type(item))(item)


@cache
def _key_getter(cls: type[BaseModel]) -> Callable[[BaseModel], Key]:
    fields = key_fields(cls)
    if fields is None:
        return lambda item: (item.model_dump_json(exclude_defaults=True),)
    if fields == ("id",):
        return lambda item: (item.id,)  # type: ignore[attr-defined]
    if len(fields) == 1:
        name = fields[0]
        return lambda item: (str(getattr(item, name)),)
    get = operator.attrgetter(*fields)
    return lambda item: tuple(map(str, get(item)))


def path_text(path: Path) -> str:
    """A path as text, one segment per ``/`` (``~`` and ``/`` escaped as in JSON
    Pointer): ``functions/dogs/delivery``, ``links/delivers/team-a/dogs``."""
    parts = [p for seg in path for p in ((seg,) if isinstance(seg, str) else seg)]
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


class PathError(ValueError):
    """Text that is not a path into a blueprint."""


def parse_path(text: str) -> Path:
    """The :data:`Path` a :func:`path_text` names, read against the schema (which
    says how many segments an item's key takes). Raises :class:`PathError`."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in text.split("/")] if text else []
    path: list[Segment] = []
    cls: type[BaseModel] | None = Blueprint
    shape: Shape = ("model", Blueprint)
    i = 0
    while i < len(parts):
        kind, sub = shape
        if kind == "model":
            cls = sub
            name = parts[i]
            if name not in cls.model_fields:
                raise PathError(f"{text!r}: {cls.__name__} has no field {name!r}")
            path.append(name)
            shape = field_shape(cls, name)
            i += 1
        elif kind == "models":
            n = len(key_fields(sub) or ("",))
            if i + n > len(parts):
                raise PathError(f"{text!r}: an item of {path_text(tuple(path))} is named by "
                                f"{n} segments")
            path.append(tuple(parts[i:i + n]))
            shape = ("model", sub)
            i += n
        elif kind == "dict":
            path.append(parts[i])
            shape = ("model", sub) if sub is not None else ("value", None)
            i += 1
        else:
            raise PathError(f"{text!r}: {path_text(tuple(path))} holds a single value")
    return tuple(path)


# ------------------------------------------------------------------ reading the schema

Shape = tuple[Literal["model", "models", "dict", "value"], Any]


def _unwrapped(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrapped(args[0])
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


@cache
def field_shape(cls: type[BaseModel], name: str) -> Shape:
    """What a field holds: one model, a tuple of models, a dict (of models or values)
    or a plain value."""
    annotation = _unwrapped(cls.model_fields[name].annotation)
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if _is_model(annotation):
        return ("model", annotation)
    if origin is tuple and args and _is_model(_unwrapped(args[0])):
        return ("models", _unwrapped(args[0]))
    if origin is dict:
        value = _unwrapped(args[1]) if len(args) == 2 else None
        return ("dict", value if _is_model(value) else None)
    return ("value", None)


@cache
def _ref_field(cls: type[BaseModel] | None, name: str) -> references.RefField | None:
    """The reference declaration of ``cls.name``, if the field names other elements."""
    if cls is None:
        return None
    return next((f for f in references.fields_of(cls) if f.name == name), None)


_NO_DEFAULT: Any = object()


@cache
def _listed_fields(cls: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """(field, its default or a marker for none) of the fields a listing shows: all
    but lists of models, which hold items of their own."""
    return tuple((name, _NO_DEFAULT if info.is_required()
                  else info.get_default(call_default_factory=True))
                 for name, info in cls.model_fields.items()
                 if field_shape(cls, name)[0] != "models")


# ------------------------------------------------------------------ comparing


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    """One value that differs: where, before and after (:data:`MISSING` if absent).

    ``owner``/``field``: the model class and field holding the value (for a dict
    entry, the dict's field), which is what the words are chosen by.
    """

    path: Path
    before: Any
    after: Any
    owner: type[BaseModel] | None = None
    field: str = ""

    @property
    def added(self) -> bool:
        return self.before is MISSING

    @property
    def removed(self) -> bool:
        return self.after is MISSING


def compare(before: Any, after: Any, path: Path = (), owner: type[BaseModel] | None = None,
            field: str = "") -> list[Change]:
    """Every leaf that differs between two values of the same schema type."""
    out: list[Change] = []
    _compare(before, after, path, owner, field, out)
    return out


def _compare(a: Any, b: Any, path: Path, owner: type[BaseModel] | None, field: str,
             out: list[Change]) -> None:
    if a is b or (type(a) is type(b) and a == b):
        return
    if isinstance(a, BaseModel) and type(a) is type(b):
        cls = type(a)
        for name in cls.model_fields:
            x, y = getattr(a, name), getattr(b, name)
            if x is not y:
                _compare(x, y, (*path, name), cls, name, out)
    elif isinstance(a, dict) and isinstance(b, dict):
        for k in (*a, *(k for k in b if k not in a)):
            _compare(a.get(k, MISSING), b.get(k, MISSING), (*path, k), owner, field, out)
    elif isinstance(a, tuple) and isinstance(b, tuple) and _of_models(a, b):
        _compare_items(a, b, path, owner, field, out)
    else:
        out.append(Change(path, a, b, owner, field))


def _of_models(a: tuple, b: tuple) -> bool:
    first = a[0] if a else b[0] if b else None
    return isinstance(first, BaseModel)


def _compare_items(a: tuple, b: tuple, path: Path, owner: type[BaseModel] | None, field: str,
                   out: list[Change]) -> None:
    """Items matched by identity; untouched items are found in bulk (same objects or
    equal, in the same order), so a 10,000-element list with a few changes is cheap."""
    if len(a) == len(b):  # the usual edit: the same items in place, a few replaced
        replaced = [(x, y) for x, y in zip(a, b, strict=True) if x is not y]
        if all(item_key(x) == item_key(y) for x, y in replaced):
            for x, y in replaced:
                if x != y:
                    _compare(x, y, (*path, item_key(x)), owner, field, out)
            return
    keys_a, keys_b = list(map(item_key, a)), list(map(item_key, b))
    if keys_a == keys_b:
        for x, y, k in zip(a, b, keys_a, strict=True):
            if x is not y and x != y:
                _compare(x, y, (*path, k), owner, field, out)
        return
    by_a, by_b = dict(zip(keys_a, a, strict=True)), dict(zip(keys_b, b, strict=True))
    for k, x in by_a.items():
        y = by_b.get(k, MISSING)
        if y is MISSING:
            out.append(Change((*path, k), x, MISSING, owner, field))
        elif x is not y and x != y:
            _compare(x, y, (*path, k), owner, field, out)
    for k, y in by_b.items():
        if k not in by_a:
            out.append(Change((*path, k), MISSING, y, owner, field))


def value_at(root: Any, path: Path) -> Any:
    """The value at ``path`` (:data:`MISSING` when an item or key on the way is absent)."""
    value = root
    for seg in path:
        if value is MISSING or value is None:
            return MISSING
        if isinstance(seg, tuple):
            value = next((x for x in value if item_key(x) == seg), MISSING)
        elif isinstance(value, BaseModel):
            value = getattr(value, seg, MISSING)
        elif isinstance(value, dict):
            value = value.get(seg, MISSING)
        else:
            return MISSING
    return value


def jsonable(value: Any) -> Any:
    """A value as plain JSON data, models without their defaults (as files hold them);
    :data:`MISSING` as ``None``."""
    if value is MISSING:
        return None
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    return to_jsonable_python(value)


# ------------------------------------------------------------------ the diff


Status = Literal["added", "removed", "changed"]


@dataclasses.dataclass(frozen=True, slots=True)
class ItemDiff:
    """The changes to one item: an element, a link, a waiver, the alliance's settings
    (``path`` ``("alliance",)``) or another top-level field."""

    path: Path
    status: Status
    before: Any
    after: Any
    changes: tuple[Change, ...]
    """Leaf changes inside the item, paths relative to it (empty when added/removed)."""

    @property
    def list_name(self) -> str:
        return str(self.path[0])

    @property
    def id(self) -> str | None:
        """The element's id, for an element of one of the blueprint's element lists."""
        if len(self.path) == 2 and self.path[0] in ELEMENT_LISTS:
            return self.path[1][0]  # type: ignore[index]
        return None

    @property
    def kind(self) -> str:
        """'function', 'team', …, 'link', 'alliance', or the field's name."""
        if self.id is not None:
            return KIND_OF_LIST[self.list_name]
        if len(self.path) >= 2 and isinstance(self.path[-1], tuple):
            return _noun(str(self.path[-2]))
        return self.list_name


@dataclasses.dataclass(frozen=True)
class Diff:
    """Every difference between two blueprints, leaf by leaf and grouped by item."""

    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def items(self) -> list[ItemDiff]:
        """The changes grouped by item, in schema order, then list order."""
        groups: dict[Path, list[Change]] = {}
        for c in self.changes:
            groups.setdefault(item_path_of(c.path), []).append(c)
        out = []
        for item, changes in groups.items():
            whole = next((c for c in changes if c.path == item), None)
            if whole is not None and (whole.added or whole.removed):
                out.append(ItemDiff(item, "added" if whole.added else "removed",
                                    whole.before, whole.after, ()))
                continue
            rel = tuple(dataclasses.replace(c, path=c.path[len(item):]) for c in changes)
            out.append(ItemDiff(item, "changed", changes[0].before if whole else MISSING,
                                changes[0].after if whole else MISSING, rel))
        return out

    def element_ids(self) -> dict[str, Status]:
        """Element id → added, removed or changed (links and settings left out)."""
        return {i.id: i.status for i in self.items() if i.id is not None}


def diff(before: Blueprint, after: Blueprint) -> Diff:
    """What changed from ``before`` to ``after``, keyed by element and field."""
    return Diff(tuple(compare(before, after)))


def item_path_of(path: Path) -> Path:
    """The item a change belongs to: up to the first list item on its path, or the
    top-level field (the alliance's settings, the file's version)."""
    for i, seg in enumerate(path):
        if isinstance(seg, tuple):
            return path[:i + 1]
    return path[:1]


def _noun(list_name: str) -> str:
    """'waivers' → 'waiver': the word for one item of a list."""
    return KIND_OF_LIST.get(list_name) or list_name.removesuffix("s").replace("_", " ")


# ------------------------------------------------------------------ words


class Names:
    """Element and role names of the blueprints a diff is between (after first)."""

    def __init__(self, *blueprints: Blueprint | None):
        self._names: dict[str, str] = {}
        for bp in blueprints:
            if bp is None:
                continue
            for _list, _i, el in bp.elements():
                self._names.setdefault(el.id, el.name)
            for f in bp.forces:
                self._names.setdefault(f.pcc_role, f"PCC of {f.name}")
                self._names.setdefault(f.chief_role, f"Chief Constable of {f.name}")
        self._names.setdefault(ALLIANCE, "the alliance")

    def __call__(self, element_id: str) -> str:
        return self._names.get(element_id, element_id)

    def add(self, element_id: str, name: str) -> None:
        """Know one more name (an element neither blueprint has, as a merge conflict
        remembers it); names already known stay."""
        self._names.setdefault(element_id, name)


_LABELS = {
    "fte": "FTE", "pcc": "PCC", "officers_fte": "officers FTE", "staff_fte": "staff FTE",
    "savings_percent": "savings", "cost_pence": "cost", "amount_pence": "amount",
    "go_live": "go-live", "base_area": "base area",
}
_LINK_WORDS = {"depends-on": "depends on", "accountable-to": "is accountable to"}


def label(field: str) -> str:
    """A field's name in words: ``lead_force`` → ``'lead force'``,
    ``implementation_cost_pence`` → ``'implementation cost'``."""
    if field in _LABELS:
        return _LABELS[field]
    words = field.removesuffix("_pence").removesuffix("_percent").split("_")
    return " ".join({"fte": "FTE", "pcc": "PCC"}.get(w, w) for w in words)


def _percentages(owner: type[BaseModel] | None, field: str) -> bool:
    return field.endswith("percent") or field in ("shares", "ramp_up") or (
        owner is not None and owner.__name__ == "SavingsDefaults"
        and field in MODELS)


def words(value: Any, owner: type[BaseModel] | None, field: str, names: Names, *,
          whole: bool = False) -> str:
    """A value of ``owner.field`` in words: names for ids, £ for pence, a delivery
    model's name, "none" for nothing, a short quote for long text (``whole``: all of
    it, lines after the first indented, for listings that must show every change)."""
    if value is MISSING or value is None or value == "":
        return "none"
    if whole and isinstance(value, dict | list):  # free JSON (a conflict's sides): all of it
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    ref = _ref_field(owner, field)
    if ref is not None and isinstance(value, str):
        return names(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field.endswith("_pence") and isinstance(value, int):
        return format_pence(value)
    if field == "delivery" and value in MODELS:
        return MODELS[value].label.lower()
    if _percentages(owner, field) and isinstance(value, int | float):
        return f"{_number(value)}%"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        return value.replace("\n", "\n    ") if whole else _quoted(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return model_words(value, names)
    if isinstance(value, dict):
        if not value:
            return "none"
        keys = (names if ref is not None else str)
        return ", ".join(f"{keys(k)} {words(v, owner, field, names)}" for k, v in value.items())
    if isinstance(value, tuple | list):
        if not value:
            return "none"
        return ", ".join(words(v, owner, field, names) for v in value)
    return str(value)


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def _quoted(text: str, limit: int = 60) -> str:
    line = text.replace("\n", " ").replace("\t", " ")
    if line == text and len(text) <= limit:
        return text if text.strip() else f"“{text}”"
    return f"“{line[:limit - 1]}…”" if len(line) > limit else f"“{line}”"


def model_words(model: BaseModel, names: Names) -> str:
    """A nested model by its fields that are not at their defaults: "kind fixed,
    shares Avon 60%, Wiltshire 40%"."""
    cls = type(model)
    if cls.__name__ == "Position":
        return f"({_number(model.x)}, {_number(model.y)})"  # type: ignore[attr-defined]
    parts = []
    for name, info in cls.model_fields.items():
        value = getattr(model, name)
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        if value == default and not info.is_required():
            continue
        parts.append(f"{label(name)} {words(value, cls, name, names)}")
    return ", ".join(parts) or "defaults"


def steps(start: type[BaseModel], path: Path) -> Iterator[tuple[Segment, str, Any, Any]]:
    """Walk ``path`` from a model class: each segment with what it is (``"field"``,
    ``"key"`` of a dict, ``"item"`` of a list) and the model class and field it is in."""
    shape: Shape = ("model", start)
    holder: Any = start
    field = ""
    for seg in path:
        kind, sub = shape
        if kind == "model" and isinstance(seg, str) and seg in sub.model_fields:
            holder, field = sub, seg
            yield seg, "field", holder, field
            shape = field_shape(sub, seg)
        elif kind == "models" and isinstance(seg, tuple):
            yield seg, "item", holder, field
            shape = ("model", sub)
        elif kind == "dict" and isinstance(seg, str):
            yield seg, "key", holder, field
            shape = ("model", sub) if sub is not None else ("value", None)
        else:
            return


def class_at(path: Path) -> type[BaseModel] | None:
    """The model class of the value at ``path`` in a blueprint, if it holds a model."""
    shape: Shape = ("model", Blueprint)
    for seg in path:
        kind, sub = shape
        if kind == "model" and isinstance(seg, str) and seg in sub.model_fields:
            shape = field_shape(sub, seg)
        elif kind == "models" and isinstance(seg, tuple):
            shape = ("model", sub)
        elif kind == "dict":
            shape = ("model", sub) if sub is not None else ("value", None)
        else:
            return None
    return shape[1] if shape[0] == "model" else None


def where_words(item_cls: type[BaseModel] | None, path: Path, names: Names) -> str:
    """The labels of a path inside an item: fields in words, ids as names."""
    if item_cls is None:
        return " ".join(label(s) if isinstance(s, str) else ", ".join(s) for s in path)
    parts = []
    for seg, what, holder, field in steps(item_cls, path):
        if what == "field":
            parts.append(label(seg))  # type: ignore[arg-type]
        elif what == "key":
            parts.append(names(seg) if _ref_field(holder, field) else seg)  # type: ignore[arg-type]
        else:
            parts.append(", ".join(names(s) for s in seg))
    return " ".join(parts)


def change_parts(change: Change, names: Names, item_cls: type[BaseModel] | None = None) \
        -> tuple[str, str, str]:
    """Where a change is inside its item and its values before and after, in words."""
    return (where_words(item_cls, change.path, names),
            words(change.before, change.owner, change.field, names),
            words(change.after, change.owner, change.field, names))


def change_words(change: Change, names: Names, item_cls: type[BaseModel] | None = None) -> str:
    """One leaf change inside an item: ``'lead force Avon and Somerset → none'``."""
    where, before, after = change_parts(change, names, item_cls)
    return f"{where} {before} → {after}" if where else f"{before} → {after}"


def item_title(item: ItemDiff, names: Names) -> str:
    """What an item is, in words: "team Dogs (Tri-Force)", "link Team A delivers Dogs"."""
    value = item.after if item.after is not MISSING else item.before
    if item.id is not None:
        name = getattr(value, "name", None) or names(item.id)
        return f"{item.kind} {name}"
    if item.list_name == "links" and len(item.path) == 2:
        kind, source, target = item.path[1]  # type: ignore[misc]
        return f"link {names(source)} {_LINK_WORDS.get(kind, kind)} {names(target)}"
    if item.kind == "waiver" and isinstance(item.path[-1], tuple) and len(item.path[-1]) == 2:
        rule, element = item.path[-1]
        return f"waiver of {rule} for {names(element)}"
    if item.kind == "conflict":
        return f"merge conflict at {item.path[-1][0]}"  # type: ignore[index]
    if isinstance(item.path[-1], tuple):
        return f"{item.kind} {', '.join(names(s) for s in item.path[-1])}"
    return label(item.list_name)


def item_words(item: ItemDiff, names: Names) -> str:
    """One line for one item: "team Dogs (Tri-Force) removed", "Dogs: delivery joint →
    local; lead force Avon and Somerset → none"."""
    title = item_title(item, names)
    if item.status != "changed":
        return f"{title} {item.status}"
    if item.id is not None:  # an element is called by its name alone
        before_name = _name_before(item, names)
        title = before_name
    cls = class_at(item.path)
    return f"{title}: " + "; ".join(change_words(c, names, cls) for c in item.changes)


def _name_before(item: ItemDiff, names: Names) -> str:
    for c in item.changes:
        if c.path == ("name",):
            return str(c.before)
    return names(item.id or "")


def describe(d: Diff, before: Blueprint | None = None, after: Blueprint | None = None,
             names: Names | None = None) -> list[str]:
    """The diff in words, one line per item (element, link, setting), in file order.

    Reusable by anything that shows changes before making them (an import's dry
    run): pass the blueprints the diff is between, so ids read as names.
    """
    names = names or Names(after, before)
    return [item_words(item, names) for item in d.items()]


# ------------------------------------------------------------------ one blueprint as lines


def render(bp: Blueprint) -> str:
    """A stable, readable listing of one blueprint for ``git diff`` (its textconv).

    One item per unindented line (git shows it as a hunk's heading), then one field
    per indented line in words; fields at their defaults are left out, as in the
    file. Items are sorted by key, so moving an item in the file changes nothing.
    """
    names = Names(bp)
    lines: list[str] = []
    for item_path, value in _items_of(bp, ()):
        item = ItemDiff(item_path, "added", MISSING, value, ())
        lines.append(item_title(item, names) + (f" [{item.id}]" if item.id else ""))
        cls = type(value) if isinstance(value, BaseModel) else None
        in_title = {"name", *(key_fields(cls) or ())} if cls is not None else set()
        for leaf in _leaves(value, (), cls, ""):
            if len(leaf.path) == 1 and leaf.path[0] in in_title:
                continue
            shown = words(leaf.after, leaf.owner, leaf.field, names, whole=True)
            where = where_words(cls, leaf.path, names)
            lines.append(f"  {where}: {shown}" if where else f"  {shown}")
    return "\n".join(lines) + "\n"


def _items_of(model: BaseModel, path: Path) -> Iterator[tuple[Path, Any]]:
    """The items of a blueprint, by key: every model in a list (nested ones too) and
    the top-level settings (the alliance)."""
    cls = type(model)
    for name in cls.model_fields:
        shape, _sub = field_shape(cls, name)
        value = getattr(model, name)
        if shape == "models":
            for item in sorted(value, key=item_key):
                here = (*path, name, item_key(item))
                yield here, item
                yield from _items_of(item, here)
        elif shape == "model" and value is not None:
            if not path:
                yield (name,), value
            yield from _items_of(value, (*path, name))


def _leaves(value: Any, path: Path, owner: type[BaseModel] | None, field: str) \
        -> Iterator[Change]:
    """The non-default leaves of a value, as changes from nothing (for listings).
    Lists of models hold items of their own and are left out here."""
    if isinstance(value, BaseModel):
        cls = type(value)
        for name, default in _listed_fields(cls):
            v = getattr(value, name)
            if default is _NO_DEFAULT or v != default:
                yield from _leaves(v, (*path, name), cls, name)
    elif isinstance(value, dict) and owner is not None and field_shape(owner, field)[0] == "dict":
        for k, v in value.items():
            yield from _leaves(v, (*path, k), owner, field)
    else:
        yield Change(path, MISSING, value, owner, field)
