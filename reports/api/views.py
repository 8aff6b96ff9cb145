from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.api.viewsets import ScopedViewSet
from accounts.models import User
from core.api.renderers import CSVRenderer, TableData, XLSXRenderer
from core.api.schema import FORMAT_PARAMETER
from core.api.serializers import year_field, year_schema
from core.api.viewsets import JSONErrorsMixin
from core.cache import cached
from core.validation import today
from reports.api.filters import PlanFilter
from reports.api.serializers import (
    IndicatorSerializer,
    IndicatorValuesSerializer,
    NumberField,
    PlanResultsSerializer,
    PlanSerializer,
)
from reports.engine import INDICATORS, indicator_values
from reports.models import Plan, Target
from reports.publication import APPROVED, LIVE, plan_view
from reports.selectors import ReportUnit, UnitOutsidePlan, report_unit
from reports.services import plan_create, plan_delete, plan_update
from units.models import AdministrativeUnit

TABLE_RENDERERS = [JSONRenderer, CSVRenderer, XLSXRenderer]
# Longest span of years one values request may ask for (each year is a few queries).
MAX_YEARS = 50


def _report_unit(user, code: str | None, plan: Plan | None = None) -> ReportUnit:
    """reports.selectors.report_unit; a unit the reader sees but the plan does not cover is a
    400 that says so (a page answers 404)."""
    try:
        return report_unit(user, code=code, plan=plan)
    except UnitOutsidePlan as exc:
        raise serializers.ValidationError({"unit": [str(exc)]}) from None


class ResultsQuery(serializers.Serializer):
    unit = serializers.CharField(required=False, max_length=20)
    year = year_field(required=False)
    live = serializers.BooleanField(required=False, default=False)
    approved = serializers.BooleanField(required=False, default=False)


class ValuesQuery(serializers.Serializer):
    unit = serializers.CharField(required=False, max_length=20)
    year_from = year_field(required=False)
    year_to = year_field(required=False)
    by = serializers.ChoiceField(choices=["commune"], required=False)
    baseline_year = year_field(required=False)

    def validate(self, attrs):
        year_to = attrs.get("year_to") or attrs.get("year_from") or today().year
        year_from = attrs.get("year_from") or year_to
        if year_from > year_to:
            raise serializers.ValidationError({"year_from": [_("year_from phải không sau year_to.")]})
        if year_to - year_from >= MAX_YEARS:
            raise serializers.ValidationError({"year_from": [_("Tối đa %(n)s năm mỗi lần.") % {"n": MAX_YEARS}]})
        return {**attrs, "year_from": year_from, "year_to": year_to}


RESULT_COLUMNS = ["indicator", "name_vi", "name_en", "unit", "baseline", "value", "change", "change_relative",
                  "numerator", "denominator", "comparator", "low", "high", "status", "no_data_reason",
                  "provisional_status", "basis"]
VALUE_COLUMNS = ["unit", "unit_name", "year", "value", "numerator", "denominator", "baseline_year",
                 "no_data_reason"]


@extend_schema_view(
    results=extend_schema(
        summary="A plan's indicators: baseline, value, change, target and status",
        description="One row per indicator: the plan's targeted ones (in order), then every tracked one. "
        "`unit` must be the plan's unit or a unit under it; one outside the caller's scope is 404.",
        parameters=[
            OpenApiParameter("unit", str, description="Unit code (default: the plan's unit)."),
            OpenApiParameter("year", year_schema(), description="Year (default: the plan's target year)."),
            OpenApiParameter("live", bool, description="1: the live figures even when a published version exists."),
            OpenApiParameter("approved", bool, description="1: live figures of approved unit-years only."),
            FORMAT_PARAMETER,
        ],
        responses={200: PlanResultsSerializer, (200, "text/csv"): {"type": "string"},
                   (200, XLSXRenderer.media_type): {"type": "string", "format": "binary"}},
        filters=False,
    ),
)
class PlanViewSet(ScopedViewSet):
    """Plans with their nested targets. Everyone reads the plans of their scope; only
    admins write them (reports.services.plan_create / plan_update)."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    ordering_fields = ["code", "target_year", "baseline_year", "title"]
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    admin_only_writes = True
    schema_error_codes = {"results": (400,)}
    queryset = Plan.objects.select_related("unit").prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("position", "pk"))
    )

    def get_queryset(self):
        queryset = super().get_queryset()
        # The results are most often a cache read: their targets are read only when computed.
        return queryset.prefetch_related(None) if self.action == "results" else queryset

    def service_create(self, *, data, m2m):
        targets = data.pop("targets", [])
        return plan_create(actor=self.actor, data=data, targets=targets)

    def service_update(self, instance, *, changes, m2m, expected_version):
        targets = changes.pop("targets", None)
        return plan_update(instance, actor=self.actor, changes=changes, expected_version=expected_version,
                           targets=targets)

    def service_delete(self, instance):
        plan_delete(instance, actor=self.actor)

    @action(detail=True, methods=["get"], renderer_classes=TABLE_RENDERERS, filter_backends=[],
            pagination_class=None)
    def results(self, request, *args, **kwargs):
        plan = self.get_object()
        query = ResultsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        # Without `unit`: the plan's own unit, or the caller's scope when the plan covers more
        # (a commune reads the district plan for its commune only, as on the dashboard); a
        # country plan read by a caller who sees the whole country: the country ("unit": null).
        report = _report_unit(request.user, query.validated_data.get("unit"), plan)
        unit = report.unit  # None: the whole country (a country plan, read by who sees it all)
        year = query.validated_data.get("year", plan.target_year)
        # The published version by default once there is one; live and approved-only rows are
        # judged as the dashboard judges them (`incomplete` while the year or its reports are not in).
        asked = query.validated_data
        basis = APPROVED if asked["approved"] else LIVE if asked["live"] else None
        # The answer is kept in the shared cache under the data version (core.cache): every
        # write, publication and plan edit moves it. It also depends on the day (a year's
        # verdict waits for its end), the language of the names and messages, and the settings
        # the judgement reads. A district's results then cost a cache read, not ~50 figures.
        parts = (plan.pk, unit.pk if unit else None, year, basis, report.ids, today(), get_language(),
                 settings.COOPREG)
        body, table, publisher = cached(
            "reports.api.plan_results", parts,
            lambda: _results_answer(plan, unit=unit, year=year, basis=basis, unit_ids=report.ids))
        if publisher is not None:  # users move no data version: the publisher's name is read now
            name = User.objects.filter(pk=publisher).values_list("username", flat=True).first()
            body = {**body, "publication": {**body["publication"], "published_by": name}}
        return Response(TableData(body, headers=RESULT_COLUMNS, rows=table, title=plan.code),
                        headers=_attachment(request, f"{plan.code}-{unit.code if unit else 'all'}-{year}"))


def _results_answer(plan: Plan, *, unit: AdministrativeUnit | None, year: int, basis: str | None,
                    unit_ids: set[int] | None) -> tuple[dict, list[list], int | None]:
    """The results endpoint's body and its table (CSV, XLSX), as plain data, and who
    published the version shown (if it is a publication)."""
    view = plan_view(plan, unit=unit, year=year, unit_ids=unit_ids, basis=basis)
    body = PlanResultsSerializer({
        "plan": plan.code, "unit": unit.code if unit else None, "year": year, "baseline_year": plan.baseline_year,
        "basis": view.basis, "publication": view.publication, "count": len(view.rows), "results": view.rows,
    }).data
    for shown, row in zip(body["results"], view.rows, strict=True):
        live = view.live.get(row.indicator)
        if live is not None:
            shown["live_value"] = NumberField().to_representation(live.value)
            shown["difference"] = NumberField().to_representation(view.difference(row))
    table = [
        [*(r[c] for c in RESULT_COLUMNS[:10]),
         *((r["target"] or {}).get(c) for c in ("comparator", "low", "high")),
         r["status"], r["no_data_reason"], r["provisional_status"], body["basis"]]
        for r in body["results"]
    ]
    return dict(body), table, view.publication.published_by_id if view.publication is not None else None


def _attachment(request, name: str) -> dict:
    fmt = request.query_params.get("format")
    return {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'} if fmt in ("csv", "xlsx") else {}


CODE_PARAMETER = OpenApiParameter("code", str, OpenApiParameter.PATH, enum=list(INDICATORS),
                                  description="The indicator's code (indicators.md).")


@extend_schema_view(
    list=extend_schema(summary="The indicator catalogue (indicators.md)"),
    retrieve=extend_schema(parameters=[CODE_PARAMETER]),
    values=extend_schema(
        summary="An indicator's values by year (and by commune)",
        description="One row per year (and per commune under `unit` with by=commune). `unit` defaults to the "
        "caller's scope (the whole country for a national admin); one outside the caller's scope is 404.",
        parameters=[
            CODE_PARAMETER,
            OpenApiParameter("unit", str, description="Unit code."),
            OpenApiParameter("year_from", year_schema(), description="First year (default: year_to)."),
            OpenApiParameter("year_to", year_schema(), description="Last year (default: this year)."),
            OpenApiParameter("by", str, enum=["commune"], description="commune: one row per commune under unit."),
            OpenApiParameter("baseline_year", year_schema(), description="Growth indicators: the year compared with "
                             "(default: the year before each row's year)."),
            FORMAT_PARAMETER,
        ],
        responses={200: IndicatorValuesSerializer, (200, "text/csv"): {"type": "string"},
                   (200, XLSXRenderer.media_type): {"type": "string", "format": "binary"}},
    ),
)
class IndicatorViewSet(JSONErrorsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The catalogue of indicators, and each one's values computed by reports.engine."""

    serializer_class = IndicatorSerializer
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9_]+"
    filter_backends = []
    schema_error_codes = {"values": (400,)}

    def get_queryset(self):
        return list(INDICATORS.values())

    def get_object(self):
        spec = INDICATORS.get(self.kwargs["code"])
        if spec is None:
            raise Http404
        return spec

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    @action(detail=True, methods=["get"], renderer_classes=TABLE_RENDERERS, pagination_class=None)
    def values(self, request, *args, **kwargs):
        spec = self.get_object()
        query = ValuesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        # Without `unit`: the caller's scope; the whole country only for a national admin.
        report = _report_unit(request.user, params.get("unit"))
        unit = report.unit
        by_commune = params.get("by") == "commune"
        years = list(range(params["year_from"], params["year_to"] + 1))
        results = indicator_values(spec.code, unit=unit, years=years, by_commune=by_commune,
                                   baseline_year=params.get("baseline_year"), unit_ids=report.ids)
        units = AdministrativeUnit.objects.in_bulk({r.unit_id for r in results if r.unit_id})
        rows = [{
            "unit": units[r.unit_id].code if r.unit_id in units else None,
            "unit_name": units[r.unit_id].name if r.unit_id in units else None,
            "year": r.year, "value": r.value, "numerator": r.numerator, "denominator": r.denominator,
            "baseline_year": r.baseline_year, "no_data_reason": r.no_data_reason,
        } for r in results]
        body = IndicatorValuesSerializer({"indicator": spec.code, "unit": unit.code if unit else None,
                                          "count": len(rows), "results": rows}).data
        table = [[r[c] for c in VALUE_COLUMNS] for r in body["results"]]
        name = f"{spec.code}-{unit.code if unit else 'all'}-{params['year_from']}-{params['year_to']}"
        return Response(TableData(body, headers=VALUE_COLUMNS, rows=table, title=spec.code),
                        headers=_attachment(request, name))

