import django_filters

from accounts.api.filters import WithinFilter
from cooperatives.models import (
    AnnualReport,
    Classification,
    Collective,
    CollectiveKind,
    Education,
    ManagementRole,
    Membership,
    Person,
    RoleKind,
    Sector,
    TradeEvent,
    TradeEventKind,
    TrainingCourse,
)
from core.api.filters import DateYearFilter, IdFilter, SearchFilter, YearFilter
from core.validation import today
from units.api.filters import UnitCodeFilter

STATUS_CHOICES = [("active", "active"), ("suspended", "suspended"), ("dissolved", "dissolved")]


def _active_on(queryset, name, day):
    return queryset.active_on(day)


class CollectiveFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CollectiveKind.choices)
    unit = UnitCodeFilter(help_text="Code of the commune (that commune only).")
    within = WithinFilter()
    sector = django_filters.ChoiceFilter(choices=Sector.choices)
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status",
                                         help_text="As of today: active, suspended or dissolved.")
    active_on = django_filters.DateFilter(method=_active_on,
                                         help_text="Active on this date (established, not dissolved, not suspended).")
    established_year = DateYearFilter(field_name="established_on", lookup_expr="year")
    search = SearchFilter()

    class Meta:
        model = Collective
        fields = ["kind", "unit", "within", "sector", "status", "active_on", "established_year", "search"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(today()).filter(status_on=value)


class AnnualReportFilter(django_filters.FilterSet):
    collective = IdFilter(field_name="collective_id", help_text="Collective id.")
    year = YearFilter()
    within = WithinFilter()
    classification = django_filters.ChoiceFilter(choices=Classification.choices)
    kind = django_filters.ChoiceFilter(field_name="collective__kind", choices=CollectiveKind.choices)
    search = SearchFilter("collective__search_text")

    class Meta:
        model = AnnualReport
        fields = ["collective", "year", "within", "classification", "kind", "search"]


class PersonFilter(django_filters.FilterSet):
    education = django_filters.ChoiceFilter(choices=Education.choices)
    unit = UnitCodeFilter()
    within = WithinFilter()
    search = SearchFilter()

    class Meta:
        model = Person
        fields = ["education", "gender", "ethnicity", "unit", "within", "search"]


class MembershipFilter(django_filters.FilterSet):
    collective = IdFilter(field_name="collective_id", help_text="Collective id.")
    person = IdFilter(field_name="person_id", help_text="Person id.")
    active_on = django_filters.DateFilter(method=_active_on, help_text="Member on this date.")
    within = WithinFilter()

    class Meta:
        model = Membership
        fields = ["collective", "person", "member_type", "active_on", "within"]


class ManagementRoleFilter(django_filters.FilterSet):
    collective = IdFilter(field_name="collective_id", help_text="Collective id.")
    person = IdFilter(field_name="person_id", help_text="Person id.")
    role = django_filters.ChoiceFilter(choices=RoleKind.choices)
    active_on = django_filters.DateFilter(method=_active_on, help_text="Holding the role on this date.")
    within = WithinFilter()

    class Meta:
        model = ManagementRole
        fields = ["collective", "person", "role", "active_on", "within"]


class TrainingCourseFilter(django_filters.FilterSet):
    year = DateYearFilter(field_name="held_on", lookup_expr="year")
    within = WithinFilter()
    unit = UnitCodeFilter()
    search = SearchFilter()

    class Meta:
        model = TrainingCourse
        fields = ["year", "within", "unit", "search"]


class TradeEventFilter(django_filters.FilterSet):
    year = DateYearFilter(field_name="held_on", lookup_expr="year")
    within = WithinFilter(help_text="Unit code: events recorded by, or with a participant from, the unit "
                                    "and every unit under it.")
    kind = django_filters.ChoiceFilter(choices=TradeEventKind.choices)
    search = SearchFilter()

    class Meta:
        model = TradeEvent
        fields = ["year", "within", "kind", "search"]
