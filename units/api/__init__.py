"""REST API v1 (api.md): serializers, filters and viewsets of this app."""
