from django.contrib import admin

from imports.models import PendingImport


@admin.register(PendingImport)
class PendingImportAdmin(admin.ModelAdmin):
    """Uploads waiting for confirmation: visible to clean up, never edited by hand."""

    list_display = ("filename", "kind", "state", "user", "created_at")
    list_filter = ("kind", "state", "created_at")
    list_select_related = ("user",)
    search_fields = ("filename", "user__username")
    fields = ("token", "filename", "kind", "state", "user", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
