"""Unit filters that need no scope: a unit by code, unit names searched without accents."""

import django_filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.text import fold
from units.models import AdministrativeUnit


def search_unit_names(queryset: QuerySet, name: str, value: str) -> QuerySet:
    # Units keep no folded column (the tree is small: a province has a few hundred), so
    # the names are folded here, the same way core.text folds the registry's names.
    words = fold(value).split()
    if not words:
        return queryset
    ids = [pk for pk, unit_name, code in queryset.values_list("pk", "name", "code")
           if all(w in fold(f"{unit_name} {code}") for w in words)]
    return queryset.filter(pk__in=ids)



@extend_schema_field(OpenApiTypes.STR)
class UnitCodeFilter(django_filters.ModelChoiceFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Unit code.")
        super().__init__(queryset=AdministrativeUnit.objects.all(), to_field_name="code", **kwargs)
