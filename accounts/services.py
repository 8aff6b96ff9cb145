"""Writes checked against the actor's scope: what pages, the API, the importer and the
admin call for plain records, and the writes on administrative units (admins only).

`core.services` knows no scope; these add it: the record must lie in the actor's scope as
stored before the change, and still after it (accounts.scope.ensure_can_write).
"""

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.scope import ensure_admin, ensure_can_write, scope_unit_ids, visible
from core.locks import ensure_unlocked, remembered
from core.models import TrackedModel
from core.services import (
    BulkCreateRefused,
    VersionConflict,
    create_record,
    delete_record,
    update_record,
    validated_save,
)
from core.validation import today
from units.models import AdministrativeUnit, UnitSuccession

M = TypeVar("M", bound=models.Model)



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
    ensure_can_write(actor, unit_of(instance))
    ensure_unlocked(instance)  # a record an app closed (an approved year): core.locks


def scoped_links(actor, model: type[models.Model], name: str, submitted, stored_ids=()) -> list[int]:
    """The many-to-many links of field `name` to write for `actor`: (submitted ∩ visible) ∪
    (stored ∖ visible). An editor changes only the links they can see: those to records
    outside their scope stay as stored (the page never showed them, an API client cannot
    drop them by omission), and none to such a record is made (treated as not there)."""
    related = model._meta.get_field(name).related_model
    submitted_ids = {getattr(value, "pk", value) for value in submitted}
    stored_ids = set(stored_ids)
    if scope_unit_ids(actor) is None:
        return sorted(submitted_ids)
    seen = set(visible(actor, related._default_manager.filter(pk__in=submitted_ids | stored_ids))
               .values_list("pk", flat=True))
    return sorted((submitted_ids & seen) | (stored_ids - seen))


def scoped_create(model: type[M], *, actor, data: Mapping[str, Any], m2m: Mapping | None = None) -> M:
    """Create a record in the actor's scope: 403 (PermissionDenied) outside it, 400 if invalid."""
    with transaction.atomic():
        instance = model(**data)
        _ensure_can_write(actor, instance)
        validated_save(instance, actor=actor)
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(scoped_links(actor, model, name, values))
    return instance


def _links_for(actor, name: str, submitted):
    def links(stored: models.Model) -> list[int]:
        stored_ids = getattr(stored, name).values_list("pk", flat=True)
        return scoped_links(actor, type(stored), name, submitted, stored_ids)
    return links


def scoped_update(
    instance: M, *, actor, changes: Mapping[str, Any], expected_version: int | None, m2m: Mapping | None = None
) -> M:
    """Update within scope: the record as stored must be in scope, and stay in scope after.

    `instance` is only a handle on the row: a page's ModelForm has already written the
    input onto it, so the scope before the change is read from the locked stored row.
    """
    return update_record(
        instance, changes=changes, expected_version=expected_version, actor=actor,
        m2m={name: _links_for(actor, name, values) for name, values in (m2m or {}).items()},
        before_change=lambda stored: _ensure_can_write(actor, stored),
        before_save=lambda current: _ensure_can_write(actor, current),
    )


def scoped_delete(instance: models.Model, *, actor, expected_version: int | None = None) -> None:
    """Delete within scope, judged on the record as stored (not on `instance`)."""
    delete_record(instance, actor=actor, expected_version=expected_version,
                  before_delete=lambda stored: _ensure_can_write(actor, stored))


def stored_scope(model: type[models.Model], pks, *fields: str, lock: bool = False) -> dict[Any, tuple]:
    """{pk: (unit id, *fields)} of the stored rows: each record's scope as stored (not as
    an instance in memory may say), by one query; locking the rows (not their units) when
    `lock`, so the scope cannot change between this check and the write."""
    queryset = model._default_manager.all()
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    stored: dict[Any, tuple] = {}
    pks = list(pks)
    for start in range(0, len(pks), 900):  # SQLite's limit on query parameters
        rows = queryset.filter(pk__in=pks[start:start + 900]).values_list(
            "pk", getattr(model, "scope_field", "unit"), *fields)
        stored.update((pk, tuple(rest)) for pk, *rest in rows)
    return stored


def ensure_can_write_stored(actor, model: type[models.Model], pks) -> None:
    """PermissionDenied unless every stored record of `pks` is in the actor's scope (for the
    admin, whose forms write the input onto the instance before saving it)."""
    with transaction.atomic():
        for unit_id, in stored_scope(model, pks, lock=True).values():
            ensure_can_write(actor, unit_id)


@remembered()  # the lock of records sharing a unit and year is asked once (core.locks)
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


@remembered()
def scoped_bulk_update(model: type[M], *, actor, updates: list[tuple[M, Mapping[str, Any]]],
                       batch_size: int = 500) -> list[M]:
    """Apply `changes` to many records at once, for imports of thousands of rows; all or nothing.

    The same rules as scoped_update: each record in scope as stored and after, its version
    still the one the caller read (checked for all records by one locking query), and
    full_clean; constraints are enforced by the database on the UPDATE (an IntegrityError
    means "some record broke one"). Raises BulkCreateRefused with every refused record
    (VersionConflict, ValidationError or PermissionDenied by index). Versions are bumped
    and history rows written in bulk with `actor` as their author.
    """
    if model.save is not TrackedModel.save:
        raise TypeError(f"{model.__name__} has its own save(); update its records one by one.")
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
    with transaction.atomic():
        stored = stored_scope(model, [instance.pk for instance, _changes in updates], "version", lock=True)
        errors: dict[int, Exception] = {}
        fields: set[str] = set()
        now = timezone.now()
        for index, (instance, changes) in enumerate(updates):
            unit_id, version = stored.get(instance.pk, (None, None))
            if version != instance.version:
                errors[index] = VersionConflict(instance)
                continue
            try:
                # In scope as stored: the instance handed over may carry unsaved changes.
                ensure_can_write(actor, unit_id)
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


# --- Administrative units (admins only): a unit and its whole successor together. ---
# The successor of a unit is the `UnitSuccession` with `whole=True` going out of it; setting
# it here creates, moves or removes that link in the same transaction as the unit itself,
# so a unit is never saved with half of a merger recorded.

UNCHANGED: Any = object()


def _succession_day(unit: AdministrativeUnit, successor: AdministrativeUnit) -> datetime.date:
    """The day after the unit ends, else the day its successor starts, else today."""
    if unit.valid_until and unit.valid_until < datetime.date.max:
        return unit.valid_until + datetime.timedelta(days=1)
    return successor.valid_from or today()


def _set_whole_successor(unit: AdministrativeUnit, successor: AdministrativeUnit | None, *, actor) -> None:
    if successor is not None and successor.pk == unit.pk:
        raise ValidationError({"successor": [_("Đơn vị không thể kế thừa chính nó.")]})
    links = list(UnitSuccession.objects.filter(predecessor=unit, whole=True))
    for link in links:
        if successor is None or link.successor_id != successor.pk:
            delete_record(link, actor=actor)
    if successor is None or any(link.successor_id == successor.pk for link in links):
        return
    partial = UnitSuccession.objects.filter(predecessor=unit, successor=successor).first()
    if partial is not None:
        update_record(partial, changes={"whole": True}, expected_version=None, actor=actor)
        return
    create_record(
        UnitSuccession, actor=actor,
        data={"predecessor": unit, "successor": successor, "whole": True,
              "effective_on": _succession_day(unit, successor)},
    )


def unit_create(*, actor, data: Mapping[str, Any], successor: AdministrativeUnit | None = None) -> AdministrativeUnit:
    ensure_admin(actor)
    ensure_can_write(actor, data.get("parent"))
    with transaction.atomic():
        unit = create_record(AdministrativeUnit, actor=actor, data=data)
        if successor is not None:
            _set_whole_successor(unit, successor, actor=actor)
    return unit


def unit_update(
    unit: AdministrativeUnit, *, actor, changes: Mapping[str, Any], expected_version: int | None,
    successor: AdministrativeUnit | None = UNCHANGED,
) -> AdministrativeUnit:
    ensure_admin(actor)
    ensure_can_write(actor, unit)
    if "parent" in changes:
        ensure_can_write(actor, changes["parent"])
    with transaction.atomic():
        unit = update_record(unit, changes=changes, expected_version=expected_version, actor=actor)
        if successor is not UNCHANGED:
            _set_whole_successor(unit, successor, actor=actor)
    return unit


def unit_delete(unit: AdministrativeUnit, *, actor) -> None:
    ensure_admin(actor)
    ensure_can_write(actor, unit)
    delete_record(unit, actor=actor)
