"""The demo campaign in results: a real pabulib election (Toulouse 2022: French, approval, 199
projects, 4,532 ballots), imported with its real ballots by ``pb_import`` and tallied by the
results task, so that the results screens have real data."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from campaigns.models import Campaign
from results.models import Result
from results.tasks import tally_campaign

RESULTS_SLUG = "demo-toulouse-2022"
RESULTS_NAME = "Budget participatif de Toulouse 2022 (pabulib, démonstration)"


@dataclass(frozen=True)
class ResultsDemoReport:
    imported: bool
    tallied: bool
    results: int  # published results (one per area)


def demo_results_load(*, pb_path: Path) -> ResultsDemoReport:
    """Import the election unless it is there (``pb_import``: all or nothing), then run the
    results task on it unless it has its published results. Idempotent: a second call changes
    nothing."""
    imported = False
    campaign = Campaign.objects.filter(slug=RESULTS_SLUG).first()
    if campaign is None:
        call_command(
            "pb_import", str(pb_path), slug=RESULTS_SLUG, name=RESULTS_NAME, stdout=StringIO()
        )
        campaign = Campaign.objects.get(slug=RESULTS_SLUG)
        imported = True
    published = Result.objects.filter(campaign=campaign, published=True)
    tallied = False
    if not published.exists():
        # The task itself (as the worker runs it when voting closes), run here so the results
        # are there as soon as the command returns.
        tally_campaign.apply(args=(campaign.pk,), throw=True)
        tallied = True
    return ResultsDemoReport(imported=imported, tallied=tallied, results=published.count())
