from django.db.models import Prefetch

from accounts.api.viewsets import ScopedViewSet
from cooperatives.api import filters, serializers
from cooperatives.models import (
    AnnualReport,
    Collective,
    ManagementRole,
    Membership,
    Person,
    TradeEvent,
    TrainingCourse,
)
from cooperatives.services import collective_update
from core.validation import today


class CollectiveViewSet(ScopedViewSet):
    """HTX, THT and unions. Setting `dissolved_on` on an active collective dissolves it
    (cooperatives.services.collective_update: with its decision number and kind, and
    ending an open suspension). A collective others refer to cannot be deleted (409)."""

    serializer_class = serializers.CollectiveSerializer
    filterset_class = filters.CollectiveFilter
    ordering_fields = ["name", "registration_code", "established_on", "dissolved_on", "charter_capital", "kind"]
    queryset = Collective.objects.select_related("unit")

    def get_queryset(self):
        # `status` read from one annotation, not a query per row.
        return super().get_queryset().with_status(today())

    def service_update(self, instance, *, changes, m2m, expected_version):
        return collective_update(instance, actor=self.actor, changes=changes, m2m=m2m,
                                 expected_version=expected_version)


class AnnualReportViewSet(ScopedViewSet):
    """One report per collective and year; the collective must be in the writer's scope."""

    serializer_class = serializers.AnnualReportSerializer
    filterset_class = filters.AnnualReportFilter
    ordering_fields = ["year", "revenue", "profit", "members", "regular_workers", "collective__name"]
    queryset = AnnualReport.objects.all()


class PersonViewSet(ScopedViewSet):
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    ordering_fields = ["full_name", "birth_year", "education"]
    queryset = Person.objects.select_related("unit")


class MembershipViewSet(ScopedViewSet):
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter
    ordering_fields = ["joined_on", "left_on", "capital_contribution"]
    queryset = Membership.objects.all()


class ManagementRoleViewSet(ScopedViewSet):
    serializer_class = serializers.ManagementRoleSerializer
    filterset_class = filters.ManagementRoleFilter
    ordering_fields = ["started_on", "ended_on", "role"]
    queryset = ManagementRole.objects.all()


class TrainingCourseViewSet(ScopedViewSet):
    serializer_class = serializers.TrainingCourseSerializer
    filterset_class = filters.TrainingCourseFilter
    ordering_fields = ["held_on", "title"]
    # Attendee ids only: one query for the whole page, whatever its size.
    queryset = TrainingCourse.objects.select_related("unit").prefetch_related(
        Prefetch("attendees", queryset=Person.objects.only("pk"))
    )


class TradeEventViewSet(ScopedViewSet):
    """Visible to the scope that recorded it and to every scope with a participant."""

    serializer_class = serializers.TradeEventSerializer
    filterset_class = filters.TradeEventFilter
    ordering_fields = ["held_on", "name"]
    queryset = TradeEvent.objects.select_related("unit").prefetch_related(
        Prefetch("participants", queryset=Collective.objects.only("pk"))
    )
