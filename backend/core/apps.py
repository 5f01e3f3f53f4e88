from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Belvédère core"

    def ready(self) -> None:
        from django.conf import settings

        from . import schema  # noqa: F401  (registers the OpenAPI extensions)
        from .task_signals import connect as task_signals_connect

        task_signals_connect()  # request id into published tasks; task outcomes counted

        if "replica" in settings.DATABASES:
            from .db_routing import pin_celery_tasks

            pin_celery_tasks()
