from django.contrib import admin

from accounts.admin import RegistryAdmin
from core.admin import RegistryInline
from ocop.models import OcopProduct, OcopRating


class RatingInline(RegistryInline):
    model = OcopRating
    fields = ("stars", "score", "decision_number", "issuer", "decided_on", "valid_until", "revoked", "version")
    ordering = ("-decided_on",)


@admin.register(OcopProduct)
class OcopProductAdmin(RegistryAdmin):
    list_display = ("name", "group", "category", "producer_display", "unit", "registered_on", "withdrawn_on")
    list_filter = ("group", "producer_kind", "unit", "registered_on")
    list_select_related = ("producer", "unit")
    search_fields = ("name", "category", "producer_name", "producer__name")
    autocomplete_fields = ("producer", "unit")
    inlines = [RatingInline]


@admin.register(OcopRating)
class OcopRatingAdmin(RegistryAdmin):
    list_display = ("product", "stars", "score", "decision_number", "decided_on", "valid_until", "revoked")
    list_filter = ("stars", "revoked", "decided_on")
    list_select_related = ("product",)
    search_fields = ("product__name", "decision_number", "issuer")
    autocomplete_fields = ("product",)
    date_hierarchy = "decided_on"
