"""Migration operations for what only PostgreSQL has.

`OnPostgreSQL(operation)` runs an operation's database half on PostgreSQL and nothing on
other databases, and leaves the models' state alone: the GIN trigram indexes of search
(`search_text`, pg_trgm) and the indexes on names in the Vietnamese collation cannot be
built on SQLite, so the models do not declare them (makemigrations sees no change, the
SQLite schema stays what the models say) and the migrations add them where they can exist.
"""

from django.db import migrations


class OnPostgreSQL(migrations.operations.base.Operation):
    reversible = True

    def __init__(self, operation: migrations.operations.base.Operation) -> None:
        self.operation = operation

    def deconstruct(self):
        return self.__class__.__qualname__, [self.operation], {}

    def state_forwards(self, app_label, state) -> None:
        pass  # the models do not declare what SQLite cannot have

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"{self.operation.describe()} (PostgreSQL only)"

    @property
    def migration_name_fragment(self) -> str:
        return self.operation.migration_name_fragment
