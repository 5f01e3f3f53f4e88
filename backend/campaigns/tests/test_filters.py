"""The campaign list's filters and "the campaign of the moment" per screen, among a few hundred
campaigns (the city's own and elections imported from pabulib), and the SQL phase and stage
checked against the schedule's pure functions."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.schedule import PHASES, Phase, phase_at, voting_stage
from campaigns.selectors import campaign_current, campaigns_at
from campaigns.services import campaign_create
from campaigns.tests.factories import CampaignFactory, campaign_in_phase
from core.errors import ApplicationError
from core.testing.api import assert_error

URL = "/api/v1/campaigns/"
CURRENT = "/api/v1/campaigns/current/"
ASSEN = Path(__file__).resolve().parents[3] / "fixtures" / "pabulib" / "Netherlands_Assen_2024.pb"
DAY = timedelta(days=1)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [c["slug"] for c in response.json()["results"]]


@pytest.fixture
def many(db):
    """300 campaigns, as a city with years of imported elections would have: 160 imported
    elections in results (made last, so the newest), 135 past city campaigns (closed or with
    results), one draft, one voting, one in review, and Paris 2026 open for proposals (made
    first, so on no first page of the default list)."""
    now = timezone.now()
    paris = campaign_in_phase(
        "submission",
        slug="paris-2026",
        name="Budget participatif de Paris 2026",
        area_codes=["paris", "paris-05"],
    )
    for i in range(135):
        phase = "closed" if i % 3 else "implementation"
        campaign_in_phase(phase, slug=f"paris-past-{i}", area_codes=["paris"])
    campaign_in_phase("draft", slug="paris-2027", area_codes=["paris"])
    campaign_in_phase("voting", slug="paris-2025", area_codes=["paris"])
    campaign_in_phase("review", slug="paris-2025-bis", area_codes=["paris"])
    for i in range(160):
        CampaignFactory(
            slug=f"pabulib-{i}",
            schedule={Phase.RESULTS: (now - DAY, None)},
            area_codes=["paris"],
            origin=Campaign.Origin.IMPORTED,
        )
    return paris


@pytest.mark.django_db
class TestAmongAFewHundred:
    def test_the_filters(self, api, many):
        """The default list unchanged (newest first, Paris 2026 on no first page), then each
        filter."""
        body = api.get(URL, {"page_size": 100}).json()
        assert body["count"] == 299
        assert slugs(api.get(URL, {"page_size": 100}))[0] == "pabulib-159"
        assert "paris-2026" not in [c["slug"] for c in body["results"]]

        # Open for proposals: Paris 2026 alone, never an imported election.
        assert slugs(api.get(URL, {"phase": "submission"})) == ["paris-2026"]
        assert slugs(api.get(URL, {"phase": "submission", "origin": "city"})) == ["paris-2026"]
        assert slugs(api.get(URL, {"phase": "submission", "origin": "imported"})) == []

        # Phases (repeatable) and stages, with the origin.
        assert slugs(api.get(URL, {"stage": "open"})) == ["paris-2025"]
        assert slugs(api.get(URL, {"phase": ["review", "draft"]})) == [
            "paris-2025-bis",
            "paris-2027",
        ]
        published = api.get(URL, {"stage": "published", "origin": "city"}).json()
        assert published["count"] == 135
        assert api.get(URL, {"stage": "published", "origin": "imported"}).json()["count"] == 160
        assert api.get(URL, {"stage": "not_open"}).json()["count"] == 3  # draft, 2026, review
        both = api.get(URL, {"phase": "closed", "stage": "published", "origin": "city"})
        assert both.json()["count"] == 90

        # Each campaign says where it comes from.
        body = api.get(URL, {"origin": "imported", "page_size": 3}).json()
        assert {c["origin"] for c in body["results"]} == {"imported"}
        assert body["results"][0]["simulated_ballots"] is False

    def test_the_campaign_of_the_moment_per_screen(self, api, many, django_assert_max_num_queries):
        def current(screen: str) -> str:
            response = api.get(CURRENT, {"screen": screen})
            assert response.status_code == 200, response.content
            return response.json()["slug"]

        assert current("propose") == "paris-2026"
        assert current("map") == "paris-2026"
        assert current("vote") == "paris-2025"
        # Published results: the latest city campaign, never an imported election.
        assert current("results") == "paris-past-134"
        # The filtered list costs a fixed number of queries, whatever the number of campaigns.
        with django_assert_max_num_queries(6):
            assert api.get(URL, {"stage": "published", "page_size": 100}).status_code == 200


@pytest.mark.django_db
class TestCurrent:
    def test_the_map_prefers_proposals_then_voting_then_review(self, db):
        now = timezone.now()
        assert campaign_current(screen="map", now=now) is None
        campaign_in_phase("closed", slug="old", area_codes=["paris"])
        assert campaign_current(screen="map", now=now).slug == "old"
        campaign_in_phase("results", slug="results", area_codes=["paris"])
        assert campaign_current(screen="map", now=now).slug == "results"
        campaign_in_phase("review", slug="review", area_codes=["paris"])
        assert campaign_current(screen="map", now=now).slug == "review"
        campaign_in_phase("voting", slug="voting", area_codes=["paris"])
        assert campaign_current(screen="map", now=now).slug == "voting"
        campaign_in_phase("submission", slug="open", area_codes=["paris"])
        campaign_in_phase("results", slug="newer-results", area_codes=["paris"])
        assert campaign_current(screen="map", now=now).slug == "open"

    def test_none_fits_is_a_404_in_the_error_format(self, api, db):
        campaign_in_phase("review", area_codes=["paris"])
        CampaignFactory(
            schedule={Phase.RESULTS: (timezone.now() - DAY, None)},
            area_codes=["paris"],
            origin=Campaign.Origin.IMPORTED,
        )
        for screen in ("propose", "vote", "results"):
            assert_error(api.get(CURRENT, {"screen": screen}), 404, "no_current_campaign")

    @pytest.mark.parametrize("params", [{}, {"screen": ""}, {"screen": "ballot"}])
    def test_a_missing_or_unknown_screen_is_a_400_naming_it(self, api, db, params):
        assert_error(api.get(CURRENT, params), 400, "invalid", "screen")

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"stage": ""}, "stage"),
            ({"stage": "closed"}, "stage"),
            ({"origin": "paris"}, "origin"),
            ({"origin": ""}, "origin"),
            ({"phase": "holidays"}, "phase"),
        ],
    )
    def test_bad_filter_values_are_400_naming_the_parameter(self, api, db, params, field):
        assert_error(api.get(URL, params), 400, "invalid", field)

    def test_current_is_not_a_slug_a_campaign_may_take(self, db):
        with pytest.raises(ApplicationError) as refused:
            campaign_create(name="BP", slug="current", schedule={}, area_codes=["paris"])
        assert "slug" in refused.value.errors
        assert campaign_create(name="Current", schedule={}, area_codes=["paris"]).slug != "current"


@pytest.mark.django_db
def test_an_imported_election_is_imported(db):
    call_command("pb_import", str(ASSEN), slug="assen", stdout=io.StringIO())
    assert Campaign.objects.get(slug="assen").origin == Campaign.Origin.IMPORTED
    assert CampaignFactory().origin == Campaign.Origin.CITY


@pytest.mark.django_db
def test_the_sql_phase_and_stage_agree_with_the_schedule(db):
    """Random schedules (gaps, open ends, missing phases) read at instants around every slot
    boundary: the SQL answer is the pure function's, campaign by campaign."""
    rng = random.Random(7)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    campaigns = []
    for i in range(40):
        phases = sorted(
            rng.sample([p for p in PHASES if p is not Phase.DRAFT], rng.randint(0, 6)),
            key=PHASES.index,
        )
        start, schedule = t0 + rng.randint(0, 5) * DAY, {}
        for p in phases:
            length = rng.randint(1, 4) * DAY
            end = None if (p == phases[-1] and rng.random() < 0.5) else start + length
            schedule[p] = (start, end)
            start = (end or start + length) + rng.randint(0, 2) * DAY  # sometimes a gap
        campaigns.append(CampaignFactory(slug=f"c{i}", schedule=schedule, area_codes=["paris"]))
    instants = sorted(
        {s.start + d for c in campaigns for s in c.schedule() for d in (-DAY / 2, timedelta(0))}
        | {s.end for c in campaigns for s in c.schedule() if s.end}
    )
    assert len(instants) > 20
    for now in instants:
        rows = (
            campaigns_at(Campaign.objects.all(), now)
            .annotate(phase=F("phase_now"), stage=F("stage_now"))
            .values_list("slug", "phase", "stage")
        )
        got = {slug: (phase, stage) for slug, phase, stage in rows}
        for c in campaigns:
            expected = (phase_at(c.schedule(), now).value, voting_stage(c.schedule(), now).value)
            assert got[c.slug] == expected, (c.slug, now, c.schedule())
