from django.db.models import OuterRef, Subquery

from coopreg.api.viewsets import ScopedViewSet
from units.api.filters import UnitFilter, UnitStatisticFilter
from units.api.serializers import UnitSerializer, UnitStatisticSerializer
from units.models import AdministrativeUnit, UnitStatistic, UnitSuccession
from units.services import UNCHANGED, unit_create, unit_delete, unit_update


class UnitViewSet(ScopedViewSet):
    """Administrative units (province → district → commune) with their validity and whole
    successor. Everyone reads the units of their scope; only admins write."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    ordering_fields = ["code", "name", "level", "valid_from", "valid_until"]
    admin_only_writes = True
    queryset = AdministrativeUnit.objects.select_related("parent").annotate(
        successor_code=Subquery(
            UnitSuccession.objects.filter(predecessor=OuterRef("pk"), whole=True)
            .order_by("-effective_on", "-pk").values("successor__code")[:1]
        )
    )

    def service_create(self, *, data, m2m):
        successor = data.pop("successor", None)
        return unit_create(actor=self.actor, data=data, successor=successor)

    def service_update(self, instance, *, changes, m2m, expected_version):
        successor = changes.pop("successor", UNCHANGED)
        return unit_update(instance, actor=self.actor, changes=changes, expected_version=expected_version,
                           successor=successor)

    def service_delete(self, instance):
        unit_delete(instance, actor=self.actor)


class UnitStatisticViewSet(ScopedViewSet):
    """Figures entered by hand per unit and year (budget revenue, collective sector product)."""

    serializer_class = UnitStatisticSerializer
    filterset_class = UnitStatisticFilter
    ordering_fields = ["year", "unit__code", "domestic_budget_revenue", "collective_sector_product"]
    queryset = UnitStatistic.objects.select_related("unit", "entered_by")

    def service_create(self, *, data, m2m):
        return super().service_create(data={**data, "entered_by": self.actor}, m2m=m2m)
