"""Options: named variations of a blueprint, for the economic case.

The blueprint as drawn is the **base**. An option (``bp.options``, see
:class:`~designer.core.schema.Option`) says what it does differently: new values for
some fields of base elements (``changes``), elements it adds whole (``add``) and base
elements and links it removes (``remove``, ``remove_links``). **Business as usual** —
each force delivering every function itself at its baseline cost, with no
implementation costs and no savings — is always derived (:func:`business_as_usual`),
never stored.

    result = apply_option(bp, "dogs-local")       # the blueprint as that option has it
    content = diff_option(base, edited)           # what an option must hold to give `edited`

Applying is pure and runs in a fixed order: removals (with what goes with them, as
a delete in the app does), then additions, then changes. The result is checked by
the schema and reference checks an edit gets (each element it touches through its
own model, its references against the result's ids), so it is as valid as a loaded
file. Everything wrong with an option — a change naming a missing element or a field
an option cannot change, a value of the wrong type, the same field set twice, a
result that breaks the schema, an id used by two options — is a located
:class:`~designer.core.schema.Problem` (``options[2].changes[5].set.delivery``) of
that option alone: the base and the other options still open, and the broken option
is kept in the file as it is.

:func:`diff_option` is the inverse: what an option holds to turn the base into a
given blueprint, in a normal form (removals that others imply left out, changes in
schema order), so ``diff_option(base, apply_option(bp, id))`` gives back exactly the
option's changes (property-tested). The app records an edit made while an option is
selected with :func:`record_edit`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from designer.core import edits, references
from designer.core.delivery import LOCAL, force_fields
from designer.core.diff import label
from designer.core.references import json_path
from designer.core.schema import (
    ALLIANCE,
    ELEMENT_LISTS,
    KIND_OF_LIST,
    OPTION_FIELDS,
    Alliance,
    Blueprint,
    Element,
    LinkRef,
    Option,
    OptionAdditions,
    OptionChange,
    Problem,
    error_message,
)

ADDABLE = ("areas", "bodies", "functions", "teams")
"""Element lists an option may add to (forces are the alliance itself: not an option)."""
BASE = "base"
"""The key of the base blueprint among appraised cases (never an option's id: see
:func:`check_ids`)."""
BAU = "bau"
"""The key of business as usual among appraised cases."""


class OptionError(ValueError):
    """An option that cannot be applied (or an edit an option cannot hold); ``problems``
    are located in the document."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(map(str, problems[:5])))


class UnknownOption(OptionError, KeyError):
    """No option has that id; ``ids`` are the ones there are."""

    def __init__(self, option_id: str, ids: list[str]):
        self.option_id = option_id
        self.ids = ids
        known = ", ".join(ids) if ids else "the blueprint has no options"
        super().__init__([Problem(path="options", message=f"there is no option {option_id!r} "
                                  f"(options: {known})")])

    def __str__(self) -> str:
        return str(self.problems[0])


# ------------------------------------------------------------------ finding


def option_ids(bp: Blueprint) -> list[str]:
    """The options' ids, in file order, each once."""
    return list(dict.fromkeys(o.id for o in bp.options))


def find_option(bp: Blueprint, option_id: str) -> tuple[int, Option]:
    """(position, option) of the first option with that id; :class:`UnknownOption` if none."""
    for index, option in enumerate(bp.options):
        if option.id == option_id:
            return index, option
    raise UnknownOption(option_id, option_ids(bp))


def base_of(bp: Blueprint) -> Blueprint:
    """The base on its own: the blueprint without its options (what an option changes)."""
    return bp.model_copy(update={"options": ()}) if bp.options else bp


# ------------------------------------------------------------------ applying


@dataclasses.dataclass(frozen=True, slots=True)
class Applied:
    """One option applied: its result, or why there is none."""

    index: int
    option: Option
    result: Blueprint | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.result is not None


def apply_option(bp: Blueprint, option_id: str) -> Blueprint:
    """The blueprint as the option has it (without options of its own).

    Raises :class:`UnknownOption` for an id no option has, :class:`OptionError` with the
    located problems for an option that cannot be applied.
    """
    index, option = find_option(bp, option_id)
    applied = _apply(bp, index, option)
    if applied.result is None:
        raise OptionError(list(applied.problems))
    return applied.result


def applied_options(bp: Blueprint) -> list[Applied]:
    """Every option applied, in file order (a broken one with its problems, no result)."""
    base = base_of(bp)
    return [_apply(bp, i, o, base) for i, o in enumerate(bp.options)]


def option_problems(bp: Blueprint) -> list[Problem]:
    """Every located problem of every option (an empty list: all options apply)."""
    return [p for a in applied_options(bp) for p in a.problems]


def check_ids(bp: Blueprint) -> list[Problem]:
    """Option ids used twice (the later ones are the problem), or taken by a case the
    comparison always shows (``base``, ``bau``)."""
    problems = []
    first: dict[str, int] = {}
    for i, option in enumerate(bp.options):
        if option.id in (BASE, BAU):
            problems.append(_problem(option, f"options[{i}].id", f"{option.id!r} names the "
                                     f"{'base' if option.id == BASE else 'business as usual'} "
                                     "case in a comparison; choose another id"))
        elif option.id in first:
            problems.append(_problem(option, f"options[{i}].id", f"the id {option.id!r} is "
                                     f"already used by options[{first[option.id]}]; option ids "
                                     "are unique among the options"))
        else:
            first[option.id] = i
    return problems


_SECTIONS = {name: i for i, name in enumerate(Option.model_fields)}


def _document_order(problem: Problem) -> tuple:
    """Problems of one option in the order of the file: by section, then position."""
    parts = re.findall(r"\[(\d+)\]|\.?([^.\[]+)", problem.path)
    key: list[tuple[int, int | str]] = []
    for index, name in parts[2:]:  # after "options[i]"
        key.append((0, int(index)) if index else (1, _SECTIONS.get(name, 99)) if not key
                   else (1, name))
    return tuple(key)


def _problem(option: Option, path: str, message: str) -> Problem:
    return Problem(path=path, message=message, element=option.id)


def _apply(bp: Blueprint, index: int, option: Option, base: Blueprint | None = None) -> Applied:
    at = f"options[{index}]"
    problems = [p for p in check_ids(bp) if p.path == f"{at}.id"]
    result = _Application(base or base_of(bp), option, at)
    result.run()
    problems += sorted(result.problems, key=_document_order)
    if problems:
        return Applied(index, option, None, tuple(problems))
    return Applied(index, option, result.bp, ())


class _Application:
    """One option being applied to the base, gathering located problems as it goes."""

    def __init__(self, base: Blueprint, option: Option, at: str):
        self.bp = base
        self.option = option
        self.at = at
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(_problem(self.option, f"{self.at}.{path}", message))

    def run(self) -> None:
        self.base_links = {(ln.kind, ln.source, ln.target) for ln in self.bp.links} \
            if self.option.remove_links else set()
        self.removed = self._remove()
        self._remove_links()
        self.added = self._add()
        self._change()

    # ------------------------------------------------ removals

    def _remove(self) -> dict[str, int]:
        """Remove the elements named (and what goes with them); id → its place in remove."""
        named: dict[str, int] = {}
        for j, element_id in enumerate(self.option.remove):
            kind = edits.kind_of(self.bp, element_id)
            if kind is None or kind == "role":
                self.problem(f"remove[{j}]", f"{element_id!r} is not an element of the "
                             "blueprint")
            elif kind == "force":
                self.problem(f"remove[{j}]", "an option cannot remove a force: the forces are "
                             "the alliance every option is about")
            elif element_id in named:
                self.problem(f"remove[{j}]", f"{element_id!r} is removed twice (first at "
                             f"remove[{named[element_id]}])")
            else:
                named[element_id] = j
        if named:
            self.bp = edits.remove_elements(self.bp, named)
        return named

    def _remove_links(self) -> None:
        if not self.option.remove_links:
            return
        gone: set[tuple[str, str, str]] = set()
        for j, ref in enumerate(self.option.remove_links):
            key = (ref.kind, ref.source, ref.target)
            if key in gone:
                self.problem(f"remove_links[{j}]", "the same link is removed twice")
            elif key not in self.base_links:
                self.problem(f"remove_links[{j}]", f"there is no {ref.kind} link from "
                             f"{ref.source!r} to {ref.target!r} in the blueprint")
            gone.add(key)
        links = tuple(ln for ln in self.bp.links if (ln.kind, ln.source, ln.target) not in gone)
        if len(links) != len(self.bp.links):
            self.bp = self.bp.model_copy(update={"links": links})

    # ------------------------------------------------ additions

    def _add(self) -> dict[str, str]:
        """Add the elements (ids first, then their references, as they may name each
        other); id → its path in the option."""
        add = self.option.add
        added: dict[str, str] = {}
        update: dict[str, tuple] = {}
        for list_name in ADDABLE:
            new = []
            for k, element in enumerate(getattr(add, list_name)):
                path = f"add.{list_name}[{k}]"
                if element.id in added:
                    self.problem(f"{path}.id", f"the id {element.id!r} is added twice (first "
                                 f"at {added[element.id]})")
                elif edits.kind_of(self.bp, element.id) is not None or element.id == ALLIANCE:
                    self.problem(f"{path}.id", f"the id {element.id!r} is already used in the "
                                 "blueprint (ids are unique in the whole document)")
                else:
                    added[element.id] = path
                    new.append(element)
            if new:
                update[list_name] = (*getattr(self.bp, list_name), *new)
        if update:
            self.bp = self.bp.model_copy(update=update)
        for list_name in ADDABLE:
            for k, element in enumerate(getattr(add, list_name)):
                if added.get(element.id) == f"add.{list_name}[{k}]":
                    for error in edits.reference_errors(self.bp, element):
                        field, _, message = error.partition(": ")
                        self.problem(f"add.{list_name}[{k}].{field}", message)
        links = list(self.bp.links)
        for k, link in enumerate(add.links):
            refusal = edits.link_refusal(self.bp.model_copy(update={"links": tuple(links)}),
                                         link.kind, link.source, link.target)
            if refusal:
                self.problem(f"add.links[{k}]", refusal)
            else:
                links.append(link)
        if len(links) != len(self.bp.links):
            self.bp = self.bp.model_copy(update={"links": tuple(links)})
        return added

    # ------------------------------------------------ changes

    def _change(self) -> None:
        by_element: dict[str, dict[str, tuple[int, Any]]] = {}  # id → field → (entry, value)
        for j, change in enumerate(self.option.changes):
            target = self._target(j, change)
            if target is None:
                continue
            kind, model = target
            fields = by_element.setdefault(change.element, {})
            for field, value in change.set.items():
                path = f"changes[{j}].set.{field}"
                if field in fields:
                    self.problem(path, f"sets the {field} of {change.element!r} a second time "
                                 f"(first at {self.at}.changes[{fields[field][0]}]); keep one")
                    continue
                typed = self._value(path, kind, model, field, value)
                if typed is not _INVALID:
                    fields[field] = (j, typed)
        by_list: dict[str, dict[int, Element]] = {}
        for element_id, fields in by_element.items():
            if not fields:
                continue
            first = min(j for j, _ in fields.values())
            values = {f: v for f, (_, v) in fields.items()}
            if element_id == ALLIANCE:
                self._change_alliance(first, values)
                continue
            list_name, i, element = edits.find(self.bp, element_id)
            new = self._validated(type(element), element, values, f"changes[{first}]",
                                  element.name)
            if new is None:
                continue
            for error in edits.reference_errors(self.bp, new):
                field, _, message = error.partition(": ")
                j = fields[field][0] if field in fields else first
                self.problem(f"changes[{j}].set.{field}" if field in fields else
                             f"changes[{j}]", message)
            by_list.setdefault(list_name, {})[i] = new
        if by_list:
            update = {}
            for list_name, changed in by_list.items():
                items = list(getattr(self.bp, list_name))
                for i, element in changed.items():
                    items[i] = element
                update[list_name] = tuple(items)
            self.bp = self.bp.model_copy(update=update)

    def _target(self, j: int, change: OptionChange) -> tuple[str, type[BaseModel]] | None:
        """The kind and model of the element a change names, or None (a problem noted)."""
        element_id = change.element
        if element_id == ALLIANCE:
            kind, model = "alliance", Alliance
        elif element_id in self.removed:
            self.problem(f"changes[{j}].element", f"{element_id!r} is removed by this option "
                         f"(remove[{self.removed[element_id]}]); a change to it would be lost")
            return None
        elif element_id in self.added:
            self.problem(f"changes[{j}].element", f"{element_id!r} is added by this option: "
                         f"give its fields where it is added ({self.added[element_id]})")
            return None
        else:
            found = edits.kind_of(self.bp, element_id)
            if found is None or found == "role":
                gone = " (it went with an element this option removes)" \
                    if found is None and self.removed else ""
                self.problem(f"changes[{j}].element", f"{element_id!r} is not an element of "
                             f"the blueprint{gone}")
                return None
            kind, model = found, type(edits.find(self.bp, element_id)[2])
        if kind not in OPTION_FIELDS:
            self.problem(f"changes[{j}].element", f"an option cannot change {_a(kind)}; it "
                         f"changes functions, teams and the alliance's default savings")
            return None
        if not change.set:
            self.problem(f"changes[{j}].set", "changes nothing: name a field and its value")
        return kind, model

    def _value(self, path: str, kind: str, model: type[BaseModel], field: str,
               value: Any) -> Any:
        allowed = OPTION_FIELDS[kind]
        if field not in allowed:
            what = f"{_a(kind)} has no field {field!r}" if field not in model.model_fields \
                else f"an option cannot change {_the(kind)}'s {field}"
            self.problem(path, f"{what}; an option can change {_listed(allowed)}")
            return _INVALID
        try:
            return _adapter(model, field).validate_json(json.dumps(value), strict=True)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            inner = json_path(tuple(p for p in err["loc"]  # not a union member's tag
                                    if not (isinstance(p, str) and ("[" in p or p in _TAGS))))
            message = error_message(err)
            if "input" in err and not isinstance(err["input"], dict | list):
                message += f", not {json.dumps(err['input'], ensure_ascii=False)[:40]}"
            self.problem(f"{path}.{inner}" if inner else path, message)
            return _INVALID

    def _validated(self, model: type[BaseModel], old: BaseModel, values: Mapping[str, Any],
                   path: str, name: str) -> Any:
        data = {n: getattr(old, n) for n in model.model_fields} | dict(values)
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                self.problem(path, f"with this option, {name} breaks the schema: "
                             f"{error_message(err)}")
            return None

    def _change_alliance(self, j: int, values: Mapping[str, Any]) -> None:
        new = self._validated(Alliance, self.bp.alliance, values, f"changes[{j}]", "the alliance")
        if new is not None:
            self.bp = self.bp.model_copy(update={"alliance": new})


_INVALID = object()
_TAGS = frozenset(("str", "int", "float", "bool", "none", "list", "tuple", "dict"))


@functools.cache
def _adapter(model: type[BaseModel], field: str) -> TypeAdapter:
    """Validates one field's value exactly as the schema does (its type and limits)."""
    from typing import Annotated

    info = model.model_fields[field]
    annotation = Annotated[info.annotation, *info.metadata] if info.metadata \
        else info.annotation
    return TypeAdapter(annotation)


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _the(kind: str) -> str:
    return "the alliance" if kind == "alliance" else _a(kind)


def _listed(fields: Iterable[str]) -> str:
    fields = list(fields)
    return fields[0] if len(fields) == 1 else f"{', '.join(fields[:-1])} and {fields[-1]}"


# ------------------------------------------------------------------ the inverse


@dataclasses.dataclass(frozen=True, slots=True)
class Content:
    """What an option does, without its name and status: the part :func:`diff_option`
    works out. ``in_option(option)`` puts it into an option."""

    changes: tuple[OptionChange, ...] = ()
    add: OptionAdditions = dataclasses.field(default_factory=OptionAdditions)
    remove: tuple[str, ...] = ()
    remove_links: tuple[LinkRef, ...] = ()

    def in_option(self, option: Option) -> Option:
        return option.model_copy(update={"changes": self.changes, "add": self.add,
                                         "remove": self.remove,
                                         "remove_links": self.remove_links})

    def __bool__(self) -> bool:
        return bool(self.changes or self.add or self.remove or self.remove_links)


def content_of(option: Option) -> Content:
    return Content(option.changes, option.add, option.remove, option.remove_links)


def diff_option(base: Blueprint, result: Blueprint) -> Content:
    """What an option must hold to turn ``base`` into ``result``, in normal form.

    Removals list only what is not implied (a team goes with its function without being
    named); a change to what a removal already cleared is not listed; changes come in
    document order with fields in schema order. Raises :class:`OptionError` for a
    difference an option cannot hold (a renamed function, a changed force, a moved node).
    Where the base and result list the same elements in another order, the order is
    not kept (an option adds at the end of a list).
    """
    base = base_of(base)
    result = base_of(result)
    remove = _roots(base, result)
    middle = edits.remove_elements(base, remove) if remove else base
    add: dict[str, tuple] = {}
    changes: list[OptionChange] = []
    problems: list[Problem] = []
    for list_name in ELEMENT_LISTS:
        before = {e.id: e for e in getattr(middle, list_name)}
        new = []
        for i, element in enumerate(getattr(result, list_name)):
            old = before.get(element.id)
            if old is None:
                new.append(element)
            elif old is not element and old != element:
                change = _element_change(KIND_OF_LIST[list_name], old, element, problems,
                                         f"{list_name}[{i}]")
                if change is not None:
                    changes.append(change)
        if new:
            if list_name not in ADDABLE:
                problems.append(Problem(path=list_name, message="an option cannot add a force"))
            else:
                add[list_name] = tuple(new)
    if middle.alliance != result.alliance:
        change = _element_change("alliance", middle.alliance, result.alliance, problems,
                                 "alliance")
        if change is not None:
            changes.append(change)
    kept = set(result.links)
    remove_links = tuple(LinkRef(kind=ln.kind, source=ln.source, target=ln.target)
                         for ln in middle.links if ln not in kept)
    had = set(middle.links)
    added_links = tuple(ln for ln in result.links if ln not in had)
    if problems:
        raise OptionError(problems)
    return Content(tuple(changes), OptionAdditions(**add, links=added_links),
                   tuple(remove), remove_links)


def _roots(base: Blueprint, result: Blueprint) -> list[str]:
    """Base elements missing from ``result`` that no other missing element takes with it."""
    kept = {e.id for _l, _i, e in result.elements()}
    missing = [e for _l, _i, e in base.elements() if e.id not in kept]
    gone = {e.id for e in missing}
    return [e.id for e in missing if not references.cascades(e, gone)]


def _element_change(kind: str, old: BaseModel, new: BaseModel, problems: list[Problem],
                    path: str) -> OptionChange | None:
    allowed = OPTION_FIELDS.get(kind, ())
    values: dict[str, Any] = {}
    element_id = getattr(new, "id", ALLIANCE)
    for field in type(old).model_fields:
        a, b = getattr(old, field), getattr(new, field)
        if a is b or a == b:
            continue
        if field not in allowed:
            what = "the alliance" if kind == "alliance" else f"{_a(kind)}"
            can = f"; it can change {_listed(allowed)}" if allowed else ""
            problems.append(Problem(path=f"{path}.{field}", element=element_id * (
                kind != "alliance"), message=f"an option cannot change the {field} of {what}"
                f"{can}"))
            continue
        values[field] = json_value(b)
    if not values:
        return None
    return OptionChange(element=element_id, set=values)


def json_value(value: Any) -> Any:
    """A field's value as an option stores it (plain JSON; models without defaults)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, tuple | list):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    return value


# ------------------------------------------------------------------ business as usual


BAU_NAME = "Business as usual"


def business_as_usual(bp: Blueprint) -> Blueprint:
    """Every force delivers every function itself at its baseline cost: no shared or joint
    units, no implementation costs, no savings. Derived, never stored (go-live years and
    ramp-ups are kept, so the years projected are the base's)."""
    bau_fields = {"delivery": LOCAL, "partners": (), **dict.fromkeys(force_fields()),
                  "savings_percent": 0.0, "savings_source": "",
                  "implementation_cost_pence": 0}
    functions = tuple(fn.model_copy(update=bau_fields) for fn in bp.functions)
    defaults = bp.alliance.savings_defaults.model_copy(update={"local": 0.0})
    alliance = bp.alliance.model_copy(update={"savings_defaults": defaults})
    return bp.model_copy(update={"functions": functions, "alliance": alliance, "options": ()})


# ------------------------------------------------------------------ edits of options


Mark = Literal["changed", "added", "removed"]


def marks(bp: Blueprint, option_id: str) -> dict[str, Mark]:
    """Element id → how the option touches it, for marking them in the views (elements
    that go with a removed one are marked removed too)."""
    _, option = find_option(bp, option_id)
    out: dict[str, Mark] = {}
    for change in option.changes:
        if change.element != ALLIANCE:
            out[change.element] = "changed"
    for list_name in ADDABLE:
        for element in getattr(option.add, list_name):
            out[element.id] = "added"
    if option.remove:
        base = base_of(bp)
        after = edits.remove_elements(base, [i for i in option.remove
                                             if edits.kind_of(base, i) not in (None, "role",
                                                                               "force")])
        kept = {e.id for _l, _i, e in after.elements()}
        for _l, _i, e in base.elements():
            if e.id not in kept:
                out[e.id] = "removed"
    return out


def put_option(bp: Blueprint, option: Option) -> Blueprint:
    """The blueprint with ``option`` in place of the one with its id (or added last)."""
    options = list(bp.options)
    for i, o in enumerate(options):
        if o.id == option.id:
            options[i] = option
            break
    else:
        options.append(option)
    return bp.model_copy(update={"options": tuple(options)})


def remove_option(bp: Blueprint, option_id: str) -> Blueprint:
    index, _ = find_option(bp, option_id)
    return bp.model_copy(update={"options": bp.options[:index] + bp.options[index + 1:]})


def update_option(bp: Blueprint, option_id: str, **fields: Any) -> Blueprint:
    """Rename, describe or set the status of an option (validated; not its id)."""
    index, option = find_option(bp, option_id)
    if "id" in fields and fields["id"] != option_id:
        raise edits.EditError("an option's id cannot be changed")
    try:
        new = Option.model_validate(
            {n: getattr(option, n) for n in Option.model_fields} | fields)
    except ValidationError as exc:
        raise edits.EditError("; ".join(f"{'.'.join(map(str, e['loc']))}: {error_message(e)}"
                                        for e in exc.errors(include_url=False))) from None
    options = list(bp.options)
    options[index] = new
    return bp.model_copy(update={"options": tuple(options)})


def new_option_id(bp: Blueprint, name: str) -> str:
    """A fresh option id made from a name (numbered if taken)."""
    cleaned = "".join(c if c.isalnum() else "-" for c in name.lower())
    cleaned = "-".join(p for p in cleaned.split("-") if p)[:56] or "option"
    if not cleaned[0].isalnum():
        cleaned = "o" + cleaned
    taken = {o.id for o in bp.options} | {BASE, BAU}
    if cleaned not in taken:
        return cleaned
    n = 2
    while f"{cleaned}-{n}" in taken:
        n += 1
    return f"{cleaned}-{n}"


def new_option(bp: Blueprint, name: str, *, like: str | None = None,
               status: str = "long-list") -> tuple[Blueprint, str]:
    """Add an option named ``name`` (a copy of option ``like``'s content, or empty: the
    base as it is); returns the blueprint and the new option's id."""
    option_id = new_option_id(bp, name)
    content = content_of(find_option(bp, like)[1]) if like else Content()
    option = content.in_option(Option.model_validate({"id": option_id, "name": name,
                                                      "status": status}))
    return put_option(bp, option), option_id


def record_edit(bp: Blueprint, option_id: str, edited: Blueprint) -> Blueprint:
    """The blueprint whose option ``option_id`` gives ``edited`` (an edit made while the
    option was selected): the base stays as it was. :class:`OptionError` if the edit is
    one an option cannot hold."""
    _, option = find_option(bp, option_id)
    content = diff_option(bp, edited)
    return put_option(bp, content.in_option(option))


# ------------------------------------------------------------------ the app's view of an option


SHARED_LISTS = ("challenges", "conflicts", "walkthroughs")
"""What the file holds for every view alike (the decision log, merge conflicts, demand
walk-throughs): an edit made while an option is shown changes them in the file itself."""

STATUS_WORDS = {"long-list": "long list", "short-list": "short list",
                "preferred": "preferred", "rejected": "rejected"}
"""An option's status in words (the switcher, the menus)."""

MARK_BADGES: dict[str, str] = {"changed": "Δ", "added": "+", "removed": "−"}
"""The glyph a marked element's badge shows (words in its tooltip, never colour alone)."""


def option_label(option: Option) -> str:
    """How the switcher and menus name an option: its name and status."""
    return f"{option.name} ({STATUS_WORDS.get(option.status, option.status)})"


def record_view_edit(bp: Blueprint, option_id: str, edited: Blueprint) -> Blueprint:
    """The file after an edit made while option ``option_id`` was shown (``edited``: the
    shown blueprint, edited).

    What belongs to the file as a whole rather than to one option — the decision log,
    merge conflicts, walk-throughs, the rules' waivers and where base elements are
    drawn — is written to the file itself, so every view has it (an option says how
    functions are delivered, not where a node sits). The rest goes into the option's
    changes (:func:`record_edit`); :class:`OptionError` for an edit an option cannot hold
    (a rename, a new force …): refuse it.
    """
    find_option(bp, option_id)
    update: dict[str, Any] = {name: getattr(edited, name) for name in SHARED_LISTS
                              if getattr(edited, name) is not getattr(bp, name)
                              and getattr(edited, name) != getattr(bp, name)}
    waivers = edited.alliance.waivers
    if waivers is not bp.alliance.waivers and waivers != bp.alliance.waivers:
        update["alliance"] = bp.alliance.model_copy(update={"waivers": waivers})
    moved = _moved(bp, edited)
    update |= moved
    file = bp.model_copy(update=update) if update else bp
    return record_edit(file, option_id, edited)


def _moved(bp: Blueprint, edited: Blueprint) -> dict[str, tuple]:
    """The base's element lists with the positions ``edited`` gives base elements (only
    the lists where one moved)."""
    out: dict[str, tuple] = {}
    for list_name in ELEMENT_LISTS:
        base_list, shown = getattr(bp, list_name), getattr(edited, list_name)
        if base_list is shown:
            continue
        position = {e.id: e.position for e in shown}
        items, moved = list(base_list), False
        for i, element in enumerate(items):
            new = position.get(element.id, element.position)
            if new != element.position:
                items[i] = element.model_copy(update={"position": new})
                moved = True
        if moved:
            out[list_name] = tuple(items)
    return out


def mark_tips(bp: Blueprint, option_id: str) -> dict[str, str]:
    """Element id → the words a marked element's tooltip adds: which option, and what it
    does to the element (the fields it sets)."""
    _, option = find_option(bp, option_id)
    fields: dict[str, list[str]] = {}
    for change in option.changes:
        fields.setdefault(change.element, []).extend(change.set)
    name = f"“{option.name}”"
    out: dict[str, str] = {}
    for element_id, mark in marks(bp, option_id).items():
        if mark == "changed":
            what = _listed([label(f) for f in dict.fromkeys(fields.get(element_id, ()))])
            out[element_id] = f"Option {name} changes its {what}"
        elif mark == "added":
            out[element_id] = f"Added by option {name}"
        else:
            out[element_id] = f"Removed by option {name}"
    return out
