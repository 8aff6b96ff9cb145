from django.contrib import admin

from coopreg.admin import RegistryAdmin, RegistryInline
from units.models import AdministrativeUnit, UnitStatistic, UnitSuccession


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


@admin.register(UnitStatistic)
class UnitStatisticAdmin(RegistryAdmin):
    list_display = ("unit", "year", "domestic_budget_revenue", "collective_sector_product", "source", "entered_by")
    list_filter = ("year", "unit__level")
    list_select_related = ("unit", "entered_by")
    search_fields = ("unit__name", "unit__code", "source")
    autocomplete_fields = ("unit", "entered_by")

    def save_model(self, request, obj, form, change):
        if obj.entered_by_id is None:
            obj.entered_by = request.user  # who entered the figure (domain.md, decision 8)
        super().save_model(request, obj, form, change)
