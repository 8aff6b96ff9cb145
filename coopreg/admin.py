"""What every registry ModelAdmin shares: history, scope, and the `version` shown read-only.

The admin is for administrators, but a staff account with a scope (an officer given
admin access) sees and changes only its scope, through the same `accounts.scope` rules
the pages and the API use. Saves run model validation (the admin's ModelForm calls
full_clean) and TrackedModel.save bumps `version`; HistoryRequestMiddleware records the
author of every change.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.scope import ensure_can_write, visible
from coopreg.services import unit_of


class RegistryAdmin(SimpleHistoryAdmin):
    list_per_page = 50
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "version", "created_at", "updated_at")

    def get_queryset(self, request):
        return visible(request.user, super().get_queryset(request))

    def _may_write(self, request) -> bool:
        return getattr(request.user, "can_write", False)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and self._may_write(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_write(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_write(request)

    def save_model(self, request, obj, form, change):
        # Moving a record into a unit outside one's scope is refused like in the services.
        ensure_can_write(request.user, unit_of(obj))
        super().save_model(request, obj, form, change)


class RegistryInline(admin.TabularInline):
    extra = 0
    show_change_link = True
    readonly_fields = ("version",)
