"""Serializer building blocks: shapes only, never a domain rule."""

import datetime
from collections.abc import Mapping
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


def json_type_error(field: serializers.Field, value) -> str | None:
    """Why `value`, as JSON decoded it, is not of the JSON type `field` takes (None: it is).

    DRF would coerce: "12" or 12.0 into the integer 12, 12 into the name "12", "yes" into
    true. A client sending those has a bug that coercion would hide, so they are refused.
    `null` is left to the field (allow_null), nested serializers to their own check.
    """
    if value is None:
        return None
    if isinstance(field, serializers.ManyRelatedField | serializers.ListField):
        if not isinstance(value, list):
            return _("Phải là một danh sách (JSON array).")
        child = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field.child
        return next((message for item in value if (message := json_type_error(child, item))), None)
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else _("Phải là true hoặc false.")
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        if isinstance(value, int) and not isinstance(value, bool):
            return None
        return _("Phải là một số nguyên JSON, ví dụ 12 (không phải chuỗi “12” hay true/false).")
    if isinstance(field, serializers.DecimalField | serializers.FloatField):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return None
        return _("Phải là một số JSON, ví dụ 72.5 (không phải chuỗi “72.5” hay true/false).")
    if isinstance(field, serializers.MultipleChoiceField):
        return None
    if isinstance(field, serializers.CharField | serializers.ChoiceField | serializers.DateField
                  | serializers.DateTimeField | serializers.SlugRelatedField):
        return None if isinstance(value, str) else _("Phải là một chuỗi ký tự (JSON string).")
    return None


class StrictInputSerializer(serializers.Serializer):
    """Refuses what it does not understand instead of guessing: a field it does not have
    (400 naming it: a typo must not be silently dropped) and a value of the wrong JSON
    type (`json_type_error`). Read-only fields (`id`, `status`…) sent back as read are
    ignored, so a client may PUT what it GOT."""

    def to_internal_value(self, data):
        errors = {}
        if isinstance(data, Mapping):
            writable = ", ".join(name for name, field in self.fields.items() if not field.read_only)
            for name, value in data.items():
                field = self.fields.get(name)
                if field is None:
                    errors[name] = [_("Không có trường này. Các trường ghi được: %(fields)s.") % {"fields": writable}]
                elif not field.read_only and (message := json_type_error(field, value)):
                    errors[name] = [message]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if errors and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **errors}) from exc
            raise
        if errors:
            raise serializers.ValidationError(errors)
        return value


def constraint_bounds(model: type[models.Model], field_name: str) -> dict[str, tuple]:
    """The constant bounds the model's CheckConstraints put on a field (`stars` 1–5, `year`
    1990–2100, `revenue` ≥ 0), as {"min": (value, message), "max": (value, message)}, so the
    API states them in its schema and refuses a value past them with the constraint's own
    message. Only what the condition implies for every non-null value counts: `gte`/`lte`
    with a number, joined by AND, or by OR with `isnull=True`."""
    found: dict[str, tuple] = {}
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue
        low, high = _implied_bounds(constraint.condition).get(field_name, (None, None))
        message = str(constraint.violation_error_message or "")
        if low is not None and ("min" not in found or low > found["min"][0]):
            found["min"] = (low, message)
        if high is not None and ("max" not in found or high < found["max"][0]):
            found["max"] = (high, message)
    return found


_NULL = "isnull"


def _implied_bounds(condition: models.Q) -> dict[str, object]:
    """{field: (low, high)} implied by `condition`, or {field: _NULL} for `isnull=True`."""
    if condition.negated:
        return {}
    parts = []
    for child in condition.children:
        if isinstance(child, models.Q):
            parts.append(_implied_bounds(child))
            continue
        lookup, value = child
        name, _sep, operator = lookup.rpartition("__")
        if operator == "isnull" and value is True:
            parts.append({name: _NULL})
        elif operator in ("gte", "lte") and isinstance(value, int | Decimal) and not isinstance(value, bool):
            parts.append({name: (value, None) if operator == "gte" else (None, value)})
        else:
            parts.append({})
    result: dict[str, object] = {}
    if condition.connector == models.Q.AND:
        for part in parts:
            for name, bound in part.items():
                if bound == _NULL:
                    continue
                (low, high), (new_low, new_high) = result.get(name, (None, None)), bound
                result[name] = (max((v for v in (low, new_low) if v is not None), default=None),
                                min((v for v in (high, new_high) if v is not None), default=None))
        return result
    # OR: a bound holds only if every branch either is null or bounds the field, the loosest one wins.
    for name in set().union(*parts) if parts else ():
        branches = [part.get(name) for part in parts]
        bounds = [b for b in branches if b != _NULL]
        if any(b is None for b in branches) or not bounds:
            continue
        lows, highs = [b[0] for b in bounds], [b[1] for b in bounds]
        result[name] = (None if None in lows else min(lows), None if None in highs else max(highs))
    return result


def _bound(kwargs: dict, model_field: models.Field) -> None:
    """The tightest of the column's range on every backend (the validators Django derives
    from the current database, and PostgreSQL's) and the model's CheckConstraints, so the
    schema states one limit and a value past it is a 400, never a database error."""
    column = INT_RANGES.get(model_field.get_internal_type(), (None, None))
    constraint = constraint_bounds(model_field.model, model_field.name)
    error_messages = dict(kwargs.get("error_messages", {}))
    defaults = {"min_value": _("Giá trị phải từ {min_value} trở lên."),
                "max_value": _("Giá trị không được lớn hơn {max_value}.")}
    for key, side, index, tightest in (("min_value", "min", 0, max), ("max_value", "max", 1, min)):
        limits = [v for v in (kwargs.get(key), column[index]) if v is not None]
        if side in constraint:
            value, message = constraint[side]
            if message and (not limits or tightest(*limits, value) == value):
                # DRF formats the message with str.format: keep a brace in it literal.
                error_messages[key] = message.replace("{", "{{").replace("}", "}}")
            limits.append(value)
        if limits:
            kwargs[key] = tightest(limits)
            error_messages.setdefault(key, defaults[key])
    if error_messages:
        kwargs["error_messages"] = error_messages


class VersionedSerializer(StrictInputSerializer, serializers.ModelSerializer):
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
        if issubclass(field_class, serializers.IntegerField | serializers.DecimalField):
            _bound(kwargs, model_field)
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
