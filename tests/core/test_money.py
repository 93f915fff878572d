"""Money as text: one format for the app, reports and rule messages."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from designer.core.money import (
    as_pounds,
    format_pence,
    format_pence_board,
    format_pence_short,
    format_pounds,
    parse_pence,
    pounds,
    pounds_short,
)


def test_format_pence():
    assert format_pence(3_000_000_000) == "£30,000,000"
    assert format_pence(12_345) == "£123.45"
    assert format_pence(12_300, pennies=True) == "£123.00"
    assert format_pence(-5_000) == "-£50"
    assert format_pence(None) == ""


def test_whole_pounds_and_exact_pounds():
    assert format_pounds(12_345_650) == "£123,457"  # halves up
    assert format_pounds(12_345_649) == "£123,456"
    assert format_pounds(-250) == "-£3" and format_pounds(0) == "£0"
    assert format_pounds(None) == ""
    assert str(as_pounds(1234)) == "12.34" and str(as_pounds(1_200)) == "12.00"
    assert pounds(1234) == 12.34 and pounds(None) is None
    assert as_pounds(None) is None


def test_short_forms():
    assert format_pence_short(27_300_000_000) == "£273.0m"
    assert format_pence_short(2_500_000_000_00) == "£2.5bn"
    assert format_pence_short(90_000) == "£900"
    assert pounds_short(3_000_000_000) == "£30.0m"
    assert pounds_short(42_000_000) == "£420k"
    assert pounds_short(-58_000_000) == "-£580k"


def test_parse_pence_accepts_what_people_type_and_refuses_the_rest():
    assert parse_pence("£1,234.5") == 123_450
    assert parse_pence(" 2.5m ") == 250_000_000
    assert parse_pence("") is None
    for bad in ("ten pounds", "1.234", "NaN", "£1e999999", "£2,000bn"):
        with pytest.raises(ValueError):
            parse_pence(bad)


@given(st.integers(-10**14, 10**14))
def test_full_format_round_trips(pence):
    assert parse_pence(format_pence(pence)) == pence


@pytest.mark.parametrize("pence, text", [
    (1_200_000_000, "£12.0m"), (-8_540_000, "−£85.4k"), (3_038_085_000, "£30.4m"),
    (99_995_000, "£1.0m"), (99_994_999, "£999.9k"), (12_345, "£123"), (0, "£0"),
    (-50, "−£1"), (27_300_000_000, "£273.0m"), (204_266_000_000, "£2,042.7m"),
    (None, ""),
])
def test_board_money_is_in_millions_or_thousands_with_one_decimal(pence, text):
    """Issue 13 item 15: board papers read £12.0m and −£85.4k, not £2,042,66…"""
    assert format_pence_board(pence) == text
