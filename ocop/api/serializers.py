from rest_framework import serializers

from core.api.serializers import VersionedSerializer
from ocop.models import STARS_MESSAGE, OcopProduct, OcopRating
from units.api.serializers import UnitCodeField


class OcopProductSerializer(VersionedSerializer):
    unit = UnitCodeField(required=False, help_text="Code of the commune; taken from the producer when it is a "
                                                   "registered collective.")
    current_stars = serializers.IntegerField(
        read_only=True, allow_null=True, source="stars_on",
        help_text="Stars of the latest rating in force today; null when none is.",
    )

    class Meta:
        model = OcopProduct
        fields = ["id", "version", "name", "group", "category", "producer", "producer_kind", "producer_name", "unit",
                  "registered_on", "withdrawn_on", "current_stars"]


class OcopRatingSerializer(VersionedSerializer):
    # A JSON number 1–5, as before the model's choices (which would make it a string choice).
    stars = serializers.IntegerField(min_value=1, max_value=5, error_messages={
        "min_value": STARS_MESSAGE, "max_value": STARS_MESSAGE})

    class Meta:
        model = OcopRating
        fields = ["id", "version", "product", "stars", "score", "decision_number", "issuer", "decided_on",
                  "valid_until", "revoked"]
        extra_kwargs = {
            "valid_until": {"required": False, "help_text": "Empty: 36 months after the decision."},
        }
