"""Write helpers that know no domain: validation, optimistic concurrency, protected
deletes, history authorship. `accounts.services` adds the actor's scope on top of these
(scoped_create / scoped_update / scoped_delete), and the apps' services build on that, so
one rule holds whichever door data comes in by.
"""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


class VersionConflict(Exception):
    """The record changed since the caller read it (its `version` is stale)."""

    def __init__(self, current: models.Model):
        self.current = current
        super().__init__(
            _("Bản ghi đã được người khác thay đổi (phiên bản hiện tại %(version)s). Hãy tải lại rồi sửa lại.")
            % {"version": getattr(current, "version", "?")}
        )


class RecordInUse(Exception):
    """The record is referred to by others and cannot be deleted."""

    def __init__(self, instance: models.Model, protected: set[models.Model] | None = None):
        self.instance = instance
        self.protected = protected or set()
        super().__init__(
            _("Không thể xoá “%(obj)s”: còn %(n)s bản ghi khác tham chiếu tới nó.")
            % {"obj": instance, "n": len(self.protected)}
        )


def _attribute_history(instance: models.Model, actor) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        instance._history_user = actor  # read by django-simple-history when it writes the row


def validated_save(instance: M, *, actor=None, exclude: list[str] | None = None) -> M:
    """full_clean() then save(); raises ValidationError (keyed by field) before touching the DB."""
    instance.full_clean(exclude=exclude)
    _attribute_history(instance, actor)
    instance.save()
    return instance


def create_record(model: type[M], *, data: Mapping[str, Any], actor=None, m2m: Mapping | None = None) -> M:
    with transaction.atomic():
        instance = model(**data)
        validated_save(instance, actor=actor)
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    return instance


def update_record(
    instance: M,
    *,
    changes: Mapping[str, Any],
    expected_version: int | None,
    actor=None,
    m2m: Mapping | None = None,
    before_save=None,
) -> M:
    """Apply `changes` if the stored version is still `expected_version`.

    The row is locked for the check-and-write so two concurrent editors cannot both pass
    the check (PostgreSQL; SQLite serialises writers anyway).
    """
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if expected_version is not None and current.version != int(expected_version):
            raise VersionConflict(current)
        for field, value in changes.items():
            setattr(current, field, value)
        if before_save is not None:
            before_save(current)
        validated_save(current, actor=actor)
        for name, values in (m2m or {}).items():
            getattr(current, name).set(values)
    return current


def delete_record(instance: models.Model, *, actor=None, expected_version: int | None = None) -> None:
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if expected_version is not None and current.version != int(expected_version):
            raise VersionConflict(current)
        _attribute_history(current, actor)
        try:
            current.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise RecordInUse(current, set(exc.protected_objects if hasattr(exc, "protected_objects")
                                           else exc.restricted_objects)) from exc


class BulkCreateRefused(Exception):
    """Some records of a bulk create or update broke a rule: `errors` maps their index to the exception."""

    def __init__(self, errors: dict[int, Exception]):
        self.errors = errors
        super().__init__(errors)
