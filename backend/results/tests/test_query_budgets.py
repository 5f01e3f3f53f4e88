"""Query budgets of the results endpoints (the results, results.csv, an area's ballot file): the
same number of queries whatever the number of areas (1 or the 18 of Paris) and of ballots, so an
N+1 fails here rather than on the night of the results."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demo.scale import ScaleSpec, demo_scale_load
from results.services import results_tally

from .test_api import approval_campaign

pytestmark = pytest.mark.django_db
BUDGETS = {"results": 6, "csv": 4, "ballots": 7}  # measured: 6, 4 and 7


def _generated(voters: int, slug: str):
    """An 18-area campaign of ``voters`` (demo_scale), whose results phase has started."""
    spec = ScaleSpec(proposals=100, voters=voters, projects=40, slug=slug, seed=11)
    demo_scale_load(spec=spec, now=timezone.now() - timedelta(days=8), out=io.StringIO())
    from campaigns.models import Campaign

    campaign = Campaign.objects.get(slug=slug)
    results_tally(campaign_id=campaign.pk, now=timezone.now())
    return campaign


def _queries(api, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


def _counts(api, campaign, area_code: str) -> dict[str, int]:
    base = f"/api/v1/campaigns/{campaign.slug}/"
    return {
        "results": _queries(api, base + "results/"),
        "csv": _queries(api, base + "results.csv"),
        "ballots": _queries(api, base + f"areas/{area_code}/ballots.pb"),
    }


def test_results_endpoints_cost_the_same_queries_for_1_or_18_areas_and_any_number_of_ballots(
    api,
):
    one, _ = approval_campaign()
    results_tally(campaign_id=one.pk, now=timezone.now())
    small = _generated(60, "test-budget-small")
    large = _generated(240, "test-budget-large")
    counts = {
        "1 area": _counts(api, one, "paris-05"),
        "18 areas, 60 voters": _counts(api, small, "paris-15"),
        "18 areas, 240 voters": _counts(api, large, "paris-15"),
    }
    for endpoint, budget in BUDGETS.items():
        seen = {name: c[endpoint] for name, c in counts.items()}
        assert len(set(seen.values())) == 1, (endpoint, seen)
        assert max(seen.values()) <= budget, (endpoint, seen)
