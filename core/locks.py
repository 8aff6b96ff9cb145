"""Write locks: records an app above closes to changes (an approved year's figures).

core knows no domain, so it cannot say which records are closed: an app registers, in
its AppConfig.ready(), a function telling why a record of a model is locked (or None),
and every write door asks here before it writes — the scoped services
(accounts.services), the admin (accounts.admin, core.admin) — so the rule is written
once, where the lock belongs, and reaches every door.

A check usually costs a query. Bulk writes (the importer's thousands of rows) ask inside
`remembered()`, where the answer for records sharing a `key` (a unit and a year) is asked
once: the lock cannot change under the bulk write's own transaction.
"""

import contextlib
import contextvars
from collections.abc import Callable, Hashable, Iterator

from django.core.exceptions import ValidationError
from django.db import models

LockCheck = Callable[[models.Model], str | None]
LockKey = Callable[[models.Model], Hashable]

_LOCKS: dict[type[models.Model], tuple[LockCheck, LockKey | None]] = {}
_REMEMBERED: contextvars.ContextVar[dict | None] = contextvars.ContextVar("remembered_locks", default=None)


class RecordLocked(ValidationError):
    """The record belongs to something closed to changes; the message says what, by whom and when.

    A ValidationError, so forms, the yearly sheet and the importer show it as a refusal
    like any other rule; the API answers it 409 (core.api), like a stale version.
    """


def add_write_lock(model: type[models.Model], check: LockCheck, key: LockKey | None = None) -> None:
    """Register `check`; `key(instance)` names what the answer depends on (for `remembered`)."""
    _LOCKS[model] = (check, key)  # keyed by model, so a second ready() does not add it twice


def is_lockable(model: type[models.Model]) -> bool:
    return model in _LOCKS


def lock_of(instance: models.Model) -> str | None:
    """Why `instance` (as it stands: stored, or about to be) may not be written; None if it may."""
    registered = _LOCKS.get(type(instance))
    if registered is None:
        return None
    check, key = registered
    memo = _REMEMBERED.get()
    if memo is None or key is None:
        return check(instance)
    slot = (type(instance), key(instance))
    if slot not in memo:
        memo[slot] = check(instance)
    return memo[slot]


def ensure_unlocked(instance: models.Model) -> None:
    reason = lock_of(instance)
    if reason:
        raise RecordLocked(reason, code="locked")


@contextlib.contextmanager
def remembered() -> Iterator[None]:
    """Within the block, records with the same lock key are checked once (bulk writes)."""
    token = _REMEMBERED.set({} if _REMEMBERED.get() is None else _REMEMBERED.get())
    try:
        yield
    finally:
        _REMEMBERED.reset(token)
