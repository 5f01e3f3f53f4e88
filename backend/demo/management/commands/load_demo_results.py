from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from demo.paris_results import PARIS_RESULTS_SLUG, demo_paris_results_load
from demo.results import RESULTS_SLUG, demo_results_load


class Command(BaseCommand):
    help = (
        "Create the demo campaigns in results: the Toulouse 2022 pabulib election with its real "
        "ballots, imported by pb_import (an archive: an imported election), and a Paris campaign "
        "with the city's 2023 winning projects and simulated ballots, both tallied by the "
        "results task (idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            default=str(settings.FIXTURES_DIR / "pabulib" / "France_Toulouse_2022.pb"),
            help="the pabulib file",
        )
        parser.add_argument(
            "--paris-file",
            default=str(settings.FIXTURES_DIR / "paris" / "bp-projets-gagnants.csv"),
            help="the city's file of winning projects (the Paris campaign's projects)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = demo_results_load(pb_path=Path(options["file"]))
        if not report.imported and not report.tallied:
            self.stdout.write(f"Demo results campaign « {RESULTS_SLUG} » already loaded.")
        else:
            self.stdout.write(
                f"Demo results campaign « {RESULTS_SLUG} »: "
                f"{'imported, ' if report.imported else ''}tallied by the results task "
                f"({report.results} published result{'s' if report.results != 1 else ''})."
            )
        paris = demo_paris_results_load(csv_path=Path(options["paris_file"]), now=timezone.now())
        if not paris.created and not paris.tallied:
            self.stdout.write(
                f"Demo Paris results campaign « {PARIS_RESULTS_SLUG} » already loaded."
            )
            return
        made = (
            f"{paris.projects} projects ({paris.located} placed), {paris.ballots} simulated "
            "ballots, "
            if paris.created
            else ""
        )
        self.stdout.write(
            f"Demo Paris results campaign « {PARIS_RESULTS_SLUG} »: {made}tallied by the results "
            f"task ({paris.results} published results)."
        )
