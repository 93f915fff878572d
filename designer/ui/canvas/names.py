"""The names nodes show: wrapped, cut only if they must, and never two alike.

The rule is :func:`designer.core.short_names.shorten`'s; this applies it to the
canvas one region at a time (the alliance band, each force's lane: what a reader
takes in together, and what the PDF prints on a page), worked out when the first
label of a region is built and kept until a name in it changes. Measuring text
costs microseconds a call, so each name's own shortening is remembered, and a
name that fits on its line is measured once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from designer.core.short_names import Lines, shorten

Key = tuple[str, str | None]
Region = str | None
Label = tuple[Key, str, str, float, int]
"""(node key, name, font role, width, lines): what one node's name is drawn in."""


class ShownNames:
    """What each node's name shows, told apart from every other name in its region."""

    __slots__ = ("_fits", "labels_of", "measure", "regions", "shown_of", "stale")

    def __init__(self, measure: Callable[[str, str], float],
                 labels_of: Callable[[Region], Iterable[Label]]):
        self.measure = measure
        """measure(role, text): the width of ``text`` in the font of ``role``."""
        self.labels_of = labels_of
        """labels_of(region): every node of the region, where its name goes."""
        self.regions: dict[Region, dict[Key, Lines]] = {}
        self.shown_of: dict[Key, Lines] = {}
        """The lines each built label shows."""
        self.stale: set[Key] = set()
        """Built labels whose region changed: to be built again if they now read
        differently (:meth:`changed_labels`)."""
        self._fits: dict[tuple[str, str], float] = {}

    def lines(self, key: Key, name: str, role: str, width: float, lines: int) -> Lines:
        """The lines node ``key`` shows for ``name``."""
        region = self.regions.get(key[1])
        if region is None or key not in region:
            region = self.regions[key[1]] = self._work_out(key[1])
        shown = region.get(key)
        if shown is None:  # not (yet) in its region's list: on its own
            shown = shorten([name], width, lambda s: self.measure(role, s), lines)[0]
        self.shown_of[key] = shown
        return shown

    def forget(self, key: Key) -> None:
        """The node's label is gone (rebuilt or removed)."""
        self.shown_of.pop(key, None)

    def regions_changed(self, regions: Iterable[Region]) -> None:
        """Names came, went or moved in these regions: work them out again."""
        for region in set(regions):
            if self.regions.pop(region, None) is not None:
                self.stale.update(k for k in self.shown_of if k[1] == region)

    def changed_labels(self) -> list[Key]:
        """Built labels of changed regions that now read differently."""
        keys, self.stale = self.stale, set()
        out = []
        for key in keys:
            shown = self.shown_of.get(key)
            if shown is None:
                continue
            region = self.regions.get(key[1])
            if region is None:
                region = self.regions[key[1]] = self._work_out(key[1])
            if region.get(key) != shown:
                out.append(key)
        return out

    def _work_out(self, region: Region) -> dict[Key, Lines]:
        """Every name of a region shortened together, font by font."""
        by_role: dict[tuple[str, int], list[Label]] = {}
        for label in self.labels_of(region):
            by_role.setdefault((label[2], label[4]), []).append(label)
        out: dict[Key, Lines] = {}
        for (role, lines), labels in by_role.items():
            def measure(text: str, role: str = role) -> float:
                hit = self._fits.get((role, text))
                if hit is None:
                    if len(self._fits) > 200_000:
                        self._fits.clear()
                    hit = self._fits[(role, text)] = self.measure(role, text)
                return hit

            names = [label[1] for label in labels]
            shown = shorten(names, [label[3] for label in labels], measure, lines)
            out.update((label[0], s) for label, s in zip(labels, shown, strict=True))
        return out
