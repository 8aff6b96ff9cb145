"""API plumbing shared by every app: pagination and the one handler that shapes errors."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from coopreg.services import RecordInUse, VersionConflict


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _django_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    """Domain exceptions raised by services become the statuses api.md promises."""
    if isinstance(exc, DjangoValidationError):
        errors = _django_errors(exc)
        if "__all__" in errors:
            errors["non_field_errors"] = errors.pop("__all__")
        return Response(errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, VersionConflict):
        return Response(
            {"detail": str(exc), "version": [str(exc)], "current_version": getattr(exc.current, "version", None)},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, RecordInUse):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)
