"""The names' indexes carry each row's unit (INCLUDE), so a list of one province or district
walks them without reading the table: a deep page's ids come from the index alone
(core.paging; bench/national.py: the people of a province at page 200, 465 → 62 ms).
PostgreSQL only, like the indexes they replace (core.migration_operations)."""

from django.db import migrations

from core.migration_operations import OnPostgreSQL


def covering(table: str, column: str, name: str) -> OnPostgreSQL:
    return OnPostgreSQL(migrations.RunSQL(
        sql=[f"DROP INDEX IF EXISTS {name}",
             f"CREATE INDEX {name} ON {table} (({column} COLLATE vi), id) INCLUDE (unit_id)"],
        reverse_sql=[f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX {name} ON {table} (({column} COLLATE vi), id)"],
    ))


class Migration(migrations.Migration):
    dependencies = [("cooperatives", "0006_indexes_for_national_scale")]

    operations = [
        covering("cooperatives_collective", "name", "collective_name_vi"),
        covering("cooperatives_person", "full_name", "person_full_name_vi"),
    ]
