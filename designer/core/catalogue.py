"""The function catalogue: CIPFA Police Objective Analysis categories.

Functions in a blueprint name a catalogue entry by id ("investigations/major-
investigation"); the palette lists the entries and the rules select by them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from designer.resources import resource


@dataclass(frozen=True, slots=True)
class Entry:
    """One catalogue entry. ``parent`` is ``None`` for a top-level category."""

    id: str
    name: str
    description: str
    parent: str | None = None
    round_the_clock: bool = False
    """The public needs this function at any hour: some team must be on duty at every
    hour in every area it serves (see the rule ``round-the-clock-cover``)."""

    @property
    def top(self) -> str:
        """Id of the top-level category this entry sits in."""
        return self.parent or self.id


@dataclass(frozen=True, slots=True)
class Catalogue:
    name: str
    source: str
    entries: dict[str, Entry]

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def __getitem__(self, entry_id: str) -> Entry:
        return self.entries[entry_id]

    def categories(self) -> list[Entry]:
        """Top-level categories in catalogue order."""
        return [e for e in self.entries.values() if e.parent is None]

    def children(self, category_id: str) -> list[Entry]:
        """Sub-categories of a top-level category, in catalogue order."""
        return [e for e in self.entries.values() if e.parent == category_id]

    def functions(self) -> list[Entry]:
        """Every second-level entry: the functions a palette offers."""
        return [e for e in self.entries.values() if e.parent is not None]

    def round_the_clock(self, entry_id: str) -> bool:
        """Whether the entry is a function the public needs at any hour."""
        entry = self.entries.get(entry_id)
        return entry is not None and entry.round_the_clock

    def name_of(self, entry_id: str) -> str:
        entry = self.entries.get(entry_id)
        return entry.name if entry else entry_id

    def category_of(self, entry_id: str) -> str:
        """The top-level category an entry sits in, by name ("Operational Support" for
        ``operational-support/dogs``): what a Category column shows."""
        entry = self.entries.get(entry_id)
        return self.entries[entry.top].name if entry else entry_id


def parse_catalogue(path: Path) -> Catalogue:
    """Read a catalogue TOML file (see resources/catalogue/poa.toml)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    entries: dict[str, Entry] = {}
    for cat in data.get("category", []):
        top = Entry(cat["id"], cat["name"], cat.get("description", ""))
        entries[top.id] = top
        for sub in cat.get("sub", []):
            sub_id = f"{top.id}/{sub['id']}"
            always = sub.get("round_the_clock", False)
            if not isinstance(always, bool):
                raise ValueError(f"{path}: {sub_id}: round_the_clock is true or false")
            entries[sub_id] = Entry(sub_id, sub["name"], sub.get("description", ""), top.id,
                                    always)
    return Catalogue(data.get("name", path.stem), data.get("source", ""), entries)


@cache
def load_catalogue() -> Catalogue:
    """The bundled POA catalogue (parsed once per process)."""
    return parse_catalogue(resource("catalogue", "poa.toml"))
