import django_filters

from coopreg.api.filters import UnitCodeFilter, WithinFilter, YearFilter
from reports.models import Plan


class PlanFilter(django_filters.FilterSet):
    unit = UnitCodeFilter(help_text="Code of the plan's unit.")
    target_year = YearFilter()
    within = WithinFilter()

    class Meta:
        model = Plan
        fields = ["unit", "target_year", "within"]
