"""Forms of the unit statistics pages (figures entered by hand, with their source)."""

from django import forms
from django.utils.translation import gettext_lazy

from accounts.scope import visible
from cooperatives.forms import FilterForm
from coopreg.forms import VersionField, VNIntegerField, VNModelForm
from units.models import AdministrativeUnit, UnitStatistic


def units_for(user):
    return visible(user, AdministrativeUnit.objects.all()).order_by("level", "name")


class UnitStatisticForm(VNModelForm):
    version = VersionField()

    class Meta(VNModelForm.Meta):
        model = UnitStatistic
        fields = ["unit", "year", "domestic_budget_revenue", "collective_sector_product", "source"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)

    def clean(self):
        data = super().clean()
        unit, year = data.get("unit"), data.get("year")
        if unit and year and UnitStatistic.objects.filter(unit=unit, year=year).exclude(
                pk=self.instance.pk).exists():
            self.add_error("year", forms.ValidationError(
                gettext_lazy("Đơn vị này đã có số liệu năm %(year)s.") % {"year": year}))
        return data


class StatisticFilterForm(FilterForm):
    unit = forms.ModelChoiceField(label=gettext_lazy("Đơn vị"), queryset=None, required=False,
                                  empty_label=gettext_lazy("— tất cả —"))
    year = VNIntegerField(label=gettext_lazy("Năm"), required=False, grouping=False, min_value=1990,
                          max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = units_for(user)
        del self.fields["q"]
