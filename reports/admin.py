from django.contrib import admin

from accounts.admin import ReadOnlyRecordAdmin, RegistryAdmin
from core.admin import RegistryInline
from reports.models import Plan, Publication, PublishedResult, Target


class TargetInline(RegistryInline):
    model = Target
    fields = ("position", "indicator", "comparator", "low", "high", "version")
    ordering = ("position",)
    show_change_link = False


@admin.register(Plan)
class PlanAdmin(RegistryAdmin):
    list_display = ("code", "title", "unit", "baseline_year", "target_year")
    list_filter = ("target_year", "unit")
    list_select_related = ("unit",)
    search_fields = ("code", "title", "legal_basis")
    autocomplete_fields = ("unit",)
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(RegistryAdmin):
    list_display = ("plan", "position", "indicator", "comparator", "low", "high")
    list_filter = ("indicator", "comparator", "plan")
    list_select_related = ("plan",)
    search_fields = ("plan__code", "indicator")
    autocomplete_fields = ("plan",)


# --- Published results: written only by reports.publication.publish, never edited. ---


class PublishedResultInline(admin.TabularInline):
    model = PublishedResult
    fields = ("position", "indicator", "status", "figures", "no_data_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(ReadOnlyRecordAdmin):
    list_display = ("plan", "unit", "year", "published_by", "published_at", "superseded_at")
    list_filter = ("year", "plan")
    list_select_related = ("plan", "unit", "published_by")
    inlines = [PublishedResultInline]


@admin.register(PublishedResult)
class PublishedResultAdmin(ReadOnlyRecordAdmin):
    list_display = ("publication", "position", "indicator", "status")
    list_filter = ("indicator", "status")
    list_select_related = ("publication__plan", "publication__unit")
