"""The results API: public from the results phase on (409 before; administrators preview once
voting has closed), JSON, CSV, GeoJSON and the published ballot file; administrators compare
another rule without changing the published result."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

import tally
from campaigns.models import Campaign, Envelope
from campaigns.tests.factories import CampaignFactory
from core.testing.api import assert_error
from results.models import Result
from results.services import results_tally
from voting.models import Ballot

from .factories import ballot, participation, project, voting_campaign_with

pytestmark = pytest.mark.django_db
V = Campaign.VotingRule


def approval_campaign(phase: str = "results") -> tuple[Campaign, dict]:
    campaign, area = voting_campaign_with(phase, voting_rule=V.APPROVAL, amount=100, reserved=40)
    parc = project(campaign, area, "Un parc", 60, point=(2.35, 48.84), priority_flagged=True)
    bancs = project(campaign, area, "Des bancs", 30, point=(2.36, 48.85))
    fontaine = project(campaign, area, "Une fontaine", 50, point=(2.34, 48.83))
    for choice in ([parc], [parc, bancs], [parc, fontaine], [bancs], [fontaine, bancs]):
        ballot(campaign, area, {"projects": sorted(p.pk for p in choice)})
    participation(campaign, area, "online")
    participation(campaign, area, "paper")
    return campaign, {"parc": parc, "bancs": bancs, "fontaine": fontaine}


@pytest.fixture
def published():
    campaign, projects = approval_campaign()
    results_tally(campaign_id=campaign.pk, now=timezone.now())
    return campaign, projects


def test_results_as_json(api, published, django_assert_max_num_queries):
    campaign, projects = published
    with django_assert_max_num_queries(8):
        response = api.get(f"/api/v1/campaigns/{campaign.slug}/results/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["public"] is True and body["phase"] == "results"
    assert body["can"] == {"view": True, "download_ballots": True, "compare": False}
    [area] = body["areas"]
    assert area["area"]["code"] == "paris-05" and area["rule"] == "greedy"
    # Votes: parc 3, bancs 3, fontaine 2. Parc (60) and bancs (30) fit in 100; fontaine no more.
    assert [w["title"] for w in area["winners"]] == ["Un parc", "Des bancs"]
    assert [w["project"] for w in area["winners"]] == [projects["parc"].pk, projects["bancs"].pk]
    assert {p["title"]: p["votes"] for p in area["projects"]} == {
        "Un parc": 3,
        "Des bancs": 3,
        "Une fontaine": 2,
    }
    assert area["total_cost"] == 90 and area["budget"] == 100 and area["budget_share_used"] == 0.9
    # greedy has no reserved share: the priority projects funded take none of it
    assert area["reserved_amount"] == 40 and area["reserved_used"] == 0
    assert area["reserved_share_used"] == 0.0
    assert area["turnout"] == {
        "online": 1,
        "paper": 1,
        "ballots_counted": 5,
        "ballots_not_counted": 0,
    }
    assert area["statement"].startswith("Glouton par nombre de voix")
    assert area["statement_en"].startswith("Greedy by number of votes")
    assert area["statement_en"].endswith("are not applied.")
    assert len(area["inputs_hash"]) == 64 and area["published"] is True


def test_results_as_csv_and_geojson(api, published):
    campaign, projects = published
    response = api.get(f"/api/v1/campaigns/{campaign.slug}/results.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [(r["title"], r["selected"]) for r in rows] == [
        ("Un parc", "1"),
        ("Des bancs", "1"),
        ("Une fontaine", "0"),
    ]
    assert rows[0]["priority"] == "1" and rows[0]["votes"] == "3"

    response = api.get(f"/api/v1/campaigns/{campaign.slug}/results.geojson")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    features = response.json()["features"]
    assert [f["properties"]["title"] for f in features] == ["Un parc", "Des bancs"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [2.35, 48.84]}
    assert features[0]["id"] == projects["parc"].pk


def test_the_published_ballot_file(api, published):
    campaign, projects = published
    response = api.get(f"/api/v1/campaigns/{campaign.slug}/areas/paris-05/ballots.pb")
    assert response.status_code == 200
    disposition = f'attachment; filename="{campaign.slug}-paris-05.pb"'
    assert response["Content-Disposition"] == disposition
    election = tally.parse(response.content.decode("utf-8"))
    assert election.vote_type == "approval" and election.budget == 100
    assert {p.id for p in election.projects} == {str(p.pk) for p in projects.values()}
    receipts = set(Ballot.objects.filter(campaign=campaign).values_list("receipt_hash", flat=True))
    assert {b.voter_id for b in election.ballots} == receipts
    # Anyone can recompute the published result from the file.
    result = Result.objects.get(campaign=campaign, published=True)
    assert list(tally.run("greedy", election).selected) == [w["id"] for w in result.winners]

    assert (
        api.get(f"/api/v1/campaigns/{campaign.slug}/areas/paris-19/ballots.pb").status_code == 404
    )
    assert api.get("/api/v1/campaigns/nope/areas/paris-05/ballots.pb").status_code == 404


PHASES = ["review", "voting", "results", "implementation"]
ROLES = ["api", "resident_api", "official_api", "admin_api"]


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_results_when(request, role, phase):
    client = request.getfixturevalue(role)
    campaign, _ = approval_campaign(phase)
    public = phase in ("results", "implementation")
    for path in ("results/", "results.csv", "results.geojson", "areas/paris-05/ballots.pb"):
        response = client.get(f"/api/v1/campaigns/{campaign.slug}/{path}")
        if public:
            assert response.status_code == 200, (path, response.content[:300])
        else:
            body = assert_error(response, 409, "phase_closed")
            assert "not public yet" in body["message"]


def test_nobody_previews_while_the_vote_is_being_checked(api, admin_api):
    """Voting ended an hour ago; the results phase starts tomorrow: the vote is closed and being
    checked. Nothing about the ballots is readable by anyone, administrators included: no
    result, comparison or ballot file (a preview, or two files around a refusal, would let an
    administrator learn a ballot)."""
    now = timezone.now()
    campaign = CampaignFactory(
        schedule={
            "voting": (now - timedelta(days=10), now - timedelta(hours=1)),
            "results": (now + timedelta(days=1), None),
        },
        voting_rule=V.APPROVAL,
        area_codes=["paris-05"],
    )
    area = campaign.areas.get()
    Envelope.objects.create(campaign=campaign, area=area, amount=100)
    base = f"/api/v1/campaigns/{campaign.slug}/results"
    for client in (admin_api, api):
        compare = client.post(f"{base}/compare/", {"rule": "mes"}, format="json")
        assert compare.status_code in (401, 409), compare.content
        assert_error(client.get(f"{base}/"), 409, "phase_closed")
        ballots = f"/api/v1/campaigns/{campaign.slug}/areas/paris-05/ballots.pb"
        assert_error(client.get(ballots), 409, "phase_closed")
        assert_error(client.get(f"{base}.csv"), 409, "phase_closed")
    assert_error(
        admin_api.post(f"{base}/compare/", {"rule": "mes"}, format="json"), 409, "phase_closed"
    )
    assert not Result.objects.filter(campaign=campaign).exists()


def test_compare_another_rule(admin_api, published):
    campaign, _ = published
    before = Result.objects.get(campaign=campaign, published=True)
    response = admin_api.post(
        f"/api/v1/campaigns/{campaign.slug}/results/compare/",
        {"rule": "phragmen", "area": "paris-05"},
        format="json",
    )
    assert response.status_code == 200, response.content
    [area] = response.json()["areas"]
    assert area["rule"] == "phragmen" and area["published"] is False
    assert area["inputs_hash"] == before.inputs_hash
    after = Result.objects.get(campaign=campaign, published=True)
    assert (after.pk, after.rule, after.winners) == (before.pk, before.rule, before.winners)
    body = admin_api.get(f"/api/v1/campaigns/{campaign.slug}/results/").json()
    assert [a["rule"] for a in body["areas"]] == ["greedy"]


def test_compare_refusals(api, resident_api, official_api, admin_api, published):
    campaign, _ = published
    url = f"/api/v1/campaigns/{campaign.slug}/results/compare/"
    assert api.post(url, {"rule": "mes"}, format="json").status_code == 401
    assert_error(resident_api.post(url, {"rule": "mes"}, format="json"), 403, "permission_denied")
    assert_error(official_api.post(url, {"rule": "mes"}, format="json"), 403, "permission_denied")
    assert_error(admin_api.post(url, {"rule": "dictator"}, format="json"), 400, "invalid", "rule")
    assert_error(
        admin_api.post(url, {"rule": "mes", "area": "paris-19"}, format="json"),
        400,
        "invalid",
        "area",
    )
    voting, _ = approval_campaign("voting")
    assert_error(
        admin_api.post(
            f"/api/v1/campaigns/{voting.slug}/results/compare/", {"rule": "mes"}, format="json"
        ),
        409,
        "phase_closed",
    )


def test_unknown_area_filter_is_a_clear_400(api, published):
    campaign, _ = published
    assert_error(
        api.get(f"/api/v1/campaigns/{campaign.slug}/results/?area=nowhere"), 400, "invalid", "area"
    )
    body = api.get(f"/api/v1/campaigns/{campaign.slug}/results/?area=paris").json()
    assert body["areas"] == []  # the city-wide ballot has no envelope in this campaign


def test_no_result_or_ballot_file_names_a_voter(api, published):
    campaign, _ = published
    secrets = [str(b.id) for b in Ballot.objects.filter(campaign=campaign)]
    for participation_row in campaign.participations.select_related("person"):
        secrets += [participation_row.person.email, str(participation_row.pk)]
    for path in ("results/", "results.csv", "results.geojson", "areas/paris-05/ballots.pb"):
        text = api.get(f"/api/v1/campaigns/{campaign.slug}/{path}").content.decode()
        assert not [s for s in secrets if s in text], path
