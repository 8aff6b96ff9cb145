"""Reads for the registry pages: every queryset here is already limited to the user's
scope (accounts.scope.visible) and carries the joins/annotations its page prints, so a
page runs a fixed number of queries whatever the number of rows."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from accounts.models import User
from accounts.scope import visible
from cooperatives.models import (
    AnnualReport,
    Collective,
    ManagementRole,
    Membership,
    Person,
    Suspension,
    TradeEvent,
    TrainingCourse,
)
from cooperatives.pages import LoadedSection, collective_sections
from core.collation import collated
from core.history import HistoryEntry, record_history
from core.text import search
from core.validation import today
from units.models import AdministrativeUnit, UnitLevel


def communes_for(user: User) -> QuerySet[AdministrativeUnit]:
    """Communes the user may file records under (their scope; all for a national admin)."""
    return visible(user, AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)).order_by(collated("name"))


def collectives_for(user: User) -> QuerySet[Collective]:
    return visible(user, Collective.objects.all()).order_by(collated("name"))


def people_for(user: User) -> QuerySet[Person]:
    return visible(user, Person.objects.all()).order_by(collated("full_name"))


def collective_list(
    user: User,
    *,
    q: str | None = None,
    unit: AdministrativeUnit | None = None,
    kind: str | None = None,
    sector: str | None = None,
    status: str | None = None,
    year: int | None = None,
    classification: str | None = None,
) -> QuerySet[Collective]:
    """Collectives in scope, annotated with `status_on` (active / suspended / dissolved today:
    CollectiveQuerySet.with_status) and `classification_of_year` (the class of `year`'s annual
    report, default last year)."""
    day = today()
    year = year or day.year - 1
    report = AnnualReport.objects.filter(collective=OuterRef("pk"), year=year)
    qs = (
        visible(user, Collective.objects.all())
        .select_related("unit")
        .with_status(day)
        .annotate(classification_of_year=Subquery(report.values("classification")[:1]))
    )
    qs = search(qs, q)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if kind:
        qs = qs.filter(kind=kind)
    if sector:
        qs = qs.filter(sector=sector)
    if status:
        qs = qs.filter(status_on=status)
    if classification:
        qs = qs.filter(classification_of_year=classification)
    return qs


@dataclass
class CollectivePage:
    collective: Collective
    open_suspension: Suspension | None
    suspensions: list[Suspension]
    reports: list[AnnualReport]
    memberships: list[Membership]
    roles: list[ManagementRole]
    sections: list[LoadedSection]
    courses: list[TrainingCourse]
    events: list[TradeEvent]
    history: list[HistoryEntry] = field(default_factory=list)


def collective_page(collective: Collective) -> CollectivePage:
    """Everything a collective's page shows, a fixed number of queries (one per section)."""
    suspensions = list(collective.suspensions.all())
    open_suspension = next((s for s in suspensions if s.ends_on is None), None)
    memberships = list(collective.memberships.select_related("person").order_by("-left_on", collated("person__full_name")))
    roles = list(collective.management_roles.select_related("person").order_by("ended_on", "role"))
    # Courses attended by anyone who is or was a member or manager of this collective.
    people = Person.objects.filter(Q(memberships__collective=collective) | Q(management_roles__collective=collective))
    courses = list(TrainingCourse.objects.filter(attendees__in=people.values("pk")).distinct()
                   .select_related("unit").order_by("-held_on"))
    events = list(collective.trade_events.order_by("-held_on"))
    return CollectivePage(
        collective=collective, open_suspension=open_suspension, suspensions=suspensions,
        reports=list(collective.annual_reports.order_by("-year")), memberships=memberships, roles=roles,
        sections=collective_sections(collective), courses=courses, events=events, history=history_of(collective),
    )


# --- Change history (core.history), with units by name. ---


def unit_names(field, ids: set) -> dict[int, str]:
    """core.history's related_labels: the names of the units a history mentions (one query)."""
    if field.related_model is not AdministrativeUnit:
        return {}
    return dict(AdministrativeUnit.objects.filter(pk__in=ids).values_list("pk", "name"))


def history_of(instance) -> list[HistoryEntry]:
    """What a record's page shows of its history: the latest 50 versions, newest first."""
    return record_history(instance, limit=50, related_labels=unit_names)


# --- The yearly entry sheet. ---


def sheet_collectives(user: User, year: int, *, unit: AdministrativeUnit | None = None, kind: str | None = None,
                      q: str | None = None, missing_only: bool = False) -> QuerySet[Collective]:
    qs = visible(user, Collective.objects.existed_during(year)).select_related("unit")
    qs = search(qs, q)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if kind:
        qs = qs.filter(kind=kind)
    if missing_only:
        qs = qs.exclude(annual_reports__year=year)
    return qs.order_by(collated("unit__name"), collated("name"), "pk")


def reports_by_collective(collective_ids: list[int], year: int) -> dict[int, AnnualReport]:
    return {r.collective_id: r for r in AnnualReport.objects.filter(collective_id__in=collective_ids, year=year)}


SHEET_SUM_FIELDS = ("members", "regular_workers", "revenue", "profit", "charter_capital_contributed")


def sheet_totals(collectives: QuerySet[Collective], year: int) -> dict[str, Any]:
    """The foot of the sheet in one query: its rows (`rows`), how many have the year's report
    (`reports`), and the sums and counts of those reports."""
    lines = Collective.objects.filter(pk__in=collectives.values("pk")).annotate(
        report=FilteredRelation("annual_reports", condition=Q(annual_reports__year=year)))
    return lines.aggregate(
        rows=Count("pk"),
        reports=Count("report"),
        value_chain=Count("report", filter=Q(report__value_chain=True)),
        high_tech=Count("report", filter=Q(report__high_tech=True)),
        **{name: Sum(f"report__{name}") for name in SHEET_SUM_FIELDS},
    )


# --- People, courses, events. ---


def people_list(user: User, *, q: str | None = None, unit: AdministrativeUnit | None = None,
                education: str | None = None, kind: str | None = None,
                gender: str | None = None) -> QuerySet[Person]:
    qs = visible(user, Person.objects.all()).select_related("unit").annotate(
        membership_count=Count("memberships", distinct=True),
        role_count=Count("management_roles", distinct=True),
    )
    qs = search(qs, q)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if education:
        qs = qs.filter(education=education)
    if kind:
        qs = qs.filter(kind=kind)
    if gender:
        qs = qs.filter(gender=gender)
    return qs


def training_list(user: User, *, q: str | None = None, unit: AdministrativeUnit | None = None,
                  year: int | None = None) -> QuerySet[TrainingCourse]:
    qs = visible(user, TrainingCourse.objects.all()).select_related("unit").annotate(
        attendee_count=Count("attendees", distinct=True))
    qs = search(qs, q)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs


def event_list(user: User, *, q: str | None = None, kind: str | None = None,
               year: int | None = None) -> QuerySet[TradeEvent]:
    qs = visible(user, TradeEvent.objects.all()).select_related("unit").annotate(
        participant_count=Count("participants", distinct=True))
    qs = search(qs, q)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs
