"""What an import (or a bulk edit) changes, in words: the lines a dry run prints and the
app's import preview lists.

    change_lines(before, after)   # ['Dogs: baseline of Wiltshire Police £1,000 → £1,200']

One function, so the wording can become the semantic diff's (``designer.core.diff``)
in one place once that lands; until then this says, per element, which fields
changed and from what to what.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from designer.core.money import format_pence
from designer.core.schema import ELEMENT_LISTS, KIND_OF_LIST, Blueprint, ForceFigures


def change_lines(before: Blueprint, after: Blueprint) -> list[str]:
    """One line per element added, removed or changed, in the blueprint's order."""
    names = {f.id: f.name for f in after.forces} | {f.id: f.name for f in before.forces}
    lines: list[str] = []
    for list_name in ELEMENT_LISTS:
        old, new = getattr(before, list_name), getattr(after, list_name)
        if old is new:
            continue
        kind = KIND_OF_LIST[list_name]
        was = {e.id: e for e in old}
        now = {e.id: e for e in new}
        for e in new:
            prev = was.get(e.id)
            if prev is None:
                lines.append(f"{kind} {e.name} added")
            elif prev is not e and prev != e:
                parts = [_field(name, getattr(prev, name), getattr(e, name), names)
                         for name in type(e).model_fields
                         if getattr(prev, name) != getattr(e, name)]
                lines.append(f"{e.name}: " + "; ".join(p for p in parts if p))
        lines += [f"{kind} {e.name} removed" for e in old if e.id not in now]
    return lines


def _field(name: str, old: Any, new: Any, names: dict[str, str]) -> str:
    label = name.replace("_pence", "").replace("_", " ")
    if name == "baseline":
        parts = []
        for force in dict.fromkeys([*old, *new]):
            a, b = old.get(force), new.get(force)
            if a != b:
                parts.append(f"baseline of {names.get(force, force)} {_figures(a)} → "
                             f"{_figures(b)}")
        return "; ".join(parts)
    return f"{label} {_words(old, name, names)} → {_words(new, name, names)}"


def _figures(f: ForceFigures | None) -> str:
    if f is None:
        return "none"
    return f"{format_pence(f.cost_pence)}, {f.fte:g} FTE"


def _words(value: Any, name: str, names: dict[str, str]) -> str:
    if value is None or value == () or value == "":
        return "none"
    if name.endswith("_pence") and isinstance(value, int):
        return format_pence(value)
    if name.endswith("percent"):
        return f"{value:g}%"
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, tuple):
        return ", ".join(_words(v, "", names) for v in value)
    if isinstance(value, BaseModel):
        data = value.model_dump(exclude_defaults=True)
        return ", ".join(f"{k} {v}" for k, v in data.items()) or type(value).__name__
    return str(value)
