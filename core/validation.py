"""Field rules shared by several models (years, money) with the messages officers see."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# The columns' ranges on PostgreSQL, held on every database (SQLite would store more), so
# a number accepted in development is never an overflow in production.
INTEGER_COLUMN_RANGES: dict[str, tuple[int, int]] = BaseDatabaseOperations.integer_field_ranges


def today() -> datetime.date:
    return timezone.localdate()


def validate_year(year: int | None, field: str = "year") -> None:
    """A year is between 1990 and next year (api.md)."""
    if year is None:
        return
    first, last = settings.COOPREG["FIRST_YEAR"], today().year + 1
    if not first <= year <= last:
        raise ValidationError(
            {field: _("Năm phải trong khoảng %(first)s–%(last)s.") % {"first": first, "last": last}}
        )


def column_range_error(field: models.Field, value) -> str | None:
    """The message for an integer outside its column's range, naming the field; else None."""
    bounds = INTEGER_COLUMN_RANGES.get(field.get_internal_type())
    if bounds is None or not isinstance(value, int) or bounds[0] <= value <= bounds[1]:
        return None
    name = capfirst(field.verbose_name)
    if value < bounds[0]:
        if bounds[0] == 0:
            return _("%(field)s không được âm.") % {"field": name}
        return _("%(field)s không được nhỏ hơn %(limit)s.") % {"field": name, "limit": _grouped(bounds[0])}
    return _("%(field)s không được lớn hơn %(limit)s.") % {"field": name, "limit": _grouped(bounds[1])}


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Vietnamese grouping: 2.147.483.647


def validate_not_future(day: datetime.date | None, field: str) -> None:
    if day and day > today():
        raise ValidationError({field: _("Ngày không được ở tương lai.")})


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def year_start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the month's last day (31/1 + 1 month = 28 or 29/2)."""
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
