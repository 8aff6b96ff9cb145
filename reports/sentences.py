"""One Vietnamese sentence per plan row, for the printed report and the Excel export.

"Số thành viên và lao động thường xuyên tăng 22,4% so với năm 2022, vượt chỉ tiêu 5–7%".
The sentence says what the number is (by the indicator's kind: growth, share/ratio or
count), how it compares with the baseline year, and what the status means against the
target. Numbers go through the same `vn` formatters as the pages, so the printed
figures and the dashboard's are the same strings.
"""

from decimal import Decimal
from typing import Any, Protocol

from django.utils.translation import gettext as _

from core.templatetags.vn import num, pct, vnd


class TargetLike(Protocol):
    comparator: str
    low: Any
    high: Any


def _trimmed_number(value: Decimal, max_decimals: int = 2) -> str:
    """As few decimals as the value needs: 5 → "5", 0.8 → "0,8", 12.25 → "12,25"."""
    for decimals in range(max_decimals + 1):
        scaled = value * (10**decimals)
        if scaled == scaled.to_integral_value():
            return num(value, decimals)
    return num(value, max_decimals)


def format_value(value, unit: str) -> str:
    """A value in its unit, as the dashboard shows it: 22,4% · 1.234 · 1.500.000 đ."""
    if value is None:
        return "–"
    if unit == "ratio":
        return pct(value)
    if unit == "vnd":
        return vnd(value)
    number = Decimal(str(value))
    return num(number, 0 if number == number.to_integral_value() else 1)


def format_bound(value, unit: str) -> str:
    """A target bound, without needless decimals: 0.05 → "5%", 60 → "60"."""
    number = Decimal(str(value))
    if unit == "ratio":
        return _trimmed_number(number * 100) + "%"
    if unit == "vnd":
        return vnd(number)
    return _trimmed_number(number)


def format_target(target: TargetLike | None, unit: str) -> str:
    """"5–7%", "tối thiểu 60", "tối đa 10%"; empty for a tracked indicator."""
    if target is None:
        return ""
    if target.comparator == "between":
        low, high = format_bound(target.low, unit), format_bound(target.high, unit)
        if unit == "ratio":  # one percent sign: 5–7%
            low = low.removesuffix("%")
        return f"{low}–{high}"
    if target.comparator == "at_most":
        return _("tối đa %(bound)s") % {"bound": format_bound(target.high, unit)}
    return _("tối thiểu %(bound)s") % {"bound": format_bound(target.low, unit)}


def _status_clause(status: str | None, target_text: str) -> str:
    if not target_text or status is None:
        return ""
    if status == "exceeded":
        return _(", vượt chỉ tiêu %(target)s") % {"target": target_text}
    if status == "met":
        return _(", đạt chỉ tiêu %(target)s") % {"target": target_text}
    if status == "not_met":
        return _(", chưa đạt chỉ tiêu %(target)s") % {"target": target_text}
    return _(" (chỉ tiêu %(target)s)") % {"target": target_text}


GROWTH_PREFIX = "tốc độ tăng "


def growth_subject(name: str) -> str:
    """"Tốc độ tăng doanh thu của HTX" → "Doanh thu của HTX", so the sentence reads
    "Doanh thu của HTX tăng 12,0%" rather than "Tốc độ tăng … tăng 12,0%"."""
    if name.lower().startswith(GROWTH_PREFIX):
        rest = name[len(GROWTH_PREFIX):]
        return rest[:1].upper() + rest[1:]
    return name


def sentence(row, *, kind: str, baseline_year: int, name: str | None = None) -> str:
    """The sentence for one plan row (a reports.engine.ResultRow or anything shaped like it).

    `kind` is the indicator's kind from the registry: "growth", "share", "ratio" or "count".
    """
    name = name or row.name_vi
    target_text = format_target(row.target, row.unit)
    value = row.value
    if value is None:
        text = _("%(name)s: chưa có số liệu") % {"name": name}
        if row.no_data_reason:
            text += f" ({row.no_data_reason.rstrip('.')})"
        return text + _status_clause("no_data", target_text) + "."

    if kind == "growth":
        # The engine says which year a growth was measured against (the plan's baseline
        # year, or the year before when the selected year is not after it).
        baseline_year = getattr(getattr(row, "result", None), "baseline_year", None) or baseline_year
        growth = Decimal(str(value))
        if growth > 0:
            text = _("%(name)s tăng %(pct)s so với năm %(year)s")
        elif growth < 0:
            text = _("%(name)s giảm %(pct)s so với năm %(year)s")
        else:
            text = _("%(name)s không đổi so với năm %(year)s")
        text = text % {"name": growth_subject(name), "pct": pct(abs(growth)), "year": baseline_year}
    elif kind in ("share", "ratio"):
        text = _("%(name)s đạt %(value)s") % {"name": name, "value": format_value(value, row.unit)}
        if kind == "share" and row.numerator is not None and row.denominator:
            text += f" ({num(row.numerator)}/{num(row.denominator)})"
    else:
        text = _("%(name)s: %(value)s") % {"name": name, "value": format_value(value, row.unit)}
        if row.baseline is not None:
            text += _(" (năm %(year)s: %(value)s)") % {
                "year": baseline_year, "value": format_value(row.baseline, row.unit)}
    return text + _status_clause(row.status, target_text) + "."
