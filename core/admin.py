"""What every registry ModelAdmin shares, knowing no domain: history, the `version` shown
read-only, and writes only for accounts that may write (`user.can_write`).

`accounts.admin.RegistryAdmin` adds the scope. Saves run model validation (the admin's
ModelForm calls full_clean) and TrackedModel.save bumps `version`; HistoryRequestMiddleware
records the author of every change.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin


class TrackedAdmin(SimpleHistoryAdmin):
    list_per_page = 50
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "version", "created_at", "updated_at")

    def _may_write(self, request) -> bool:
        return getattr(request.user, "can_write", False)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and self._may_write(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_write(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_write(request)


class RegistryInline(admin.TabularInline):
    extra = 0
    show_change_link = True
    readonly_fields = ("version",)
