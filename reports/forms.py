"""Forms of the leadership pages: the plan/year/unit picker and the admin's plan editor."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cooperatives.pickers import with_parents
from core.collation import collated
from core.forms import VersionField, VNDecimalField, VNModelForm
from core.parsing import ParseError, format_percent, is_percent_text, parse_percent
from reports.engine import INDICATORS
from reports.models import Plan, Target
from reports.pickers import report_unit_picker
from units.models import AdministrativeUnit, UnitLevel


class SelectionForm(forms.Form):
    """What the dashboard shows: a plan, a year and a unit (choices set per user by the view).

    The unit is a search box (reports.pickers): the page renders the chosen unit only and
    the picker asks for the plan's units of the year as the reader types; the view reads
    the unit through reports.selectors.report_unit, which decides what the reader may see."""

    plan = forms.ChoiceField(label=_("Kế hoạch"))
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    unit = forms.ModelChoiceField(label=_("Địa bàn"), queryset=AdministrativeUnit.objects.none(), required=False)

    def __init__(self, *args, plans, years, country=False, **kwargs):
        super().__init__(*args, **kwargs)
        # `fields` maps names to plain Fields; these three are the choice fields declared above.
        cast(forms.ChoiceField, self.fields["plan"]).choices = [(p.code, f"{p.title} ({p.code})") for p in plans]
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, str(y)) for y in years]
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.widget = report_unit_picker(country=country)
        # Only the chosen unit is read from it (report_unit has already checked it).
        unit.queryset = with_parents(AdministrativeUnit.objects.all())
        # The whole country is no unit: the empty choice (no `unit` in the query string).
        unit.empty_label = _("Toàn quốc") if country else None


class PlanForm(VNModelForm):
    """A plan's own fields; `version` is the plan's as the editor opened it (targets go with it)."""

    version = VersionField()

    class Meta(VNModelForm.Meta):
        model = Plan
        fields = ["code", "title", "unit", "baseline_year", "target_year", "legal_basis", *Plan.DOCUMENT_FIELDS]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3}), "recipients": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A plan covers the country (no unit), a province, a district or a commune; list the
        # larger units first.
        unit = cast(forms.ModelChoiceField, self.fields["unit"])  # the model's foreign key: a ModelChoiceField
        unit.queryset = AdministrativeUnit.objects.order_by("level", collated("name"))
        unit.empty_label = _("Toàn quốc")
        # Django's documented way to label one field's choices: an instance attribute over the method.
        unit.label_from_instance = lambda u: f"{u.name} ({UnitLevel(u.level).label})"  # type: ignore[method-assign,assignment]


class TargetBoundField(VNDecimalField):
    """A target's bound: a number typed the Vietnamese way (0,05; 1.500), or for a ratio a
    percentage ("55 %", "55%" and "0,55" are the same 0.55: core.parsing.parse_percent)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_percent(value)
        except ParseError as exc:
            raise ValidationError(exc.for_field(self.label or _("Ô này")), code=exc.code) from exc


class TargetForm(VNModelForm):
    """A target: its bounds are typed the Vietnamese way (0,05) or, for a ratio indicator, as
    percentages (55 %), and shown back as percentages for a ratio, without trailing zeros."""

    low = TargetBoundField(label=capfirst(Target._meta.get_field("low").verbose_name), required=False)
    high = TargetBoundField(label=capfirst(Target._meta.get_field("high").verbose_name), required=False)

    class Meta(VNModelForm.Meta):
        model = Target
        fields = ["position", "indicator", "comparator", "low", "high"]
        widgets = {"position": forms.NumberInput(attrs={"class": "narrow-number"})}  # no inline style: CSP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An admin picks "Số HTX thành lập mới (htx_new)", not a bare code.
        # The model's field has choices: its form field is a ChoiceField.
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [("", _("— chọn —"))] + [
            (code, f"{spec.name_en if get_language() == 'en' else spec.name_vi} ({code})")
            for code, spec in INDICATORS.items()]
        # Every control of a row is named for a screen reader (the table's header is not its label).
        row = self.prefix.rsplit("-", 1)[-1] if self.prefix else ""
        for name, field in self.fields.items():
            label = field.label or name
            field.widget.attrs.setdefault("aria-label", _("%(field)s, dòng %(row)s") % {
                "field": capfirst(str(label)), "row": int(row) + 1 if row.isdigit() else row})
        spec = INDICATORS.get(self.instance.indicator) if self.instance.pk else None
        if spec is not None and spec.unit == "ratio":
            for name in ("low", "high"):
                if getattr(self.instance, name) is not None:
                    self.initial[name] = format_percent(getattr(self.instance, name))

    def clean(self):
        data = super().clean() or {}
        spec = INDICATORS.get(data.get("indicator") or "")
        if spec is not None and spec.unit != "ratio":
            for name in ("low", "high"):
                if is_percent_text(self.data.get(self.add_prefix(name))):
                    self.add_error(name, _("%(field)s: chỉ tiêu này không phải tỷ lệ, hãy nhập số không có %%.")
                                   % {"field": self.fields[name].label})
        return data


class BaseTargetFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # added by the formset after the form's own labels
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Xoá, dòng %(row)s") % {
                "row": (index or 0) + 1}

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            code = form.cleaned_data.get("indicator")
            if code and code in seen:
                form.add_error("indicator", _("Chỉ tiêu này đã có trong kế hoạch."))
            seen.add(code)


TargetFormSet = inlineformset_factory(
    Plan, Target, form=TargetForm, formset=BaseTargetFormSet, extra=3, can_delete=True,
)


class PlanCloneForm(forms.Form):
    code = forms.SlugField(label=_("Mã kế hoạch mới"), max_length=60)
    title = forms.CharField(label=_("Tên kế hoạch mới"), max_length=300, required=False,
                            help_text=_("Để trống: lấy tên kế hoạch cũ, đổi năm."))
