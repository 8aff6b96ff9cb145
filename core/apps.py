from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The base every app builds on; it knows no domain (no app of the project is imported here)."""

    name = "core"
    verbose_name = "Coopreg core"
