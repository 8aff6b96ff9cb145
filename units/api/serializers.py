from typing import TYPE_CHECKING

from rest_framework import serializers

from core.api.serializers import VersionedSerializer
from units.models import AdministrativeUnit, UnitStatistic

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


class UnitCodeField(serializers.SlugRelatedField):
    """An administrative unit written and read as its code (api.md)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", AdministrativeUnit.objects.all())
        super().__init__(slug_field="code", **kwargs)


class UnitSerializer(VersionedSerializer):
    # A declared field named like Field.parent (the serializer a field is bound to), which
    # DRF's metaclass moves into _declared_fields; the stubs see the class attribute clash.
    parent = UnitCodeField(required=False, allow_null=True, help_text="Code of the unit above.")  # type: ignore[assignment]
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
    entered_by: "serializers.SlugRelatedField[AbstractBaseUser]" = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = UnitStatistic
        fields = ["id", "version", "unit", "year", "domestic_budget_revenue", "collective_sector_product", "source",
                  "entered_by"]
