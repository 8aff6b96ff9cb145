from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The invented Bình Liêu dataset and `manage.py load_demo`."""

    name = "demo"
    verbose_name = "Demo"
