"""accounts.backends.UserBackend: the signed-in user is read back with their scope unit in
one query, and an inactive user is not signed in."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.backends import UserBackend


def test_the_user_comes_with_the_scope_in_one_query(officer, district, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = UserBackend().get_user(officer.pk)
        assert user.scope == district


def test_an_inactive_or_missing_user_is_nobody(officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert UserBackend().get_user(officer.pk) is None
    assert UserBackend().get_user(10**9) is None


def test_a_request_reads_the_scope_unit_with_the_reader(officer):
    """Every scoped list starts from the reader's scope (accounts.scope): the unit is not
    read again on its own."""
    client = Client()
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/collectives/").status_code == 200
    unit_reads = [q["sql"] for q in queries.captured_queries
                  if q["sql"].startswith('SELECT "units_administrativeunit"."id", "units_administrativeunit"."version"')]
    assert unit_reads == []
