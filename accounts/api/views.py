"""/api/v1/auth/: a token for a password, and the caller's own tokens (api.md, "Authentication")."""

from django.contrib.auth import authenticate, user_logged_in
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import OwnTokenSerializer, TokenRequestSerializer, TokenSerializer
from accounts.tokens import issue_api_token, live_api_tokens, revoke_api_token
from core.api.schema import ErrorDetailSerializer, ValidationErrorSerializer


class ObtainTokenView(APIView):
    """POST {username, password} → {"token", "token_key", "expiry"}: a new token on every call.

    The password goes through django.contrib.auth.authenticate like the log-in pages', so the
    same throttle (django-axes, accounts.lockout) counts the failures of all three doors."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    authentication_classes: list = []
    throttle_classes: list = []

    @extend_schema(
        summary="Get an API token",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: ValidationErrorSerializer,
            429: OpenApiResponse(ErrorDetailSerializer, description="Too many wrong passwords for this user name "
                                 "from this address: refused, even with the right one, until `Retry-After` seconds."),
        },
        auth=[],
    )
    def post(self, request):
        given = TokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        user = authenticate(request=request._request, username=given.validated_data["username"],
                            password=given.validated_data["password"])
        if user is None or not user.is_active:
            # While locked out, axes.middleware.AxesMiddleware turns this answer into a 429.
            raise serializers.ValidationError({"non_field_errors": [_("Sai tên đăng nhập hoặc mật khẩu.")]})
        record, token = issue_api_token(user)
        # As a page log-in: last_login, axes' access log, and forgetting earlier typos.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        return Response({"token": token, "token_key": record.token_key, "expiry": record.expiry})


class OwnTokenViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own live tokens; DELETE revokes one. Anyone logged in may manage their
    own tokens, viewers included; another user's token is 404, as if it did not exist."""

    serializer_class = OwnTokenSerializer
    lookup_field = "token_key"
    lookup_value_regex = "[^/]+"
    ordering_fields = ["created", "expiry"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular, reading the model
            return AuthToken.objects.none()
        return live_api_tokens(self.request.user)

    @extend_schema(summary="List your API tokens")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="Revoke one of your API tokens", responses={204: None, 401: ErrorDetailSerializer,
                                                                        404: ErrorDetailSerializer})
    def destroy(self, request, *args, **kwargs):
        if not revoke_api_token(request.user, kwargs["token_key"]):
            raise Http404(_("Không tìm thấy khoá API này trong các khoá của bạn."))
        return Response(status=status.HTTP_204_NO_CONTENT)
