"""``manage.py pb_import FILE.pb --slug SLUG``: a pabulib election as a campaign."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

import tally
from core.errors import ApplicationError
from results.management.progress import Progress
from results.services import election_import


class Command(BaseCommand):
    help = (
        "Load a pabulib .pb file (approval, choose-1, cumulative, scoring, ordinal) as a campaign "
        "in the results phase with one area: its projects (ids kept as in the file), its budget "
        "(the area's envelope) and its ballots (anonymous). A malformed file is refused with its "
        "line number and nothing is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .pb file")
        parser.add_argument("--slug", required=True, help="the new campaign's slug")
        parser.add_argument("--name", default="", help="its name (default: the file's)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        progress = Progress(self.stdout)
        progress.status("reading…")
        try:
            election = tally.parse(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            progress.done()
            raise CommandError(
                f"{path}: not UTF-8 text ({exc.reason}); nothing was imported."
            ) from exc
        except tally.PabulibError as exc:
            progress.done()
            raise CommandError(
                f"{path}: line {exc.line}: {exc.reason}; nothing was imported."
            ) from exc
        try:
            campaign = election_import(
                election=election,
                slug=options["slug"],
                name=options["name"],
                now=timezone.now(),
                file_name=path.name,
                file_sha256=hashlib.sha256(raw).hexdigest(),
                progress=progress,
            )
        except ApplicationError as exc:
            raise CommandError(f"{path}: {exc.message} Nothing was imported.") from exc
        finally:
            progress.done()
        area = campaign.areas.get()
        self.stdout.write(
            f"Imported {path.name} as « {campaign.slug} »: {len(election.projects)} projects, "
            f"{len(election.ballots)} ballots ({election.vote_type}), budget "
            f"{tally.model.format_number(election.budget)}, area {area.code}, tally rule "
            f"{campaign.tally_rule}."
        )
