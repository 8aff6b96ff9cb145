"""The user's own account area: who they are, their password, their API tokens
(accounts.tokens). The front door is desk.views.home."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.tokens import live_api_tokens, revoke_api_token

# The account area is the user's own business, not the register's: a viewer (read-only in
# the register) still changes their password and revokes their tokens here.


@require_GET
@login_required
def account(request):
    return render(request, "registration/account.html", {
        "tokens": live_api_tokens(request.user), "api_token_ttl_days": settings.API_TOKEN_TTL_DAYS})


@require_POST
@login_required
def token_revoke(request, token_key: str):
    if not revoke_api_token(request.user, token_key):
        raise Http404(_("Không tìm thấy khoá API này trong các khoá của bạn."))
    messages.success(request, _("Đã thu hồi khoá API %(key)s…; nó không còn dùng được.") % {"key": token_key})
    return redirect("account")


class PasswordChange(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Django's password change (old password, then the new one twice, checked by the
    AUTH_PASSWORD_VALIDATORS); saving it revokes the user's API tokens (accounts.models.User)."""

    template_name = "registration/account_password.html"
    success_url = reverse_lazy("account")
    success_message = gettext_lazy("Đã đổi mật khẩu. Các khoá API cũ của bạn đã bị thu hồi.")
