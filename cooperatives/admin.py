"""The admin of the registry. Edits of a collective and unit statistics go through the
same services as the pages and the API (cooperatives.services): an admin who sets a date
of giải thể dissolves the collective, and the figures record who entered them."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyRecordAdmin, RegistryAdmin
from cooperatives import services
from cooperatives.models import (
    AnnualReport,
    ApprovalEvent,
    ApprovalReminder,
    Collective,
    ManagementRole,
    Membership,
    Person,
    Suspension,
    TradeEvent,
    TrainingCourse,
    YearApproval,
)
from core.admin import RegistryInline
from units.models import UnitStatistic


class AnnualReportInline(RegistryInline):
    model = AnnualReport
    fields = ("year", "members", "regular_workers", "revenue", "profit", "average_monthly_income",
              "classification", "classification_score", "value_chain", "high_tech", "version")
    ordering = ("-year",)


class ManagementRoleInline(RegistryInline):
    model = ManagementRole
    fields = ("person", "role", "started_on", "ended_on", "version")
    autocomplete_fields = ("person",)


class MembershipInline(RegistryInline):
    model = Membership
    fields = ("person", "member_type", "joined_on", "left_on", "capital_contribution", "version")
    autocomplete_fields = ("person",)


class SuspensionInline(RegistryInline):
    model = Suspension
    fields = ("starts_on", "ends_on", "decision_number", "reason", "version")


class CollectiveAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        # Refused here, next to the fields, rather than by the service in save_model (a 500).
        if not self.instance._state.adding and services.dissolves(self.instance, data):
            errors = services.dissolution_errors(self.instance, decision=data.get("dissolution_decision"),
                                                 kind=data.get("dissolution_kind"))
            if errors:
                raise ValidationError(errors)
        return data


@admin.register(Collective)
class CollectiveAdmin(RegistryAdmin):
    form = CollectiveAdminForm
    list_display = ("name", "kind", "registration_code", "unit", "sector", "established_on", "dissolved_on")
    list_filter = ("kind", "sector", "unit", "dissolution_kind", "established_on")
    list_select_related = ("unit",)
    search_fields = ("name", "registration_code", "legal_representative", "main_products")
    autocomplete_fields = ("unit",)
    date_hierarchy = "established_on"
    fieldsets = (
        (None, {"fields": ("kind", "registration_code", "name", "unit", "sector", "main_products")}),
        (_("Liên hệ"), {"fields": ("address", "legal_representative", "phone")}),
        (_("Thành lập, giải thể"), {"fields": ("established_on", "charter_capital", "dissolved_on",
                                                "dissolution_decision", "dissolution_kind")}),
    )
    inlines = [AnnualReportInline, ManagementRoleInline, MembershipInline, SuspensionInline]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        services.collective_update(Collective.objects.get(pk=obj.pk), actor=request.user, expected_version=None,
                                   changes={name: form.cleaned_data[name] for name in form.changed_data})
        obj.refresh_from_db()  # the admin goes on with `obj` (inlines, the change message)


@admin.register(Suspension)
class SuspensionAdmin(RegistryAdmin):
    list_display = ("collective", "starts_on", "ends_on", "decision_number")
    list_filter = ("starts_on",)
    list_select_related = ("collective",)
    search_fields = ("collective__name", "decision_number", "reason")
    autocomplete_fields = ("collective",)


@admin.register(AnnualReport)
class AnnualReportAdmin(RegistryAdmin):
    list_display = ("collective", "year", "members", "regular_workers", "revenue", "profit", "classification",
                    "value_chain", "high_tech")
    list_filter = ("year", "classification", "collective__kind", "value_chain", "high_tech", "collective__unit")
    list_select_related = ("collective",)
    search_fields = ("collective__name", "collective__registration_code")
    autocomplete_fields = ("collective",)


class PersonMembershipInline(RegistryInline):
    model = Membership
    fields = ("collective", "member_type", "joined_on", "left_on", "capital_contribution", "version")
    autocomplete_fields = ("collective",)


class PersonRoleInline(RegistryInline):
    model = ManagementRole
    fields = ("collective", "role", "started_on", "ended_on", "version")
    autocomplete_fields = ("collective",)


@admin.register(Person)
class PersonAdmin(RegistryAdmin):
    list_display = ("full_name", "kind", "gender", "ethnicity", "ethnic_subgroup", "birth_year", "education", "unit")
    list_filter = ("kind", "gender", "ethnicity", "education", "unit")
    list_select_related = ("unit",)
    search_fields = ("full_name", "phone")
    autocomplete_fields = ("unit",)
    inlines = [PersonRoleInline, PersonMembershipInline]


@admin.register(Membership)
class MembershipAdmin(RegistryAdmin):
    list_display = ("person", "collective", "member_type", "joined_on", "left_on", "capital_contribution")
    list_filter = ("member_type", "collective__kind", "joined_on")
    list_select_related = ("person", "collective")
    search_fields = ("person__full_name", "collective__name")
    autocomplete_fields = ("person", "collective")


@admin.register(ManagementRole)
class ManagementRoleAdmin(RegistryAdmin):
    list_display = ("person", "role", "collective", "started_on", "ended_on")
    list_filter = ("role", "collective__kind", "person__education")
    list_select_related = ("person", "collective")
    search_fields = ("person__full_name", "collective__name")
    autocomplete_fields = ("person", "collective")


@admin.register(TrainingCourse)
class TrainingCourseAdmin(RegistryAdmin):
    list_display = ("title", "held_on", "organizer", "unit", "extra_attendees")
    list_filter = ("held_on", "unit")
    list_select_related = ("unit",)
    search_fields = ("title", "organizer")
    autocomplete_fields = ("unit", "attendees")
    date_hierarchy = "held_on"


@admin.register(TradeEvent)
class TradeEventAdmin(RegistryAdmin):
    list_display = ("name", "held_on", "kind", "location", "unit")
    list_filter = ("kind", "held_on")
    list_select_related = ("unit",)
    search_fields = ("name", "location")
    autocomplete_fields = ("unit", "participants")
    date_hierarchy = "held_on"


@admin.register(UnitStatistic)
class UnitStatisticAdmin(RegistryAdmin):
    list_display = ("unit", "year", "domestic_budget_revenue", "collective_sector_product", "source", "entered_by")
    list_filter = ("year", "unit__level")
    list_select_related = ("unit", "entered_by")
    search_fields = ("unit__name", "unit__code", "source")
    autocomplete_fields = ("unit",)
    readonly_fields = ("entered_by",)  # whoever last entered the figures (domain.md, decision 8)

    def save_model(self, request, obj, form, change):
        data = dict(form.cleaned_data)
        if change:
            services.statistic_update(UnitStatistic.objects.get(pk=obj.pk), actor=request.user, changes=data,
                                      expected_version=None)
        else:
            obj.pk = services.statistic_create(actor=request.user, data=data).pk
            obj._state.adding = False
        obj.refresh_from_db()  # the admin goes on with `obj` (its page, the change message)


# --- The official record: changed only through cooperatives.approval (pages, API). ---


class ApprovalEventInline(admin.TabularInline):
    model = ApprovalEvent
    fields = ("at", "actor", "action", "from_state", "to_state", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(YearApproval)
class YearApprovalAdmin(ReadOnlyRecordAdmin):
    list_display = ("unit", "year", "state", "submitted_by", "submitted_at", "approved_by", "approved_at", "version")
    list_filter = ("year", "state", "unit__level")
    list_select_related = ("unit", "submitted_by", "approved_by")
    search_fields = ("unit__name", "unit__code")
    inlines = [ApprovalEventInline]


@admin.register(ApprovalEvent)
class ApprovalEventAdmin(ReadOnlyRecordAdmin):
    list_display = ("approval", "action", "actor", "at", "comment")
    list_filter = ("action", "approval__year")
    list_select_related = ("approval__unit", "actor")
    search_fields = ("approval__unit__name", "comment")


@admin.register(ApprovalReminder)
class ApprovalReminderAdmin(ReadOnlyRecordAdmin):
    list_display = ("user", "sent_on")
    list_filter = ("sent_on",)
    list_select_related = ("user",)

    def get_queryset(self, request):
        # Reminders belong to a person, not a unit: administrators only.
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if request.user.is_admin else queryset.none()
