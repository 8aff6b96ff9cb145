"""/api/v1/statistics/: figures entered by hand per unit and year."""

import django_filters

from accounts.api.filters import WithinFilter
from accounts.api.viewsets import ScopedViewSet
from cooperatives.services import statistic_create, statistic_update
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
    """Figures entered by hand per unit and year (budget revenue, collective sector product);
    `entered_by` is whoever last entered them (cooperatives.services.statistic_update)."""

    serializer_class = UnitStatisticSerializer
    filterset_class = UnitStatisticFilter
    ordering_fields = ["year", "unit__code", "domestic_budget_revenue", "collective_sector_product"]
    queryset = UnitStatistic.objects.select_related("unit", "entered_by")

    def service_create(self, *, data, m2m):
        return statistic_create(actor=self.actor, data=data)

    def service_update(self, instance, *, changes, m2m, expected_version):
        return statistic_update(instance, actor=self.actor, changes=changes, expected_version=expected_version)
