"""What every registry ModelAdmin shares, knowing no domain: history, the `version` shown
read-only, and writes only for accounts that may write (`user.can_write`).

`accounts.admin.RegistryAdmin` adds the scope. Saves run model validation (the admin's
ModelForm calls full_clean) and TrackedModel.save bumps `version`; HistoryRequestMiddleware
records the author of every change.

Locked records (core.locks: an approved year's reports and statistics) are shown read-only
with the reason on top; a form or inline row that would change, create or delete one is
refused with that reason, like every other door.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import lookup_spawns_duplicates, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from core.forms import label_empty_choice
from core.locks import is_lockable, lock_of
from core.text import search


def _lock_reason(obj) -> str | None:
    """lock_of, asked once per loaded object (the admin asks for permissions many times a page)."""
    if "_lock_reason" not in obj.__dict__:
        obj.__dict__["_lock_reason"] = lock_of(obj)
    return obj.__dict__["_lock_reason"]


class LockCheckedForm(forms.ModelForm):
    """Refuses a change that touches a locked record: as stored, or as it would be saved."""

    stored: models.Model | None = None

    def _post_clean(self):
        # Django's hook after clean() (BaseForm._post_clean), private so absent from django-stubs.
        super()._post_clean()  # type: ignore[misc]
        if not self.has_changed() or not is_lockable(type(self.instance)):
            return
        # The record as stored (read again: the history's "revert" hands in an old version).
        if self.instance.pk:
            self.stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        for record in (self.stored, self.instance):
            reason = lock_of(record) if record is not None else None
            if reason:
                self.add_error(None, reason)
                return


class LockCheckedInlineFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # a tabular row's "delete" box, named like its column
            form.fields["DELETE"].widget.attrs.setdefault("aria-label", str(form.fields["DELETE"].label))

    def clean(self):
        super().clean()
        # Django skips the validation of rows ticked for deletion: check their lock here.
        for form in self.deleted_forms:
            # The inline's form is a LockCheckedForm (TrackedInline.form), which read the stored row.
            stored = form.stored if isinstance(form, LockCheckedForm) else None
            reason = lock_of(stored) if stored is not None else None
            if reason:
                raise ValidationError(reason)


class EmptyChoiceAdmin(admin.options.BaseModelAdmin):
    """Mixed into every ModelAdmin and inline of ours: selects offer "— chọn —" as their
    empty choice (core.forms.EMPTY_CHOICE), like the pages' forms."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return label_empty_choice(super().formfield_for_dbfield(db_field, request, **kwargs))


class TrackedAdmin(EmptyChoiceAdmin, SimpleHistoryAdmin):
    list_per_page = 50
    show_full_result_count = False
    form = LockCheckedForm

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "version", "created_at", "updated_at")

    def _may_write(self, request) -> bool:
        return getattr(request.user, "can_write", False)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and self._may_write(request)

    def has_change_permission(self, request, obj=None):
        return (super().has_change_permission(request, obj) and self._may_write(request)
                and (obj is None or not _lock_reason(obj)))

    def has_delete_permission(self, request, obj=None):
        return (super().has_delete_permission(request, obj) and self._may_write(request)
                and (obj is None or not _lock_reason(obj)))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        reason = _lock_reason(obj) if obj is not None else None
        if reason and request.method == "GET":
            messages.warning(request, reason)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_search_results(self, request, queryset, search_term):
        # A record with a folded `search_text` is found as on the pages and in the API
        # (core.text.search: every word, any order, no accents; its trigram index on
        # PostgreSQL), in the same Vietnamese order; the others by Django's own search.
        # The admin's search fields that `search_text` does not hold (a person's phone) are
        # searched too: a word may be found in one of them instead.
        folded = getattr(self.model, "search_fields", ())
        if not folded or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        also = tuple(f for f in self.get_search_fields(request) if f not in folded)
        found = search(queryset, search_term, also=also)
        return found, any(lookup_spawns_duplicates(self.opts, f) for f in also)

    def delete_queryset(self, request, queryset):
        # The "delete selected" action already refuses locked records (has_delete_permission);
        # this keeps any other caller of the bulk delete from removing one.
        for obj in queryset:
            reason = _lock_reason(obj)
            if reason:
                raise PermissionDenied(reason)
        super().delete_queryset(request, queryset)


class RegistryInline(EmptyChoiceAdmin, admin.TabularInline):
    extra = 0
    show_change_link = True
    readonly_fields = ("version",)
    form = LockCheckedForm
    formset = LockCheckedInlineFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A tabular row names its columns only in the header, which names no control: each
        # control carries its field's label, read by screen readers (WCAG 4.1.2, axe "label").
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            widget = getattr(formfield.widget, "widget", None) or formfield.widget  # inside the related-object wrapper
            widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield
