"""Write helpers that know no domain: validation, optimistic concurrency, protected
deletes, history authorship. `accounts.services` adds the actor's scope on top of these
(scoped_create / scoped_update / scoped_delete), and the apps' services build on that, so
one rule holds whichever door data comes in by.
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from core.models import TrackedModel

M = TypeVar("M", bound=models.Model)
T = TypeVar("T", bound=TrackedModel)

# Who writes: the project's user model (core imports no app, so its base class), or
# nobody (a migration, the shell). Only an authenticated one is written into history.
Actor = AbstractBaseUser | AnonymousUser | None


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


def _attribute_history(instance: models.Model, actor: Actor) -> None:
    if actor is not None and getattr(actor, "is_authenticated", False):
        # Read by django-simple-history when it writes the row; a dynamic attribute no model declares.
        instance._history_user = actor  # type: ignore[attr-defined]


# --- Unique constraints: the field a writer changes to fix a violation. ---


def unique_constraint_field(constraint: models.UniqueConstraint) -> str:
    """The last field of the constraint: `year` of (collective, year), the one a writer
    changes (api.md promises "400 with the field named")."""
    return constraint.fields[-1]


def _unique_constraints(model: type[models.Model]) -> list[models.UniqueConstraint]:
    return [c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]


def name_constraint_fields(errors: dict[str, list[str]], model: type[models.Model] | None,
                           *, non_field_key: str = NON_FIELD_ERRORS) -> dict[str, list[str]]:
    """Move the message of a violated multi-field UniqueConstraint from the record's
    errors (`non_field_key`) to its field (unique_constraint_field)."""
    if model is None or non_field_key not in errors:
        return errors
    for constraint in _unique_constraints(model):
        message = str(constraint.violation_error_message)
        if message in errors[non_field_key]:
            errors[non_field_key].remove(message)
            errors.setdefault(unique_constraint_field(constraint), []).append(message)
    if not errors[non_field_key]:
        del errors[non_field_key]
    return errors


def _column(model: type[models.Model], name: str) -> str | None:
    field = model._meta.get_field(name)
    # A constraint names concrete fields only; a reverse relation has no column.
    return field.column if isinstance(field, models.Field) else None


def violated_unique_constraint(model: type[models.Model], exc: IntegrityError) -> models.UniqueConstraint | None:
    """The UniqueConstraint of `model` an INSERT or UPDATE broke, if that is what `exc` says.

    PostgreSQL names the constraint; SQLite names its columns ("UNIQUE constraint failed:
    table.a, table.b") or, for a partial index, the index ("… failed: index 'name'").
    """
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    text = str(exc)
    table = model._meta.db_table
    for constraint in _unique_constraints(model):
        columns = ", ".join(f"{table}.{_column(model, f)}" for f in constraint.fields)
        if name == constraint.name or text in (f"UNIQUE constraint failed: {columns}",
                                               f"UNIQUE constraint failed: index '{constraint.name}'"):
            return constraint
    return None


def validated_save(instance: M, *, actor: Actor = None, exclude: list[str] | None = None) -> M:
    """full_clean() then save(); raises ValidationError (keyed by field) before touching the DB.

    A unique constraint broken by a concurrent write, after full_clean found it free,
    is the same ValidationError on its field: two requests racing for one registration
    code or one (collective, year) get a message, not a 500. The failed statement has
    aborted the enclosing transaction on PostgreSQL: callers catch it outside the
    atomic block they wrote in (every service here opens its own).
    """
    instance.full_clean(exclude=exclude)
    _attribute_history(instance, actor)
    try:
        instance.save()
    except IntegrityError as exc:
        constraint = violated_unique_constraint(type(instance), exc)
        if constraint is None:
            raise
        raise ValidationError({unique_constraint_field(constraint): [constraint.violation_error_message]}) from exc
    return instance


def create_record(model: type[M], *, data: Mapping[str, Any], actor: Actor = None, m2m: Mapping | None = None) -> M:
    with transaction.atomic():
        instance = model(**data)
        validated_save(instance, actor=actor)
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    return instance


def update_record(
    instance: T,
    *,
    changes: Mapping[str, Any],
    expected_version: int | None,
    actor: Actor = None,
    m2m: Mapping | None = None,
    before_change: Callable[[T], None] | None = None,
    before_save: Callable[[T], None] | None = None,
) -> T:
    """Apply `changes` if the stored version is still `expected_version`.

    The row is locked for the check-and-write so two concurrent editors cannot both pass
    the check (PostgreSQL; SQLite serialises writers anyway). `before_change` sees the
    record as stored (never `instance`, which a ModelForm has already overwritten with
    the input), `before_save` sees it with the changes applied; either may refuse.
    `m2m` values may be a callable of the stored record returning the list to write.
    """
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if expected_version is not None and current.version != int(expected_version):
            raise VersionConflict(current)
        if before_change is not None:
            before_change(current)
        for field, value in changes.items():
            setattr(current, field, value)
        if before_save is not None:
            before_save(current)
        validated_save(current, actor=actor)
        for name, values in (m2m or {}).items():
            getattr(current, name).set(values(current) if callable(values) else values)
    return current


def delete_record(instance: T, *, actor: Actor = None, expected_version: int | None = None,
                  before_delete: Callable[[T], None] | None = None) -> None:
    """Delete the stored row of `instance`; `before_delete` sees it as stored and may refuse."""
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if expected_version is not None and current.version != int(expected_version):
            raise VersionConflict(current)
        if before_delete is not None:
            before_delete(current)
        _attribute_history(current, actor)
        try:
            current.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise RecordInUse(current, set(exc.protected_objects if hasattr(exc, "protected_objects")
                                           else exc.restricted_objects)) from exc


class BulkCreateRefused(Exception):
    """Some records of a bulk create or update broke a rule: `errors` maps their index to the exception."""

    def __init__(self, errors: Mapping[int, Exception]):
        self.errors = errors
        super().__init__(errors)
