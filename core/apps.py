from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    """The base every app builds on; it knows no domain (no app of the project is imported here)."""

    name = "core"
    verbose_name = "Coopreg core"

    def ready(self) -> None:
        # Imported once the apps are loaded (core.collation uses the ORM's expressions): every
        # new SQLite connection gets the Vietnamese collation PostgreSQL has from ICU.
        from core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="core.collation")
