"""``manage.py pb_export SLUG FILE.pb [--area CODE]``: a campaign's ballots as a pabulib file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import ApplicationError
from results.selectors import ballot_file


class Command(BaseCommand):
    help = (
        "Write a campaign's area (real or imported) as a pabulib .pb file: its projects, budget "
        "and counted ballots, anonymous (voter ids are the receipt hashes, in random order). "
        "FILE '-' writes to the standard output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the campaign's slug")
        parser.add_argument("file", help="the .pb file to write ('-': standard output)")
        parser.add_argument("--area", help="the area's code (needed when there are several)")

    def handle(self, *args: Any, **options: Any) -> None:
        from campaigns.models import Campaign

        campaign = (
            Campaign.objects.prefetch_related("areas", "phases")
            .filter(slug=options["slug"])
            .first()
        )
        if campaign is None:
            raise CommandError(f"No campaign « {options['slug']} ».")
        try:
            text, election = ballot_file(campaign=campaign, area_code=options["area"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["file"] == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(options["file"])
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        self.stdout.write(
            f"Wrote {path}: {len(election.projects)} projects, {len(election.ballots)} ballots "
            f"({election.vote_type})."
        )
