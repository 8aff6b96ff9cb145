"""Vietnamese number formatting for templates: 1.234.567 and 22,4%.

USE_THOUSAND_SEPARATOR stays off (it would print years as 2.023), so money, counts and
ratios go through these filters explicitly. English pages get 1,234,567 and 22.4%.
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


def _number(value, decimals: int | None) -> str:
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def num(value, decimals=0):
    """A grouped number: {{ report.revenue|num }} → 1.234.567; {{ x|num:1 }} → 1.234,5."""
    return _number(value, int(decimals))


@register.filter
def pct(value, decimals=1):
    """A fraction as a percentage: {{ 0.224|pct }} → 22,4%."""
    if value is None or value == "":
        return "–"
    try:
        return f"{_number(Decimal(str(value)) * 100, int(decimals))}%"
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def vnd(value):
    """Money in whole đồng: {{ 1500000|vnd }} → 1.500.000 đ."""
    return "–" if value is None or value == "" else f"{_number(value, 0)} đ"
