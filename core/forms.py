"""Form fields and helpers for pages officers type into, in Vietnamese conventions.

The fields read numbers and dates through core.parsing, the one reading every door shares
(docs/domain.md, decision 10), and show them back the way they read them:
- `VNIntegerField`: whole numbers, "1.234.567", "1 234 567", "−15.000"…, shown grouped.
- `VNDecimalField`: a score or a ratio, "85,5", "0,05".
- `VNDateField`: dd/mm/yyyy typed in a text box (no browser date picker, whose format
  follows the browser's language rather than the officer's), within core.validation's bounds.
- `VersionField`: the version of the record the editor opened; required, so no edit page
  can overwrite a record without saying which version it changed.
- `VNModelForm`: a ModelForm whose date, integer and decimal fields use the above.
- `apply_service_errors(form, exc)`: puts a service's ValidationError next to the fields.
- `label_empty_choice(field)`: the empty choice of a select reads "— chọn —", not Django's
  "---------"; every VNForm/VNModelForm and every admin form (core.admin) applies it.

Every message names the field, so a message read out of context still says what is wrong.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.parsing import ParseError, format_decimal, format_integer, parse_date, parse_decimal, parse_integer
from core.services import VersionConflict

# The empty choice of a select, in every form, filter and admin page; Django's own is
# BLANK_CHOICE_DASH's "---------" (ModelChoiceField's default empty_label is the same).
EMPTY_CHOICE = gettext_lazy("— chọn —")
DJANGO_EMPTY_CHOICE = BLANK_CHOICE_DASH[0][1]


def label_empty_choice(field: forms.Field | None) -> forms.Field | None:
    """Give `field`'s empty choice the label EMPTY_CHOICE where Django would write
    "---------"; a label chosen for the field ("— tất cả —", "Toàn quốc") stays."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_CHOICE:
            field.empty_label = EMPTY_CHOICE  # read by its choices whenever they are listed
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)  # type: ignore[arg-type]  # a form field's choices are normalised to a list
        if choices and choices[0][0] in ("", None) and choices[0][1] == DJANGO_EMPTY_CHOICE:
            field.choices = [(choices[0][0], EMPTY_CHOICE), *choices[1:]]
    return field


def _name_required(field: forms.Field) -> None:
    # "This field is required" does not say which one when read in a list of errors.
    if field.label:
        field.error_messages["required"] = _("Hãy nhập “%(field)s”.") % {"field": field.label}


def _label(field: forms.Field, default: str) -> str:
    return str(field.label) if field.label else default


class VNNumberInput(forms.TextInput):
    """A text box (not type=number, which refuses "1.234.567") showing grouped digits."""

    def __init__(self, attrs=None, grouping: bool = True):
        self.grouping = grouping
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool) and self.grouping:
            return format_integer(value)
        return super().format_value(value)


class VNIntegerField(forms.Field):
    widget = VNNumberInput
    default_error_messages = {
        "min_value": gettext_lazy("%(field)s không được nhỏ hơn %(limit)s."),
        "max_value": gettext_lazy("%(field)s không được lớn hơn %(limit)s."),
    }

    def __init__(self, *, min_value: int | None = None, max_value: int | None = None, grouping: bool = True,
                 **kwargs):
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", VNNumberInput(grouping=grouping))
        super().__init__(**kwargs)
        _name_required(self)

    def _name(self) -> str:
        return _label(self, _("Ô này"))

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_integer(value)
        except ParseError as exc:
            raise ValidationError(exc.for_field(self._name()), code=exc.code) from exc

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            if self.min_value == 0:
                raise ValidationError(_("%(field)s không được âm.") % {"field": self._name()}, code="min_value")
            raise ValidationError(self.error_messages["min_value"], code="min_value",
                                  params={"field": self._name(), "limit": format_integer(self.min_value)})
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(self.error_messages["max_value"], code="max_value",
                                  params={"field": self._name(), "limit": format_integer(self.max_value)})


class VNDecimalField(forms.DecimalField):
    """A decimal with "," as the decimal mark (scores: 85,5), or "." where it cannot group digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)
        _name_required(self)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except ParseError as exc:
            raise ValidationError(exc.for_field(_label(self, _("Ô này"))), code=exc.code) from exc

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_decimal(value.normalize())
        return value


class VNDateInput(forms.DateInput):
    def __init__(self, attrs=None):
        super().__init__({"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric",
                          **(attrs or {})}, format="%d/%m/%Y")


class VNDateField(forms.DateField):
    """dd/mm/yyyy whatever the page language: officers write dates the Vietnamese way."""

    widget = VNDateInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        _name_required(self)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except ParseError as exc:
            raise ValidationError(exc.for_field(_label(self, _("Ngày"))), code=exc.code) from exc


class VersionField(forms.IntegerField):
    """The version of the record the editor opened, sent back as `expected_version`
    (optimistic locking). Required: an edit without it would overwrite whatever is stored.
    0 is "no record yet" (a line of the yearly sheet without a report)."""

    default_error_messages = {
        "required": gettext_lazy("Thiếu phiên bản (version) của bản ghi bạn đã mở, nên chưa lưu được; hãy tải "
                                 "lại trang rồi sửa lại."),
        "invalid": gettext_lazy("Phiên bản (version) gửi kèm không hợp lệ, nên chưa lưu được; hãy tải lại trang "
                                "rồi sửa lại."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(min_value=0, max_value=BaseDatabaseOperations.integer_field_ranges["PositiveIntegerField"][1],
                         **kwargs)
        self.error_messages["min_value"] = self.error_messages["max_value"] = self.error_messages["invalid"]


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


# Mixed into forms only: mypy sees BaseForm as its base (fields, _errors, _post_clean),
# Python sees object so the concrete form's own base stays first in the MRO.
if TYPE_CHECKING:
    _FormMixin = forms.BaseForm
else:
    _FormMixin = object


class VNFormMixin(_FormMixin):
    error_css_class = "has-error"
    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _name_required(field)
            label_empty_choice(field)

    def _post_clean(self):
        # Django's hook after clean() (BaseForm._post_clean), private so absent from django-stubs.
        super()._post_clean()  # type: ignore[misc]
        # A hidden field (the version) has no place on the page to show its error: the top has.
        # (`errors` is the cleaned form's `_errors`: full_clean has set it before this hook.)
        for name in [n for n in self.errors if n in self.fields and self.fields[n].widget.is_hidden]:
            for message in self.errors.pop(name):
                self.add_error(None, message)


class VNModelForm(VNFormMixin, forms.ModelForm):
    """A record's form. Its `version` (VersionField) is asked for when the record exists:
    a new record has no version to send."""

    class Meta:
        formfield_callback = vn_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.fields.pop("version", None)


class VNForm(VNFormMixin, forms.Form):
    pass


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to each named field it has,
    at the top (non-field errors) for anything else."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        shown = field in form.fields and not form.fields[field].widget.is_hidden
        target = field if shown and field != NON_FIELD_ERRORS else None
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
    # The page reads `form.conflict`; it is set here on whichever form a service writes through.
    form.conflict = None  # type: ignore[attr-defined]
    try:
        return write(*args, **kwargs)
    except VersionConflict as exc:
        form.conflict = exc.current  # type: ignore[attr-defined]
        form.add_error(None, str(exc))
    except ValidationError as exc:
        apply_service_errors(form, exc)
    return None
