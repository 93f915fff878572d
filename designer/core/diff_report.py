"""Two blueprints compared for people: the diff in words, then what it does to the
business case (savings in the target year, each force's net cost) and to the rules
(findings that are new or fixed). What ``designer diff`` prints and the app shows.

The diff itself is :mod:`designer.core.diff` (the one diff engine); this module adds
the finance model and the rules, which the engine stays free of.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from designer.core.diff import Diff, Names, describe, diff, item_words, jsonable, path_text
from designer.core.money import format_pence_short
from designer.core.schema import Blueprint


@dataclasses.dataclass(frozen=True)
class MoneyDiff:
    """What the changes do to the business case in one year (the target year)."""

    year: str | None
    savings: tuple[int, int]
    """Alliance savings that year, before and after, in pence."""
    target: tuple[int | None, int | None]
    net_cost: dict[str, tuple[int | None, int | None]]
    """Force id → its net cost that year, before and after (None: not a force then);
    only forces whose figure differs."""

    def __bool__(self) -> bool:
        return self.savings[0] != self.savings[1] or bool(self.net_cost) or \
            self.target[0] != self.target[1]


def money_diff(before: Blueprint, after: Blueprint) -> MoneyDiff:
    """Savings in the target year and each force's net cost then, before and after."""
    from designer.core import finance

    pa, pb = finance.project(before), finance.project(after)
    year = pb.target_year or pa.target_year or (pb.years[-1] if pb.years else None)
    if year is None:
        return MoneyDiff(None, (0, 0), (None, None), {})

    def savings(p: finance.Projection) -> int:
        a = p.alliance.get(year)
        return a.savings if a is not None else 0

    def net(p: finance.Projection, force: str) -> int | None:
        fy = p.by_force.get(force, {}).get(year)
        return fy.net_cost if fy is not None else None

    forces = list(dict.fromkeys((*pa.forces, *pb.forces)))
    costs = {f: (net(pa, f), net(pb, f)) for f in forces}
    return MoneyDiff(year, (savings(pa), savings(pb)), (pa.target_pence, pb.target_pence),
                     {f: v for f, v in costs.items() if v[0] != v[1]})


def money_words(m: MoneyDiff, names: Names) -> list[str]:
    """The business-case differences in words (nothing when the figures agree)."""
    if not m or m.year is None:
        return []
    out = []
    if m.savings[0] != m.savings[1]:
        out.append(f"savings in {m.year}: {format_pence_short(m.savings[0])} → "
                   f"{format_pence_short(m.savings[1])} a year "
                   f"({_signed(m.savings[1] - m.savings[0])})")
    if m.target[0] != m.target[1]:
        out.append(f"savings target: {_money_or_none(m.target[0])} → "
                   f"{_money_or_none(m.target[1])}")
    for force, (a, b) in m.net_cost.items():
        change = f" ({_signed(b - a)})" if a is not None and b is not None else ""
        out.append(f"{names(force)} net cost in {m.year}: {_money_or_none(a)} → "
                   f"{_money_or_none(b)}{change}")
    return out


def _signed(pence: int) -> str:
    return ("+" if pence > 0 else "-" if pence < 0 else "") + format_pence_short(abs(pence))


def _money_or_none(pence: int | None) -> str:
    return "none" if pence is None else format_pence_short(pence)


@dataclasses.dataclass(frozen=True)
class RuleDiff:
    """Findings that appear (``new``) and disappear (``fixed``) between two blueprints."""

    new: tuple[Any, ...]
    fixed: tuple[Any, ...]

    def __bool__(self) -> bool:
        return bool(self.new or self.fixed)


def rule_diff(before: Blueprint, after: Blueprint, *, base_dir: Any = None,
              after_dir: Any = None) -> RuleDiff:
    """The rules' findings compared; a finding is the same one when its rule, elements
    and message are (waived findings count as gone)."""
    from designer.core.rules.engine import Checker

    def findings(bp: Blueprint, folder: Any) -> dict[tuple, Any]:
        results = Checker(bp, base_dir=folder).results
        return {(r.rule, r.elements, r.message): r for r in results if not r.waived}

    a = findings(before, base_dir)
    b = findings(after, after_dir if after_dir is not None else base_dir)
    return RuleDiff(tuple(r for k, r in b.items() if k not in a),
                    tuple(r for k, r in a.items() if k not in b))


def rule_words(r: RuleDiff) -> list[str]:
    return [*(f"new {x.severity}: {x.message}" for x in r.new),
            *(f"fixed {x.severity}: {x.message}" for x in r.fixed)]


# ------------------------------------------------------------------ a whole report


@dataclasses.dataclass(frozen=True)
class Report:
    """A diff with its money and rule differences, for ``designer diff`` and the app."""

    diff: Diff
    money: MoneyDiff | None
    rules: RuleDiff | None
    before: Blueprint
    after: Blueprint

    def sections(self) -> list[tuple[str, list[str]]]:
        """(heading, lines): the changed items, then "Business case" and "Rules" when
        they differ."""
        names = Names(self.after, self.before)
        out = [("Changes", describe(self.diff, names=names))]
        money = money_words(self.money, names) if self.money else []
        if money:
            out.append(("Business case", money))
        found = rule_words(self.rules) if self.rules else []
        if found:
            out.append(("Rules", found))
        return out

    def lines(self) -> list[str]:
        """Every section as indented lines under its heading."""
        return [line for heading, lines in self.sections()
                for line in (f"{heading}:", *(f"  {x}" for x in lines))]

    def as_json(self) -> dict[str, Any]:
        names = Names(self.after, self.before)
        items = []
        for item in self.diff.items():
            entry: dict[str, Any] = {"path": path_text(item.path), "kind": item.kind,
                                     "status": item.status}
            if item.id is not None:
                entry["id"] = item.id
            entry["text"] = item_words(item, names)
            if item.status == "changed":
                entry["changes"] = [{"path": path_text(c.path), "before": jsonable(c.before),
                                     "after": jsonable(c.after)} for c in item.changes]
            else:
                entry["value"] = jsonable(item.after if item.status == "added" else item.before)
            items.append(entry)
        out: dict[str, Any] = {"same": not self.diff, "items": items}
        if self.money is not None:
            m = self.money
            out["money"] = {
                "year": m.year, "savings_pence": list(m.savings),
                "target_pence": list(m.target),
                "net_cost_pence": {f: list(v) for f, v in m.net_cost.items()},
                "text": money_words(m, names)}
        if self.rules is not None:
            from designer.core.rules import report as R

            out["rules"] = {"new": [R.result_json(r) for r in self.rules.new],
                            "fixed": [R.result_json(r) for r in self.rules.fixed]}
        return out


def report(before: Blueprint, after: Blueprint, *, money: bool = True, rules: bool = True,
           base_dir: Any = None, after_dir: Any = None) -> Report:
    """The diff, and (when it is not empty) what it does to money and findings."""
    d = diff(before, after)
    m = money_diff(before, after) if money and d else None
    r = rule_diff(before, after, base_dir=base_dir, after_dir=after_dir) if rules and d \
        else None
    return Report(d, m, r, before, after)
