"""Money as text, one way everywhere: pence in, £ out (and back for what users type).

Amounts are integer pence throughout the core; these functions are the only
place that turns them into words for people, so the app, reports and rule
messages agree to the character.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_POUNDS = 10**12
"""The schema's ceiling for any amount (10^14 pence)."""


def format_pence(pence: int | None, *, pennies: bool = False) -> str:
    """``12345600`` → ``'£123,456'`` (``pennies=True``: ``'£123,456.00'``); None → ''."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, p = divmod(abs(pence), 100)
    if pennies or p:
        return f"{sign}£{pounds:,}.{p:02d}"
    return f"{sign}£{pounds:,}"


def format_pounds(pence: int | None) -> str:
    """Whole pounds, halves rounded up: ``12345650`` → ``'£123,457'`` (labels and tips:
    the canvas is not a ledger); None → ''."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    return f"{sign}£{(abs(pence) + 50) // 100:,}"


def as_pounds(pence: int | None) -> Decimal | None:
    """Pence as exact pounds with two decimals (``1234`` → ``Decimal('12.34')``): the
    number a spreadsheet cell or a CSV value holds; None stays None."""
    return None if pence is None else Decimal(pence).scaleb(-2)


def pounds(pence: int | None) -> float | None:
    """Pence as the number of pounds a spreadsheet cell holds: a float, exact to the
    penny when shown with two decimals; None stays None."""
    return None if pence is None else pence / 100


def format_pence_short(pence: int | None) -> str:
    """Board-paper style: ``27300000000`` → ``'£273.0m'``; small sums in full."""
    if pence is None:
        return ""
    pounds = Decimal(pence) / 100
    for size, unit in ((Decimal(10**9), "bn"), (Decimal(10**6), "m"), (Decimal(10**3), "k")):
        if abs(pounds) >= size:
            return f"£{pounds / size:,.1f}{unit}"
    return format_pence(pence)


MINUS = "\u2212"
"""The minus sign board papers print (not a hyphen)."""


def format_pence_board(pence: int | None) -> str:
    """Money as a board paper's tables print it: millions or thousands of pounds with one
    decimal, halves rounded away from zero (``120000000`` → ``'£1.2m'``, ``-8540000``
    → ``'−£85.4k'``); under £1,000 in whole pounds; None → ''. Exact pence stay in the
    workbook and the CSV files."""
    if pence is None:
        return ""
    sign = MINUS if pence < 0 else ""
    amount = Decimal(abs(pence)) / 100
    tenth = Decimal("0.1")
    thousands = (amount / 1000).quantize(tenth, rounding=ROUND_HALF_UP)
    if amount >= 10**6 or thousands >= 1000:  # £999,950 is £1.0m, not £1,000.0k
        millions = (amount / 10**6).quantize(tenth, rounding=ROUND_HALF_UP)
        return f"{sign}£{millions:,}m"
    if amount >= 1000:
        return f"{sign}£{thousands:,}k"
    whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{sign}£{whole:,}" if whole else "£0"


def pounds_short(pence: int) -> str:
    """£30.0m, £420k, £900: short money for messages and node labels."""
    p = abs(pence) / 100
    text = f"£{p / 1e6:.1f}m" if p >= 1e6 else f"£{p / 1e3:.0f}k" if p >= 1e3 else f"£{p:.0f}"
    return "-" + text if pence < 0 else text


def parse_pence(text: str) -> int | None:
    """``'£1,234.5'`` → ``123450``; ``''`` → None. Raises ValueError on anything else.

    Accepts an optional £, thousands separators and up to two decimal places,
    and 'k'/'m'/'bn' suffixes (``'£2.5m'``).
    """
    cleaned = text.strip().replace(",", "").replace("£", "").replace(" ", "").lower()
    if not cleaned:
        return None
    scale = Decimal(1)
    for suffix, factor in (("bn", 10**9), ("m", 10**6), ("k", 10**3)):
        if cleaned.endswith(suffix):
            cleaned, scale = cleaned[: -len(suffix)], Decimal(factor)
            break
    try:
        value = Decimal(cleaned) * scale
        if not value.is_finite() or abs(value) > MAX_POUNDS:
            raise ValueError(f"{text!r} is not an amount of money a blueprint can hold "
                             f"(at most £{MAX_POUNDS:,})")
        pence = value * 100
    except (InvalidOperation, ArithmeticError):  # "ten pounds", "1e999999"
        raise ValueError(f"{text!r} is not an amount of money (e.g. £1,250,000)") from None
    if pence != pence.to_integral_value():
        raise ValueError(f"{text!r} has fractions of a penny")
    return int(pence)
