"""Forms of the registry pages. Choices of units, people and collectives are always the
user's scope (cooperatives.selectors); the rules themselves live in the models' clean()
and the services, whose errors the views put back next to the fields."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives import pickers, selectors
from cooperatives.models import (
    AnnualReport,
    Classification,
    Collective,
    CollectiveKind,
    DissolutionKind,
    Education,
    Gender,
    ManagementRole,
    Membership,
    Person,
    PersonKind,
    Sector,
    TradeEvent,
    TradeEventKind,
    TrainingCourse,
    normalize_registration_code,
)
from core.forms import VersionField, VNDateField, VNForm, VNIntegerField, VNModelForm
from core.parsing import ParseError, parse_yes_no
from core.text import fold
from core.validation import EARLIEST_DATE, LATEST_DATE, year_range
from units.models import AdministrativeUnit, UnitStatistic, valid_q


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.valid_until:
            return _("%(name)s (đến %(day)s)") % {"name": obj.name, "day": f"{obj.valid_until:%d/%m/%Y}"}
        return obj.name


def units_valid_on_record_day(form: forms.BaseForm, queryset: QuerySet[AdministrativeUnit], *, date_field: str,
                              field: str = "unit") -> QuerySet[AdministrativeUnit]:
    """The units a record's form offers: those valid on the record's date (its establishment,
    the day it was held…; every unit for a new record, whose date is not typed yet), read by
    the one rule (units.models.valid_q).

    The unit already chosen (stored, or sent back) stays in the list even when it is not
    valid on that day, so the form never drops it silently: the model's clean() then says
    why it is refused (units.models.validate_unit_on, the server's guarantee)."""
    chosen: object = None
    day: datetime.date | None
    if form.is_bound:
        try:
            day = form.fields[date_field].clean(form.data.get(form.add_prefix(date_field)))
        except ValidationError:
            day = None  # the date's own error is shown; keep every unit until it is readable
        chosen = form.data.get(form.add_prefix(field))
    else:
        instance = getattr(form, "instance", None)
        # A new record has no date yet: every unit, each labelled with its validity ("đến
        # 30/06/2025"), since an officer also enters collectives founded before the reform.
        day = getattr(instance, date_field, None)
        chosen = getattr(instance, f"{field}_id", None)
    if day is None:
        return queryset
    keep = valid_q(day, day)
    if isinstance(chosen, int) or (isinstance(chosen, str) and chosen.isascii() and chosen.isdigit()):
        keep |= Q(pk=int(chosen))
    return queryset.filter(keep)


ALL = gettext_lazy("— tất cả —")
YEAR = gettext_lazy("Năm")


def _blank(choices, label=ALL):
    return [("", label), *choices]


# --- Records ---


class CollectiveForm(VNModelForm):
    version = VersionField()

    class Meta(VNModelForm.Meta):
        model = Collective
        fields = ["kind", "registration_code", "name", "unit", "sector", "address", "legal_representative",
                  "phone", "established_on", "charter_capital", "main_products"]
        field_classes = {"unit": CommuneChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_valid_on_record_day(self, selectors.communes_for(user),
                                                                 date_field="established_on")

    def clean_registration_code(self):
        # In the form codes are stored and compared in (decision 1): " 5701234567 ", fullwidth
        # digits or a zero-width space are the code they look like, and get the same message.
        code = normalize_registration_code(self.cleaned_data.get("registration_code"))
        if code and Collective.objects.filter(registration_code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("%(field)s %(code)s đã được dùng cho một tổ chức khác.") % {
                "field": capfirst(self.fields["registration_code"].label), "code": code})
        return code


class AnnualReportForm(VNModelForm):
    version = VersionField()

    class Meta(VNModelForm.Meta):
        model = AnnualReport
        fields = ["year", "members", "regular_workers", "revenue", "profit", "average_monthly_income",
                  "charter_capital_contributed", "classification", "classification_score", "value_chain",
                  "high_tech", "source"]

    def clean_year(self):
        year = self.cleaned_data.get("year")
        collective = self.instance.collective
        if year and AnnualReport.objects.filter(collective=collective, year=year).exclude(
                pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Tổ chức này đã có báo cáo năm %(year)s.") % {"year": year})
        return year


SHEET_FIELDS = ("members", "regular_workers", "revenue", "profit", "average_monthly_income",
                "charter_capital_contributed", "classification", "value_chain", "high_tech")


class LabelChoiceField(forms.ChoiceField):
    """A choice given by its code or by its label as officers write it ("Tốt", "tot", "good"):
    a block pasted from a workbook into the yearly sheet carries labels, a drop-down codes."""

    def to_python(self, value):
        text = super().to_python(value)
        # The labels of the page's language, and the Vietnamese ones of the officer's workbook.
        by_label = {fold(str(label)): code for code, label in self.choices}
        with translation.override("vi"):
            by_label.update({fold(str(label)): code for code, label in self.choices})
        return by_label.get(fold(text), text)

    def validate(self, value):
        if value and not self.valid_value(value):
            raise forms.ValidationError(
                _("%(field)s: “%(value)s” không có trong danh sách (%(labels)s).")
                % {"field": self.label, "value": value,
                   "labels": ", ".join(str(label) for code, label in self.choices if code)},
                code="invalid_choice")
        super().validate(value)


class YesNoCheckbox(forms.CheckboxInput):
    """A tick box whose posted value is read by core.parsing.parse_yes_no: "on" from the
    box itself, "Có" / "Không" / "x" from a pasted block."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=_ticked)

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")

    def format_value(self, value):
        return None  # a ticked box sends "on", whatever text was pasted into it


def _ticked(value) -> bool:
    try:
        return parse_yes_no("" if value is None else value)
    except ParseError:
        return False


class YesNoField(forms.BooleanField):
    widget = YesNoCheckbox

    def to_python(self, value):
        try:
            return parse_yes_no("" if value is None else value)
        except ParseError as exc:
            raise forms.ValidationError(exc.for_field(self.label), code=exc.code) from exc


class SheetRowForm(VNForm):
    """One line of the yearly entry sheet; `version` is what the line displayed (0: no report yet).

    A line of a collective that cannot be classified (a THT) has no classification field at
    all: the sheet offers no choice the rule would refuse (Collective.can_be_classified).
    The browser's own required-field check is off: the server's Vietnamese messages say
    which cell is missing, in the cell (the sheet is also filled by pasting blocks).
    """

    use_required_attribute = False

    members = VNIntegerField(label=gettext_lazy("Số thành viên"), min_value=0)
    regular_workers = VNIntegerField(label=gettext_lazy("Lao động thường xuyên"), min_value=0)
    revenue = VNIntegerField(label=gettext_lazy("Doanh thu (đồng)"), min_value=0)
    profit = VNIntegerField(label=gettext_lazy("Lợi nhuận (đồng)"))
    average_monthly_income = VNIntegerField(label=gettext_lazy("Thu nhập bình quân tháng (đồng)"), min_value=0,
                                            required=False)
    charter_capital_contributed = VNIntegerField(label=gettext_lazy("Vốn điều lệ đã góp (đồng)"), min_value=0,
                                                 required=False)
    classification = LabelChoiceField(label=gettext_lazy("Xếp loại"), choices=Classification.choices,
                                      initial=Classification.UNRATED)
    value_chain = YesNoField(label=gettext_lazy("Chuỗi giá trị"), required=False)
    high_tech = YesNoField(label=gettext_lazy("Công nghệ cao"), required=False)
    version = VersionField()

    def __init__(self, *args, classified: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not classified:
            del self.fields["classification"]
        # Inputs sit in table cells, outside the <form> (a form cannot wrap a table row);
        # the HTML `form` attribute ties them to it, for htmx and for a plain submit alike.
        # `data-col` names the sheet column (static/js/sheet.js moves and pastes by it).
        self.form_id = f"sheet-form-{self.prefix}"
        for name, field in self.fields.items():
            field.widget.attrs["form"] = self.form_id
            if name != "version":
                field.widget.attrs["data-col"] = name

    @classmethod
    def for_row(cls, collective, report, data=None):
        initial = {}
        if report is not None:
            initial = {name: getattr(report, name) for name in SHEET_FIELDS}
            initial["version"] = report.version
        else:
            initial["version"] = 0
        return cls(data, initial=initial, prefix=f"r{collective.pk}", classified=collective.can_be_classified)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in SHEET_FIELDS if name in self.fields}


class SuspendForm(VNForm):
    starts_on = VNDateField(label=gettext_lazy("Tạm ngừng từ ngày"))
    decision_number = forms.CharField(label=gettext_lazy("Số thông báo / quyết định"), max_length=100,
                                      required=False)
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=300, required=False)


class ResumeForm(VNForm):
    """Ends the open suspension; `version` is the suspension's, as the page showed it."""

    ends_on = VNDateField(label=gettext_lazy("Hoạt động trở lại từ ngày"))
    version = VersionField()


class DissolveForm(VNForm):
    dissolved_on = VNDateField(label=gettext_lazy("Ngày giải thể"))
    dissolution_decision = forms.CharField(label=gettext_lazy("Số quyết định giải thể"), max_length=100)
    dissolution_kind = forms.ChoiceField(label=gettext_lazy("Hình thức giải thể"),
                                         choices=_blank(DissolutionKind.choices, gettext_lazy("— chọn —")))
    version = VersionField()


class PersonForm(VNModelForm):
    version = VersionField()

    class Meta(VNModelForm.Meta):
        model = Person
        fields = ["full_name", "kind", "gender", "ethnicity", "ethnic_subgroup", "birth_year", "education",
                  "unit", "phone"]
        field_classes = {"unit": CommuneChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.communes_for(user)
        # The 54 groups by their GSO codes (a select); a local group goes in the subgroup field.


class NewPersonForm(VNModelForm):
    """The "new person" part of the member and manager forms: a person not yet in the
    register is added there, without leaving the form, through the same service as the
    person page (accounts.services.scoped_create), in the transaction that saves the
    membership or role (both or neither). Used only when its name is filled in."""

    class Meta(VNModelForm.Meta):
        model = Person
        fields = ["full_name", "kind", "gender", "birth_year", "ethnicity", "unit"]
        field_classes = {"unit": CommuneChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, prefix="new", **kwargs)
        self.fields["unit"].queryset = selectors.communes_for(user)
        self.fields["full_name"].label = _("Họ và tên người mới")
        # Filled in only when the person is not in the register: the model's own rules
        # (Person.clean, through the service) say what a used part lacks.
        for name, field in self.fields.items():
            field.required = self.is_bound and self.is_used() and name in ("full_name", "unit")

    def is_used(self) -> bool:
        return bool(str(self.data.get(self.add_prefix("full_name"), "")).strip())


PICK_OR_CREATE = gettext_lazy("Hãy chọn một người trong danh sách, hoặc điền phần “Thêm người mới” bên dưới.")


class PersonRecordForm(VNModelForm):
    """A membership or a management role: its person chosen with the people picker (in the
    user's scope; validated server-side against the same scope), or created in place."""

    version = VersionField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        person.widget = pickers.person_picker()
        person.queryset = pickers.people(user)  # after the widget: the queryset gives it its choices
        person.required = False  # or a new person (NewPersonForm): the view checks one of the two
        person.help_text = _("Gõ tên, không dấu cũng được; hai người trùng tên phân biệt bằng năm sinh, xã, tổ chức.")


class MembershipForm(PersonRecordForm):
    class Meta(VNModelForm.Meta):
        model = Membership
        fields = ["person", "member_type", "joined_on", "left_on", "capital_contribution"]


class ManagementRoleForm(PersonRecordForm):
    """A role, and the manager's education level (kept on the person: the indicators of
    trained managers read it there), shown and set here."""

    education = forms.ChoiceField(
        label=gettext_lazy("Trình độ chuyên môn của cán bộ"), required=False,
        choices=_blank(Education.choices, gettext_lazy("— chọn —")),
        help_text=gettext_lazy("Ghi vào hồ sơ của người này (trang Thành viên, cán bộ)."))

    class Meta(VNModelForm.Meta):
        model = ManagementRole
        fields = ["person", "role", "started_on", "ended_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.person_id and not self.is_bound:
            self.initial.setdefault("education", self.instance.person.education)
        # The page's script fills it in from the chosen person's record (pickers.js).
        self.fields["education"].widget.attrs["data-education-of"] = self["person"].auto_id


class TrainingCourseForm(VNModelForm):
    version = VersionField()

    class Meta(VNModelForm.Meta):
        model = TrainingCourse
        fields = ["title", "held_on", "organizer", "unit", "attendees", "extra_attendees"]
        field_classes = {"unit": CommuneChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_valid_on_record_day(self, selectors.communes_for(user),
                                                                 date_field="held_on")
        self.fields["unit"].label = _("Xã / phường / thị trấn tổ chức")
        attendees = self.fields["attendees"]
        attendees.widget = pickers.person_picker(multiple=True)
        attendees.queryset = pickers.people(user)


class TradeEventForm(VNModelForm):
    version = VersionField()

    class Meta(VNModelForm.Meta):
        model = TradeEvent
        fields = ["name", "held_on", "location", "kind", "unit", "participants"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The recording unit may be the district itself, so any unit in scope, not only communes.
        unit = self.fields["unit"]
        unit.widget = pickers.unit_picker()
        unit.queryset = units_valid_on_record_day(self, pickers.units(user), date_field="held_on")
        unit.required = True
        participants = self.fields["participants"]
        participants.widget = pickers.collective_picker(multiple=True)
        participants.queryset = pickers.collectives(user)


# --- Filters of the lists (GET forms; every field optional) ---


class FilterForm(VNForm):
    q = forms.CharField(label=gettext_lazy("Tìm kiếm"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy(
                            "Gõ tên, có dấu hay không dấu đều được")}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            # A search box (cooperatives.pickers): a province has hundreds of communes.
            unit = self.fields["unit"]
            unit.widget = pickers.commune_picker()
            unit.queryset = pickers.communes(user)

    def filters(self) -> dict:
        """Cleaned values to pass to a selector (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


def _year_field(label=YEAR, *, of_a_date: bool = False):
    """A year to filter on: of yearly figures (core.validation.year_range), or of a date
    (a course held, a collective established), which may be any year a date may be."""
    first, last = (EARLIEST_DATE.year, LATEST_DATE.year) if of_a_date else year_range()
    return VNIntegerField(label=label, required=False, grouping=False, min_value=first, max_value=last)


class CollectiveFilterForm(FilterForm):
    unit = CommuneChoiceField(label=gettext_lazy("Xã / phường / thị trấn"), queryset=None, required=False,
                              empty_label=gettext_lazy("— tất cả —"))
    kind = forms.ChoiceField(label=gettext_lazy("Loại hình"), choices=_blank(CollectiveKind.choices),
                             required=False)
    sector = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), choices=_blank(Sector.choices), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Tình trạng"), required=False, choices=_blank([
        ("active", gettext_lazy("Đang hoạt động")), ("suspended", gettext_lazy("Tạm ngừng")),
        ("dissolved", gettext_lazy("Đã giải thể"))]))
    year = _year_field(gettext_lazy("Năm xếp loại"))
    classification = forms.ChoiceField(label=gettext_lazy("Xếp loại"), choices=_blank(Classification.choices),
                                       required=False)


class PeopleFilterForm(FilterForm):
    unit = CommuneChoiceField(label=gettext_lazy("Xã / phường / thị trấn"), queryset=None, required=False,
                              empty_label=gettext_lazy("— tất cả —"))
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=_blank(PersonKind.choices), required=False)
    gender = forms.ChoiceField(label=gettext_lazy("Giới tính"), choices=_blank(Gender.choices), required=False)
    education = forms.ChoiceField(label=gettext_lazy("Trình độ"), choices=_blank(Education.choices),
                                  required=False)


class TrainingFilterForm(FilterForm):
    unit = CommuneChoiceField(label=gettext_lazy("Xã / phường / thị trấn"), queryset=None, required=False,
                              empty_label=gettext_lazy("— tất cả —"))
    year = _year_field(of_a_date=True)


class EventFilterForm(FilterForm):
    kind = forms.ChoiceField(label=gettext_lazy("Loại sự kiện"), choices=_blank(TradeEventKind.choices),
                             required=False)
    year = _year_field(of_a_date=True)


class SheetFilterForm(FilterForm):
    unit = CommuneChoiceField(label=gettext_lazy("Xã / phường / thị trấn"), queryset=None, required=False,
                              empty_label=gettext_lazy("— tất cả —"))
    kind = forms.ChoiceField(label=gettext_lazy("Loại hình"), choices=_blank(CollectiveKind.choices),
                             required=False)
    missing_only = forms.BooleanField(label=gettext_lazy("Chỉ dòng chưa có báo cáo"), required=False)


# --- Unit statistics (figures entered by hand for a unit and year, with their source) ---


class UnitStatisticForm(VNModelForm):
    version = VersionField()

    class Meta(VNModelForm.Meta):
        model = UnitStatistic
        fields = ["unit", "year", "domestic_budget_revenue", "collective_sector_product", "source"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        unit.widget = pickers.unit_picker()
        unit.queryset = pickers.units(user)

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
    year = _year_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        unit = self.fields["unit"]
        unit.widget = pickers.unit_picker()
        unit.queryset = pickers.units(user)
        del self.fields["q"]
