"""`ScopedViewSet`: the base of every registry resource of /api/v1/."""

from accounts.scope import visible
from accounts.services import scoped_create, scoped_delete, scoped_update
from core.api.viewsets import RecordViewSet


class ScopedViewSet(RecordViewSet):
    """A registry resource: reads within the caller's scope (a record outside it is simply
    not there: 404), writes through the scoped services (writing into another scope: 403)."""

    def get_queryset(self):
        return visible(self.request.user, super().get_queryset())

    def service_create(self, *, data: dict, m2m: dict):
        return scoped_create(self.record_model, actor=self.actor, data=data, m2m=m2m)

    def service_update(self, instance, *, changes: dict, m2m: dict, expected_version: int | None):
        return scoped_update(instance, actor=self.actor, changes=changes, expected_version=expected_version, m2m=m2m)

    def service_delete(self, instance) -> None:
        scoped_delete(instance, actor=self.actor)
