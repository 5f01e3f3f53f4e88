from django.conf import settings
from django.core.management.base import BaseCommand

from geo.services import reference_data_load


class Command(BaseCommand):
    help = "Load the arrondissements, quartiers, city outline and ballot areas of Paris."

    def handle(self, *args: object, **options: object) -> None:
        counts = reference_data_load(directory=settings.FIXTURES_DIR / "paris")
        if options.get("verbosity", 1):
            self.stdout.write(", ".join(f"{v} {k}" for k, v in counts.items()))
