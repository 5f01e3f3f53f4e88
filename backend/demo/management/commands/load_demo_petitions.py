from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from demo.petitions import PROCESS_SLUG, demo_petitions_load


class Command(BaseCommand):
    help = (
        "Create the petition process « Pétitions de Paris » and a few demo petitions in each "
        "status, with signatures (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = demo_petitions_load(now=timezone.now())
        if not report.created:
            self.stdout.write(f"Demo petitions of « {PROCESS_SLUG} » already loaded.")
            return
        self.stdout.write(
            f"Demo petitions of « {PROCESS_SLUG} »: {report.created} petitions, "
            f"{report.signatures} signatures."
        )
