"""Log-in throttling: the two hooks coopreg/settings.py gives django-axes.

django-axes counts wrong passwords per user name and client address and refuses that pair
for a while once the count reaches LOGIN_FAILURE_LIMIT (settings, "Log-in throttling").
This module says where the client address comes from and what a refused log-in looks like.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response


def client_address(request) -> str:
    """The address to count failures against.

    Behind TRUSTED_PROXY_COUNT reverse proxies, REMOTE_ADDR is our own proxy; the client is the
    entry the outermost proxy appended to X-Forwarded-For, counted from the right. Entries
    further left are whatever the client sent, and believing them would let an attacker pick
    a new address for every guess.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def lockout_message() -> str:
    return _(
        "Đăng nhập sai quá %(limit)s lần. Tên đăng nhập này bị tạm khoá từ địa chỉ của bạn "
        "trong %(minutes)s phút; hãy thử lại sau."
    ) % {"limit": settings.LOGIN_FAILURE_LIMIT, "minutes": settings.LOGIN_COOLOFF_MINUTES}


def lockout_response(request, original_response, credentials):
    """429 for a locked-out log-in, in the language of the door it came through: the API's
    error shape (`{"detail": …}`, api.md) for the token endpoint, a page for the others.
    The password was not even checked, so the answer is the same whether it was right."""
    retry_after = str(settings.LOGIN_COOLOFF_MINUTES * 60)
    if isinstance(original_response, Response):
        response = Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        response.accepted_renderer = original_response.accepted_renderer
        response.accepted_media_type = original_response.accepted_media_type
        response.renderer_context = original_response.renderer_context
        response.render()
    else:
        response = render(request, "registration/locked_out.html", {"message": lockout_message()},
                          status=status.HTTP_429_TOO_MANY_REQUESTS)
    response["Retry-After"] = retry_after
    return response
