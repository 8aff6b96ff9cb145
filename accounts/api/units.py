"""/api/v1/units/: the administrative units of the caller's scope; admins write."""

import django_filters
from django.db.models import OuterRef, Subquery

from accounts.api.filters import WithinFilter
from accounts.api.viewsets import ScopedViewSet
from accounts.services import UNCHANGED, unit_create, unit_delete, unit_update
from core.api.filters import SearchFilter
from units.api.filters import UnitCodeFilter, search_unit_names
from units.api.serializers import UnitSerializer
from units.models import AdministrativeUnit, UnitLevel, UnitSuccession


class UnitFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices)
    parent = UnitCodeFilter(help_text="Code of the unit above (direct children only).")
    within = WithinFilter()
    search = SearchFilter(method=search_unit_names)

    class Meta:
        model = AdministrativeUnit
        fields = ["level", "parent", "within", "search"]


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
