from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from demo.results import RESULTS_SLUG, demo_results_load


class Command(BaseCommand):
    help = (
        "Create the demo campaign in results: the Toulouse 2022 pabulib election with its real "
        "ballots, imported by pb_import and tallied by the results task (idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            default=str(settings.FIXTURES_DIR / "pabulib" / "France_Toulouse_2022.pb"),
            help="the pabulib file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = demo_results_load(pb_path=Path(options["file"]))
        if not report.imported and not report.tallied:
            self.stdout.write(f"Demo results campaign « {RESULTS_SLUG} » already loaded.")
            return
        self.stdout.write(
            f"Demo results campaign « {RESULTS_SLUG} »: "
            f"{'imported, ' if report.imported else ''}tallied by the results task "
            f"({report.results} published result{'s' if report.results != 1 else ''})."
        )
