from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import TokenRequestSerializer, TokenSerializer
from core.api.schema import ValidationErrorSerializer


class ObtainTokenView(APIView):
    """POST {username, password} → {"token": …}; the same token on every call for a user."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    authentication_classes: list = []
    throttle_classes: list = []

    @extend_schema(
        summary="Get an API token",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: ValidationErrorSerializer},
        auth=[],
    )
    def post(self, request):
        given = TokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        user = authenticate(request=request._request, username=given.validated_data["username"],
                            password=given.validated_data["password"])
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": [_("Sai tên đăng nhập hoặc mật khẩu.")]})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
