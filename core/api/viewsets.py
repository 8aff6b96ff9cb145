"""`RecordViewSet`: a resource of /api/v1/ that writes through services and serves its history.

It knows no scope: `accounts.api.viewsets.ScopedViewSet` adds it, and every registry
resource is a ScopedViewSet.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.serializers import HistoryEntrySerializer
from core.cache import cached, query_parts
from core.history import record_history
from core.services import create_record, delete_record, update_record
from core.validation import today


class RoleMayWrite(BasePermission):
    """The role half of authorisation, checked before any input is parsed, so a viewer's
    write is 403 whatever it sends. The scope half is in the services (accounts.services)."""

    message = gettext_lazy("Tài khoản của bạn không có quyền ghi dữ liệu này.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if getattr(view, "admin_only_writes", False):
            return bool(getattr(request.user, "is_admin", False))
        return bool(getattr(request.user, "can_write", False))


# Mixed into DRF views only: mypy sees APIView as its base (request, handle_exception),
# Python sees object so the view's own base stays where the MRO puts it.
if TYPE_CHECKING:
    _ViewMixin = APIView
else:
    _ViewMixin = object


class JSONErrorsMixin(_ViewMixin):
    """Errors are JSON even when a spreadsheet was asked for (`?format=csv`): a client
    reading the status code can then read why, and the schema says so."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if getattr(getattr(self.request, "accepted_renderer", None), "format", None) in ("csv", "xlsx"):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response


class RecordViewSet(JSONErrorsMixin, viewsets.ModelViewSet):
    """A resource whose writes go through services and whose records keep a history.

    Subclasses set `queryset` (with the select_related/prefetch its list needs) and may
    override `service_create` / `service_update` / `service_delete` to call the app's own
    service for writes that carry a domain rule.
    """

    permission_classes = [IsAuthenticated, RoleMayWrite]
    # JSON only: the browsable API's forms would list every unit and collective of the
    # country in their dropdowns, whatever the caller's scope. /api/v1/docs/ is the browser's door.
    renderer_classes = [JSONRenderer]
    # Bodies are JSON only (api.md): form-encoded values are all strings, which the strict
    # serializers (core.api.serializers.StrictInputSerializer) would refuse field by field.
    parser_classes = [JSONParser]
    admin_only_writes = False
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        queryset = super().get_queryset()
        # A stable order (model ordering + pk) keeps pages from overlapping.
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering or [])
        return queryset.order_by(*ordering, "pk")

    # Lists ---------------------------------------------------------------------------

    def list(self, request, *args, **kwargs):
        """DRF's list, its page kept in the shared cache under the data version (core.cache).

        A page is a function of its query (the reader's scope, the filters, the search, the
        order and today's date are all in its SQL), of the address asked for (page, page
        size, and the links to the next and previous pages), the language and the time zone
        of the rendering: that is its key. It is kept only when every statement that made
        it read data tables only (`only_data_reads`), so a write through any door moves
        the version and the next reader gets a new page. A warm page then costs its query's
        compilation and a cache read, not its count, rows and serializer (docs/domain.md,
        decision 32)."""
        queryset = self.filter_queryset(self.get_queryset())
        query = query_parts(queryset)
        if query is None:
            return Response(self._list_body(queryset))
        parts = (type(self).__module__, type(self).__qualname__, *query, request.build_absolute_uri(),
                 get_language(), timezone.get_current_timezone_name(), today())
        return Response(cached("core.api.list", parts, lambda: self._list_body(queryset), only_data_reads=True))

    def _list_body(self, queryset) -> Any:
        """The body of a list answer, as a plain dict or list (kept in the cache: DRF's
        ReturnList holds its serializer, which is not to be pickled)."""
        page = self.paginate_queryset(queryset)
        if page is None:
            return list(self.get_serializer(queryset, many=True).data)
        return dict(self.get_paginated_response(list(self.get_serializer(page, many=True).data)).data)

    # Writes --------------------------------------------------------------------------

    @property
    def record_model(self) -> type[models.Model]:
        """The model of `queryset` (every subclass sets it; DRF types it as optional)."""
        queryset = type(self).queryset
        if queryset is None:
            raise ImproperlyConfigured(f"{type(self).__name__} sets no queryset")
        return queryset.model

    @property
    def actor(self):
        return self.request.user

    def split(self, validated: Mapping[str, Any]) -> tuple[dict, dict, int | None]:
        data = dict(validated)
        version = data.pop("version", None)
        m2m_names = {f.name for f in self.record_model._meta.many_to_many}
        m2m = {name: data.pop(name) for name in list(data) if name in m2m_names}
        return data, m2m, version

    def reload(self, instance):
        """The saved record as a list row shows it (annotations included)."""
        return self.get_queryset().filter(pk=instance.pk).first() or instance

    def service_create(self, *, data: dict, m2m: dict):
        return create_record(self.record_model, actor=self.actor, data=data, m2m=m2m)

    def service_update(self, instance, *, changes: dict, m2m: dict, expected_version: int | None):
        return update_record(instance, actor=self.actor, changes=changes, expected_version=expected_version, m2m=m2m)

    def service_delete(self, instance) -> None:
        delete_record(instance, actor=self.actor)

    def perform_create(self, serializer):
        data, m2m, _version = self.split(serializer.validated_data)
        serializer.instance = self.reload(self.service_create(data=data, m2m=m2m))

    def perform_update(self, serializer):
        data, m2m, version = self.split(serializer.validated_data)
        instance = self.service_update(serializer.instance, changes=data, m2m=m2m, expected_version=version)
        serializer.instance = self.reload(instance)

    def perform_destroy(self, instance):
        self.service_delete(instance)

    # History -------------------------------------------------------------------------

    @extend_schema(
        summary="Change history of one record",
        description="Newest first: who (username), when, type (+ created, ~ changed, - deleted) and, "
        "for each change, the field with its old and new value.",
        responses=HistoryEntrySerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], url_path="history")
    def history(self, request, *args, **kwargs):
        instance = self.get_object()
        page = self.paginate_queryset(record_history(instance))
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)

