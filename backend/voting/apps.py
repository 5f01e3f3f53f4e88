from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = "Vote"

    def ready(self) -> None:
        from notifications.receivers import vote_audience

        from .audience import declared_audience
        from .frozen import frozen_signals_connect

        frozen_signals_connect()
        vote_audience.connect(declared_audience, dispatch_uid="voting.declared_audience")
