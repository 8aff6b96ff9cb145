"""Form fields and helpers for pages officers type into, in Vietnamese conventions.

- `VNIntegerField`: whole numbers as officers write them, "1.234.567" or "1 234 567"
  (dots or spaces between groups of three), shown back grouped the same way.
- `VNDecimalField`: a score such as "85,5" (comma or dot as the decimal mark).
- `VNDateField`: dd/mm/yyyy typed in a text box (no browser date picker, whose format
  follows the browser's language rather than the officer's).
- `VNModelForm`: a ModelForm whose date, integer and decimal fields use the above.
- `apply_service_errors(form, exc)`: puts a service's ValidationError next to the fields.

Every message names the field, so a message read out of context still says what is wrong.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats.vi.formats import DATE_INPUT_FORMATS
from core.services import VersionConflict

# Thin, non-breaking and ordinary spaces all appear in numbers pasted from Excel or Word.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_GROUPED = re.compile(r"^\d{1,3}([.\s]\d{3})+$")
_PLAIN = re.compile(r"^\d+$")


def _name_required(field: forms.Field) -> None:
    # "This field is required" does not say which one when read in a list of errors.
    if field.label:
        field.error_messages["required"] = _("Hãy nhập “%(field)s”.") % {"field": field.label}


def group_digits(value: int) -> str:
    """12345678 → "12.345.678" (always Vietnamese grouping: this is what officers type back)."""
    sign = "-" if value < 0 else ""
    digits = str(abs(int(value)))
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + ".".join(groups)


def parse_vn_integer(text: str) -> int:
    """Parse "1.234.567", "1 234 567", "-15.000" or "1234567"; ValueError otherwise.

    A dot must separate groups of exactly three digits, so "1.5" (a decimal typed the
    English way) is refused rather than silently read as 15.
    """
    text = _SPACES.sub(" ", text.strip())
    negative = text.startswith("-") or text.startswith("−")
    if negative:
        text = text[1:].strip()
    if _PLAIN.match(text):
        number = int(text)
    elif _GROUPED.match(text):
        number = int(re.sub(r"[.\s]", "", text))
    else:
        raise ValueError(text)
    return -number if negative else number


class VNNumberInput(forms.TextInput):
    """A text box (not type=number, which refuses "1.234.567") showing grouped digits."""

    def __init__(self, attrs=None, grouping: bool = True):
        self.grouping = grouping
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool) and self.grouping:
            return group_digits(value)
        return super().format_value(value)


class VNIntegerField(forms.Field):
    widget = VNNumberInput
    default_error_messages = {
        "invalid": gettext_lazy("%(field)s: hãy nhập một số nguyên, ví dụ 1.234.567 (không nhập chữ)."),
        "min_value": gettext_lazy("%(field)s không được nhỏ hơn %(limit)s."),
        "max_value": gettext_lazy("%(field)s không được lớn hơn %(limit)s."),
    }

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, grouping: bool = True,
                 max_digits=None, decimal_places=None, step_size=None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", VNNumberInput(grouping=grouping))
        super().__init__(**kwargs)
        _name_required(self)

    def _name(self) -> str:
        return str(self.label) if self.label else _("Ô này")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            return parse_vn_integer(str(value))
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid",
                                  params={"field": self._name()}) from exc

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            if self.min_value == 0:
                raise ValidationError(_("%(field)s không được âm.") % {"field": self._name()}, code="min_value")
            raise ValidationError(self.error_messages["min_value"], code="min_value",
                                  params={"field": self._name(), "limit": group_digits(self.min_value)})
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(self.error_messages["max_value"], code="max_value",
                                  params={"field": self._name(), "limit": group_digits(self.max_value)})


class VNDecimalField(forms.DecimalField):
    """A decimal with "," or "." as the decimal mark (scores: 85,5)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)
        _name_required(self)
        self.error_messages["invalid"] = _("%(field)s: hãy nhập một số, ví dụ 85,5.") % {
            "field": self.label or _("Ô này")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = _SPACES.sub("", str(value)).replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValidationError(_("%(field)s: hãy nhập một số, ví dụ 85,5.")
                                  % {"field": self.label or _("Ô này")}, code="invalid") from exc
        if not number.is_finite():
            raise ValidationError(_("%(field)s: hãy nhập một số, ví dụ 85,5.")
                                  % {"field": self.label or _("Ô này")}, code="invalid")
        return number

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format(value.normalize(), "f").replace(".", ",")
        return value


class VNDateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__({"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric",
                          **(attrs or {})}, format="%d/%m/%Y")


class VNDateField(forms.DateField):
    """dd/mm/yyyy whatever the page language: officers write dates the Vietnamese way."""

    widget = VNDateInput
    input_formats = DATE_INPUT_FORMATS

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)
        _name_required(self)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as exc:
            raise ValidationError(
                _("%(field)s: ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 31/12/2023).")
                % {"field": self.label or _("Ngày")}, code="invalid") from exc


class VersionField(forms.IntegerField):
    """The version the editor read; sent back as `expected_version` (optimistic locking)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def vn_formfield(db_field: models.Field, **kwargs):
    """formfield_callback: Vietnamese inputs for dates, whole numbers and decimals."""
    if db_field.choices or isinstance(db_field, models.AutoField | models.ForeignKey):
        return db_field.formfield(**kwargs)
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        return db_field.formfield(form_class=VNDateField, **kwargs)
    if isinstance(db_field, models.DecimalField):
        return db_field.formfield(form_class=VNDecimalField, **kwargs)
    if isinstance(db_field, models.IntegerField):
        # Years are not grouped: 2023, never 2.023.
        grouping = not db_field.name.endswith("year")
        return db_field.formfield(form_class=VNIntegerField, grouping=grouping, **kwargs)
    return db_field.formfield(**kwargs)


class VNFormMixin:
    error_css_class = "has-error"
    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _name_required(field)


class VNModelForm(VNFormMixin, forms.ModelForm):
    class Meta:
        formfield_callback = vn_formfield


class VNForm(VNFormMixin, forms.Form):
    pass


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to each named field it has,
    at the top (non-field errors) for anything else."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        for message in errors:
            form.add_error(target, message)


def form_values(form: forms.BaseForm, *, exclude: tuple[str, ...] = ("version",)) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name not in exclude}


def save_through_service(form: forms.BaseForm, write, *args, **kwargs):
    """Call `write(*args, **kwargs)` (a service); return its result, or None after putting
    its refusal on the form: a ValidationError next to the fields, a VersionConflict at the
    top (form.conflict is set so the page can say so plainly). PermissionDenied propagates
    (403): a page never offers what the user may not do, so reaching it is not a form error.
    """
    form.conflict = None
    try:
        return write(*args, **kwargs)
    except VersionConflict as exc:
        form.conflict = exc.current
        form.add_error(None, str(exc))
    except ValidationError as exc:
        apply_service_errors(form, exc)
    return None
