"""Rules written as data: a selector (which elements) and a requirement (what must hold).

A pack rule such as

    [[rule]]
    id = "local-policing-stays-local"
    title = "Neighbourhood policing and incident response stay local"
    severity = "error"
    source = "Avon & Somerset–Wiltshire framework, March 2015"
    select = { kind = "function", category = ["local-policing/neighbourhood"] }
    require = { delivery = ["local"] }

becomes a :class:`SelectRule` (one requirement checked per selected element)
or a :class:`CountRule` (``require.count``: how many elements are selected).

Selector keys: ``kind`` (force, area, body, function, team; required),
``category`` (catalogue ids; a top-level id selects its sub-categories),
``tag``, ``tag_prefix``, ``delivery``, ``force`` (forces an element belongs
to or serves), ``where`` (field = value or list of values).
Requirements (exactly one): ``delivery`` (allowed models), ``present``
(fields that must be filled in), ``count`` (``min``/``max`` selected),
``linked`` (``link`` kind, ``direction`` "in"/"out", element ``from`` kind, ``min``).
``message`` may use {name}, {id}, {kind}, {delivery}, {allowed}, {category},
{missing}, {forces}, {count}, {min}, {max}, {link}.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable
from typing import Any, get_args

from designer.core import graph as G
from designer.core.catalogue import load_catalogue
from designer.core.delivery import MODELS as DELIVERY_MODELS
from designer.core.delivery import write_delivery
from designer.core.rules.base import ElementRule, Rule, RulePackError, Unit
from designer.core.rules.results import Fix, Result, RuleInfo
from designer.core.rules.view import ELEMENT_KINDS, View
from designer.core.schema import (
    ALLIANCE,
    Area,
    Body,
    Force,
    Function,
    LinkKind,
    Team,
    text_problem,
)

MODELS = {"force": Force, "area": Area, "body": Body, "function": Function, "team": Team}
SELECT_KEYS = {"kind", "category", "tag", "tag_prefix", "delivery", "force", "where"}
REQUIRE_KEYS = {"delivery", "present", "count", "linked"}
TEMPLATE_KEYS = {"name", "id", "kind", "delivery", "allowed", "category", "missing", "forces",
                 "count", "min", "max", "link", "direction", "other"}
DEFAULT_MESSAGES = {
    "delivery": "{name} is {delivery}, but this principle keeps it {allowed}",
    "present": "{name} has no {missing}",
    "count": "{count} {kind} elements match, but there must be {bounds}",
    "linked": "{name} has no '{link}' link {direction} a {other}",
}

Predicate = Callable[[View, Any], bool]


def _listed(value: Any, file: str, rule: str, field: str) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or \
            not all(isinstance(v, str) and v for v in values):
        raise RulePackError(file, "expected a text or a non-empty list of texts", rule, field)
    return values


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _filled(value: Any) -> bool:
    return value is not None and value != "" and value != () and value != {}


def element_forces(view: View, kind: str, el: Any) -> tuple[str, ...]:
    """Forces an element belongs to or serves (for the ``force`` selector)."""
    if kind == "force":
        return (el.id,)
    if kind == "area":
        return (el.force,)
    if kind == "team":
        return (el.owner,) if el.owner != ALLIANCE else view.bp.force_ids()
    if kind == "function":
        return view.bp.partners_of(el) or view.bp.force_ids()
    if kind == "body":
        return tuple(dict.fromkeys(r.split(".")[0] for r in (*el.chairs, *el.members)))
    return ()


def compile_selector(select: Any, file: str, rule: str) -> tuple[str, list[Predicate]]:
    if not isinstance(select, dict):
        raise RulePackError(file, "expected a table such as { kind = \"function\" }", rule,
                            "select")
    unknown = set(select) - SELECT_KEYS
    if unknown:
        raise RulePackError(file, f"unknown selector key(s) {', '.join(sorted(unknown))}; "
                            f"use {', '.join(sorted(SELECT_KEYS))}", rule, "select")
    kind = select.get("kind")
    if kind not in MODELS:
        raise RulePackError(file, f"kind must be one of {', '.join(MODELS)}, not {kind!r}", rule,
                            "select.kind")
    model = MODELS[kind]
    preds: list[Predicate] = []
    if "category" in select:
        if kind != "function":
            raise RulePackError(file, "only functions have a category", rule, "select.category")
        cats = _listed(select["category"], file, rule, "select.category")
        catalogue = load_catalogue()
        for c in cats:
            if c not in catalogue:
                raise RulePackError(file, f"{c!r} is not a catalogue category", rule,
                                    "select.category")
        exact = frozenset(cats)
        prefixes = tuple(c + "/" for c in cats if "/" not in c)
        preds.append(lambda v, el: el.category in exact or el.category.startswith(prefixes))
    if "tag" in select:
        tags = frozenset(_listed(select["tag"], file, rule, "select.tag"))
        preds.append(lambda v, el: not tags.isdisjoint(el.tags))
    if "tag_prefix" in select:
        prefix = select["tag_prefix"]
        if not isinstance(prefix, str) or not prefix:
            raise RulePackError(file, "expected a non-empty text", rule, "select.tag_prefix")
        preds.append(lambda v, el: any(t.startswith(prefix) for t in el.tags))
    if "delivery" in select:
        if kind != "function":
            raise RulePackError(file, "only functions have a delivery model", rule,
                                "select.delivery")
        models = frozenset(_delivery_list(select["delivery"], file, rule, "select.delivery"))
        preds.append(lambda v, el: el.delivery in models)
    if "force" in select:
        wanted = frozenset(_listed(select["force"], file, rule, "select.force"))
        preds.append(lambda v, el: not wanted.isdisjoint(element_forces(v, kind, el)))
    if "where" in select:
        where = select["where"]
        if not isinstance(where, dict) or not where:
            raise RulePackError(file, "expected a table of field = value", rule, "select.where")
        for field, value in where.items():
            if field not in model.model_fields:
                raise RulePackError(file, f"{_a(kind)} has no field {field!r}", rule,
                                    f"select.where.{field}")
            allowed = tuple(value) if isinstance(value, list) else (value,)
            preds.append(lambda v, el, f=field, a=allowed: getattr(el, f) in a)
    return kind, preds


def _delivery_list(value: Any, file: str, rule: str, field: str) -> list[str]:
    models = _listed(value, file, rule, field)
    for m in models:
        if m not in DELIVERY_MODELS:
            raise RulePackError(file, f"{m!r} is not a delivery model "
                                f"({', '.join(DELIVERY_MODELS)})", rule, field)
    return models


def _delivery_fix(el: Function, delivery: str) -> Fix | None:
    """A one-click move to ``delivery`` when it needs no choice from the user: to a model
    naming no force (local), or to one whose force is optional taking over the force the
    function names now (a shared function's host leads it as a joint unit)."""
    target, now = DELIVERY_MODELS[delivery], DELIVERY_MODELS[el.delivery]
    if target.force_field is None:
        changes = write_delivery(el, delivery)
        return Fix(el.id, tuple(changes.items()), f"set delivery of {el.name} to {delivery}")
    if target.force_required or now.force_field is None or not getattr(el, now.force_field):
        return None
    return Fix(el.id, tuple(write_delivery(el, delivery).items()),
               f"make {el.name} {delivery}")


def _check_template(template: Any, file: str, rule: str, extra: set[str]) -> str:
    if not isinstance(template, str) or not template.strip():
        raise RulePackError(file, "expected a non-empty text", rule, "message")
    why = text_problem(template, multiline=False, visible=True)
    if why is not None:
        raise RulePackError(file, f"the text {why}", rule, "message")
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise RulePackError(file, f"the message template is malformed: {exc}", rule,
                            "message") from None
    fields = []
    for _, f, spec, conversion in parts:
        if f is None:
            continue
        if spec or conversion or not f.isidentifier():
            # a format spec or index would run at check time: '{name:d}' raises,
            # '{name:>100000000}' prints 100 MB
            shown = f + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise RulePackError(file, f"message templates take only plain placeholders such "
                                f"as {{name}}, not {{{shown}}}", rule, "message")
        fields.append(f)
    for f in fields:
        if f not in TEMPLATE_KEYS | extra:
            raise RulePackError(
                file, f"unknown placeholder {{{f}}}; use {', '.join(sorted(TEMPLATE_KEYS))}",
                rule, "message")
    return template


class SelectRule(ElementRule):
    """Each selected element must meet one requirement."""

    def __init__(self, info: RuleInfo, subject: str, preds: list[Predicate], requirement: str,
                 arg: Any, template: str, fix: bool):
        super().__init__(info)
        self.subject = subject  # type: ignore[misc]
        self.preds = preds
        self.requirement = requirement
        self.arg = arg
        self.template = template
        self.offer_fix = fix
        self.kinds = frozenset({subject})  # type: ignore[misc]
        if requirement == "linked":
            self.kinds = ELEMENT_KINDS | {"link"}  # type: ignore[misc]

    def candidate(self, view: View, el: Any) -> bool:
        return all(p(view, el) for p in self.preds)

    names_forces = False

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        if kind == "force" and self.names_forces and self.subject != "force":
            return self.all_units(view)
        if self.requirement != "linked":
            return (item.id,) if kind == self.subject else ()
        if kind == "link":
            return (item.source, item.target)
        return (item.id, *(end for u, v, _ in G.field_edges(kind, item) for end in (u, v)))

    def _vars(self, view: View, el: Any) -> dict[str, Any]:
        cat = getattr(el, "category", "")
        return {"name": el.name, "id": el.id, "kind": self.subject,
                "delivery": getattr(el, "delivery", ""),
                "category": load_catalogue().name_of(cat) if cat else "",
                "forces": view.names_of(element_forces(view, self.subject, el)),
                "count": "", "min": "", "max": "", "link": "", "allowed": "", "missing": ""}

    def judge(self, view: View, el: Any) -> list[Result]:
        req, arg = self.requirement, self.arg
        fix = None
        if req == "delivery":
            if el.delivery in arg:
                return []
            extra = {"allowed": " or ".join(arg)}
            if self.offer_fix:
                fix = _delivery_fix(el, arg[0])
        elif req == "present":
            missing = [f for f in arg if not _filled(getattr(el, f))]
            if not missing:
                return []
            extra = {"missing": " or ".join(f.replace("_", " ") for f in missing)}
        else:  # linked
            link, direction, other, least = arg
            g = view.g
            ends = G._sources(g, el.id, link) if direction == "in" else \
                G._targets(g, el.id, link)
            n = sum(1 for e in ends if other is None or G.kind_of(g, e) == other)
            if n >= least:
                return []
            extra = {"link": link, "direction": "from" if direction == "in" else "to",
                     "other": other or "element"}
        values = self._vars(view, el) | extra
        return [self.result(self.template.format_map(values), (el.id,), fix)]


class CountRule(Rule):
    """How many elements the selector picks must lie within bounds."""

    def __init__(self, info: RuleInfo, subject: str, preds: list[Predicate],
                 bounds: tuple[int | None, int | None], template: str):
        super().__init__(info)
        self.subject = subject
        self.preds = preds
        self.bounds = bounds
        self.template = template
        self.kinds = frozenset({subject})  # type: ignore[misc]

    names_forces = False

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        return (None,) if kind in (self.subject, "force") else ()

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        chosen = [el.id for el in view.of_kind(self.subject)
                  if all(p(view, el) for p in self.preds)]
        low, high = self.bounds
        n = len(chosen)
        if (low is None or n >= low) and (high is None or n <= high):
            return []
        if low == high:
            bounds = f"exactly {low}"
        elif high is None:
            bounds = f"at least {low}"
        elif low is None:
            bounds = f"at most {high}"
        else:
            bounds = f"between {low} and {high}"
        values = {k: "" for k in TEMPLATE_KEYS} | {
            "count": n, "min": "" if low is None else low, "max": "" if high is None else high,
            "kind": self.subject, "bounds": bounds}
        return [self.result(self.template.format_map(values), sorted(chosen))]


def parse_rule(spec: dict[str, Any], info: RuleInfo, file: str) -> Rule:
    """Build a declarative rule from its pack table (``info`` already checked)."""
    rule = _parse_rule(spec, info, file)
    where = spec["select"].get("where", {})
    present = spec["require"].get("present", ())
    rule.fields = frozenset(where) | frozenset([present] if isinstance(present, str)
                                               else present)
    template = getattr(rule, "template", "")
    if "forces" in {f for _, f, _, _ in string.Formatter().parse(template) if f}:
        rule.names_forces = True  # a force's new name must re-render these messages
        rule.kinds = rule.kinds | {"force"}
    return rule


def _parse_rule(spec: dict[str, Any], info: RuleInfo, file: str) -> Rule:
    rid = info.id
    kind, preds = compile_selector(spec.get("select"), file, rid)
    require = spec.get("require")
    if not isinstance(require, dict) or len(require) != 1 or \
            next(iter(require)) not in REQUIRE_KEYS:
        raise RulePackError(file, "expected exactly one requirement: "
                            + ", ".join(sorted(REQUIRE_KEYS)), rid, "require")
    (req, value), = require.items()
    field = f"require.{req}"
    fix = spec.get("fix", True)
    if not isinstance(fix, bool):
        raise RulePackError(file, "expected true or false", rid, "fix")
    if "message" in spec:
        template = _check_template(spec["message"], file, rid,
                                   {"bounds"} if req == "count" else set())
    else:
        template = DEFAULT_MESSAGES[req]
    if req == "count":
        if not isinstance(value, dict) or not value or set(value) - {"min", "max"}:
            raise RulePackError(file, "expected { min = N, max = N } (either may be left out)",
                                rid, field)
        for k, v in value.items():
            if type(v) is not int or v < 0:
                raise RulePackError(file, f"{k} must be a whole number ≥ 0", rid, f"{field}.{k}")
        low, high = value.get("min"), value.get("max")
        if low is not None and high is not None and low > high:
            raise RulePackError(file, "min is larger than max", rid, field)
        return CountRule(info, kind, preds, (low, high), template)
    if req == "delivery":
        if kind != "function":
            raise RulePackError(file, "only functions have a delivery model", rid, field)
        arg: Any = tuple(_delivery_list(value, file, rid, field))
    elif req == "present":
        arg = tuple(_listed(value, file, rid, field))
        for f in arg:
            if f not in MODELS[kind].model_fields:
                raise RulePackError(file, f"{_a(kind)} has no field {f!r}", rid, field)
    else:
        if not isinstance(value, dict) or set(value) - {"link", "direction", "from", "min"}:
            raise RulePackError(file, "expected { link = KIND, direction = \"in\"|\"out\", "
                                "from = ELEMENT KIND, min = N }", rid, field)
        link = value.get("link")
        if link not in get_args(LinkKind):
            raise RulePackError(file, f"link must be one of {', '.join(get_args(LinkKind))}",
                                rid, f"{field}.link")
        direction = value.get("direction", "in")
        if direction not in ("in", "out"):
            raise RulePackError(file, "direction must be \"in\" or \"out\"", rid,
                                f"{field}.direction")
        other = value.get("from")
        if other is not None and other not in (*MODELS, "role"):
            raise RulePackError(file, f"from must be an element kind, not {other!r}", rid,
                                f"{field}.from")
        least = value.get("min", 1)
        if type(least) is not int or least < 0:
            raise RulePackError(file, "min must be a whole number ≥ 0", rid, f"{field}.min")
        arg = (link, direction, other, least)
    return SelectRule(info, kind, preds, req, arg, template, fix)
