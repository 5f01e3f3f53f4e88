from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from campaigns.models import Campaign
from proposals.demo import DEMO_SLUG, demo_campaign_load


class Command(BaseCommand):
    help = "Create the demo campaign: the Paris budget participatif's past winning projects."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--force", action="store_true", help="Recreate the demo campaign.")
        parser.add_argument("--verbose-failures", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        existing = Campaign.objects.filter(slug=DEMO_SLUG)
        if existing.exists():
            if not options["force"]:
                self.stdout.write("Demo campaign already loaded.")
                return
            existing.get().proposals.all().delete()
            existing.delete()
        report = demo_campaign_load(
            csv_path=settings.FIXTURES_DIR / "paris" / "bp-projets-gagnants.csv",
            now=timezone.now(),
        )
        total = report.placed + len(report.unplaced)
        self.stdout.write(
            f"Demo campaign: {report.placed} of {total} winning projects placed on the map; "
            f"{len(report.unplaced)} could not be placed (kept with location_status=failed)."
        )
        for ref, address, reason in report.unplaced[: None if options["verbose_failures"] else 10]:
            self.stdout.write(f"  not placed: project {ref} « {address or '—'} »: {reason}")
        if len(report.unplaced) > 10 and not options["verbose_failures"]:
            self.stdout.write("  … (--verbose-failures lists them all)")
