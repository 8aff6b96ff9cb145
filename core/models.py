"""What every registry record shares: a version for optimistic concurrency and timestamps.

History is declared per model (`history = HistoricalRecords(...)`) because some models
also track many-to-many fields.
"""

import contextlib
import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldError, ValidationError
from django.db import models, router
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import fold, unstorable_characters
from core.validation import column_range_error

# The mixins below are mixed into models only: mypy sees Model as their base (for
# super().clean_fields() and _meta), Python sees object (a Model base would need a table).
if TYPE_CHECKING:
    _ModelMixin = models.Model
else:
    _ModelMixin = object


class CleanText(_ModelMixin):
    """Mixin for models: no text field may hold a control character (core.text), in any
    field of any model that mixes it in, whichever door the value came through; the
    page forms, the admin, the API and the importer all call full_clean(). A TextField
    (a multi-line note) keeps its tab and line breaks; a one-line field keeps neither.
    """

    def clean_fields(self, exclude=None):
        errors: dict[str, list] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or (exclude and field.name in exclude):
                continue
            value = getattr(self, field.attname)
            if not isinstance(value, str):
                continue
            found = unstorable_characters(value, multiline=isinstance(field, models.TextField))
            if found:
                errors.setdefault(field.name, []).append(ValidationError(
                    gettext("“%(field)s” chứa ký tự điều khiển không nhìn thấy được (%(codes)s); hãy xoá "
                            "ký tự đó rồi lưu lại.")
                    % {"field": field.verbose_name, "codes": ", ".join(f"U+{ord(ch):04X}" for ch in found)},
                    code="control_character",
                ))
        if errors:
            raise ValidationError(errors)


@functools.cache
def _choice_words(model: type[models.Model], name: str) -> dict[str, str]:
    field = model._meta.get_field(name)
    # The labels' source strings are Vietnamese: folded as such whatever the request's language.
    with translation.override(None):
        return {str(code): f"{code} {label}" for code, label in getattr(field, "flatchoices", ())}


def search_text_of(model: type["TrackedModel"], values: Iterable[Any]) -> str:
    """What `search_text` holds for `values`, those of `model.search_fields` in their order:
    the values folded (core.text.fold), a choice as its code and label ("htx hop tac xa"),
    cut to the column's length. save() and the bulk loaders (demo.generator) both use it."""
    parts = []
    for name, value in zip(model.search_fields, values, strict=True):
        if value is None or value == "":
            continue
        parts.append(_choice_words(model, name).get(str(value), str(value)))
    limit = model._meta.get_field("search_text").max_length  # type: ignore[misc]  # a model with search_fields has it
    return fold(" ".join(parts))[:limit].rstrip()


class TrackedModel(CleanText, models.Model):
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    # The lookup from this model to the administrative unit that decides who may see and
    # change it (accounts.scope). Models reached another way override `scope_q`.
    scope_field: str = "unit"
    # Fields folded into `search_text` (core.text) on save, for models that have one; a
    # field with choices is found by its code and its label (search_text_of).
    search_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Every stored change bumps the version, whichever door it came through (service,
        # admin, shell), so a client holding an older version is always detected as stale.
        if self.search_fields:
            self.fill_search_text()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        super().save(*args, **kwargs)

    def fill_search_text(self) -> None:
        """Fold the names into `search_text` (save() does it; bulk inserts call it themselves)."""
        if self.search_fields:
            self.search_text = search_text_of(type(self), [getattr(self, f) for f in self.search_fields])

    def clean_fields(self, exclude=None):
        # An integer outside its column's range is the writer's mistake on the field, said
        # before Django's own range validators, whose codes ("max_value") would make a
        # ModelForm swap in a form field's message with other placeholders (a 500).
        exclude = set(exclude or ())
        errors: dict[str, list[ValidationError]] = {}
        for field in self._meta.concrete_fields:
            if field.name in exclude or field.primary_key or not isinstance(field, models.IntegerField):
                continue
            try:
                value = field.to_python(getattr(self, field.attname))
            except ValidationError:
                continue  # not a number: Django says so below
            message = column_range_error(field, value)
            if message:
                errors[field.name] = [ValidationError(message, code="column_range")]
                exclude.add(field.name)
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def get_constraints(self):
        constraints = super().get_constraints()
        if getattr(self, "_check_constraints_hold", False):
            return [(cls, [c for c in cs if not isinstance(c, models.CheckConstraint)]) for cls, cs in constraints]
        return constraints

    def validate_constraints(self, exclude=None):
        # Django checks each CheckConstraint with its own query (and savepoint); the
        # importer saves thousands of rows, so ask once whether they all hold, and fall
        # back to one by one (for the messages) only when one fails. NULL AND TRUE is
        # NULL, which passes like a lone NULL check does, so the answer is the same.
        checks = [c for c in self._meta.constraints if isinstance(c, models.CheckConstraint)]
        self._check_constraints_hold = False
        if len(checks) > 1 and not exclude:
            combined = models.Q()
            for check in checks:
                combined &= models.Q(check.condition)
            # Django's private helper (what Model.validate_constraints uses); absent from django-stubs.
            against = self._get_field_expression_map(meta=self._meta, exclude=set())  # type: ignore[attr-defined]
            with contextlib.suppress(FieldError):  # a field the checks need is missing: ask one by one
                self._check_constraints_hold = combined.check(
                    against, using=router.db_for_write(type(self), instance=self))
        try:
            super().validate_constraints(exclude=exclude)
        finally:
            self._check_constraints_hold = False


class DataVersion(models.Model):
    """The version of the registry's data: one row, moved forward after every transaction that
    wrote data (core.cache), and read by the shared cache to key what it keeps.

    Kept in the database, not in the cache: it replicates with the data it versions (a read
    replica never shows a version newer than its rows) and cannot be evicted or lost with
    the cache. Its value is the time of the last write in microseconds (and always above
    the previous value), so a database restored from a backup, or emptied and loaded
    again, never reuses a version the cache already holds entries for.
    """

    value = models.BigIntegerField(_("phiên bản dữ liệu"))

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self) -> str:
        return str(self.value)
