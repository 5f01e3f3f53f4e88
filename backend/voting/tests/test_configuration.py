"""Administrators set envelopes, priority zones and the voting method's parameters; officials
flag priority projects; all frozen once voting opens, refused with clear 4xx."""

import pytest

from audit.models import AuditRecord
from campaigns.models import Campaign, Envelope, PriorityZone
from projects.models import Project

from .conftest import client_for, make_world

pytestmark = pytest.mark.django_db

# Around the Goutte d'Or (18th), and one in Montreuil, outside Paris.
GOUTTE_DOR = [[[2.349, 48.882], [2.357, 48.882], [2.357, 48.888], [2.349, 48.888], [2.349, 48.882]]]
MONTREUIL = [[[2.43, 48.86], [2.44, 48.86], [2.44, 48.865], [2.43, 48.865], [2.43, 48.86]]]
BOWTIE = [[[2.35, 48.85], [2.36, 48.86], [2.36, 48.85], [2.35, 48.86], [2.35, 48.85]]]


def feature(coordinates, kind="Polygon", name="Goutte d'Or"):
    return {
        "type": "Feature",
        "properties": {"nom": name},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def zones_url(world):
    return f"/api/v1/campaigns/{world.campaign.slug}/priority-zones/"


@pytest.fixture
def draft(db):
    return make_world("review")


def test_administrators_set_an_envelope_and_its_reserved_share(draft, administrator, resident_api):
    # Only majority judgment (ranked, then funded) has a reserved share.
    Campaign.objects.filter(pk=draft.campaign.pk).update(voting_rule="majority_judgment")
    url = f"/api/v1/campaigns/{draft.campaign.slug}/envelopes/paris-19/"
    admin = client_for(administrator)
    response = admin.put(url, {"amount": 900_000, "reserved_amount": 300_000}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["reserved_share"] == pytest.approx(0.3333, abs=1e-4)
    assert AuditRecord.objects.filter(action="envelope.set", area__code="paris-19").exists()
    response = admin.put(url, {"amount": 900_000, "reserved_amount": 900_001}, format="json")
    assert response.status_code == 400 and "reserved_amount" in response.json()["errors"]
    assert admin.put(url, {"amount": 0}, format="json").status_code == 400
    assert resident_api.put(url, {"amount": 1}, format="json").status_code == 403
    bad_area = f"/api/v1/campaigns/{draft.campaign.slug}/envelopes/paris-12/"
    assert admin.put(bad_area, {"amount": 1}, format="json").status_code == 404
    listed = admin.get(f"/api/v1/campaigns/{draft.campaign.slug}/envelopes/").json()
    assert {e["area"]["code"]: e["amount"] for e in listed} == {
        "paris": 2_000_000,
        "paris-05": 600_000,
        "paris-19": 900_000,
    }


def test_the_database_keeps_envelopes_consistent(draft):
    from django.db import IntegrityError, transaction

    for amount, reserved in ((0, 0), (100, 101)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Envelope.objects.filter(campaign=draft.campaign, area__code="paris").update(
                amount=amount, reserved_amount=reserved
            )


def test_envelopes_and_settings_are_frozen_once_voting_opens(world, administrator):
    admin = client_for(administrator)
    slug = world.campaign.slug
    response = admin.put(
        f"/api/v1/campaigns/{slug}/envelopes/paris-05/", {"amount": 1}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "ballot_frozen")
    response = admin.patch(
        f"/api/v1/campaigns/{slug}/voting/settings/", {"approval_max": 3}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (409, "ballot_frozen")
    response = admin.put(zones_url(world), feature(GOUTTE_DOR), format="json")
    assert (response.status_code, response.json()["code"]) == (409, "ballot_frozen")
    assert Campaign.objects.get(pk=world.campaign.pk).approval_max is None


def test_administrators_set_the_voting_method_parameters(draft, administrator, resident_api):
    url = f"/api/v1/campaigns/{draft.campaign.slug}/voting/settings/"
    response = client_for(administrator).patch(
        url, {"minimum_age": 7, "approval_max": 4, "knapsack_min_share": 50}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {
        "voting_rule": "approval",
        "minimum_age": 7,
        "approval_max": 4,
        "cumulative_points": 10,
        "knapsack_min_share": 50,
        "frozen": False,
    }
    assert AuditRecord.objects.get(action="campaign.voting_settings").after == {
        "minimum_age": 7,
        "approval_max": 4,
        "knapsack_min_share": 50,
    }
    bad = client_for(administrator).patch(url, {"knapsack_min_share": 101}, format="json")
    assert bad.status_code == 400 and "knapsack_min_share" in bad.json()["errors"]
    assert resident_api.patch(url, {"minimum_age": 3}, format="json").status_code == 403
    assert resident_api.get(url).json()["minimum_age"] == 7


def test_priority_zones_upload_and_projects_inside_them(draft, administrator, api):
    admin = client_for(administrator)
    inside = Project.objects.create(
        campaign=draft.campaign,
        area=draft.areas["paris"],
        title="Square Léon",
        description="…",
        cost=100_000,
        locations="SRID=4326;MULTIPOINT((2.353 48.885))",
    )
    collection = {
        "type": "FeatureCollection",
        "features": [feature(GOUTTE_DOR), feature([GOUTTE_DOR], "MultiPolygon", "bis")],
    }
    response = admin.put(zones_url(draft), collection, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"zones": 2}
    geojson = api.get(zones_url(draft)).json()
    assert geojson["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in geojson["features"]] == ["Goutte d'Or", "bis"]
    assert geojson["features"][0]["geometry"]["type"] == "MultiPolygon"
    ballot = api.get(f"/api/v1/campaigns/{draft.campaign.slug}/areas/paris/ballot/").json()
    flags = {p["title"]: (p["priority"], p["in_priority_zone"]) for p in ballot}
    assert flags["Square Léon"] == (True, True)
    assert flags["Projet bibli"] == (False, False)
    assert inside.pk in [p["id"] for p in ballot]


@pytest.mark.parametrize(
    "body,field,words",
    [
        (feature(MONTREUIL), "features.0.geometry", "not in Paris"),
        (feature(BOWTIE), "features.0.geometry", "invalid geometry"),
        (feature([2.35, 48.85], "Point"), "features.0.geometry", "not Point"),
        (
            {"type": "FeatureCollection", "features": [feature(GOUTTE_DOR), {"type": "Nope"}]},
            "features.1",
            "not a GeoJSON Feature",
        ),
        ({"type": "FeatureCollection", "features": "x"}, "features", "list of features"),
        (
            feature([[[200, 48.8], [201, 48.8], [201, 48.9], [200, 48.8]]]),
            "features.0.geometry",
            "longitude",
        ),
        (feature([[[2.35, 48.85]]]), "features.0.geometry", "unreadable"),
        ([1, 2], "type", "GeoJSON object"),
    ],
)
def test_invalid_priority_zones_are_a_clear_400(draft, administrator, body, field, words):
    PriorityZone.objects.create(
        campaign=draft.campaign,
        name="kept",
        geometry="SRID=4326;MULTIPOLYGON(((2.35 48.88,2.36 48.88,2.36 48.89,2.35 48.88)))",
    )
    response = client_for(administrator).put(zones_url(draft), body, format="json")
    assert response.status_code == 400, response.json()
    error = response.json()
    assert field in error["errors"], error
    assert words in error["message"]
    assert list(PriorityZone.objects.values_list("name", flat=True)) == ["kept"]  # all or nothing


def test_geojson_media_type_is_accepted(draft, administrator):
    import json

    response = client_for(administrator).put(
        zones_url(draft), json.dumps(feature(GOUTTE_DOR)), content_type="application/geo+json"
    )
    assert response.status_code == 200 and response.json() == {"zones": 1}


def test_officials_flag_a_priority_project_until_voting_opens(draft, official, db):
    project = draft.projects["jardin"]  # in the 5th, the official's area
    url = f"/api/v1/projects/{project.pk}/priority/"
    response = client_for(official).put(url, {"priority": True}, format="json")
    assert response.status_code == 200
    assert (response.json()["priority"], response.json()["priority_flagged"]) == (True, True)
    assert AuditRecord.objects.filter(action="project.priority", object_id=str(project.pk)).exists()
    other = draft.projects["canal"]  # in the 19th
    assert (
        client_for(official)
        .put(f"/api/v1/projects/{other.pk}/priority/", {"priority": True}, format="json")
        .status_code
        == 403
    )
    voting = make_world("voting")
    response = client_for(official).put(
        f"/api/v1/projects/{voting.projects['jardin'].pk}/priority/",
        {"priority": True},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (409, "ballot_frozen")
