"""The one display rule for numbers: pages, the printed report, DOCX, PDF and Excel.

A number is rounded half away from zero (Decimal ROUND_HALF_UP) to the digits shown, then
grouped in the active language: 1.234.567,5 and 27,5% in Vietnamese, 1,234,567.5 and
27.5% in English. Percentages show one decimal. Rounding, never cutting: 25/91 is
27,47…% and shows 27,5%; 2/3 shows 66,7%.

Excel cells keep the exact value; `excel_format` gives the number format under which
Excel shows it rounded the same way (Excel also rounds half away from zero).

USE_THOUSAND_SEPARATOR stays off (it would print years as 2.023), so money, counts and
ratios go through these functions (or the `vn` template filters, which call them).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

DASH = "–"  # what an absent value shows


def to_decimal(value) -> Decimal:
    """An int, Decimal, float or numeric string as a Decimal; a float by its shortest repr,
    so 0.1 is 0.1 and not its binary expansion. Raises InvalidOperation/ValueError/TypeError."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    return Decimal(str(value))


def rounded(value, decimals: int = 0) -> Decimal:
    """`value` rounded half away from zero to `decimals` places: 27.45 → 27.5, -2.5 → -3.
    A result of zero is +0, so -0.04 never shows as "-0,0"."""
    result = to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return result.copy_abs() if result.is_zero() else result


def number(value, decimals: int = 0) -> str:
    """A grouped number with exactly `decimals` places, rounded: 1234567.45 → "1.234.567,5"
    (decimals=1); None or "" → "–"; anything not a number comes back as text."""
    if value is None or value == "":
        return DASH
    try:
        amount = rounded(value, decimals)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    return number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def percent(fraction, decimals: int = 1) -> str:
    """A fraction as a percentage, rounded: 0.274725 → "27,5%", 2/3 → "66,7%"."""
    if fraction is None or fraction == "":
        return DASH
    try:
        hundredfold = to_decimal(fraction) * 100
    except (InvalidOperation, ValueError, TypeError):
        return str(fraction)
    return f"{number(hundredfold, decimals)}%"


def money(value) -> str:
    """Whole đồng: 1500000 → "1.500.000 đ"."""
    return DASH if value is None or value == "" else f"{number(value, 0)} đ"


def signed(text: str, value) -> str:
    """A "+" before a positive amount's text (a change reads +14,3%); negatives keep their
    "-", and an amount that shows as zero ("0,0%") takes no sign."""
    if value is None or to_decimal(value) <= 0 or not any(digit in text for digit in "123456789"):
        return text
    return f"+{text}"


def count_decimals(value) -> int:
    """Counts show whole numbers; a count that is not whole (a mean) shows one decimal."""
    amount = to_decimal(value)
    return 0 if amount == amount.to_integral_value() else 1


def format_quantity(value, unit: str) -> str:
    """A value in its unit, as every page and document shows it: "ratio" (a fraction) →
    22,4%; "vnd" → 1.500.000 đ; "count" → 1.234 (or 12,5 for a mean)."""
    if value is None:
        return DASH
    if unit == "ratio":
        return percent(value)
    if unit == "vnd":
        return money(value)
    return number(value, count_decimals(value))


def trimmed(value, max_decimals: int = 2) -> str:
    """As few decimals as the value needs, up to `max_decimals` (rounded past that):
    5 → "5", 0.8 → "0,8", 12.25 → "12,25", 1.005 → "1,01"."""
    amount = rounded(value, max_decimals).normalize()
    decimals = max(0, -amount.as_tuple().exponent)  # type: ignore[operator]
    return number(amount, decimals)


def excel_format(value, unit: str) -> str:
    """The Excel number format that shows the exact value the way `format_quantity` does.
    Excel's "," and "." in a format are placeholders for the reader's own separators."""
    if unit == "ratio":
        return "0.0%"
    if unit == "count" and value is not None and count_decimals(value):
        return "#,##0.0"
    return "#,##0"
