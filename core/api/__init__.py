"""API plumbing shared by every app (api.md).

- here: pagination and the one handler that shapes every error;
- `schema`: the OpenAPI AutoSchema adding each operation's error responses;
- `serializers`, `filters`, `renderers`: shared building blocks;
- `viewsets`: `ScopedViewSet`, the base of every resource. It reads through
  `accounts.scope.visible` (a record outside the caller's scope is simply not there: 404)
  and writes through the services (which call `ensure_can_write`: writing into another
  scope is 403). Serializers check shapes only; the domain rules come back from model
  clean() and the services as ValidationError and leave here as 400 {field: [messages]}.

Decisions where api.md is silent:
- `version` is required on PUT and PATCH (400 naming `version` when missing), ignored on
  POST; a stale one is 409 with `current_version`. DELETE takes no version.
- A write to a locked record (an approved year's report or statistic: core.locks) is 409
  with `detail` naming who approved and when, and `locked: true`.
- Setting `dissolved_on` on an active collective dissolves it through
  cooperatives.services.collective_update (decision number and kind required), the
  rule every door follows.
- `/plans/{code}/results/` and `/indicators/{code}/values/` answer one object
  (`plan`/`indicator`, `unit`, `year`…, `count`, `results`), not paginated; an unknown or
  out-of-scope `unit` is 404 there (the same answer for both), while an unknown unit code
  in a list filter is 400. Errors stay JSON when `?format=csv|xlsx` was asked for.
- The owner of a record (a collective, a unit) must be in the writer's scope (403), as
  stored and as changed; a member it names may belong to another scope. Attendees and
  participants outside the scope are kept as stored and never added
  (accounts.services.scoped_links, the pages' rule too).
- Dates are accepted from 1900-01-01 to 2100-12-31 (core.validation, as on the pages and
  in the importer) and integers within the columns' PostgreSQL ranges, so no input
  reaches the database as an overflow; years within core.validation.year_range.
- Input is JSON only and is read strictly (core.api.serializers.StrictInputSerializer):
  an unknown field, or a value of the wrong JSON type ("12" for an integer), is a 400
  naming it, never silently dropped or coerced. A body that is not JSON is a 400 too, in
  the same {field: [messages]} shape (`non_field_errors`): every 400 has that shape.

This module is imported by DRF's settings (pagination, exception handler), so it must
not import DRF's generic views: those live in the submodules.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.locks import RecordLocked
from core.paging import ListPaginator
from core.services import RecordInUse, VersionConflict, name_constraint_fields


class Pagination(PageNumberPagination):
    django_paginator_class = ListPaginator  # deep pages and sparse filters at any size (core.paging)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_size_query_description = "Number of results per page (default 50, at most 500)."


# --- Errors -----------------------------------------------------------------------------


def _django_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _view_model(context) -> type[models.Model] | None:
    view = context.get("view") if context else None
    queryset = getattr(view, "queryset", None)
    return queryset.model if queryset is not None else None


def exception_handler(exc, context):
    """Domain exceptions raised by services become the statuses api.md promises."""
    if isinstance(exc, RecordLocked):
        # Checked before ValidationError, which it is: the input may be fine, the record is closed.
        return Response({"detail": " ".join(exc.messages), "locked": True}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        errors = _django_errors(exc)
        if "__all__" in errors:
            errors["non_field_errors"] = errors.pop("__all__")
        # A service may say precisely which item of a nested list is wrong.
        errors.update(getattr(exc, "api_errors", {}))
        # The message of a multi-field UniqueConstraint goes on its field (api.md: "400 with
        # the field named"), as on the pages (core.services).
        errors = name_constraint_fields(errors, _view_model(context), non_field_key="non_field_errors")
        return Response(errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, VersionConflict):
        return Response(
            {"detail": str(exc), "version": [str(exc)], "current_version": getattr(exc.current, "version", None)},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, RecordInUse):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        # Last resort: model validation checks every constraint first, and a unique one broken
        # by a race comes back from the services as a ValidationError on its field
        # (core.services.validated_save); this is any other. Still the client's input, not a 500.
        return Response(
            {"non_field_errors": [_("Dữ liệu vi phạm ràng buộc toàn vẹn; hãy kiểm tra lại rồi gửi lại.")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, exceptions.ParseError):
        return Response(
            {"non_field_errors": [_("Nội dung gửi lên không phải JSON hợp lệ (%(detail)s).") % {"detail": exc.detail}]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = _field_shape(response.data)
    return response


def _field_shape(data) -> dict:
    """A 400 is always {field: [messages]}: a bare message or list of them (a view's own
    ValidationError) is put under `non_field_errors`."""
    if isinstance(data, dict):
        if set(data) == {"detail"}:
            return {"non_field_errors": [data["detail"]]}
        return data
    return {"non_field_errors": data if isinstance(data, list) else [data]}
