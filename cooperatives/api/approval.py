"""/api/v1/approvals/ and /api/v1/completeness/: the official record of each unit's year.

Reads follow the scope (a unit outside it is 404); the transitions go through
cooperatives.approval (submit, approve, return, unapprove), which checks the role, the
reviewing level and the version: a stale version is 409, a missing comment or a year
with missing reports is 400, a level not yours is 403.
"""

import django_filters
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.filters import WithinFilter
from accounts.scope import unit_in_scope, visible
from cooperatives import approval
from cooperatives.models import ApprovalAction, ApprovalEvent, ApprovalState, YearApproval
from core.api.filters import YearFilter
from core.api.viewsets import JSONErrorsMixin, RoleMayWrite
from core.validation import is_year_to_enter, today
from units.api.filters import UnitCodeFilter
from units.models import AdministrativeUnit


class ApprovalEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = ApprovalEvent
        fields = ["action", "from_state", "to_state", "actor", "at", "comment"]


class YearApprovalSerializer(serializers.ModelSerializer):
    """A unit-year; one never submitted is `draft` with `version` 0."""

    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    locked = serializers.BooleanField(source="is_locked", read_only=True)
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True, allow_null=True,
                                         default=None)
    approved_by = serializers.CharField(source="approved_by.username", read_only=True, allow_null=True,
                                        default=None)
    events = serializers.SerializerMethodField()

    class Meta:
        model = YearApproval
        fields = ["unit", "unit_name", "year", "state", "version", "locked", "submitted_by", "submitted_at",
                  "approved_by", "approved_at", "events"]

    def get_events(self, obj) -> list[dict]:
        events = obj.events.all() if obj.pk else []
        return ApprovalEventSerializer(events, many=True).data


class UnitYearSerializer(YearApprovalSerializer):
    """One unit-year as its page shows it: the record plus what it still lacks and what the caller may do."""

    missing_reports = serializers.IntegerField(read_only=True, help_text="Reports missing in the unit and under it.")
    pending_units = serializers.ListField(child=serializers.CharField(), read_only=True)
    allowed_actions = serializers.ListField(child=serializers.ChoiceField(choices=ApprovalAction.choices),
                                            read_only=True)

    class Meta(YearApprovalSerializer.Meta):
        fields = [*YearApprovalSerializer.Meta.fields, "missing_reports", "pending_units", "allowed_actions"]


class TransitionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1,
                                       help_text="The version read (0 for a year never submitted); a stale one is 409.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="",
                                    help_text="Required to return or unapprove.")


class CompletenessRowSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    level = serializers.CharField(source="unit.level")
    parent = serializers.CharField(source="unit.parent.code", default=None, allow_null=True)
    state = serializers.ChoiceField(choices=ApprovalState.choices)
    version = serializers.IntegerField(source="approval.version")
    expected = serializers.IntegerField(help_text="Collectives (HTX, THT) active at the end of the year.")
    received = serializers.IntegerField()
    submitted = serializers.IntegerField()
    approved = serializers.IntegerField()
    missing = serializers.IntegerField()
    htx_due = serializers.IntegerField(help_text="HTX that operated the whole year: due a classification.")
    htx_classified = serializers.IntegerField()
    due_on = serializers.DateField(help_text="When the unit must have submitted its year.")
    report_due_on = serializers.DateField()
    classification_due_on = serializers.DateField()
    overdue = serializers.BooleanField()
    due_soon = serializers.BooleanField()


class CompletenessSerializer(serializers.Serializer):
    unit = serializers.CharField(allow_null=True)
    year = serializers.IntegerField()
    today = serializers.DateField()
    count = serializers.IntegerField()
    results = CompletenessRowSerializer(many=True)


class YearApprovalFilter(django_filters.FilterSet):
    unit = UnitCodeFilter()
    within = WithinFilter()
    year = YearFilter()
    state = django_filters.ChoiceFilter(choices=ApprovalState.choices)

    class Meta:
        model = YearApproval
        fields = ["unit", "within", "year", "state"]


def _unit_or_404(user, code: str) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(code=code).select_related("parent").first()
    if unit is None or not unit_in_scope(user, unit):
        raise Http404
    return unit


def _year_or_404(year: int) -> int:
    if not is_year_to_enter(year):
        raise Http404
    return year


UNIT_YEAR_PARAMETERS = [
    OpenApiParameter("unit", str, OpenApiParameter.PATH, description="Unit code."),
    OpenApiParameter("year", int, OpenApiParameter.PATH, description="The year reported."),
]


@extend_schema_view(list=extend_schema(summary="Unit-years that were submitted at least once, with their steps"))
class YearApprovalViewSet(JSONErrorsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = YearApprovalSerializer
    filterset_class = YearApprovalFilter
    renderer_classes = [JSONRenderer]
    ordering_fields = ["year", "unit__code", "state"]

    def get_queryset(self):
        return visible(self.request.user, YearApproval.objects.select_related(
            "unit", "submitted_by", "approved_by").prefetch_related(
            Prefetch("events", queryset=ApprovalEvent.objects.select_related("actor").order_by("at", "pk")))
        ).order_by("-year", "unit__code", "pk")


def unit_year_body(user, unit: AdministrativeUnit, year: int) -> dict:
    row = approval.unit_year(unit, year, today=today())
    record = row.approval
    if record.pk:  # with its steps, oldest first
        record = YearApproval.objects.select_related("unit", "submitted_by", "approved_by").prefetch_related(
            Prefetch("events", queryset=ApprovalEvent.objects.select_related("actor").order_by("at", "pk"))
        ).get(pk=record.pk)
    record.missing_reports = row.missing
    record.pending_units = [c.unit.code for c in row.pending_children]
    record.allowed_actions = approval.allowed_actions(user, row)
    return UnitYearSerializer(record).data


class UnitYearView(JSONErrorsMixin, APIView):
    renderer_classes = [JSONRenderer]
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="One unit's year: state, steps, what it lacks, what the caller may do",
                   parameters=UNIT_YEAR_PARAMETERS, responses=UnitYearSerializer)
    def get(self, request, unit: str, year: int):
        unit_obj = _unit_or_404(request.user, unit)
        return Response(unit_year_body(request.user, unit_obj, _year_or_404(year)))


class TransitionView(JSONErrorsMixin, APIView):
    """POST {version, comment}: one transition of a unit-year (cooperatives.approval)."""

    renderer_classes = [JSONRenderer]
    permission_classes = [IsAuthenticated, RoleMayWrite]
    transition: str = ""

    def post(self, request, unit: str, year: int):
        unit_obj = _unit_or_404(request.user, unit)
        year = _year_or_404(year)
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        approval.TRANSITIONS[self.transition](
            unit_obj, year, actor=request.user, expected_version=body.validated_data["version"],
            comment=body.validated_data["comment"])
        return Response(unit_year_body(request.user, unit_obj, year))


TRANSITION_SUMMARIES = {
    ApprovalAction.SUBMIT: "Submit the unit's year for review (its reports complete, the units under it approved)",
    ApprovalAction.APPROVE: "Approve a submitted year (the reviewing level, not the submitter); it is locked",
    ApprovalAction.RETURN: "Return a submitted year to the unit with a comment",
    ApprovalAction.UNAPPROVE: "Unapprove an approved year with a reason (the approving level); it reopens",
}


def transition_view(action: str):
    """The view of one transition: its own class, so the schema has one operation per action."""

    def post(self, request, unit: str, year: int):
        return TransitionView.post(self, request, unit, year)

    documented = extend_schema(summary=TRANSITION_SUMMARIES[action], parameters=UNIT_YEAR_PARAMETERS,
                               request=TransitionSerializer, responses=UnitYearSerializer,
                               operation_id=f"approvals_{action}")(post)
    return type(f"{action.title()}View", (TransitionView,), {"transition": action, "post": documented}).as_view()


class CompletenessQuery(serializers.Serializer):
    unit = serializers.CharField(required=False, max_length=20)
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2100)


class CompletenessView(JSONErrorsMixin, APIView):
    renderer_classes = [JSONRenderer]
    permission_classes = [IsAuthenticated]
    schema_error_codes = {None: (400, 404)}  # an APIView has no `action` (core.api.schema reads it)

    @extend_schema(
        summary="Reports expected, received, submitted and approved per unit, against the deadlines",
        description="Every unit of the scope existing at the end of the year, overdue units first. `unit` "
        "defaults to the caller's scope (the whole country for a national admin), `year` to last year.",
        parameters=[OpenApiParameter("unit", str, description="Unit code."),
                    OpenApiParameter("year", int, description="Year (default: last year).")],
        responses=CompletenessSerializer,
    )
    def get(self, request):
        query = CompletenessQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        code = query.validated_data.get("unit")
        unit = _unit_or_404(request.user, code) if code else request.user.scope
        if unit is None and not request.user.is_admin:
            raise Http404
        year = query.validated_data.get("year", today().year - 1)
        rows = approval.overdue_first(approval.completeness(unit, year, today=today()))
        return Response(CompletenessSerializer({
            "unit": unit.code if unit else None, "year": year, "today": today(), "count": len(rows),
            "results": rows,
        }).data)
