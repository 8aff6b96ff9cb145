"""Serializer building blocks: shapes only, never a domain rule."""

import datetime
from decimal import Decimal

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.validators import UniqueTogetherValidator, UniqueValidator

from core.validation import EARLIEST_DATE, LATEST_DATE, year_range

# The narrowest range any backend stores (PostgreSQL's): SQLite would accept more, and a
# value past the column is the client's mistake (400), not a DataError (500).
INT_RANGES = BaseDatabaseOperations.integer_field_ranges
# Fields holding the year of yearly figures or of a plan: within core.validation.year_range,
# stated in the schema. (A birth year is not one: people were born before the range.)
YEAR_FIELDS = frozenset({"year", "baseline_year", "target_year"})


def year_field(**kwargs) -> serializers.IntegerField:
    """A year within core.validation.year_range (query parameters of the reports)."""
    first, last = year_range()
    return serializers.IntegerField(min_value=first, max_value=last, **kwargs)


def year_schema() -> dict:
    """The OpenAPI schema of a year parameter: an integer within core.validation.year_range."""
    first, last = year_range()
    return {"type": "integer", "minimum": first, "maximum": last}


class BoundedDateField(serializers.DateField):
    """A date within core.validation's bounds, the same as the pages and the importer."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise serializers.ValidationError(
                _("Ngày phải trong khoảng %(first)s–%(last)s.") % {"first": EARLIEST_DATE, "last": LATEST_DATE}
            )
        return day


class VersionedSerializer(serializers.ModelSerializer):
    """Base of every resource serializer: `id`, `version`, and no domain rules.

    `version` is ignored on create and required on PUT and PATCH (400 when missing), so
    no client can overwrite a record without saying which version it edited.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: BoundedDateField,
    }

    version = serializers.IntegerField(
        required=False, min_value=1, max_value=INT_RANGES["PositiveIntegerField"][1],
        help_text="The version read; required on PUT and PATCH. A stale version is refused with 409.",
    )

    def get_validators(self):
        # Uniqueness is the model's rule (with its Vietnamese message and the field named);
        # DRF's generated validators would say it a second time in other words.
        return []

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        kwargs["validators"] = [
            v for v in kwargs.get("validators", []) if not isinstance(v, UniqueValidator | UniqueTogetherValidator)
        ]
        if not kwargs["validators"]:
            kwargs.pop("validators")
        if field_name in YEAR_FIELDS and issubclass(field_class, serializers.IntegerField):
            kwargs["min_value"], kwargs["max_value"] = year_range()
        bounds = INT_RANGES.get(model_field.get_internal_type())
        if bounds and issubclass(field_class, serializers.IntegerField):
            kwargs.setdefault("min_value", bounds[0])
            kwargs.setdefault("max_value", bounds[1])
        return field_class, kwargs

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [_("Hãy gửi kèm phiên bản (version) của bản ghi đã đọc.")]})
        return attrs


def _json_safe(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


class HistoryValueField(serializers.JSONField):
    """A field's value as stored: ids for related records, ISO dates, decimals as strings."""

    def to_representation(self, value):
        return _json_safe(value)


class HistoryChangeSerializer(serializers.Serializer):
    """One field of a core.history.HistoryChange."""

    field = serializers.CharField()
    old = HistoryValueField(allow_null=True)
    new = HistoryValueField(allow_null=True)


HISTORY_TYPES = [("+", "created"), ("~", "changed"), ("-", "deleted")]


class HistoryEntrySerializer(serializers.Serializer):
    """A core.history.HistoryEntry, the same presenter the pages use."""

    history_id = serializers.IntegerField()
    date = serializers.DateTimeField(source="when")
    user = serializers.CharField(allow_null=True, help_text="Username of the author (null: a script).")
    type = serializers.ChoiceField(choices=HISTORY_TYPES)
    changes = HistoryChangeSerializer(many=True)
