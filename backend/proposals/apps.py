from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the receivers)
