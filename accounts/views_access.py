"""Access helpers for pages (server-rendered views), built on accounts.scope.

- `get_visible_or_404(user, qs, **lookup)`: the record if the user may read it; "not
  found" alike for missing and out-of-scope records, so a URL never tells which.
- `write_required` (function views) / `WriteRequiredMixin` (class views): log-in required,
  then 403 for accounts that may only read (viewers) on every method, GET included, so a
  direct URL to an edit page is refused, not merely hidden.
- `read_page`: log-in required, GET only; a viewer's POST to it is 403 as well.
- `can_write(request)`: the flag templates use to show or hide edit controls.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.utils.translation import gettext as _

from accounts.scope import visible


def get_visible_or_404(user, queryset: QuerySet, **lookup) -> Model:
    try:
        return visible(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Không tìm thấy bản ghi.")) from exc


def can_write(request) -> bool:
    return bool(getattr(request.user, "can_write", False))


def ensure_writer(user) -> None:
    if not getattr(user, "can_write", False):
        raise PermissionDenied(_("Tài khoản của bạn chỉ có quyền xem."))


def write_required(view):
    """Log-in required, then 403 unless the account may write (officer or admin)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        ensure_writer(request.user)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


class WriteRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            ensure_writer(request.user)
        return super().dispatch(request, *args, **kwargs)


def read_page(view):
    """A page that only shows: log-in required; GET/HEAD only. Any other method is 403 for
    an account that may only read (no POST of any kind from a viewer), 405 for others."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            ensure_writer(request.user)
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, *args, **kwargs)

    return login_required(wrapper)
