import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from addresses.services import addresses_load


class Command(BaseCommand):
    help = (
        "Load the Base Adresse Nationale for Paris (fixtures/paris/adresses-75.csv.gz) into the "
        "address tables; does nothing when that file is already loaded, unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--path",
            type=Path,
            default=settings.FIXTURES_DIR / "paris" / "adresses-75.csv.gz",
            help="BAN export (';'-separated CSV, gzipped or not)",
        )
        parser.add_argument("--force", action="store_true", help="reload even if already loaded")

    def handle(self, *args: object, **options: object) -> None:
        path = options["path"]
        assert isinstance(path, Path)
        started = time.perf_counter()
        counts = addresses_load(path=path, force=bool(options["force"]))
        elapsed = time.perf_counter() - started
        if int(str(options.get("verbosity", 1))) < 1:
            return
        what = "loaded" if counts["loaded"] else "already loaded, skipped"
        self.stdout.write(
            f"{counts['addresses']} addresses, {counts['streets']} streets: {what} "
            f"({elapsed:.1f} s)"
        )
