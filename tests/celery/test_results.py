"""Results are tallied by the real Celery worker when voting closes: an election imported with
``pb_import`` enters its results phase through the periodic phase task, and the worker stores
its published result with pabutools' winners."""

import io
import json
import time

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from campaigns.tasks import campaigns_phase_apply_task
from geo.models import Area
from projects.models import Project
from results.models import Result
from results.tests.conftest import PABULIB

pytestmark = pytest.mark.celery

ASSEN = "Netherlands_Assen_2024"


def _wait_for_result(campaign: Campaign, seconds: float = 60) -> Result:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = Result.objects.filter(campaign=campaign, published=True).first()
        if result is not None:
            return result
        time.sleep(0.2)
    raise AssertionError(f"no result for {campaign.slug} after {seconds} s")


@pytest.fixture
def imported(committed):
    slug = f"celery-assen-{time.time_ns()}"
    call_command("pb_import", str(PABULIB / f"{ASSEN}.pb"), slug=slug, stdout=io.StringIO())
    campaign = Campaign.objects.get(slug=slug)
    area = campaign.areas.get()
    yield campaign
    Result.objects.filter(campaign=campaign).delete()
    projects = Project.objects.filter(campaign=campaign)
    campaign.ballots.all().delete()
    campaign.envelopes.all().delete()
    campaign.imported_election.delete()
    projects.delete()
    campaign.delete()
    Area.objects.filter(pk=area.pk).delete()


def test_the_worker_tallies_an_election_entering_its_results(celery_worker_process, imported):
    assert imported.applied_phase == "draft"
    # The periodic task runs on the worker, records the phase change, and queues the tally.
    campaigns_phase_apply_task.apply_async(ignore_result=False).get(timeout=60)
    result = _wait_for_result(imported)
    expected = json.loads((PABULIB / f"{ASSEN}.expected.json").read_text(encoding="utf-8"))
    recorded = expected["results"]["mes_Cost_Sat_add1_then_greedy_Cost_Sat"]
    assert imported.tally_rule == "mes-add1"  # the file's META rule: equalshares/add1
    assert result.rule == "mes-add1"
    assert [w["id"] for w in result.winners] == recorded["selection_order"]
    assert result.total_cost == recorded["total_cost"]
    assert result.ballots_counted == expected["parsed"]["num_ballots"]
    imported.refresh_from_db()
    assert imported.applied_phase == "results"
