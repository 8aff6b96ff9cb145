from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import StrictInputSerializer, VersionedSerializer
from reports.models import INDICATOR_CODES, Comparator, Plan, Status, Target
from units.api.serializers import UnitCodeField

INDICATOR_UNITS = ["count", "ratio", "vnd"]
INDICATOR_KINDS = ["count", "share", "growth", "ratio"]


class TargetSerializer(StrictInputSerializer, serializers.ModelSerializer):
    indicator = serializers.ChoiceField(choices=INDICATOR_CODES)

    class Meta:
        model = Target
        fields = ["indicator", "comparator", "low", "high"]
        extra_kwargs = {"low": {"required": False}, "high": {"required": False}}


class PlanSerializer(VersionedSerializer):
    unit = UnitCodeField(required=False, allow_null=True,
                         help_text="Code of the unit the plan covers; null: the whole country.")
    targets = TargetSerializer(many=True, required=False,
                               help_text="The plan's targets, in order; writing them replaces them all.")

    class Meta:
        model = Plan
        fields = ["id", "version", "code", "title", "unit", "baseline_year", "target_year", "legal_basis", "targets",
                  *Plan.DOCUMENT_FIELDS]


@extend_schema_field({"type": "number", "nullable": True})
class NumberField(serializers.Field):
    """An int stays an int, a Decimal becomes a JSON number (a fraction: 0.3 is 30 %)."""

    def to_representation(self, value):
        if value is None or isinstance(value, int):
            return value
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.ChoiceField(choices=INDICATOR_UNITS)
    kind = serializers.ChoiceField(choices=INDICATOR_KINDS)
    description = serializers.CharField()
    seed_sentence = serializers.CharField()
    tracked = serializers.BooleanField(help_text="Shown without a target in plan results.")


class TargetSpecSerializer(serializers.Serializer):
    comparator = serializers.ChoiceField(choices=Comparator.choices)
    low = NumberField()
    high = NumberField()


class CoverageSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    year_over = serializers.BooleanField(help_text="The year has ended.")
    reports_expected = serializers.IntegerField(help_text="Collectives active at the end of the year: reports due.")
    reports_missing = serializers.IntegerField(help_text="Of them, those without a report of the year.")
    complete = serializers.BooleanField(help_text="Enough to judge a target (docs/indicators.md, Complete data).")


class ResultRowSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name_vi = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.ChoiceField(choices=INDICATOR_UNITS)
    baseline = NumberField(help_text="The value at the plan's baseline year.")
    value = NumberField(help_text="The value at `year`; null means no data.")
    change = NumberField(help_text="value - baseline.")
    change_relative = NumberField(help_text="value / baseline - 1 (not for ratios).")
    numerator = NumberField()
    denominator = NumberField()
    target = TargetSpecSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices, allow_null=True,
                                     help_text="null for tracked indicators (no target); `incomplete` while the "
                                     "year is not over or too many annual reports are missing.")
    no_data_reason = serializers.CharField(allow_null=True)
    tracked = serializers.BooleanField()
    provisional_status = serializers.ChoiceField(
        choices=Status.choices, allow_null=True,
        help_text="With status `incomplete`: the status the value would have on complete data; else null.")
    coverage = CoverageSerializer(many=True, help_text="The data behind the value, one entry per year it reads.")
    live_value = NumberField(default=None, help_text="basis `published`: the value computed now (null otherwise).")
    difference = NumberField(default=None, help_text="basis `published`: live_value - value (null otherwise).")


class PublicationSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    published_by = serializers.CharField(source="published_by.username")
    published_at = serializers.DateTimeField()
    note = serializers.CharField()
    supersedes = serializers.IntegerField(source="supersedes_id", allow_null=True)


class PlanResultsSerializer(serializers.Serializer):
    plan = serializers.CharField(help_text="The plan's code.")
    unit = serializers.CharField(allow_null=True, help_text="Code of the unit the results are for (null: the whole country).")
    year = serializers.IntegerField()
    baseline_year = serializers.IntegerField()
    basis = serializers.ChoiceField(
        choices=["published", "live", "approved"],
        help_text="Which figures these are: `published` (the version in force, frozen), `live` (computed now) or "
        "`approved` (computed now from approved unit-years only).")
    publication = PublicationSummarySerializer(
        allow_null=True, help_text="The version in force (shown when basis is `published`), or null.")
    count = serializers.IntegerField()
    results = ResultRowSerializer(many=True)


class IndicatorValueSerializer(serializers.Serializer):
    unit = serializers.CharField(allow_null=True, help_text="Unit code (null: the whole country).")
    unit_name = serializers.CharField(allow_null=True)
    year = serializers.IntegerField()
    value = NumberField()
    numerator = NumberField()
    denominator = NumberField()
    baseline_year = serializers.IntegerField(allow_null=True, help_text="Growth indicators: the year compared with.")
    no_data_reason = serializers.CharField(allow_null=True)


class IndicatorValuesSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    unit = serializers.CharField(allow_null=True)
    count = serializers.IntegerField()
    results = IndicatorValueSerializer(many=True)

