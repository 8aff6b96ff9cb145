"""One Vietnamese sentence per plan row, for the printed report and the Excel export.

"Số thành viên và lao động thường xuyên tăng 22,4% so với năm 2022, vượt chỉ tiêu 5–7%".
The sentence says what the number is (by the indicator's kind: growth, share/ratio or
count), how it compares with the baseline year, and what the status means against the
target. Numbers go through core.numbers, the display rule of the pages too, so the
printed figures and the dashboard's are the same strings.
"""

from decimal import Decimal
from typing import Any, Protocol

from django.utils.translation import gettext as _

from core.numbers import format_quantity, money, number, percent, rounded, trimmed
from reports.completeness import gaps


class TargetLike(Protocol):
    comparator: str
    low: Any
    high: Any


def format_bound(value, unit: str) -> str:
    """A target bound, without needless decimals: 0.05 → "5%", 60 → "60"."""
    amount = Decimal(str(value))
    if unit == "ratio":
        return trimmed(amount * 100) + "%"
    if unit == "vnd":
        return money(amount)
    return trimmed(amount)


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
    if status == "incomplete":
        return _(", chưa đủ số liệu để đánh giá so với chỉ tiêu %(target)s") % {"target": target_text}
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
        shown = rounded(growth * 100, 1)  # a growth that shows as 0,0% did not change, as read
        if shown > 0:
            text = _("%(name)s tăng %(pct)s so với năm %(year)s")
        elif shown < 0:
            text = _("%(name)s giảm %(pct)s so với năm %(year)s")
        else:
            text = _("%(name)s không đổi so với năm %(year)s")
        text = text % {"name": growth_subject(name), "pct": percent(abs(growth)), "year": baseline_year}
    elif kind in ("share", "ratio"):
        text = _("%(name)s đạt %(value)s") % {"name": name, "value": format_quantity(value, row.unit)}
        if kind == "share" and row.numerator is not None and row.denominator:
            text += f" ({number(row.numerator)}/{number(row.denominator)})"
    else:
        text = _("%(name)s: %(value)s") % {"name": name, "value": format_quantity(value, row.unit)}
        if row.baseline is not None:
            text += _(" (năm %(year)s: %(value)s)") % {
                "year": baseline_year, "value": format_quantity(row.baseline, row.unit)}
    text += _status_clause(row.status, target_text)
    missing = gaps(getattr(row, "coverage", ()))
    if missing:  # say what the data lacks, so a reader knows why there is no verdict or how far to trust it
        text += f" ({missing})"
    return text + "."
