"""Write helpers shared by every app's services: validation, optimistic concurrency,
protected deletes, history authorship. Pages, the API and the importer all write through
the apps' services, which build on these, so one rule holds whichever door data comes in by.
"""

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
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


class OutOfScope(PermissionDenied):
    """The user may not write to this administrative unit."""


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



# --- Scoped writes: what pages, the API and the importer call for plain records. ---


def unit_of(instance: models.Model):
    """The administrative unit that decides who may write `instance` (its `scope_field`)."""
    path = getattr(instance, "scope_field", "unit")
    if path == "pk":
        return instance
    obj = instance
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def _ensure_can_write(actor, instance: models.Model) -> None:
    from accounts.scope import ensure_can_write

    ensure_can_write(actor, unit_of(instance))


def scoped_create(model: type[M], *, actor, data: Mapping[str, Any], m2m: Mapping | None = None) -> M:
    """Create a record in the actor's scope: 403 (PermissionDenied) outside it, 400 if invalid."""
    with transaction.atomic():
        instance = model(**data)
        _ensure_can_write(actor, instance)
        validated_save(instance, actor=actor)
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    return instance


def scoped_update(
    instance: M, *, actor, changes: Mapping[str, Any], expected_version: int | None, m2m: Mapping | None = None
) -> M:
    """Update within scope: the record must be in scope before, and stay in scope after."""
    _ensure_can_write(actor, instance)
    return update_record(
        instance, changes=changes, expected_version=expected_version, actor=actor, m2m=m2m,
        before_save=lambda current: _ensure_can_write(actor, current),
    )


def scoped_delete(instance: models.Model, *, actor, expected_version: int | None = None) -> None:
    _ensure_can_write(actor, instance)
    delete_record(instance, actor=actor, expected_version=expected_version)


class BulkCreateRefused(Exception):
    """Some records of a bulk create or update broke a rule: `errors` maps their index to the exception."""

    def __init__(self, errors: dict[int, Exception]):
        self.errors = errors
        super().__init__(errors)


def scoped_bulk_create(model: type[M], *, actor, records: list[Mapping[str, Any]], batch_size: int = 500) -> list[M]:
    """Create many records at once, for imports of thousands of rows; all or nothing.

    The same rules as scoped_create: scope and full_clean (field rules and clean()) for
    each record, raising BulkCreateRefused with every refused record. Constraints are
    then enforced by the database itself on the INSERT instead of one query per record
    and constraint: an IntegrityError means "some record broke one"; the caller can
    retry one by one with scoped_create to say which. History rows are written in bulk
    with `actor` as their author. Only for models whose save() adds nothing to
    TrackedModel.save(), since bulk inserts do not call save().
    """
    from simple_history.utils import bulk_create_with_history

    from coopreg.models import TrackedModel

    if model.save is not TrackedModel.save:
        raise TypeError(f"{model.__name__} has its own save(); create its records one by one.")
    instances, errors = [], {}
    for index, data in enumerate(records):
        instance = model(**data)
        try:
            _ensure_can_write(actor, instance)
            # A related record handed over as a loaded instance exists: skip the one
            # existence query per record and field (the foreign key guards the INSERT).
            loaded = [name for name, value in data.items() if isinstance(value, models.Model) and value.pk]
            instance.full_clean(exclude=loaded, validate_constraints=False)
        except (ValidationError, PermissionDenied) as exc:
            errors[index] = exc
            continue
        instance.fill_search_text()
        instances.append(instance)
    if errors:
        raise BulkCreateRefused(errors)
    author = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        return bulk_create_with_history(instances, model, batch_size=batch_size, default_user=author)


def scoped_bulk_update(model: type[M], *, actor, updates: list[tuple[M, Mapping[str, Any]]],
                       batch_size: int = 500) -> list[M]:
    """Apply `changes` to many records at once, for imports of thousands of rows; all or nothing.

    The same rules as scoped_update: each record in scope before and after, its version
    still the one the caller read (checked for all records by one locking query), and
    full_clean; constraints are enforced by the database on the UPDATE (an IntegrityError
    means "some record broke one"). Raises BulkCreateRefused with every refused record
    (VersionConflict, ValidationError or PermissionDenied by index). Versions are bumped
    and history rows written in bulk with `actor` as their author.
    """
    from django.utils import timezone
    from simple_history.utils import bulk_update_with_history

    from coopreg.models import TrackedModel

    if model.save is not TrackedModel.save:
        raise TypeError(f"{model.__name__} has its own save(); update its records one by one.")
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    with transaction.atomic():
        pks = [instance.pk for instance, _changes in updates]
        stored: dict[int, int] = {}
        for start in range(0, len(pks), 900):  # SQLite's limit on query parameters
            stored.update(model._default_manager.select_for_update()
                          .filter(pk__in=pks[start:start + 900]).values_list("pk", "version"))
        errors: dict[int, Exception] = {}
        fields: set[str] = set()
        now = timezone.now()
        for index, (instance, changes) in enumerate(updates):
            if stored.get(instance.pk) != instance.version:
                errors[index] = VersionConflict(instance)
                continue
            try:
                _ensure_can_write(actor, instance)
                for field, value in changes.items():
                    setattr(instance, field, value)
                _ensure_can_write(actor, instance)
                # Related records stored or handed over as loaded instances exist: skip their
                # existence queries (the foreign keys guard the UPDATE).
                instance.full_clean(exclude=[name for name in relations if name not in changes
                                             or isinstance(changes[name], models.Model)],
                                    validate_constraints=False)
            except (ValidationError, PermissionDenied) as exc:
                errors[index] = exc
                continue
            instance.version += 1
            instance.updated_at = now
            instance.fill_search_text()
            fields.update(changes)
        if errors:
            raise BulkCreateRefused(errors)
        fields.update({"version", "updated_at"})
        if model.search_fields:
            fields.add("search_text")
        objs = [instance for instance, _changes in updates]
        author = actor if getattr(actor, "is_authenticated", False) else None
        if objs:
            bulk_update_with_history(objs, model, sorted(fields), batch_size=batch_size, default_user=author)
    return objs
