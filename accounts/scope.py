"""The one place that decides what a user may see and change.

Every page, API endpoint, export and import filters with `visible(user, queryset)` and
checks writes with `ensure_can_write(user, unit)`. Records outside a user's scope are
treated as missing (404) when read and refused (403) when written into.
"""

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role, User
from units.models import AdministrativeUnit

# The queryset's own class (with its model's methods) comes back from visible().
QS = TypeVar("QS", bound=QuerySet)

# Who asks: a signed-in user, the anonymous visitor of a request, or nobody.
Viewer = User | AnonymousUser | None


def scope_unit_ids(user: Viewer) -> set[int] | None:
    """Unit ids the user works in; None means the whole country.

    Cached on the user object for the request, so a page with several lists asks once.
    """
    # Only a User is authenticated (AnonymousUser never is).
    if not isinstance(user, User) or not user.is_active:
        return set()
    if "_scope_unit_ids" in user.__dict__:
        return user.__dict__["_scope_unit_ids"]
    ids: set[int] | None
    if user.scope_id is None:
        ids = None if user.effective_role == Role.ADMIN else set()
    else:
        ids = AdministrativeUnit.objects.within_ids(user.scope)
    user.__dict__["_scope_unit_ids"] = ids
    return ids


def scope_q(model: type[Model], unit_ids: set[int] | None) -> Q:
    """The filter putting `model`'s records inside `unit_ids` (None: no filter)."""
    if unit_ids is None:
        return Q()
    custom = getattr(model, "scope_q", None)
    if callable(custom):
        return custom(unit_ids)
    # Every scoped model names its lookup (TrackedModel and the plain ones alike); Model does not.
    return Q(**{f"{model.scope_field}__in": unit_ids})  # type: ignore[attr-defined]


def visible(user: Viewer, queryset: QS) -> QS:
    """The part of `queryset` the user may read."""
    ids = scope_unit_ids(user)
    if ids is None:
        return queryset
    if not ids:
        return queryset.none()
    return queryset.filter(scope_q(queryset.model, ids))


def unit_in_scope(user: Viewer, unit: AdministrativeUnit | int | None) -> bool:
    """Whether `unit` (a unit or its id) lies in the user's scope (what they may read, and
    write if they can)."""
    ids = scope_unit_ids(user)
    if ids is None:
        return True
    return unit is not None and getattr(unit, "pk", unit) in ids


def ensure_can_write(user: Viewer, unit: AdministrativeUnit | int | None) -> None:
    """Raise PermissionDenied unless the user may write records belonging to `unit` (or its id)."""
    if not getattr(user, "can_write", False):
        raise PermissionDenied(_("Tài khoản của bạn chỉ có quyền xem."))
    if not unit_in_scope(user, unit):
        raise PermissionDenied(_("Đơn vị này nằm ngoài phạm vi của bạn."))


def ensure_admin(user: Viewer) -> None:
    if not getattr(user, "is_admin", False):
        raise PermissionDenied(_("Chỉ quản trị viên được làm việc này."))
