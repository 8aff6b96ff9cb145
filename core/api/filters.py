"""Filters shared by the resources: bounded integers, years, ids, `search`, `ordering`."""

import django_filters
from django.db.models import QuerySet
from drf_spectacular.drainage import set_override
from rest_framework import filters

from core.api.serializers import INT_RANGES
from core.collation import ordering
from core.text import search
from core.validation import EARLIEST_DATE, LATEST_DATE, year_range


class IntegerFilter(django_filters.NumberFilter):
    """A whole number within bounds (years, stars): out of range is 400, never a DB overflow.
    The bounds are stated in the OpenAPI schema (minimum, maximum)."""

    field_class = django_filters.fields.forms.IntegerField

    def __init__(self, *, min_value: int, max_value: int, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        schema = {"type": "integer", "minimum": min_value, "maximum": max_value}
        if self.extra.get("help_text"):
            schema["description"] = str(self.extra["help_text"])
        set_override(self, "field", schema)


def YearFilter(**kwargs) -> IntegerFilter:  # noqa: N802 - a filter factory, read like a class
    """A year of yearly figures or of a plan (core.validation.year_range)."""
    first, last = year_range()
    kwargs.setdefault("help_text", f"A year ({first}–{last}).")
    return IntegerFilter(min_value=first, max_value=last, **kwargs)


def DateYearFilter(**kwargs) -> IntegerFilter:  # noqa: N802
    """The year of a date (established, held, decided): any year a date may have."""
    first, last = EARLIEST_DATE.year, LATEST_DATE.year
    kwargs.setdefault("help_text", f"A year ({first}–{last}).")
    return IntegerFilter(min_value=first, max_value=last, **kwargs)


def IdFilter(**kwargs) -> IntegerFilter:  # noqa: N802
    return IntegerFilter(min_value=1, max_value=INT_RANGES["BigAutoField"][1], **kwargs)


def search_words(path: str = "search_text"):
    """`search=`: every word, folded (no accents, no case, đ = d), in `path` (core.text)."""

    def apply(queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value, path)

    return apply


def SearchFilter(path: str = "search_text", *, method=None) -> django_filters.CharFilter:  # noqa: N802
    return django_filters.CharFilter(
        method=method or search_words(path), max_length=200,
        help_text="Words to find in the names, regardless of Vietnamese accents and case.",
    )


class OrderingFilter(filters.OrderingFilter):
    """`ordering=`: text fields (names) in Vietnamese alphabetical order (core.collation),
    like the default order; then by id, so pages never overlap. Runs after `search=`, so a
    search's order is the unindexed one (core.collation.collated)."""

    def filter_queryset(self, request, queryset, view):
        fields = self.get_ordering(request, queryset, view)
        if fields:
            return queryset.order_by(*ordering(queryset, fields), "pk")
        return queryset  # a search is in its order already (core.text.search)
