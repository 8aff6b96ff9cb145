"""Reads from a PostgreSQL read replica, never for a read that follows the user's own write.

With a `replica` database configured (settings: DATABASE_REPLICA_URL), `ReplicaMiddleware`
lets the safe requests (GET, HEAD, OPTIONS) of the leadership pages and the API
(settings.REPLICA_READ_PATHS) send their reads of data (models of settings.REPLICA_APPS)
to it, and `ReplicaRouter` does so, except:

- who the user is stays on the primary (sessions, users, API tokens, log-in attempts are
  not in REPLICA_APPS): a session or token made a moment ago is found at once;
- every write, and every read inside a transaction, is on the primary;
- a user who made any non-safe request (a form, the sheet, an import, an API write, the
  admin, a log-in) is pinned to the primary for REPLICA_PIN_SECONDS: the pin is kept in the
  shared cache under their user id, so it holds on every app server, in every browser tab
  and for API clients that keep no cookie.

A replica lags behind the primary by the time it takes to replay the primary's log: other
users may see a write that late, never its author. Cached figures (core.cache) stay right:
they are keyed by the data version read from the database the figures come from.
"""

from __future__ import annotations

import contextvars

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def pin_key(user_pk) -> str:
    return f"replica-pin:{user_pk}"


def pin_to_primary(user_pk) -> None:
    """Send this user's reads to the primary for REPLICA_PIN_SECONDS (after a write of theirs)."""
    cache.set(pin_key(user_pk), 1, settings.REPLICA_PIN_SECONDS)


def is_pinned(user_pk) -> bool:
    return cache.get(pin_key(user_pk)) is not None


class _Reads:
    """Whether one safe request's reads may go to the replica: yes unless its user is pinned.
    The user is known only once authenticated (DRF does it in the view, a token having no
    session), so it is looked at when a read is routed, and the answer kept per user."""

    def __init__(self, request) -> None:
        self.request = request
        self._answers: dict[object, bool] = {}

    def allowed(self) -> bool:
        user = getattr(self.request, "user", None)
        # Reading the user reads the session and the user row, which the router keeps on
        # the primary (not in REPLICA_APPS): no recursion.
        pk = user.pk if user is not None and user.is_authenticated else None
        if pk not in self._answers:
            self._answers[pk] = pk is None or not is_pinned(pk)
        return self._answers[pk]


_reads: contextvars.ContextVar[_Reads | None] = contextvars.ContextVar("replica_reads", default=None)


class ReplicaRouter:
    """The replica for the reads `ReplicaMiddleware` allows; the primary for everything else."""

    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if (reads is None or model._meta.app_label not in settings.REPLICA_APPS
                or connections[DEFAULT_DB_ALIAS].in_atomic_block or not replica_configured()):
            return DEFAULT_DB_ALIAS
        return REPLICA if reads.allowed() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read there may point to one read here.
        return obj1._state.db in (DEFAULT_DB_ALIAS, REPLICA) and obj2._state.db in (DEFAULT_DB_ALIAS, REPLICA)

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA  # it replays the primary's schema


class ReplicaMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        reads = _Reads(request) if safe and request.path_info.startswith(settings.REPLICA_READ_PATHS) else None
        token = _reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if not safe:
            user = getattr(request, "user", None)  # for the API, the user DRF authenticated
            if user is not None and user.is_authenticated:
                pin_to_primary(user.pk)
        return response
