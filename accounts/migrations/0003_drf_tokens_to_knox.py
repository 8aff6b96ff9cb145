"""Existing API tokens (rest_framework.authtoken: stored in clear, never expiring) become
django-rest-knox tokens: the same key keeps working, now stored hashed and ending
API_TOKEN_TTL_DAYS after this migration, so scripts get that long to switch to fresh tokens.
The old table, which held every key in clear, is dropped."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from knox.crypto import hash_token
from knox.settings import CONSTANTS

DRF_TABLE = "authtoken_token"


def move_drf_tokens_to_knox(apps, schema_editor):
    connection = schema_editor.connection
    if DRF_TABLE not in connection.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    ends = timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name('key')}, user_id FROM {DRF_TABLE}")
        rows = cursor.fetchall()
    AuthToken.objects.using(connection.alias).bulk_create(
        AuthToken(digest=hash_token(key), token_key=key[:CONSTANTS.TOKEN_KEY_LENGTH], user_id=user_id, expiry=ends)
        for key, user_id in rows
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {DRF_TABLE}")
        # The app is gone from INSTALLED_APPS; forget its migrations with its table.
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_initial"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunPython(move_drf_tokens_to_knox, migrations.RunPython.noop),
    ]
