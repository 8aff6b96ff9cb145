from knox.models import AuthToken
from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`. Shown only this once.")
    token_key = serializers.CharField(help_text="The token's first characters: its name in /api/v1/auth/tokens/.")
    expiry = serializers.DateTimeField(help_text="When the token stops working.")


class OwnTokenSerializer(serializers.ModelSerializer):
    """One of the caller's tokens, known by its first characters (never the whole key)."""

    current = serializers.SerializerMethodField(help_text="True for the token this request was sent with.")

    class Meta:
        model = AuthToken
        fields = ["token_key", "created", "expiry", "current"]
        read_only_fields = fields

    def get_current(self, token: AuthToken) -> bool:
        return self.context["request"].auth == token
