"""``manage.py pb_verify SLUG``: recount every published area of a campaign from its published
ballot file, with pabutools, and say whether it agrees with the published winners."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

import tally
from core.errors import ApplicationError
from results import rules
from results.models import Result
from results.recount import PABUTOOLS, pabutools_script, vote_type_of
from results.selectors import (
    area_election,
    ballot_file,
    campaign_by_slug,
    inputs_hash,
    published_results,
    results_for,
)


class Command(BaseCommand):
    help = (
        "Recount every published area of a campaign and print agree/disagree per area (and both "
        "winner lists when they disagree). Downloads nothing: the ballot file is built from the "
        "database exactly as the API serves it, then recounted by the pabutools script the "
        "results API publishes, run by --python (pabutools 1.2.3 must be installed there: "
        f"pip install '{PABUTOOLS}', or this project's 'recount' extra). pabutools has no "
        "majority-judgment rule: those areas are recounted by the published script, which reads "
        "the file with pabutools and ranks by majority values then funds in rank order, "
        "independently of this project's tally library. Exit status 1 on any disagreement."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the campaign's slug")
        parser.add_argument(
            "--python",
            default=sys.executable,
            help="the Python interpreter that runs pabutools (default: this one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            campaign = campaign_by_slug(slug=options["slug"])
        except Exception as exc:  # Http404
            raise CommandError(f"No campaign « {options['slug']} ».") from exc
        try:
            rules.check_ballot_file(AnonymousUser(), campaign, timezone.now())
        except ApplicationError as exc:
            raise CommandError(f"{exc.message} Nothing to verify yet.") from exc
        results = results_for(campaign, published_results(campaign=campaign))
        if not results:
            raise CommandError(f"« {campaign.slug} » has no published result.")
        vote_type = vote_type_of(campaign)
        python = options["python"]
        checked = False
        disagreements = 0
        for result in results:
            script = pabutools_script(result.rule, vote_type)
            if script is not None and not checked:
                self._check_pabutools(python)
                checked = True
            if not self._verify(result, vote_type, script, python):
                disagreements += 1
        if disagreements:
            raise CommandError(f"{disagreements} of {len(results)} areas disagree.")
        self.stdout.write(f"All {len(results)} areas agree.")

    def _check_pabutools(self, python: str) -> None:
        probe = subprocess.run(  # noqa: S603 - the operator's own interpreter
            [python, "-c", "import pabutools"], capture_output=True, text=True, check=False
        )
        if probe.returncode != 0:
            raise CommandError(
                f"pabutools is not installed for {python}: pip install '{PABUTOOLS}' (or "
                "install this project with its 'recount' extra); nothing was verified."
            )

    def _verify(self, result: Result, vote_type: str, script: str | None, python: str) -> bool:
        campaign, area = result.campaign, result.area
        published = sorted(w["id"] for w in result.winners)
        source = area_election(campaign=campaign, area=area)
        if inputs_hash(source) != result.inputs_hash:
            self.stdout.write(
                f"{area.code}: disagree — the counted ballots are not those the result was "
                f"computed from (inputs hash {inputs_hash(source)[:12]}…, published "
                f"{result.inputs_hash[:12]}…)"
            )
            return False
        text, _ = ballot_file(campaign=campaign, area_code=area.code)
        if script is not None:
            recounted = self._pabutools(text, script, python)
            how = "pabutools 1.2.3"
            if result.rule == "majority-judgment":
                how = "the published majority-judgment script (the file read by pabutools 1.2.3)"
        else:
            recounted, how = self._tally(text, result.rule), "tally (no pabutools rule)"
        if sorted(recounted) == published:
            self.stdout.write(
                f"{area.code}: agree — {result.rule}, recounted with {how}: "
                f"{len(published)} winners"
            )
            return True
        self.stdout.write(
            f"{area.code}: disagree — {result.rule}, recounted with {how}\n"
            f"  published: {', '.join(published) or '(none)'}\n"
            f"  recounted: {', '.join(sorted(recounted)) or '(none)'}"
        )
        return False

    def _pabutools(self, text: str, script: str, python: str) -> list[str]:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "ballots.pb"
            path.write_text(text, encoding="utf-8")
            run = subprocess.run(  # noqa: S603 - the operator's own interpreter, our script
                [python, "-", str(path)], input=script, capture_output=True, text=True, check=False
            )
        if run.returncode != 0:
            raise CommandError(f"pabutools failed: {run.stderr.strip()[-500:]}")
        return [str(name) for name in json.loads(run.stdout)]

    def _tally(self, text: str, rule: str) -> list[str]:
        election = tally.parse(text)
        reserved = election.meta.get("reserved_amount", "0").strip()
        priority = [p.id for p in election.projects if p.extra.get("priority") == "1"]
        outcome = tally.run(
            rule,
            election,
            reserved=int(reserved) if reserved.isdigit() else 0,
            priority=priority,
        )
        return list(outcome.selected)
