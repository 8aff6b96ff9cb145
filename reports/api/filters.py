import django_filters

from accounts.api.filters import WithinFilter
from core.api.filters import YearFilter
from reports.models import Plan
from units.api.filters import UnitCodeFilter


class PlanFilter(django_filters.FilterSet):
    unit = UnitCodeFilter(help_text="Code of the plan's unit.")
    target_year = YearFilter()
    within = WithinFilter()

    class Meta:
        model = Plan
        fields = ["unit", "target_year", "within"]
