"""The demo campaign in results: Toulouse 2022 from the pabulib file kept in fixtures/, imported
by pb_import with its real ballots and tallied by the results task; a second run changes
nothing."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditRecord
from campaigns.models import Campaign
from demo.paris_results import ParisResultsReport
from demo.results import RESULTS_SLUG, demo_results_load
from projects.models import Project
from results.models import Result
from voting.models import Ballot

FILE = settings.FIXTURES_DIR / "pabulib" / "France_Toulouse_2022.pb"


def test_the_file_is_kept_in_the_repository():
    text = FILE.read_text(encoding="utf-8")
    assert "description;Municipal PB in Toulouse" in text
    assert "num_votes;4532" in text and "budget;8000000" in text


@pytest.mark.django_db
def test_imported_with_its_ballots_and_tallied_once(monkeypatch):
    report = demo_results_load(pb_path=FILE)
    assert (report.imported, report.tallied, report.results) == (True, True, 1)
    # An imported election: the results page's archive, not one of the city's campaigns.
    assert Campaign.objects.get(slug=RESULTS_SLUG).origin == Campaign.Origin.IMPORTED

    campaign = Campaign.objects.prefetch_related("phases").get(slug=RESULTS_SLUG)
    assert campaign.phase_at(timezone.now()) == "results"
    assert campaign.voting_rule == "approval" and campaign.tally_rule == "greedy"
    assert Project.objects.filter(campaign=campaign).count() == 199
    assert Ballot.objects.filter(campaign=campaign).count() == 4532
    # the project ids and costs are the file's
    assert Project.objects.get(campaign=campaign, external_id="163").cost == 200_000

    result = Result.objects.get(campaign=campaign, published=True)
    assert result.rule == "greedy"
    assert result.ballots_counted == 4532
    assert result.budget == 8_000_000
    # greedy on Toulouse 2022 (pabutools 1.2.3, recorded in the shared reference outcomes):
    # 81 projects for 7,999,520 EUR
    assert len(result.winners) == 81
    assert result.total_cost == 7_999_520

    before = (
        Campaign.objects.count(),
        Ballot.objects.count(),
        Result.objects.count(),
        AuditRecord.objects.count(),
        result.computed_at,
    )
    again = demo_results_load(pb_path=FILE)
    assert (again.imported, again.tallied, again.results) == (False, False, 1)
    # The command also loads the Paris campaign (demo/tests/test_paris_results.py): left out here.
    monkeypatch.setattr(
        "demo.management.commands.load_demo_results.demo_paris_results_load",
        lambda **_: ParisResultsReport(created=False, tallied=False),
    )
    out = StringIO()
    call_command("load_demo_results", stdout=out)
    assert "already loaded" in out.getvalue()
    result.refresh_from_db()
    assert (
        Campaign.objects.count(),
        Ballot.objects.count(),
        Result.objects.count(),
        AuditRecord.objects.count(),
        result.computed_at,
    ) == before
