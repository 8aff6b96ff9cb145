"""`within=<unit code>`, the filter of every registry resource that follows the scope rules."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.scope import scope_q
from units.models import AdministrativeUnit


@extend_schema_field(OpenApiTypes.STR)
class WithinFilter(django_filters.ModelChoiceFilter):
    """`within=<unit code>`: records of the unit, everything under it and the units that
    wholly succeeded them (AdministrativeUnit.objects.within_ids), as scopes work."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Unit code: records of the unit and of every unit under it.")
        super().__init__(queryset=AdministrativeUnit.objects.all(), to_field_name="code",
                         method=self.filter_within, **kwargs)

    def filter_within(self, queryset, name, unit):
        return queryset.filter(scope_q(queryset.model, AdministrativeUnit.objects.within_ids(unit)))

