"""The Vietnamese collation "vi" (ICU) and the pg_trgm extension, on PostgreSQL; nothing on
SQLite, whose connections get the collation from core.collation (both operations are
PostgreSQL-only by Django's own design)."""

from django.contrib.postgres.operations import CreateCollation, TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):

    dependencies: list = []

    operations = [
        # The name SQLite's collation has too (core.collation.COLLATION); ICU's CLDR "vi" rules.
        CreateCollation("vi", provider="icu", locale="vi"),
        TrigramExtension(),
    ]
