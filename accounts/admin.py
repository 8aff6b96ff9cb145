"""The admin of users, roles and scopes, and of the administrative units scopes are made of.

`RegistryAdmin` is the scoped base every app's ModelAdmin uses.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scope import ensure_can_write, visible
from accounts.services import ensure_can_write_stored, unit_of
from core.admin import EmptyChoiceAdmin, RegistryInline, TrackedAdmin
from units.models import AdministrativeUnit, UnitStatistic, UnitSuccession


class RegistryAdmin(TrackedAdmin):
    """The admin of a registry model: an administrator sees everything, but a staff account
    with a scope (an officer given admin access) sees and changes only its scope, through
    the same `accounts.scope` rules the pages and the API use."""

    def get_queryset(self, request):
        return visible(request.user, super().get_queryset(request))

    # The admin's forms write the input onto the instance before these run, so the scope
    # "before" is read from the stored row (ensure_can_write_stored), as in the services;
    # the admin's change and delete views hold a transaction, which keeps the row locked.

    def save_model(self, request, obj, form, change):
        if change:
            ensure_can_write_stored(request.user, type(obj), [obj.pk])
        # Moving a record into a unit outside one's scope is refused like in the services.
        ensure_can_write(request.user, unit_of(obj))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline in formset.forms:
            if not inline.has_changed() and not formset._should_delete_form(inline):
                continue
            if inline.instance.pk is not None:
                ensure_can_write_stored(request.user, type(inline.instance), [inline.instance.pk])
            if not formset._should_delete_form(inline):
                # A new row gets its parent only when saved (the parent may be new too).
                setattr(inline.instance, formset.fk.name, formset.instance)
                ensure_can_write(request.user, unit_of(inline.instance))
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        ensure_can_write_stored(request.user, type(obj), [obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            ensure_can_write_stored(request.user, queryset.model, queryset.values_list("pk", flat=True))
            super().delete_queryset(request, queryset)


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Records written only by their services (approval steps, publications): the admin shows
    them within the scope and never adds, changes or deletes one."""

    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        return visible(request.user, super().get_queryset(request))

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(EmptyChoiceAdmin, DjangoUserAdmin):
    """Django's user admin plus what Coopreg adds: the role and the scope."""

    list_display = ("username", "get_full_name", "email", "role", "scope", "is_staff", "is_superuser", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "scope__level")
    list_select_related = ("scope",)
    search_fields = ("username", "first_name", "last_name", "email", "scope__name", "scope__code")
    autocomplete_fields = ("scope",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),  # Django's own, never None (typed optional on ModelAdmin)
        (_("Vai trò và phạm vi"), {"fields": ("role", "scope")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Vai trò và phạm vi"), {"fields": ("role", "scope")}),
    )

    @admin.display(description=_("họ và tên"))
    def get_full_name(self, obj):
        return obj.get_full_name()


# --- Administrative units: the territory that scopes are made of. ---


class SuccessionOutInline(RegistryInline):
    model = UnitSuccession
    fk_name = "predecessor"
    fields = ("successor", "whole", "effective_on", "legal_basis", "version")
    autocomplete_fields = ("successor",)


class SuccessionInInline(RegistryInline):
    model = UnitSuccession
    fk_name = "successor"
    fields = ("predecessor", "whole", "effective_on", "legal_basis", "version")
    autocomplete_fields = ("predecessor",)


class StatisticInline(RegistryInline):
    """The unit's figures, read only: they are entered on their own admin page, through the
    service that records who entered them (cooperatives.admin.UnitStatisticAdmin)."""

    model = UnitStatistic
    fields = ("year", "domestic_budget_revenue", "collective_sector_product", "source", "entered_by", "version")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(RegistryAdmin):
    list_display = ("code", "name", "level", "unit_type", "parent", "valid_from", "valid_until")
    list_filter = ("level", "unit_type", "parent")
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    inlines = [SuccessionOutInline, SuccessionInInline, StatisticInline]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(RegistryAdmin):
    list_display = ("predecessor", "successor", "whole", "effective_on", "legal_basis")
    list_filter = ("whole", "effective_on")
    list_select_related = ("predecessor", "successor")
    search_fields = ("predecessor__name", "predecessor__code", "successor__name", "successor__code")
    autocomplete_fields = ("predecessor", "successor")


