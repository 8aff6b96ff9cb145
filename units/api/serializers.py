from rest_framework import serializers

from core.api.serializers import VersionedSerializer
from units.models import AdministrativeUnit, UnitStatistic


class UnitCodeField(serializers.SlugRelatedField):
    """An administrative unit written and read as its code (api.md)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", AdministrativeUnit.objects.all())
        super().__init__(slug_field="code", **kwargs)


class UnitSerializer(VersionedSerializer):
    parent = UnitCodeField(required=False, allow_null=True, help_text="Code of the unit above.")
    successor = UnitCodeField(
        required=False, allow_null=True,
        help_text="Code of the unit that wholly succeeded this one (a merger); writing it records "
        "that succession, null removes it.",
    )

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "version", "code", "name", "level", "unit_type", "parent", "valid_from", "valid_until",
                  "successor", "note"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # `successor_code` is annotated by the viewset's queryset (one subquery, no N+1).
        data["successor"] = getattr(instance, "successor_code", None)
        return data


class UnitStatisticSerializer(VersionedSerializer):
    unit = UnitCodeField()
    entered_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = UnitStatistic
        fields = ["id", "version", "unit", "year", "domestic_budget_revenue", "collective_sector_product", "source",
                  "entered_by"]
