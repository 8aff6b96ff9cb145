"""The leadership pages' unit picker (core.pickers): the units of the chosen plan and year
in the reader's scope (reports.selectors.unit_choices), searched as typed. Every role reads
the leadership pages, so every role may ask; a plan the reader may not open answers nothing."""

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse_lazy

from cooperatives.pickers import describe_unit, reader, with_parents
from core.pickers import PickerSelect, PickerView
from core.validation import year_from_query
from reports.selectors import plan_for, unit_choices
from units.models import AdministrativeUnit


class ReportUnitsPicker(PickerView):
    model = AdministrativeUnit

    def allowed(self, user) -> bool:
        return True  # viewers, officers and admins alike; the plan and the scope decide

    def records(self) -> QuerySet[AdministrativeUnit]:
        user = reader(self)
        try:
            plan = plan_for(user, self.request.GET.get("plan", ""))
        except Http404:
            return AdministrativeUnit.objects.none()
        year = year_from_query(self.request.GET.get("year"), plan.target_year)
        return with_parents(unit_choices(user, plan, year))

    def describe(self, obj):
        return describe_unit(obj)


def report_unit_picker(*, country: bool) -> PickerSelect:
    """The unit box of the plan/year/unit selection; with `country`, the empty choice is the
    whole country and is listed as such."""
    return PickerSelect(reverse_lazy("reports:pick_units"), describe_unit, params=("plan", "year"),
                        allow_empty=country)
