import django_filters

from accounts.api.filters import WithinFilter
from core.api.filters import DateYearFilter, IdFilter, IntegerFilter, SearchFilter
from ocop.models import OcopProduct, OcopRating, ProductGroup


class OcopProductFilter(django_filters.FilterSet):
    group = django_filters.ChoiceFilter(choices=ProductGroup.choices)
    within = WithinFilter()
    stars = IntegerFilter(field_name="stars_on", min_value=1, max_value=5,
                          help_text="Current stars (of the rating in force today).")
    producer = IdFilter(field_name="producer_id", help_text="Collective id of the producer.")
    search = SearchFilter()

    class Meta:
        model = OcopProduct
        fields = ["group", "within", "stars", "producer", "search"]


class OcopRatingFilter(django_filters.FilterSet):
    product = IdFilter(field_name="product_id", help_text="Product id.")
    stars = IntegerFilter(min_value=1, max_value=5)
    year = DateYearFilter(field_name="decided_on", lookup_expr="year", help_text="Year of the decision.")
    within = WithinFilter()

    class Meta:
        model = OcopRating
        fields = ["product", "stars", "year", "within"]
