"""The OpenAPI schema: every operation lists the errors it can really answer."""

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiParameter, extend_schema_serializer
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, AllowAny

from core.api.serializers import StrictInputSerializer, VersionedSerializer


@extend_schema_serializer(many=False)
class ErrorDetailSerializer(serializers.Serializer):
    """401, 403, 404: a sentence saying why."""

    detail = serializers.CharField()


@extend_schema_serializer(many=False)
class ConflictSerializer(serializers.Serializer):
    """409: the record changed since it was read (stale `version`), it is still referenced, or
    it is locked (an approved year: `locked` is true)."""

    detail = serializers.CharField()
    version = serializers.ListField(child=serializers.CharField(), required=False)
    current_version = serializers.IntegerField(required=False, allow_null=True)
    locked = serializers.BooleanField(required=False)


@extend_schema_serializer(many=False)
class ValidationErrorSerializer(serializers.Serializer):
    """400: {field: [messages]}, `non_field_errors` for rules over several fields."""


class _ValidationErrorSchema(OpenApiSerializerExtension):
    target_class = "core.api.schema.ValidationErrorSerializer"

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": "Each key names an invalid field (or `non_field_errors`); for nested lists "
            "(plan targets) one object per item, or an object keyed by the index of each wrong item.",
            "properties": {"non_field_errors": {"type": "array", "items": {"type": "string"}}},
            "additionalProperties": {
                "anyOf": [
                    {"type": "array",
                     "items": {"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": True}]}},
                    # DRF keys a nested list's errors by the index of the wrong item.
                    {"type": "object", "additionalProperties": True},
                ],
            },
        }


ERROR_DESCRIPTIONS = {
    "400": "Invalid input: each key names a field (or non_field_errors). Nothing was written.",
    "401": "Not authenticated: send `Authorization: Token <key>` or log in.",
    "403": "Not allowed: the role may not write here, or the record would lie outside the caller's scope.",
    "404": "Not found, or outside the caller's scope (or a page past the last).",
    "409": "Conflict: the `version` sent is stale, the record is still referred to by others, or it "
           "belongs to an approved (locked) year.",
}


class AutoSchema(SpectacularAutoSchema):
    """Adds the error responses each operation can really give (api.md "Errors"), and
    says of request bodies what the serializers enforce: `version` is required on PUT and
    PATCH, and a field the serializer does not know is refused (`additionalProperties: false`)."""

    def _versioned_write(self, serializer) -> bool:
        return self.method.upper() in ("PUT", "PATCH") and isinstance(force_instance(serializer), VersionedSerializer)

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(force_instance(serializer), StrictInputSerializer):
            schema["additionalProperties"] = False
        if direction == "request" and self.method.upper() == "PATCH" and self._versioned_write(serializer):
            # The Patched… component is PATCH's own.
            schema["required"] = ["version"]
        return schema

    def _get_request_for_media_type(self, serializer, direction="request"):
        schema, required = super()._get_request_for_media_type(serializer, direction)
        if schema and self.method.upper() == "PUT" and self._versioned_write(serializer):
            # PUT shares its component with POST (where `version` is ignored): require it here.
            return {"allOf": [schema, {"required": ["version"]}]}, True
        return schema, required

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        public = all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        errors: dict[str, Any] = {}
        method = self.method.upper()
        is_list = method == "GET" and self._is_list_view()
        has_path_params = "{" in self.path
        extra = getattr(self.view, "schema_error_codes", {}).get(getattr(self.view, "action", None), ())
        filters_list = is_list and getattr(self.view, "action", None) == "list" and bool(
            getattr(self.view, "filterset_class", None))
        if method in ("POST", "PUT", "PATCH") or filters_list or 400 in extra:
            errors["400"] = ValidationErrorSerializer
        if not public:
            errors["401"] = ErrorDetailSerializer
        if not public and method not in SAFE_METHODS:
            errors["403"] = ErrorDetailSerializer
        if has_path_params or is_list or 404 in extra:
            errors["404"] = ErrorDetailSerializer
        # POST too: a record created in an approved year is refused as locked (core.locks).
        if method in ("POST", "PUT", "PATCH", "DELETE") or 409 in extra:
            errors["409"] = ConflictSerializer
        for code, serializer in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(serializer, code, direction=direction)
                responses[code]["description"] = ERROR_DESCRIPTIONS[code]
        return responses


FORMAT_PARAMETER = OpenApiParameter(
    "format", str, enum=["json", "csv", "xlsx"], required=False,
    description="json (default), csv (UTF-8 with BOM) or xlsx (Excel).",
)
