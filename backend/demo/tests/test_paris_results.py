"""The demo Paris campaign in results: the city's 2023 winning projects with simulated ballots,
tallied by the results task; the campaign says its ballots are simulated, its winners are
placed (the map has them), a second run changes nothing."""

from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditRecord
from campaigns.models import Campaign
from demo.paris_results import (
    AREA_VOTERS,
    CITY_VOTERS,
    PARIS_RESULTS_SLUG,
    demo_paris_results_load,
)
from results.models import Result
from voting.methods import GRADE_KEYS
from voting.models import Ballot, Participation

SOURCE = settings.FIXTURES_DIR / "paris" / "bp-projets-gagnants.csv"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Loaded once for the module (about a hundred projects geocoded offline), committed, and
    removed after (and before: what an interrupted run left)."""
    with django_db_blocker.unblock():
        _remove()
        report = demo_paris_results_load(csv_path=SOURCE, now=timezone.now())
        yield report
        _remove()


def _remove():
    for campaign in Campaign.objects.filter(slug=PARIS_RESULTS_SLUG):
        AuditRecord.objects.filter(campaign=campaign).delete()
        Result.objects.filter(campaign=campaign).delete()
        Ballot.objects.filter(campaign=campaign).delete()
        campaign.projects.all().delete()
        campaign.delete()


@pytest.fixture
def campaign(loaded, db):
    return Campaign.objects.prefetch_related("phases", "areas").get(slug=PARIS_RESULTS_SLUG)


def test_a_city_campaign_in_results_that_says_its_ballots_are_simulated(loaded, campaign, api):
    assert (loaded.created, loaded.tallied) == (True, True)
    assert campaign.origin == Campaign.Origin.CITY and campaign.simulated_ballots is True
    assert campaign.phase_at(timezone.now()) == "results"
    detail = api.get(f"/api/v1/campaigns/{campaign.slug}/").json()
    assert (detail["simulated_ballots"], detail["voting_stage"]) == (True, "published")
    # The results screen opens on it: the latest of the city's campaigns with published results.
    current = api.get("/api/v1/campaigns/current/", {"screen": "results"}).json()
    assert current["slug"] == PARIS_RESULTS_SLUG
    # Nobody voted: anonymous ballots, no participation.
    assert not Participation.objects.filter(campaign=campaign).exists()


def test_simulated_ballots_in_every_area_then_tallied(loaded, campaign):
    per_area = Counter(
        Ballot.objects.filter(campaign=campaign).values_list("area__code", flat=True)
    )
    with_projects = set(campaign.projects.values_list("area__code", flat=True))
    assert set(per_area) == with_projects and len(with_projects) >= 10
    assert per_area["paris"] == CITY_VOTERS
    assert {n for code, n in per_area.items() if code != "paris"} == {AREA_VOTERS}
    assert loaded.ballots == sum(per_area.values())
    results = Result.objects.filter(campaign=campaign, published=True)
    assert results.count() == len(with_projects) == loaded.results
    city = results.get(area__code="paris")
    assert city.rule == "majority-judgment" and city.ballots_counted == CITY_VOTERS
    assert city.winners and city.total_cost <= city.budget


def test_the_city_wide_winner_has_the_best_majority_value(loaded, campaign):
    """Recomputed here from the ballots with the paper's definition (lower medians, one grade
    removed at a time), not by the tally: the first in the ranking has the highest majority value."""
    city = Result.objects.get(campaign=campaign, area__code="paris", published=True)
    ids = [
        str(p) for p in campaign.projects.filter(area__code="paris").values_list("id", flat=True)
    ]
    grades = {pid: [] for pid in ids}
    rank = {g: i for i, g in enumerate(GRADE_KEYS)}  # 0: the lowest grade
    for choices in Ballot.objects.filter(campaign=campaign, area__code="paris").values_list(
        "choices", flat=True
    ):
        for pid in ids:
            grades[pid].append(rank.get(choices["grades"].get(pid, ""), 0))

    def value(profile: list[int]) -> list[int]:
        left, out = sorted(profile), []
        while left:
            median = left[(len(left) + 1) // 2 - 1]
            out.append(median)
            left.remove(median)
        return out

    best = max(value(grades[pid]) for pid in ids)
    # ``projects`` lists every project in ranking order.
    assert value(grades[str(city.projects[0]["project"])]) == best


def test_its_winners_are_placed_for_the_map(loaded, campaign, api):
    body = api.get(f"/api/v1/campaigns/{campaign.slug}/results/").json()
    placed = [
        p for area in body["areas"] for p in area["projects"] if p["selected"] and "longitude" in p
    ]
    assert loaded.located >= loaded.projects * 0.8
    assert len(placed) >= 20
    geojson = api.get(f"/api/v1/campaigns/{campaign.slug}/results.geojson")
    assert geojson.status_code == 200
    assert len(geojson.json()["features"]) == len(placed)


def test_a_second_run_changes_nothing(loaded, campaign):
    before = (
        Ballot.objects.filter(campaign=campaign).count(),
        Result.objects.filter(campaign=campaign).count(),
        AuditRecord.objects.filter(campaign=campaign).count(),
    )
    again = demo_paris_results_load(csv_path=SOURCE, now=timezone.now())
    assert (again.created, again.tallied) == (False, False)
    out = StringIO()
    call_command("load_demo_results", stdout=out)
    assert f"« {PARIS_RESULTS_SLUG} » already loaded" in out.getvalue()
    after = (
        Ballot.objects.filter(campaign=campaign).count(),
        Result.objects.filter(campaign=campaign).count(),
        AuditRecord.objects.filter(campaign=campaign).count(),
    )
    assert after == before
