"""Filters shared by the resources: bounded integers, years, ids, `search`."""

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.api.serializers import INT_RANGES
from core.text import fold


class _BoundedIntegerField(django_filters.fields.forms.IntegerField):
    pass


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number within bounds (years, stars): out of range is 400, never a DB overflow."""

    field_class = _BoundedIntegerField

    def __init__(self, *, min_value: int, max_value: int, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


def YearFilter(**kwargs) -> IntegerFilter:  # noqa: N802 - a filter factory, read like a class
    kwargs.setdefault("help_text", "A year (1900–2100).")
    return IntegerFilter(min_value=1900, max_value=2100, **kwargs)


def IdFilter(**kwargs) -> IntegerFilter:  # noqa: N802
    return IntegerFilter(min_value=1, max_value=INT_RANGES["BigAutoField"][1], **kwargs)


def search_words(path: str = "search_text"):
    """`search=`: every word, folded (no accents, no case, đ = d), in `path` (core.text)."""

    def apply(queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for word in fold(value).split():
            condition &= Q(**{f"{path}__contains": word})
        return queryset.filter(condition) if condition else queryset

    return apply


def SearchFilter(path: str = "search_text", *, method=None) -> django_filters.CharFilter:  # noqa: N802
    return django_filters.CharFilter(
        method=method or search_words(path), max_length=200,
        help_text="Words to find in the names, regardless of Vietnamese accents and case.",
    )
