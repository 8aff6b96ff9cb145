"""Field rules shared by several models (years, dates, money) with the messages officers see."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Dates outside this range are typing errors (01/01/0001, 31/12/9999), and far dates
# overflow date arithmetic (a rating's default expiry is its decision + 36 months). Every
# door (pages, importer, API) refuses them with the field named (core.parsing).
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)

# The columns' ranges on PostgreSQL, held on every database (SQLite would store more), so
# a number accepted in development is never an overflow in production.
INTEGER_COLUMN_RANGES: dict[str, tuple[int, int]] = BaseDatabaseOperations.integer_field_ranges


def today() -> datetime.date:
    return timezone.localdate()


def year_range() -> tuple[int, int]:
    """The years the registry speaks of (settings.COOPREG["YEARS"]): every year typed on a
    page, filtered on in the API, imported or stored (yearly figures, plans) lies in it."""
    first, last = settings.COOPREG["YEARS"]
    return first, last


def year_range_constraint(name: str, field: str = "year") -> models.CheckConstraint:
    """The database's guard of year_range on a model's year (a change of the setting then
    needs a migration, which `makemigrations --check` asks for)."""
    first, last = year_range()
    return models.CheckConstraint(
        name=name, condition=models.Q(**{f"{field}__gte": first}) & models.Q(**{f"{field}__lte": last}),
        violation_error_message=format_lazy(gettext_lazy("Năm phải từ {first} đến năm sau."), first=first),
    )


def last_year_to_enter() -> int:
    """Figures and plans go up to next year at most (a plan is drafted the year before)."""
    return min(year_range()[1], today().year + 1)


def is_year_to_enter(year: int) -> bool:
    return year_range()[0] <= year <= last_year_to_enter()


def year_from_query(raw: str | None, default: int) -> int:
    """A year from a page's query string; anything else (not a number, out of range) is `default`."""
    raw = (raw or "").strip()
    if raw.isascii() and raw.isdigit() and is_year_to_enter(int(raw)):
        return int(raw)
    return default


def validate_year(year: int | None, field: str = "year") -> None:
    """A year of figures or of a plan: from the first year of the range to next year (api.md)."""
    if year is None:
        return
    if not is_year_to_enter(year):
        raise ValidationError(
            {field: _("Năm phải trong khoảng %(first)s–%(last)s.") % {"first": year_range()[0],
                                                                    "last": last_year_to_enter()}}
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
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
