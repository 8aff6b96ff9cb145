from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate


class CoreConfig(AppConfig):
    """The base every app builds on; it knows no domain (no app of the project is imported here)."""

    name = "core"
    verbose_name = "Coopreg core"

    def ready(self) -> None:
        # Imported once the apps are loaded (core.collation uses the ORM's expressions): every
        # new SQLite connection gets the Vietnamese collation PostgreSQL has from ICU.
        from core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="core.collation")

        # Imported here: core.cache reads the models, which need the app registry.
        from core import cache

        # Every statement of every connection is watched for data writes (the data version),
        # and each request reads the version afresh.
        connection_created.connect(cache.watch_connection, dispatch_uid="core.cache.watch_connection")
        request_started.connect(cache.forget_versions, dispatch_uid="core.cache.forget_versions")
        request_finished.connect(cache.end_request, dispatch_uid="core.cache.end_request")
        # While `migrate` runs, the version moves once, at its end (its table may come late).
        pre_migrate.connect(cache.migration_started, dispatch_uid="core.cache.migration_started")
        post_migrate.connect(cache.migration_finished, dispatch_uid="core.cache.migration_finished")
