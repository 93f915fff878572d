"""Stand-ins for rule results, to drive the problems dock without the rules engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from designer.core import edits


@dataclass(frozen=True)
class FakeFix:
    """A suggested fix that makes one function local again."""

    label: str
    function_id: str = "dogs"

    def apply(self, bp):
        return edits.update_element(bp, self.function_id, delivery="local", lead_force=None,
                                    command="")


@dataclass(frozen=True)
class FakeResult:
    rule: str
    severity: str
    message: str
    elements: tuple[str, ...]
    source: str = "Alliance principles"
    fix: Any = None
    waiver: Any = None
