"""The admin of users, roles and scopes, and of the administrative units scopes are made of.

`RegistryAdmin` is the scoped base every app's ModelAdmin uses.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scope import ensure_can_write, visible
from accounts.services import unit_of
from core.admin import RegistryInline, TrackedAdmin
from units.models import AdministrativeUnit, UnitStatistic, UnitSuccession


class RegistryAdmin(TrackedAdmin):
    """The admin of a registry model: an administrator sees everything, but a staff account
    with a scope (an officer given admin access) sees and changes only its scope, through
    the same `accounts.scope` rules the pages and the API use."""

    def get_queryset(self, request):
        return visible(request.user, super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        # Moving a record into a unit outside one's scope is refused like in the services.
        ensure_can_write(request.user, unit_of(obj))
        super().save_model(request, obj, form, change)


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
class UserAdmin(DjangoUserAdmin):
    """Django's user admin plus what Coopreg adds: the role and the scope."""

    list_display = ("username", "get_full_name", "email", "role", "scope", "is_staff", "is_superuser", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "scope__level")
    list_select_related = ("scope",)
    search_fields = ("username", "first_name", "last_name", "email", "scope__name", "scope__code")
    autocomplete_fields = ("scope",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
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
    model = UnitStatistic
    fields = ("year", "domestic_budget_revenue", "collective_sector_product", "source", "version")


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


