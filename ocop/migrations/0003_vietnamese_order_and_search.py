"""Products in Vietnamese order (decision 28) and, on PostgreSQL, found through a GIN
trigram index on `search_text` (cooperatives migration 0004 says why)."""

import django.db.models.functions.comparison
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from core.migration_operations import OnPostgreSQL


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_vietnamese_collation_and_trigrams"),
        ("ocop", "0002_rating_stars_chosen"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='ocopproduct',
            options={'ordering': [django.db.models.functions.comparison.Collate('name', 'vi')], 'verbose_name': 'sản phẩm OCOP', 'verbose_name_plural': 'sản phẩm OCOP'},
        ),
        OnPostgreSQL(migrations.AddIndex(model_name="ocopproduct", index=GinIndex(
            fields=["search_text"], opclasses=["gin_trgm_ops"], name="ocopproduct_search_trgm"))),
    ]
