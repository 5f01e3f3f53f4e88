from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = "Vote"

    def ready(self) -> None:
        from .frozen import frozen_signals_connect

        frozen_signals_connect()
