import django_filters
from django.db.models import QuerySet

from coopreg.api.filters import SearchFilter, UnitCodeFilter, WithinFilter, YearFilter
from coopreg.text import fold
from units.models import AdministrativeUnit, UnitLevel, UnitStatistic


def _search_unit_names(queryset: QuerySet, name: str, value: str) -> QuerySet:
    # Units keep no folded column (the tree is small: a province has a few hundred), so
    # the names are folded here, the same way coopreg.text folds the registry's names.
    words = fold(value).split()
    if not words:
        return queryset
    ids = [pk for pk, unit_name, code in queryset.values_list("pk", "name", "code")
           if all(w in fold(f"{unit_name} {code}") for w in words)]
    return queryset.filter(pk__in=ids)


class UnitFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices)
    parent = UnitCodeFilter(help_text="Code of the unit above (direct children only).")
    within = WithinFilter()
    search = SearchFilter(method=_search_unit_names)

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "parent", "within", "search"]


class UnitStatisticFilter(django_filters.FilterSet):
    unit = UnitCodeFilter()
    year = YearFilter()
    within = WithinFilter()

    class Meta:
        model = UnitStatistic
        fields = ["unit", "year", "within"]
