"""Vietnamese number formatting for templates: 1.234.567 and 22,4%.

The filters are the template face of core.numbers (the one display rule: rounded half away
from zero, grouped in the active language). English pages get 1,234,567 and 22.4%.
"""

from django import template

from core import numbers

register = template.Library()


@register.filter
def num(value, decimals=0):
    """A grouped number: {{ report.revenue|num }} → 1.234.567; {{ x|num:1 }} → 1.234,5."""
    return numbers.number(value, int(decimals))


@register.filter
def pct(value, decimals=1):
    """A fraction as a percentage: {{ 0.2747|pct }} → 27,5%."""
    return numbers.percent(value, int(decimals))


@register.filter
def vnd(value):
    """Money in whole đồng: {{ 1500000|vnd }} → 1.500.000 đ."""
    return numbers.money(value)
