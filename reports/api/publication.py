"""/api/v1/publications/: published (frozen) plan results, publishing, and what changed since.

A publication is never edited or deleted: POST publishes a new one, which supersedes the
version in force (reports.publication.publish: the unit's year must be approved, the
caller able to write the unit's records)."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.scope import unit_in_scope, visible
from core.api.filters import YearFilter
from core.api.viewsets import JSONErrorsMixin, RoleMayWrite
from reports.api.serializers import NumberField, PublicationSummarySerializer, ResultRowSerializer
from reports.models import Publication, PublishedResult
from reports.publication import changes_since, frozen_rows, publish
from reports.selectors import plans_for
from units.api.filters import UnitCodeFilter
from units.models import AdministrativeUnit


class PublishedRowSerializer(ResultRowSerializer):
    live_value = None  # a publication's rows are as published; GET …/changes/ compares them with live
    difference = None
    records = serializers.DictField(
        default=dict, help_text='The records behind the number: {"numerator": {"model": "cooperatives.annualreport", '
        '"ids": [...]}, "denominator": {...}}.')


class PublicationSerializer(PublicationSummarySerializer):
    plan = serializers.CharField(source="plan.code")
    unit = serializers.CharField(source="unit.code")
    year = serializers.IntegerField()
    superseded_at = serializers.DateTimeField(allow_null=True, help_text="null: the version in force.")


class PublicationDetailSerializer(PublicationSerializer):
    results = serializers.SerializerMethodField()

    @extend_schema_field(PublishedRowSerializer(many=True))
    def get_results(self, obj) -> list[dict]:
        stored = {r.indicator: r.records for r in obj.results.all()}
        rows = frozen_rows(obj)
        return [{**PublishedRowSerializer(row).data, "records": stored.get(row.indicator, {})} for row in rows]


class PublishSerializer(serializers.Serializer):
    plan = serializers.CharField(max_length=60, help_text="The plan's code.")
    unit = serializers.CharField(max_length=20, help_text="Code of the unit (the plan's or one under it).")
    year = serializers.IntegerField(min_value=1900, max_value=2100)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class RecordChangeSerializer(serializers.Serializer):
    change = serializers.ChoiceField(choices=["added", "removed", "edited"], source="kind")
    model = serializers.CharField()
    id = serializers.IntegerField(source="pk")
    label = serializers.CharField()


class IndicatorChangeSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="published.indicator")
    published_value = NumberField(source="published.value")
    live_value = NumberField(source="live.value", default=None)
    difference = NumberField()
    records = RecordChangeSerializer(many=True)


class PublicationFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__code", help_text="The plan's code.")
    unit = UnitCodeFilter()
    year = YearFilter()
    current = django_filters.BooleanFilter(field_name="superseded_at", lookup_expr="isnull",
                                           help_text="true: only the versions in force.")

    class Meta:
        model = Publication
        fields = ["plan", "unit", "year", "current"]


@extend_schema_view(
    list=extend_schema(summary="Published plan results (every version, newest first)"),
    retrieve=extend_schema(summary="One publication: every row as published and the records behind each number",
                           responses=PublicationDetailSerializer),
    create=extend_schema(summary="Publish a plan's results for a unit and an approved year",
                         request=PublishSerializer, responses={201: PublicationDetailSerializer}),
    changes=extend_schema(summary="Per indicator: published and live value, and the records changed since",
                          responses=IndicatorChangeSerializer(many=True)),
)
class PublicationViewSet(JSONErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = PublicationSerializer
    filterset_class = PublicationFilter
    permission_classes = [IsAuthenticated, RoleMayWrite]
    renderer_classes = [JSONRenderer]
    ordering_fields = ["published_at", "year"]
    schema_error_codes = {"create": (400, 404)}

    def get_queryset(self):
        queryset = Publication.objects.select_related("plan", "unit", "published_by").prefetch_related(
            Prefetch("results", queryset=PublishedResult.objects.order_by("position")))
        return visible(self.request.user, queryset).order_by("-published_at", "-pk")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PublicationDetailSerializer
        if self.action == "create":
            return PublishSerializer
        return PublicationSerializer

    def create(self, request, *args, **kwargs):
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        plan = plans_for(request.user).filter(code=data["plan"]).first()
        unit = AdministrativeUnit.objects.filter(code=data["unit"]).first()
        errors = {}
        if plan is None:
            errors["plan"] = [_("Không tìm thấy kế hoạch.")]
        if unit is None or not unit_in_scope(request.user, unit):
            errors["unit"] = [_("Không tìm thấy đơn vị.")]
        elif plan is not None and unit.pk not in (AdministrativeUnit.objects.within_ids(plan.unit) or {unit.pk}):
            errors["unit"] = [_("Đơn vị này không thuộc phạm vi của kế hoạch.")]
        if errors:
            raise serializers.ValidationError(errors)
        publication = publish(plan, unit=unit, year=data["year"], actor=request.user, note=data["note"])
        publication = self.get_queryset().get(pk=publication.pk)
        return Response(PublicationDetailSerializer(publication).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def changes(self, request, *args, **kwargs):
        return Response(IndicatorChangeSerializer(changes_since(self.get_object()), many=True).data)

