"""Demand walk-throughs, re-run like tests.

A walk-through (``Blueprint.walkthroughs``, see :class:`designer.core.schema.Walkthrough`)
follows one demand through the model: "a firearms incident in Swindon at 03:00"
goes to call handling, then firearms, then custody, then investigation. Each step
names a catalogue function; :func:`run` finds who provides it in the walk-through's
area (on duty at its time, if it has one) with :mod:`designer.core.trace`, and
checks the step's expectations (delivery model, providing force or unit, governing
body). A step fails when nobody provides it, nobody is on duty, or no provider
meets the expectations; a walk-through passes when every step does.

    >>> [r.ok for r in run_all(bp)]
    [True, True, True]
    >>> run(bp, bp.walkthroughs[0]).steps[1].caption
    'Step 2 of 4 · Specialist firearms: Armed policing (Tri-Force) — joint, led by …'

``designer check`` reports a failing step as an error (the rule
``walkthrough-passes``), and the app's Walk-throughs dock plays them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from designer.core import cover as C
from designer.core import graph as G
from designer.core.catalogue import load_catalogue
from designer.core.delivery import MODELS
from designer.core.schema import ALLIANCE, Blueprint, Step, Walkthrough
from designer.core.trace import Provider, gap_words, providers


@dataclass(frozen=True, slots=True)
class StepResult:
    """One step run: the provider found (if any), and why it failed (``''``: it passed)."""

    number: int
    """From 1."""
    of: int
    step: Step
    label: str
    """The catalogue function's name: "Specialist firearms"."""
    functions: tuple[str, ...]
    """The blueprint's functions filed under the step's catalogue entry."""
    provider: Provider | None
    problem: str = ""
    area: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def path(self) -> tuple[str, ...]:
        """What to highlight for this step (the provider's path, or the area alone)."""
        return (self.area, *self.provider.route) if self.provider else ()

    @property
    def caption(self) -> str:
        """A line or two for a presenter: the step, who provides it and how (the matrix
        cell's words), who governs it, and its note."""
        head = f"Step {self.number} of {self.of} · {self.label}"
        p = self.provider
        if p is None:
            body = self.problem
        else:
            # the team's name, unless it only repeats the function's ("Dogs: Dogs (Local)")
            body = p.delivery_text if p.team_name == self.label else \
                f"{p.team_name} ({p.delivery_text})"
            if p.bodies:
                body += f", governed by {' and '.join(p.bodies)}"
            if self.problem:
                body += f". ✗ {self.problem}"
        note = f" — {self.step.note}" if self.step.note else ""
        return f"{head}: {body}{note}"


@dataclass(frozen=True, slots=True)
class WalkResult:
    """A walk-through run: each step's result."""

    walkthrough: Walkthrough
    steps: tuple[StepResult, ...]

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.steps)

    @property
    def failures(self) -> tuple[StepResult, ...]:
        return tuple(s for s in self.steps if not s.ok)

    @property
    def summary(self) -> str:
        """"passes" or "fails at step 2 (Specialist firearms): …"."""
        if self.ok:
            return "passes"
        first = self.failures[0]
        more = len(self.failures) - 1
        tail = f" (and {more} more step{'s' * (more != 1)})" if more else ""
        return f"fails at step {first.number} ({first.label}): {first.problem}{tail}"


CategoryIndex = Mapping[str, tuple[str, ...]]
"""Catalogue id → the functions filed under it, by id (a top-level category: all its
children's)."""


def category_index(bp: Blueprint) -> dict[str, tuple[str, ...]]:
    """Which functions each catalogue entry names (built once for many walk-throughs)."""
    catalogue = load_catalogue()
    out: dict[str, list[str]] = {}
    for fn in bp.functions:
        out.setdefault(fn.category, []).append(fn.id)
        if fn.category in catalogue:
            top = catalogue[fn.category].top
            if top != fn.category:
                out.setdefault(top, []).append(fn.id)
    return {k: tuple(sorted(v)) for k, v in out.items()}  # by id: the file's order of
    # functions must not change which provider a step reports


def run(bp: Blueprint, wt: Walkthrough, g: G.Graph | None = None,
        index: CategoryIndex | None = None) -> WalkResult:
    """Run one walk-through against the blueprint (``g``, ``index``: built once by the
    caller when running many)."""
    g = G.as_graph(bp) if g is None else g
    index = category_index(bp) if index is None else index
    catalogue = load_catalogue()
    at = C.parse_time(wt.time) if wt.time else None
    area_name = G.name_of(g, wt.area)
    steps = []
    for n, step in enumerate(wt.steps, 1):
        label = catalogue.name_of(step.category)
        fids = index.get(step.category, ())
        common = (n, len(wt.steps), step, label, fids)
        if not fids:
            steps.append(StepResult(*common, None, f"the blueprint has no function filed "
                                    f"under {label} ({step.category})", wt.area))
            continue
        found = providers(bp, wt.area, fids, g)
        candidates = [p for p in found if p.on_duty_at(at) is not False]
        if not candidates:
            gap = gap_words(area_name, label, found, at)
            steps.append(StepResult(*common, found[0] if found else None, gap, wt.area))
            continue
        best = next((p for p in candidates if _meets(step, p)), None)
        if best is not None:
            steps.append(StepResult(*common, best, "", wt.area))
        else:
            unmet = "; ".join(_unmet(g, step, candidates[0]))
            steps.append(StepResult(*common, candidates[0], unmet, wt.area))
    return WalkResult(wt, tuple(steps))


def run_all(bp: Blueprint, g: G.Graph | None = None,
            walkthroughs: Iterable[Walkthrough] | None = None) -> list[WalkResult]:
    """Run every walk-through (or those given), building the graph and index once."""
    g = G.as_graph(bp) if g is None else g
    index = category_index(bp)
    chosen = bp.walkthroughs if walkthroughs is None else walkthroughs
    return [run(bp, wt, g, index) for wt in chosen]


def _meets(step: Step, p: Provider) -> bool:
    """Whether the provider meets every expectation of the step (see :func:`_unmet`)."""
    return ((step.delivery is None or p.delivery == step.delivery)
            and (step.provider is None or step.provider in (p.team, p.owner, p.partner))
            and (step.governing_body is None or step.governing_body in p.chain))


def _unmet(g: G.Graph, step: Step, p: Provider) -> list[str]:
    """The step's expectations this provider does not meet, in words."""
    out = []
    if step.delivery is not None and p.delivery != step.delivery:
        out.append(f"expected {MODELS[step.delivery].label.lower()} delivery, but "
                   f"{p.team_name} is {p.delivery_text}")
    if step.provider is not None and step.provider not in (p.team, p.owner, p.partner):
        want = "the alliance" if step.provider == ALLIANCE else G.name_of(g, step.provider)
        by = f"{p.owner_name}" + (f", {MODELS[p.delivery].by} {p.partner_name}"
                                   if p.partner else "")
        out.append(f"expected it provided by {want}, but {p.team_name} is provided by {by}")
    if step.governing_body is not None and step.governing_body not in p.chain:
        out.append(f"expected it governed by {G.name_of(g, step.governing_body)}, but "
                   f"{p.team_name} answers to {p.governed_by or 'no governing body'}")
    return out


def failure_message(result: WalkResult, step: StepResult) -> str:
    """A failed step as ``designer check`` and the Problems dock say it."""
    return (f"Walk-through “{result.walkthrough.title}”, step {step.number} "
            f"({step.label}): {step.problem}")
