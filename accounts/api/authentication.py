from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from rest_framework import exceptions


class ExpiringTokenAuthentication(TokenAuthentication):
    """knox's `Authorization: Token <key>` (hashed, expiring tokens: accounts.tokens), refusing
    an unknown, expired or revoked key with one Vietnamese sentence saying what to do."""

    def authenticate_credentials(self, token):
        try:
            return super().authenticate_credentials(token)
        except exceptions.AuthenticationFailed as exc:
            raise exceptions.AuthenticationFailed(
                _("Khoá API không hợp lệ, đã hết hạn hoặc đã bị thu hồi; hãy lấy khoá mới.")
            ) from exc


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """The schema's security scheme, under the name it had before the tokens moved to knox."""

    target_class = ExpiringTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
