from django.db.models import F

from accounts.api.viewsets import ScopedViewSet
from core.validation import today
from ocop.api import filters, serializers
from ocop.models import OcopProduct, OcopRating
from ocop.services import product_create, product_update, rating_record


class OcopProductViewSet(ScopedViewSet):
    """OCOP products; `current_stars` is annotated in the query (no query per row)."""

    serializer_class = serializers.OcopProductSerializer
    filterset_class = filters.OcopProductFilter
    ordering_fields = ["name", "registered_on", "group", "current_stars"]
    queryset = OcopProduct.objects.select_related("unit")

    def get_queryset(self):
        queryset = super().get_queryset().with_stars_on(today())
        return queryset.alias(current_stars=F("stars_on"))

    def service_create(self, *, data, m2m):
        return product_create(actor=self.actor, data=data)

    def service_update(self, instance, *, changes, m2m, expected_version):
        return product_update(instance, actor=self.actor, changes=changes, expected_version=expected_version)


class OcopRatingViewSet(ScopedViewSet):
    """Rating decisions; a new one goes through ocop.services.rating_record."""

    serializer_class = serializers.OcopRatingSerializer
    filterset_class = filters.OcopRatingFilter
    ordering_fields = ["decided_on", "stars", "score", "valid_until"]
    queryset = OcopRating.objects.all()

    def service_create(self, *, data, m2m):
        product = data.pop("product")
        return rating_record(product, actor=self.actor, data=data)
