from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data `make run` shows: campaigns in every phase, built from real data through
    the applications' services. Above every other app: it only calls them."""

    name = "demo"
    verbose_name = "Démonstration"
