"""accounts/migrations/0003: the tokens of rest_framework.authtoken (clear, everlasting) become
knox tokens that keep working for API_TOKEN_TTL_DAYS, and the clear-text table goes."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import make_user

migration = importlib.import_module("accounts.migrations.0003_drf_tokens_to_knox")
OLD_KEY = "0123456789abcdef0123456789abcdef01234567"  # a DRF key: 40 hex characters


def test_an_old_token_keeps_working_for_thirty_days_and_the_clear_table_is_dropped(district):
    user = make_user("script", "viewer", district)
    quoted_key = connection.ops.quote_name("key")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE authtoken_token ({quoted_key} varchar(40) PRIMARY KEY, "
                       "created timestamp NOT NULL, user_id bigint NOT NULL)")
        cursor.execute(f"INSERT INTO authtoken_token ({quoted_key}, created, user_id) VALUES (%s, %s, %s)",
                       [OLD_KEY, timezone.now() - timedelta(days=400), user.pk])
        cursor.execute("INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
                       ["authtoken", "0001_initial", timezone.now()])

    migration.move_drf_tokens_to_knox(apps, SimpleNamespace(connection=connection))

    assert "authtoken_token" not in connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations WHERE app = %s", ["authtoken"])
        assert cursor.fetchone() == (0,)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {OLD_KEY}")
    response = client.get("/api/v1/auth/tokens/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["token_key"] == OLD_KEY[:15] and row["current"] is True
    token = user.auth_token_set.get()
    assert timedelta(days=29, hours=23) < token.expiry - timezone.now() <= timedelta(days=30)


def test_a_database_that_never_had_drf_tokens_is_left_alone(db):
    migration.move_drf_tokens_to_knox(apps, SimpleNamespace(connection=connection))
    assert "authtoken_token" not in connection.introspection.table_names()
