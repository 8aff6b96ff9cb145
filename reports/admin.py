from django.contrib import admin

from accounts.admin import RegistryAdmin
from core.admin import RegistryInline
from reports.models import Plan, Target


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
