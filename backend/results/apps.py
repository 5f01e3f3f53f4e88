from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = "Résultats"

    def ready(self) -> None:
        from campaigns.signals import phase_changed

        from .tasks import on_phase_changed

        phase_changed.connect(on_phase_changed, dispatch_uid="results.tally_on_voting_closed")
