"""A starter blueprint for a new alliance: forces, their roles, a board, every function local.

This is what `designer new` and File → New write: a valid, rule-abiding
starting point that the project team then reshapes.
"""

from __future__ import annotations

import re
from datetime import date

from designer.core.catalogue import load_catalogue
from designer.core.schema import Alliance, Blueprint, Body, Force, Function, Link, financial_year

FORCE_COLOURS = ("#0072B2", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#000000")
"""Okabe–Ito colours not used for delivery models (blue is the first force's)."""

REQUIRED_LOCAL = ("local-policing/neighbourhood", "local-policing/incident-response")


def slug(name: str) -> str:
    """``'Avon and Somerset'`` → ``'avon-and-somerset'`` (a valid element id)."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return (text or "force")[:64]


def short_code(name: str) -> str:
    """Initials of the significant words: ``'Avon and Somerset'`` → ``'AS'``."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", name) if w and w.lower() not in {"and", "of"}]
    code = "".join(w[0] for w in words).upper()
    return (code if len(code) > 1 else name[:3].upper() or "F")[:8]


def current_financial_year(today: date | None = None) -> str:
    today = today or date.today()
    return financial_year(today.year if today.month >= 4 else today.year - 1)


def starter_blueprint(force_names: list[str], name: str | None = None,
                      start_year: str | None = None) -> Blueprint:
    """A new alliance of the named forces. Raises ValueError for unusable names."""
    names = [n.strip() for n in force_names if n.strip()]
    if len(names) < 2:
        raise ValueError("an alliance needs at least two forces")
    ids = [slug(n) for n in names]
    if len(set(ids)) != len(ids):
        raise ValueError("two of the force names are the same")
    codes: list[str] = []
    for n in names:
        code = short_code(n)
        while code in codes:
            code = (code[:7] + str(len(codes)))[:8]
        codes.append(code)
    forces = tuple(
        Force(
            id=fid,
            name=f"{n} Police" if "police" not in n.lower() and "constabulary" not in n.lower()
            else n,
            short_code=code,
            pcc=f"Police and Crime Commissioner for {n}",
            chief_constable=f"Chief Constable of {n}",
            colour=FORCE_COLOURS[i % len(FORCE_COLOURS)],
        )
        for i, (fid, n, code) in enumerate(zip(ids, names, codes, strict=True))
    )
    board = Body(
        id="alliance-board",
        name="Strategic Alliance Board",
        kind="alliance-board",
        chairs=tuple(f.pcc_role for f in forces),
        members=tuple(f.chief_role for f in forces),
        notes="Jointly chaired by the PCCs; each partner has an equal voice.",
    )
    functions = tuple(
        Function(
            id=slug(entry.id.split("/")[1]) if slug(entry.id.split("/")[1]) not in ids
            else slug(entry.id),
            name=entry.name,
            category=entry.id,
            required=entry.id in REQUIRED_LOCAL,
        )
        for entry in load_catalogue().functions()
    )
    links = tuple(
        Link(kind="accountable-to", source=f.chief_role, target=f.pcc_role) for f in forces
    )
    return Blueprint(
        alliance=Alliance(
            name=name or " and ".join(names) + " Strategic Alliance",
            start_year=start_year or current_financial_year(),
        ),
        forces=forces,
        bodies=(board,),
        functions=functions,
        links=links,
    )
