"""What a presentation steps through: a sequence of steps, each a caption and what to show.

Presentation mode (F5 in the app) walks a workshop through the blueprint one step at
a time. The steps come from *step sources*, one per feature that has something to
present (the shared and joint units, each force's lane, demand walk-throughs, options
and open challenges). A source is registered once, in
:data:`SOURCES`, by import path (``"module:function"``, imported only when asked), and
is a plain function of the blueprint::

    def steps(bp: Blueprint) -> list[PresentationStep]: ...

so a feature adds its steps by adding one :class:`StepSource` and that function; the
app lists the sources to choose from and applies each step (selects and highlights
its elements, brings them into view, shows the caption). Qt-free.

    >>> [s.key for s in available()]
    ['units', 'lanes']
    >>> steps = sequence(bp, ("units",))
    >>> steps[2].caption
    'Police National Computer — shared, hosted by Avon and Somerset Constabulary, serving …'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from designer.core.delivery import LOCAL, MODELS, partner_of, summary_text
from designer.core.schema import Blueprint


@dataclass(frozen=True, slots=True)
class PresentationStep:
    """One step of a presentation: the words on the caption strip and what to show."""

    title: str
    """What the step belongs to, e.g. "Walk-through: Firearms incident in Swindon"."""
    caption: str
    """What this step says, in one or two sentences."""
    select: tuple[str, ...] = ()
    """Elements to select and bring into view (their own nodes, not references)."""
    highlight: tuple[str, ...] = ()
    """A path to light up with the rest dimmed (area → team → function → …), if any."""
    lane: str | None = None
    """A force whose lane to show when the step selects nothing (its header)."""


@dataclass(frozen=True, slots=True)
class StepSource:
    """A feature's steps: its name in the app and the function that makes them."""

    key: str
    label: str
    """How the app lists it: "Shared and joint units"."""
    steps: str
    """``"module:function"`` taking the blueprint, giving a list of steps."""

    def make(self, bp: Blueprint) -> list[PresentationStep]:
        module, _, name = self.steps.partition(":")
        function: Callable[[Blueprint], list[PresentationStep]] = getattr(
            importlib.import_module(module), name)
        return list(function(bp))


SOURCES: dict[str, StepSource] = {
    source.key: source for source in (
        StepSource("units", "Shared and joint units", "designer.core.presentation:unit_steps"),
        StepSource("lanes", "Force by force", "designer.core.presentation:lane_steps"),
        StepSource("walkthroughs", "Demand walk-throughs",
                   "designer.core.presentation:walkthrough_steps"),
        StepSource("options", "Options", "designer.core.presentation:option_steps"),
        StepSource("challenges", "Open challenges",
                   "designer.core.presentation:challenge_steps"),
    )
}
"""Every source of steps, in the order a presentation runs them. A further feature adds
its own entry with :func:`register`."""


def register(source: StepSource) -> None:
    """Add (or replace) a source of steps; it runs after those registered before it."""
    SOURCES[source.key] = source


def available() -> list[StepSource]:
    """The sources the app offers, in running order."""
    return list(SOURCES.values())


def sequence(bp: Blueprint, keys: Iterable[str] | None = None) -> tuple[PresentationStep, ...]:
    """The steps of the chosen sources (all when ``keys`` is None), in :data:`SOURCES`
    order; unknown keys (a source no longer offered) are left out."""
    chosen = set(SOURCES) if keys is None else set(keys)
    out: list[PresentationStep] = []
    for key, source in SOURCES.items():
        if key in chosen:
            out += source.make(bp)
    return tuple(out)


# ------------------------------------------------------------------ built-in sources


def unit_steps(bp: Blueprint) -> list[PresentationStep]:
    """One step per shared or joint unit: how it is run, by whom, for which forces."""
    names = {f.id: f.name for f in bp.forces}
    units = [fn for fn in bp.functions if MODELS[fn.delivery].pooled]
    out = []
    for i, fn in enumerate(units, 1):
        runner = partner_of(fn)
        how = summary_text(fn.delivery, names.get(runner, runner) if runner else None)
        caption = (f"{fn.name} — {how}, serving "
                   f"{_listed([names.get(f, f) for f in bp.partners_of(fn)])}.")
        if fn.command:
            caption += f" Command: {fn.command}."
        out.append(PresentationStep(f"Shared and joint units · {i} of {len(units)}",
                                    caption, select=(fn.id,)))
    return out


def lane_steps(bp: Blueprint) -> list[PresentationStep]:
    """One step per force: what it does itself, what it hosts or leads, what it receives."""
    out = []
    for force in bp.forces:
        own = hosts = receives = 0
        for fn in bp.functions:
            model = bp.delivery_for(fn, force.id)
            if model == LOCAL:
                own += 1
            elif partner_of(fn) == force.id:
                hosts += 1
            else:
                receives += 1
        areas = sum(1 for a in bp.areas if a.force == force.id)
        caption = (f"{force.name} delivers {_count(own, 'function')} itself, hosts or leads "
                   f"{_count(hosts, 'unit')} for the alliance and receives {receives} from "
                   f"partners or joint units; {_count(areas, 'policing area')}. "
                   f"PCC: {force.pcc}. Chief Constable: {force.chief_constable}.")
        out.append(PresentationStep("Force by force", caption, lane=force.id))
    return out


def walkthrough_steps(bp: Blueprint) -> list[PresentationStep]:
    """One step per step of each demand walk-through, in the file's order: who provides it
    and how (the walk-through's own caption, ✓ or ✗), its provider's path highlighted from
    the area across the lanes up to the PCCs (the area alone when nothing provides it)."""
    from designer.core import walkthroughs as W

    if not bp.walkthroughs:
        return []
    out = []
    results = W.run_all(bp)
    for i, result in enumerate(results, 1):
        wt = result.walkthrough
        head = f"Walk-through {i} of {len(results)}: {wt.title}"
        for s in result.steps:
            mark = "✓" if s.ok else "✗"
            out.append(PresentationStep(head, f"{mark} {s.caption}",
                                        highlight=s.path or (wt.area,)))
    return out


def option_steps(bp: Blueprint) -> list[PresentationStep]:
    """One step per option: its name and status, what it is for and what it changes,
    with the base's elements it changes or removes selected (the canvas shows the base)."""
    from designer.core import options as O
    from designer.core.explain import differences

    if not bp.options:
        return []
    base = O.base_of(bp)
    base_ids = {e.id for _l, _i, e in base.elements()}
    out = []
    for i, option in enumerate(bp.options, 1):
        head = f"Options · {i} of {len(bp.options)}: {option.name} ({option.status})"
        words = [_cut(option.description, 160)] if option.description else []
        try:
            changed = [d.text for d in differences(base, O.apply_option(bp, option.id))]
        except O.OptionError as exc:
            changed = [f"This option has problems: {exc}"]
        if changed:  # a caption a room can read: the first change, and how many more
            more = f" (and {len(changed) - 1} more)" if len(changed) > 1 else ""
            words.append(f"Changes: {_cut(changed[0], 150)}{more}.")
        marked = tuple(e for e, mark in O.marks(bp, option.id).items()
                       if mark != "added" and e in base_ids) if changed else ()
        out.append(PresentationStep(head, " ".join(words) or option.name, select=marked))
    return out


def challenge_steps(bp: Blueprint) -> list[PresentationStep]:
    """One step per open challenge, oldest first: what it is about, what was said, by
    whom and when (the element selected, or its lane for a force)."""
    from designer.core import challenges as C

    open_ones = C.by_time(ch for ch in bp.challenges if C.is_open(ch))
    names = C.names(bp)
    forces = set(bp.force_ids())
    out = []
    for i, ch in enumerate(open_ones, 1):
        caption = (f"{C.about(ch, names)}: “{C.preview(ch.text, 400)}” — {ch.author}, "
                   f"{C.stamp_text(ch.created)}")
        if ch.replies:
            caption += f" ({len(ch.replies)} repl{'y' if len(ch.replies) == 1 else 'ies'})"
        element = ch.element
        out.append(PresentationStep(
            f"Open challenges · {i} of {len(open_ones)}", caption,
            select=(element,) if element else (),
            lane=element if element in forces else None))
    return out


def _cut(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word with "…"."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("s" if n != 1 else "")


def _listed(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
