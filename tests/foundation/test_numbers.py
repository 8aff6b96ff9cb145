"""core.numbers, the one display rule: round half away from zero to the digits shown, group in
the active language. The cases of the issue were cut, not rounded, by the old filters."""

from decimal import Decimal

import pytest
from django.utils import translation

from core import numbers
from core.templatetags.vn import num, pct, vnd


@pytest.mark.parametrize(("fraction", "shown"), [
    (Decimal(25) / Decimal(91), "27,5%"),    # 27,47…: the old filter showed 27,4%
    (Decimal(2) / Decimal(3), "66,7%"),      # 66,66…: was 66,6%
    (Decimal(4) / Decimal(28), "14,3%"),     # 14,28…: was 14,2%
    (Decimal(82) / Decimal(67) - 1, "22,4%"),  # 22,38…: was 22,3%
    (Decimal("0.0625"), "6,3%"),             # a tie goes away from zero
    (Decimal("-0.0625"), "-6,3%"),
    (0.3, "30,0%"),                          # a float by its shortest repr
    (Decimal("-0.0004"), "0,0%"),            # no "-0,0%"
])
def test_percentages_are_rounded_half_away_from_zero(fraction, shown):
    assert numbers.percent(fraction) == shown
    assert pct(fraction) == shown  # the template filter is the same rule


def test_numbers_are_rounded_and_grouped_in_the_active_language():
    assert numbers.number(Decimal("1234567.45"), 1) == "1.234.567,5"
    assert numbers.number(Decimal("2.5")) == "3" and numbers.number(Decimal("-2.5")) == "-3"
    assert num(1234567) == "1.234.567" and num("12.25", 1) == "12,3"
    assert vnd(Decimal("1499999.5")) == "1.500.000 đ"
    with translation.override("en"):
        assert numbers.number(Decimal("1234567.45"), 1) == "1,234,567.5"
        assert numbers.percent(Decimal(25) / Decimal(91)) == "27.5%"
    assert numbers.number(None) == "–" and numbers.percent("") == "–" and num("n/a") == "n/a"


def test_a_value_in_its_unit_and_with_its_sign():
    assert numbers.format_quantity(Decimal(2) / Decimal(3), "ratio") == "66,7%"
    assert numbers.format_quantity(Decimal("4818269.5"), "vnd") == "4.818.270 đ"
    assert numbers.format_quantity(28, "count") == "28"
    assert numbers.format_quantity(Decimal("12.25"), "count") == "12,3"  # a mean shows one decimal
    assert numbers.format_quantity(None, "count") == "–"
    growth = Decimal(82) / Decimal(67) - 1
    assert numbers.signed(numbers.percent(growth), growth) == "+22,4%"
    assert numbers.signed(numbers.percent(Decimal("0.0004")), Decimal("0.0004")) == "0,0%"  # shows as zero
    assert numbers.signed("-3,1%", Decimal("-0.031")) == "-3,1%"


def test_bounds_keep_only_the_decimals_they_need():
    assert numbers.trimmed(Decimal("60.000000")) == "60"
    assert numbers.trimmed(Decimal("12.5")) == "12,5"
    assert numbers.trimmed(Decimal("1.005")) == "1,01"  # rounded past two decimals, not cut to 1,00


def test_excel_formats_round_like_the_page():
    assert numbers.excel_format(Decimal(25) / Decimal(91), "ratio") == "0.0%"
    assert numbers.excel_format(1500000, "vnd") == "#,##0"
    assert numbers.excel_format(28, "count") == "#,##0"
    assert numbers.excel_format(Decimal("12.25"), "count") == "#,##0.0"
    assert numbers.excel_format(None, "count") == "#,##0"
