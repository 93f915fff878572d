"""Running the rules: a full check, and an incremental checker that follows edits.

    >>> results = check(bp)                      # every rule of the blueprint's packs
    >>> checker = Checker(bp)
    >>> results = checker.update(edited_bp)      # re-runs only what the edit touched

The incremental result set always equals a full check of the same blueprint
(a property test applies random edits to hold it to that).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

from designer.core.gc_pause import gc_paused
from designer.core.rules import packs as P
from designer.core.rules.base import Rule, RulePackError, Unit
from designer.core.rules.results import Result, RuleInfo
from designer.core.rules.view import ELEMENT_KINDS, Change, View, diff
from designer.core.schema import Blueprint, Waiver

UNUSED_WAIVER = "unused-waiver"
PACK_ERROR = "rule-pack"
"""Rule id of the error a check reports for a pack it could not use."""
ALLIANCE_TARGET = "alliance"
"""What a waiver names to waive a finding about no particular element."""


PRESENTATION = frozenset({
    "position", "notes", "source", "illustrative", "colour", "short_code", "population",
    "officers_fte", "staff_fte", "net_budget_pence", "savings_source",
    "implementation_cost_pence", "external_members", "fte"})
"""Element fields no built-in rule reads: an edit of only these (dragging a node,
typing notes) re-checks nothing, unless a loaded declarative rule names the field."""


def _changed_fields(change: Change) -> frozenset[str] | None:
    """Names of the fields an element change touched (``None``: added, removed or not an
    element)."""
    if change.old is None or change.new is None or change.kind not in ELEMENT_KINDS:
        return None
    old, new = change.old.__dict__, change.new.__dict__
    return frozenset(k for k in old if old[k] != new[k])


class Checker:
    """Keeps a blueprint's results current across edits.

    ``packs``: pack names or files to use instead of ``alliance.rule_packs``
    (the ``structure`` pack always runs). ``base_dir``: folder that relative
    pack paths are read from (the blueprint's folder). A pack that cannot be
    used never stops the check: it becomes an error result (rule
    ``"rule-pack"``) and is listed in ``pack_errors``.
    """

    def __init__(self, bp: Blueprint, packs: Sequence[P.PackRef] | None = None, *,
                 base_dir: str | os.PathLike[str] | None = None):
        self._packs = list(packs) if packs is not None else None
        self._base = Path(base_dir) if base_dir is not None else None
        with gc_paused():
            self.view = View(bp)
            self.rules: list[Rule] = []
            self._store: list[dict[Unit, tuple[Result, ...]]] = []
            self._load_rules()
            self._full()
            self.results: list[Result] = self._assemble()

    # ------------------------------------------------ public

    def update(self, new_bp: Blueprint, touched: frozenset[str] | None = None) -> list[Result]:
        """Results for ``new_bp``, re-running only rules whose inputs changed.

        ``touched`` (the ids the edit changed) is accepted for callers that
        know it, but not needed: unchanged elements are found by identity and
        equality, so the answer is exact whatever is passed.
        """
        old_bp = self.view.bp
        if new_bp is old_bp:
            return self.results
        changes = diff(old_bp, new_bp)
        touched_fields = [_changed_fields(c) for c in changes]
        meaningful = [(c, f) for c, f in zip(changes, touched_fields, strict=True)
                      if f is None or not f <= self._presentation]
        kinds = {c.kind for c, _ in meaningful}
        if "alliance.rule_packs" in kinds and self._packs is None:
            self.view.apply(new_bp, changes)
            self._load_rules()
            with gc_paused():
                self._full()
        elif old_bp.force_ids() != new_bp.force_ids():  # forces added, removed or reordered
            self.view.apply(new_bp, changes)
            with gc_paused():
                self._full()
        elif kinds - {"alliance.waivers"}:
            self._incremental(new_bp, meaningful, changes)
        else:  # presentation or waivers only: nothing to re-run
            self.view.apply(new_bp, changes)
        self.results = self._assemble()
        return self.results

    # ------------------------------------------------ internals

    def _load_rules(self) -> None:
        self.pack_errors: list[RulePackError] = []
        self.rules = P.resolve(self._packs, self.view.bp.alliance.rule_packs, self._base,
                               self.pack_errors)
        self._index = {r.id: i for i, r in enumerate(self.rules)}
        self._presentation = PRESENTATION - frozenset().union(*(r.fields for r in self.rules))
        self._pack_results = [
            Result(rule=PACK_ERROR, severity="error", elements=(), source=e.file,
                   message=f"The rule pack {e.file} cannot be used, so its rules were not "
                   f"checked: {e}") for e in self.pack_errors]

    def _full(self) -> None:
        view = self.view
        self._store = []
        for rule in self.rules:
            store: dict[Unit, tuple[Result, ...]] = {}
            for unit in rule.all_units(view):
                found = rule.evaluate(view, unit)
                if found:
                    store[unit] = tuple(found)
            self._store.append(store)

    def _incremental(self, new_bp: Blueprint,
                     meaningful: list[tuple[Change, frozenset[str] | None]],
                     everything: list[Change]) -> None:
        """Re-run the units the meaningful changes touch (a rule skips a change to
        fields it does not watch); apply every change to the view."""
        view = self.view
        relevant = [[c for c, f in meaningful if c.kind in rule.kinds
                     and (f is None or c.kind not in rule.watch or f & rule.watch[c.kind])]
                    for rule in self.rules]
        affected: list[set[Unit]] = []
        for rule, mine in zip(self.rules, relevant, strict=True):
            units: set[Unit] = set()
            for c in mine:
                if c.old is not None:
                    units.update(rule.units_of(view, c.kind, c.old))
            affected.append(units)
        view.apply(new_bp, everything)
        for rule, mine, units, store in zip(self.rules, relevant, affected, self._store,
                                            strict=True):
            for c in mine:
                if c.new is not None:
                    units.update(rule.units_of(view, c.kind, c.new))
            for unit in units:
                found = rule.evaluate(view, unit)
                if found:
                    store[unit] = tuple(found)
                else:
                    store.pop(unit, None)

    def _assemble(self) -> list[Result]:
        found = [r for store in self._store for results in store.values() for r in results]
        index = self._index
        found.sort(key=lambda r: (index[r.rule], r.elements, r.message))
        found[:0] = self._pack_results
        waivers = self.view.bp.alliance.waivers
        if not waivers:
            return found
        by_key: dict[tuple[str, str], Waiver] = {}
        for w in waivers:
            by_key.setdefault((w.rule, w.element), w)
        used: set[tuple[str, str]] = set()
        out = []
        for r in found:
            waiver = None
            for element in r.elements or (ALLIANCE_TARGET,):
                w = by_key.get((r.rule, element))
                if w is not None:
                    used.add((r.rule, element))
                    waiver = waiver or w
            out.append(dataclasses.replace(r, waiver=waiver) if waiver else r)
        for w in waivers:
            if (w.rule, w.element) not in used:
                out.append(self._unused(w))
        return out

    def _unused(self, w: Waiver) -> Result:
        view = self.view
        known = view.kind(w.element) is not None
        what = view.name(w.element) if known else w.element
        if w.rule not in self._index:
            why = f"names rule {w.rule!r}, which is not in the rule packs in use"
        else:
            why = "matches no finding: remove it if the problem has been fixed"
        return Result(
            rule=UNUSED_WAIVER, severity="info",
            message=f"The waiver of {w.rule} for {what} ({w.author}, {w.date.isoformat()}) {why}",
            elements=(w.element,) if known else (), source="alliance.waivers", waiver=None)


def check(bp: Blueprint, packs: Sequence[P.PackRef] | None = None, *,
          base_dir: str | os.PathLike[str] | None = None) -> list[Result]:
    """Every rule of the packs in use (default: the blueprint's), in a stable order."""
    return Checker(bp, packs, base_dir=base_dir).results


def available_rules(packs: Sequence[P.PackRef] | None = None, *,
                    base_dir: str | os.PathLike[str] | None = None) -> list[RuleInfo]:
    """The rules a check would run with these packs (default: the bundled defaults)."""
    base = Path(base_dir) if base_dir is not None else None
    return [r.info for r in P.resolve(packs, P.DEFAULT, base)]
