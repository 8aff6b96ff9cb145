"""/api/v1/statistics/: figures entered by hand per unit and year."""

import django_filters

from accounts.api.filters import WithinFilter
from accounts.api.viewsets import ScopedViewSet
from core.api.filters import YearFilter
from units.api.filters import UnitCodeFilter
from units.api.serializers import UnitStatisticSerializer
from units.models import UnitStatistic


class UnitStatisticFilter(django_filters.FilterSet):
    unit = UnitCodeFilter()
    year = YearFilter()
    within = WithinFilter()

    class Meta:
        model = UnitStatistic
        fields = ["unit", "year", "within"]


class UnitStatisticViewSet(ScopedViewSet):
    """Figures entered by hand per unit and year (budget revenue, collective sector product)."""

    serializer_class = UnitStatisticSerializer
    filterset_class = UnitStatisticFilter
    ordering_fields = ["year", "unit__code", "domestic_budget_revenue", "collective_sector_product"]
    queryset = UnitStatistic.objects.select_related("unit", "entered_by")

    def service_create(self, *, data, m2m):
        return super().service_create(data={**data, "entered_by": self.actor}, m2m=m2m)
