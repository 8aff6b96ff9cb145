"""The shared cache of expensive reads, keyed by the data version that every write moves.

The leadership pages read figures that cost seconds at the size of the country (a plan's
results, values by commune, the data-quality counts). `cached` keeps them in the cache
(settings.CACHES: Redis when REDIS_URL is set, the process's memory otherwise) under a key
made of everything the result depends on — the scope's unit ids, the years, the options —
and of the **data version** (core.models.DataVersion). Every transaction that writes data
moves the version on once it has committed, so the first read after a write computes
afresh and later ones share it: no cached figure is older than the data its reader sees.

Which writes: all of them, seen at the lowest level there is. Every SQL statement Django
runs passes through `_watch` (an execute wrapper on every database connection), which notes
an INSERT, UPDATE, DELETE or TRUNCATE of a table of settings.DATA_VERSION_APPS. So the
services, the importer's bulk writes, the admin, the yearly sheet, QuerySet.update(), raw
SQL, data migrations and load_demo move the version without knowing of it, and so will a
door added later. The one write that bypasses Django's cursor, PostgreSQL's COPY
(manage.py generate_dataset), calls `note_write()` itself.

When: after the commit (on_commit), once per transaction. Moved before it, a reader could
store figures of the old rows under the new version, stale for good. Until the commit the
writing transaction reads live (`writes_pending`): its own rows are in no cached figure.

Where the version is read: from the database the figures come from (the router decides,
core.replica), once per request and database, and again after the request's own write. A
read replica replays the version's row after the rows it versions, so a figure computed
there is never filed under a version newer than its data.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import inspect
import re
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models.functions import Greatest

from core.models import DataVersion

P = ParamSpec("P")
T = TypeVar("T")

# The statements that change rows, and the table they change (Django quotes its names; raw
# SQL may not). SQLite's INSERT OR IGNORE/REPLACE included.
_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+ONLY)?|DELETE\s+FROM(?:\s+ONLY)?'
    r'|TRUNCATE(?:\s+TABLE)?(?:\s+ONLY)?)\s+"?(\w+)"?',
    re.IGNORECASE,
)

# The tables a query reads (Django quotes every table it names, subqueries' too).
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)
_SELECT = re.compile(r"\s*SELECT\b", re.IGNORECASE)
_MISSING = object()
_request = Local()  # `versions`: {database alias: version} while a request runs


@functools.cache
def data_tables() -> frozenset[str]:
    """The tables whose rows figures are computed from: those of settings.DATA_VERSION_APPS
    (with their many-to-many and history tables). Sessions, tokens, log-in attempts, users
    and pending imports change no figure, and do not move the version."""
    labels = set(settings.DATA_VERSION_APPS)
    return frozenset(model._meta.db_table.lower() for model in apps.get_models(include_auto_created=True)
                     if model._meta.app_label in labels)


def written_table(sql: str) -> str | None:
    """The data table a statement writes to, if it does (`data_tables`)."""
    match = _WRITE.match(sql)
    if match is None:
        return None
    table = match.group(1).lower()
    return table if table in data_tables() else None


def reads_only_data(sql: str) -> bool:
    """Whether a query reads data tables only (`data_tables`), so that its answer may be kept
    under the data version: a join or a subquery on users, tokens or pending imports, whose
    writes do not move the version, may not be."""
    tables = {table.lower() for table in _READ.findall(sql)}
    return bool(tables) and tables <= data_tables()


def query_parts(queryset: models.QuerySet) -> tuple | None:
    """(database, SQL, parameters) of `queryset`, to key an answer that depends on its rows
    alone; None when no such answer may be kept: the query reads a table whose writes do not
    move the version (`reads_only_data`), or it can match nothing (EmptyResultSet)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return (queryset.db, sql, tuple(params)) if reads_only_data(sql) else None


def _watch(execute, sql, params, many, context):
    """Database execute wrapper: after a statement that wrote data, note the write."""
    result = execute(sql, params, many, context)
    if context["connection"].alias == DEFAULT_DB_ALIAS and isinstance(sql, str) and written_table(sql):
        note_write()
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """connection_created receiver (core.apps): watch every statement of the connection. The
    wrapper list belongs to the connection object, which outlives a reconnection."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch)


def _bump() -> None:
    """Move the version on (after the writing transaction's commit): to now in microseconds,
    or one past the stored value if that is later."""
    now = time.time_ns() // 1000
    versions = DataVersion.objects.using(DEFAULT_DB_ALIAS)
    moved = versions.filter(pk=1).update(
        value=Greatest(models.F("value") + 1, models.Value(now), output_field=models.BigIntegerField()))
    if not moved:
        versions.get_or_create(pk=1, defaults={"value": now})
    if hasattr(_request, "versions"):  # the request goes on: its next read asks again
        _request.versions = {}


def _pending(connection) -> bool:
    return any(func is _bump for _savepoints, func, _robust in connection.run_on_commit)


_migrating = Local()  # `on`: manage.py migrate runs (pre_migrate … post_migrate)


def migration_started(sender, **kwargs) -> None:
    """pre_migrate receiver (core.apps): while migrations run, the version's own table may not
    exist yet (core's 0002 can come after the first data tables), so writes are not noted one
    by one; `migration_finished` moves the version once for them all."""
    _migrating.on = True


def migration_finished(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver: data migrations may have changed figures, so the version moves
    (when its table exists: a migration back to before core 0002 has none)."""
    if getattr(_migrating, "on", False):
        _migrating.on = False
        if using == DEFAULT_DB_ALIAS and DataVersion._meta.db_table in connections[using].introspection.table_names():
            _bump()


def note_write() -> None:
    """The current transaction of the default database wrote data: move the version when
    it commits (at once outside a transaction). Called for every data write by `_watch`;
    call it yourself only for a write Django's cursor does not see (COPY)."""
    if getattr(_migrating, "on", False):
        return  # moved once at the end (migration_finished)
    connection = connections[DEFAULT_DB_ALIAS]
    # Once per transaction. A callback whose savepoint was rolled back is gone from the list,
    # so a later write in the outer transaction registers it again.
    if not (connection.in_atomic_block and _pending(connection)):
        connection.on_commit(_bump)


def writes_pending() -> bool:
    """Whether the open transaction has written data not yet committed (it must read live)."""
    connection = connections[DEFAULT_DB_ALIAS]
    return connection.in_atomic_block and _pending(connection)


def forget_versions(**kwargs) -> None:
    """A request starts (request_started): its first cached read asks for the version."""
    _request.versions = {}


def end_request(**kwargs) -> None:
    """A request ends (request_finished): outside requests every read asks."""
    if hasattr(_request, "versions"):
        del _request.versions


def data_version() -> int | None:
    """The version of the data as the database that reads are sent to sees it; None before
    the first write (then nothing is cached)."""
    alias = router.db_for_read(DataVersion) or DEFAULT_DB_ALIAS
    versions = getattr(_request, "versions", None)
    if versions is not None and alias in versions:
        return versions[alias]
    value = DataVersion.objects.using(alias).filter(pk=1).values_list("value", flat=True).first()
    if versions is not None:
        versions[alias] = value
    return value


def _canonical(value: Any) -> Any:
    """`value` as plain nested tuples, the same for equal inputs (a set's order, a model
    instance by its label and key), for the cache key; anything else is refused."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal | float):
        return ("decimal", str(value))
    if isinstance(value, datetime.date):
        return ("date", value.isoformat())
    if isinstance(value, models.Model):
        return ("model", value._meta.label_lower, value.pk)
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted((_canonical(v) for v in value), key=repr)))
    if isinstance(value, list | tuple):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((_canonical(k), _canonical(v)) for k, v in value.items()), key=repr)))
    raise TypeError(f"cannot key the cache by a {type(value).__name__}")


def digest(parts: Any) -> str:
    """A short name for `parts` (see _canonical), to key by large parts computed once."""
    return hashlib.blake2b(repr(_canonical(parts)).encode(), digest_size=16).hexdigest()


def cache_key(namespace: str, version: int, parts: Any) -> str:
    return f"data:{namespace}:{version}:{digest(parts)}"


def cached(namespace: str, parts: Any, compute: Callable[[], T], *, timeout: Any = DEFAULT_TIMEOUT,
           only_data_reads: bool = False) -> T:
    """compute(), or what it returned for the same `parts` at the current data version.

    `parts` must name everything the result depends on besides the data (scope, years,
    options, the settings it reads). The result must be plain data or model instances (it
    is pickled): no querysets, no lazy translations.

    `only_data_reads`: for a compute() whose queries are not known in advance (a serializer
    may read a related table): the result is kept only when every statement it ran was a
    read of data tables only (`reads_only_data`), whose every write moves the version."""
    if writes_pending():
        return compute()
    version = data_version()
    if version is None:
        return compute()
    key = cache_key(namespace, version, parts)
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return found
    if not only_data_reads:
        value = compute()
        cache.set(key, value, timeout)
        return value
    statements: list[str] = []

    def note(execute, sql, params, many, context):
        statements.append(sql if isinstance(sql, str) else "")
        return execute(sql, params, many, context)

    with contextlib.ExitStack() as stack:
        for connection in connections.all():  # every alias: the replica may be the one read
            stack.enter_context(connection.execute_wrapper(note))
        value = compute()
    if all(reads_only_data(sql) and _SELECT.match(sql) for sql in statements):
        cache.set(key, value, timeout)
    return value


def data_cached(namespace: str, *, depends: Callable[[], Any] | None = None
                ) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorate a read whose result depends only on its arguments (and on `depends()`, the
    settings it reads) and the data: `cached` keyed by them."""

    def decorate(function: Callable[P, T]) -> Callable[P, T]:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def read(*args: P.args, **kwargs: P.kwargs) -> T:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            parts = (tuple(bound.arguments.items()), depends() if depends is not None else None)
            return cached(namespace, parts, lambda: function(*args, **kwargs))

        return read

    return decorate

