"""What every rule is to the engine: units of work, and which changes touch which unit.

A rule splits its work into *units* (usually one per element it judges, or a
single ``None`` unit for a whole-blueprint check). The engine keeps each
unit's results and, after an edit, re-evaluates only the units that
:meth:`Rule.units_of` names for the changed items — asked once of the old
item against the old view and once of the new item against the new view. The
contract that keeps incremental checking exact: a unit's results depend only
on items whose ``units_of`` include that unit (a property test holds every
rule to it).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, ClassVar

from designer.core.rules.results import Fix, Result, RuleInfo
from designer.core.rules.view import NAMES_SHOWN, View

Unit = Hashable


class Rule:
    """Base class for declarative and registered (Python) rules."""

    kinds: ClassVar[frozenset[str]] = frozenset()
    """Kinds of change (element kinds, ``"link"``, ``"alliance.<field>"``) that can
    alter this rule's results. Forces added, removed or reordered re-check
    everything; a changed force (its name, PCC, …) counts as a ``"force"`` change."""

    watch: ClassVar[dict[str, frozenset[str]]] = {}
    """Per element kind, the only fields whose change can alter results; a change
    to other fields of that kind is skipped for this rule (additions and removals
    always count). Kinds not listed: every field counts."""

    fields: frozenset[str] = frozenset()
    """Element fields this rule reads that are otherwise presentation only (see
    ``engine.PRESENTATION``): a declarative rule may select or require any field."""

    def __init__(self, info: RuleInfo):
        self.info = info

    @property
    def id(self) -> str:
        return self.info.id

    def all_units(self, view: View) -> Iterable[Unit]:
        """Every unit that may have results (others must evaluate to nothing)."""
        return (None,)

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        """Units whose results may depend on this item (an element, link or value)."""
        return (None,)

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        raise NotImplementedError

    def result(self, message: str, elements: Iterable[str] = (), fix: Fix | None = None,
               detail: str = "") -> Result:
        return Result(rule=self.info.id, severity=self.info.severity, message=message,
                      elements=tuple(elements), source=self.info.source, fix=fix,
                      detail=detail if detail != message else "")

    def listing(self, view: View, say: Callable[[str], str], nodes: Iterable[str],
               elements: Iterable[str], limit: int = NAMES_SHOWN) -> Result:
        """A result whose message names ``nodes``: ``say(names)`` with the list cut
        short for the one-line message and whole for the detail."""
        nodes = tuple(nodes)
        return self.result(say(view.names_of(nodes, limit)), elements,
                           detail=say(view.names_of(nodes, None)))


class ElementRule(Rule):
    """A rule judging each element of one kind on its own (plus what it names)."""

    subject: ClassVar[str] = "function"

    def all_units(self, view: View) -> Iterable[Unit]:
        return [el.id for el in view.of_kind(self.subject) if self.candidate(view, el)]

    def units_of(self, view: View, kind: str, item: Any) -> Iterable[Unit]:
        return (item.id,) if kind == self.subject else ()

    def candidate(self, view: View, el: Any) -> bool:
        """Cheap filter: could this element have a result at all?"""
        return True

    def evaluate(self, view: View, unit: Unit) -> list[Result]:
        el = view.get(unit, self.subject)  # type: ignore[arg-type]
        if el is None or not self.candidate(view, el):
            return []
        return self.judge(view, el)

    def judge(self, view: View, el: Any) -> list[Result]:
        raise NotImplementedError


class RulePackError(Exception):
    """A rule pack that cannot be used: names the file, the rule and the field."""

    def __init__(self, file: str, message: str, rule: str | None = None,
                 field: str | None = None):
        self.file, self.rule, self.field = file, rule, field
        where = file
        if rule:
            where += f", rule {rule!r}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")
