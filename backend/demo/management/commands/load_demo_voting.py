from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from demo.voting import EDITIONS, VOTING_SLUG, demo_voting_load


class Command(BaseCommand):
    help = (
        "Create the demo campaign open for voting: the Paris budget participatif's winning "
        "projects of 2021–2023 on the ballots, with their real costs (idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--csv",
            default=str(settings.FIXTURES_DIR / "paris" / "bp-projets-gagnants.csv"),
            help="the city's file of winning projects",
        )
        parser.add_argument("--editions", nargs="+", default=list(EDITIONS))

    def handle(self, *args: Any, **options: Any) -> None:
        report = demo_voting_load(
            csv_path=Path(options["csv"]), now=timezone.now(), editions=options["editions"]
        )
        if not report.created:
            self.stdout.write(f"Demo voting campaign « {VOTING_SLUG} » already loaded.")
            return
        total = f"{sum(amount for amount, _ in report.envelopes.values()):,}".replace(",", " ")
        self.stdout.write(
            f"Demo voting campaign « {VOTING_SLUG} »: {report.projects} projects on "
            f"{len(report.envelopes)} ballots ({report.located} on the map), envelopes "
            f"{total} € in all; open for voting for four weeks."
        )
        for ref, reason in report.skipped:
            self.stdout.write(f"  left out: project {ref}: {reason}")
