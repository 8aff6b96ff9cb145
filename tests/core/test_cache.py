"""The data version and the cache keyed by it (core.cache), piece by piece; the doors are
proved end to end in tests/reports/test_cache_freshness.py."""

import pytest
from django.db import connection, transaction

from cooperatives.models import Collective
from core import cache as data_cache
from core.cache import (
    cache_key,
    cached,
    data_version,
    note_write,
    reads_only_data,
    writes_pending,
    written_table,
)
from core.models import DataVersion


@pytest.mark.parametrize("sql", [
    'INSERT INTO "cooperatives_annualreport" ("year") VALUES (%s)',
    'INSERT OR IGNORE INTO "cooperatives_collective" ("name") VALUES (?)',
    'UPDATE "units_unitstatistic" SET "year" = 1',
    'DELETE FROM "ocop_ocoprating" WHERE "id" = 1',
    "update cooperatives_annualreport set members = 0",
    'TRUNCATE "reports_target", "reports_plan"',
    'INSERT INTO "cooperatives_trainingcourse_attendees" ("trainingcourse_id") VALUES (1)',
    'INSERT INTO "cooperatives_historicalcollective" ("id") VALUES (1)',
])
def test_it_sees_every_kind_of_write_to_a_data_table(sql):
    assert written_table(sql)


@pytest.mark.parametrize("sql", [
    'SELECT * FROM "cooperatives_annualreport"',
    'UPDATE "django_session" SET "expire_date" = 1',
    'INSERT INTO "knox_authtoken" ("digest") VALUES (1)',
    'UPDATE "accounts_user" SET "last_login" = 1',
    'INSERT INTO "imports_pendingimport" ("kind") VALUES (1)',
    'UPDATE "core_dataversion" SET "value" = 1',  # the bump itself
    'SELECT 1 FROM "cooperatives_annualreport" WHERE "note" = \'UPDATE x\'',
])
def test_it_ignores_reads_and_tables_no_figure_is_computed_from(sql):
    assert written_table(sql) is None


def test_a_transaction_registers_one_bump_whatever_it_writes(units):
    assert writes_pending()  # the units fixture wrote inside the test's transaction
    callbacks = [f for _s, f, _r in connection.run_on_commit if f is data_cache._bump]
    note_write()
    Collective.objects.filter(pk=0).update(name="x")
    assert [f for _s, f, _r in connection.run_on_commit if f is data_cache._bump] == callbacks
    assert len(callbacks) == 1


@pytest.mark.django_db(transaction=True)
def test_a_write_in_a_rolled_back_savepoint_leaves_none_and_a_later_write_registers_again():
    with transaction.atomic():
        assert not writes_pending()
        with transaction.atomic():
            Collective.objects.filter(pk=0).update(name="x")
            assert writes_pending()
            transaction.set_rollback(True)
        assert not writes_pending()
        Collective.objects.filter(pk=0).update(name="y")
        assert writes_pending()


@pytest.mark.django_db(transaction=True)
def test_the_version_moves_after_the_commit_only_and_always_forward():
    Collective.objects.filter(pk=0).update(name="w")  # the row exists (a flush may have emptied it)
    before = data_version()
    with transaction.atomic():
        Collective.objects.filter(pk=0).update(name="x")
        assert DataVersion.objects.get(pk=1).value == before
    after = data_version()
    assert after > before
    # Emptied (a flush, a restore): the next write starts from the clock, past any version used.
    DataVersion.objects.all().delete()
    assert data_version() is None
    Collective.objects.filter(pk=0).update(name="y")
    assert data_version() > after


@pytest.mark.django_db(transaction=True)
def test_cached_computes_once_per_version_and_live_inside_a_writing_transaction():
    Collective.objects.filter(pk=0).update(name="w")  # the version row exists
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("test", ("a", {3, 1, 2}), compute) == 1
    assert cached("test", ("a", {2, 3, 1}), compute) == 1  # the same parts in another order
    assert cached("test", ("b",), compute) == 2
    with transaction.atomic():
        Collective.objects.filter(pk=0).update(name="x")
        assert cached("test", ("a", {1, 2, 3}), compute) == 3  # its own write: live
    assert cached("test", ("a", {1, 2, 3}), compute) == 4  # a new version


def test_a_key_names_its_parts_exactly_and_refuses_what_it_cannot_name(db):
    assert cache_key("n", 1, ({1, 2}, None)) == cache_key("n", 1, ({2, 1}, None))
    assert cache_key("n", 1, ({1, 2}, None)) != cache_key("n", 2, ({1, 2}, None))
    assert cache_key("n", 1, (None,)) != cache_key("n", 1, (frozenset(),))
    with pytest.raises(TypeError):
        cache_key("n", 1, (Collective.objects.all(),))


def test_only_a_query_of_data_tables_alone_may_be_kept_under_the_version(db):
    from accounts.models import User
    from cooperatives.models import Person

    def sql(queryset) -> str:
        return queryset.query.sql_with_params()[0]

    assert reads_only_data(sql(Person.objects.select_related("unit").filter(unit__parent__isnull=False)))
    assert reads_only_data(sql(Collective.objects.filter(unit__in=Person.objects.values("unit"))))
    # A join or a subquery on a table whose writes do not move the version: never kept.
    assert not reads_only_data(sql(User.objects.all()))
    assert not reads_only_data(sql(Person.objects.filter(unit__in=User.objects.values("scope"))))
    assert not reads_only_data("SELECT 1")


@pytest.mark.django_db(transaction=True)
def test_an_answer_whose_queries_are_not_known_is_kept_only_when_they_read_data_alone(units):
    """cached(only_data_reads=True), as a list page is kept: an answer that read users (whose
    writes move no version) is computed again each time; one that read data only, once."""
    from accounts.models import User

    Collective.objects.filter(pk=0).update(name="w")  # the version row exists
    calls = []

    def of_data():
        calls.append("data")
        return list(Collective.objects.values_list("pk", flat=True))

    def of_users():
        calls.append("users")
        return list(User.objects.values_list("username", flat=True))

    for _read in range(2):
        cached("test.data", (), of_data, only_data_reads=True)
        cached("test.users", (), of_users, only_data_reads=True)
    assert calls == ["data", "users", "users"]
