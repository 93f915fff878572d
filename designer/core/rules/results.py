"""What a rule reports: results, suggested fixes and the rule's own description."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from designer.core.schema import Blueprint, Waiver

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested repair as data: set each field of ``element`` to its value.

    ``changes`` holds every field to set, in order — a shared→local fix sets
    ``delivery`` to ``"local"`` *and* clears ``host_force``/``lead_force`` —
    so the app applies them together as one edit (see :func:`apply_fix`).
    ``field``/``value`` are the first (main) change, for simple displays.
    """

    element: str
    changes: tuple[tuple[str, object], ...]
    label: str

    @property
    def field(self) -> str:
        return self.changes[0][0]

    @property
    def value(self) -> object:
        return self.changes[0][1]

    def apply(self, bp: Blueprint) -> Blueprint:
        """The blueprint with this fix made (``edits.EditError`` if it no longer fits)."""
        from designer.core.edits import update_element

        return update_element(bp, self.element, **dict(self.changes))


@dataclass(frozen=True, slots=True)
class Result:
    """One finding: which rule, how serious, what is wrong (by name) and where (by id)."""

    rule: str
    severity: Severity
    message: str
    elements: tuple[str, ...]
    source: str
    fix: Fix | None = None
    waiver: Waiver | None = None
    detail: str = ""
    """The message with every name listed, when ``message`` cuts a long list short
    ("… and 3 more") to fit one line; empty when the message is already whole."""
    option: str = ""
    """The id of the option the finding belongs to (``designer check`` runs the rules on
    every option); empty for the blueprint as drawn."""

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    @property
    def full_message(self) -> str:
        """Everything the finding says, nothing cut: for reading it in full."""
        return self.detail or self.message


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule as listed by ``designer rules``: id, title, severity, source, pack."""

    id: str
    title: str
    severity: Severity
    source: str
    pack: str
    description: str = ""
    kind: Literal["declarative", "python"] = "declarative"
    selects: str = field(default="", compare=False)
