"""The public map's lean path, ``GET /api/v1/map/proposals/``: one FeatureCollection written by
PostgreSQL, the same proposals as the public list, whoever asks, with an ETag."""

import json

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point
from django.utils import timezone

from campaigns.models import Theme
from core.testing.api import assert_error, client_for
from core.testing.geojson import features, ids, map_schema
from moderation.services import proposal_hide
from projects.models import Project
from proposals.models import Proposal
from proposals.selectors import proposal_map_geojson, proposal_map_list
from proposals.tests.factories import BUTTES_CHAUMONT, HOTEL_DE_VILLE, ProposalFactory

pytestmark = pytest.mark.django_db

MAP = "/api/v1/map/proposals/"
LIST = "/api/v1/proposals/"


@pytest.fixture
def places(open_campaign, official):
    """A visible proposal in the 5th, one in the 19th (sport), one in another campaign, and
    the ones the map never shows: hidden, withdrawn, not placed yet (no point)."""
    fifth = ProposalFactory(campaign=open_campaign, title="Des arbres au Panthéon")
    nineteenth = ProposalFactory(
        campaign=open_campaign,
        title="Un terrain de sport",
        location=Point(*BUTTES_CHAUMONT, srid=4326),
        theme=Theme.objects.get(slug="sport"),
        status=Proposal.Status.ACCEPTED,
        estimated_cost=50_000,
    )
    elsewhere = ProposalFactory(title="Piste cyclable", location=Point(*HOTEL_DE_VILLE, srid=4326))
    hidden = ProposalFactory(campaign=open_campaign, title="Propos injurieux")
    proposal_hide(proposal=hidden, actor=official, reason="Injurieux.", now=timezone.now())
    withdrawn = ProposalFactory(campaign=open_campaign, status=Proposal.Status.WITHDRAWN)
    unplaced = ProposalFactory(
        campaign=open_campaign,
        location=None,
        location_status=Proposal.LocationStatus.PENDING,
        address="12 rue de la Paix",
    )
    return {
        "fifth": fifth,
        "nineteenth": nineteenth,
        "elsewhere": elsewhere,
        "hidden": hidden,
        "withdrawn": withdrawn,
        "unplaced": unplaced,
    }


class TestContent:
    def test_only_what_the_public_sees_whoever_asks(self, places, api, official, administrator):
        visible = {places[k].pk for k in ("fifth", "nineteenth", "elsewhere")}
        for client in (api, client_for(places["hidden"].author), client_for(official)):
            assert ids(client.get(MAP)) == visible
        assert ids(client_for(administrator).get(MAP)) == visible
        # The author of the withdrawn and of the unplaced proposal do not see theirs either.
        assert ids(client_for(places["withdrawn"].author).get(MAP)) == visible
        assert ids(client_for(places["unplaced"].author).get(MAP)) == visible

    def test_feature_shape(self, places, api):
        project = Project.objects.create(
            campaign=places["nineteenth"].campaign,
            area=places["nineteenth"].area,
            title="Un terrain de sport",
            description="Un terrain de sport pour le quartier.",
            cost=50_000,
        )
        Proposal.objects.filter(pk=places["nineteenth"].pk).update(project=project)
        by_id = {f["id"]: f for f in features(api.get(MAP))}
        fifth = by_id[places["fifth"].pk]
        assert set(fifth) == {"type", "id", "geometry", "properties"}
        assert fifth["type"] == "Feature"
        assert fifth["properties"] == {
            "title": "Des arbres au Panthéon",
            "theme": "environnement",
            "status": "submitted",
            "district": "75105",
            "project": None,
            "supports": 0,
        }
        assert by_id[places["nineteenth"].pk]["properties"] == {
            "title": "Un terrain de sport",
            "theme": "sport",
            "status": "accepted",
            "district": "75119",
            "project": project.pk,
            "supports": 0,
        }
        assert list(by_id) == sorted(by_id)  # ordered by id

    def test_geometry_is_a_valid_point_rounded_to_6_decimals(self, open_campaign, api):
        proposal = ProposalFactory(
            campaign=open_campaign, location=Point(2.34612345678, 48.84629876543, srid=4326)
        )
        (feature,) = features(api.get(MAP))
        geometry = feature["geometry"]
        assert geometry == {"type": "Point", "coordinates": [2.346123, 48.846299]}
        point = GEOSGeometry(json.dumps(geometry))
        assert point.valid and point.geom_type == "Point"
        assert point.distance(proposal.location) < 1e-6

    def test_an_empty_map(self, db, api):
        response = api.get(MAP)
        assert json.loads(response.content) == {
            "type": "FeatureCollection",
            "count": 0,
            "features": [],
        }

    def test_the_selector_keeps_to_the_public_whatever_queryset_it_gets(self, places):
        body = json.loads(proposal_map_geojson(queryset=Proposal.objects.all()))
        assert {f["id"] for f in body["features"]} == {
            places[k].pk for k in ("fifth", "nineteenth", "elsewhere")
        }
        assert proposal_map_list().filter(pk=places["hidden"].pk).exists() is False


class TestFilters:
    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"campaign": "OPEN"},
            {"theme": "sport"},
            {"theme": "environnement", "campaign": "OPEN"},
            {"area": "paris-19"},
            {"district": "75105"},
            {"district": "QUARTIER"},
            {"status": "accepted"},
            {"status": ["submitted", "accepted"]},
            {"search": "pantheon"},
            {"search": "sport terrain"},
            {"bbox": "2.37,48.87,2.40,48.89"},
            {"bbox": "-180,-90,180.0,90.00"},
        ],
    )
    def test_the_same_features_as_the_list(self, places, api, params):
        params = {
            k: (
                places["fifth"].campaign.slug
                if v == "OPEN"
                else places["fifth"].quartier.code
                if v == "QUARTIER"
                else v
            )
            for k, v in params.items()
        }
        on_map = {
            (f["id"], tuple(f["geometry"]["coordinates"])) for f in features(api.get(MAP, params))
        }
        listed = {
            (f["id"], tuple(round(c, 6) for c in f["geometry"]["coordinates"]))
            for f in api.get(LIST, {**params, "page_size": 1000}).json()["features"]
        }
        assert on_map == listed
        assert on_map  # every case above matches something

    def test_filters_narrow(self, places, api):
        fifth, nineteenth = places["fifth"].pk, places["nineteenth"].pk
        campaign = places["fifth"].campaign.slug
        assert ids(api.get(MAP, {"campaign": campaign})) == {fifth, nineteenth}
        assert ids(api.get(MAP, {"theme": "sport"})) == {nineteenth}
        assert ids(api.get(MAP, {"area": "paris-19"})) == {nineteenth}
        assert ids(api.get(MAP, {"bbox": "2.37,48.87,2.40,48.89"})) == {nineteenth}
        assert ids(api.get(MAP, {"search": "panthéon"})) == {fifth}
        assert ids(api.get(MAP, {"status": "withdrawn"})) == set()

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"campaign": "nope"}, "campaign"),
            ({"campaign": ""}, "campaign"),
            ({"theme": "nope"}, "theme"),
            ({"area": "paris-99"}, "area"),
            ({"district": "75199"}, "district"),
            ({"status": "nonsense"}, "status"),
            ({"search": ""}, "search"),
            ({"bbox": "1,2,3"}, "bbox"),
            ({"bbox": "3,48,2,49"}, "bbox"),
            ({"bbox": "2.4,48.8,2.4,48.9"}, "bbox"),
            ({"bbox": "2.3,48.8,2.4,90.1"}, "bbox"),
        ],
    )
    def test_bad_values_are_400_naming_the_parameter(self, db, api, params, field):
        assert_error(api.get(MAP, params), 400, "invalid", field)


class TestCaching:
    def test_etag_and_304(self, places, api, open_campaign):
        first = api.get(MAP)
        etag = first["ETag"]
        assert first.status_code == 200 and etag.startswith('"') and etag.endswith('"')
        assert "no-cache" in first["Cache-Control"]
        again = api.get(MAP, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag
        # Another filter is another body, another tag.
        assert api.get(MAP, {"theme": "sport"})["ETag"] != etag
        ProposalFactory(campaign=open_campaign)
        changed = api.get(MAP, HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag
        assert len(features(changed)) == 4

    def test_one_query_for_the_map(self, places, api, django_assert_num_queries):
        with django_assert_num_queries(1):
            assert api.get(MAP).status_code == 200
        # Plus one to check that the campaign exists (an unknown one is a 400).
        with django_assert_num_queries(2):
            response = api.get(MAP, {"campaign": places["fifth"].campaign.slug})
        assert response.status_code == 200


def test_the_schema_documents_the_operation():
    schema = map_schema(MAP)
    operation, feature = schema["operation"], schema["feature"]
    assert schema["parameters"] == {
        "campaign",
        "theme",
        "district",
        "area",
        "status",
        "search",
        "min_supports",
        "bbox",
    }
    assert set(schema["collection"]["required"]) == {"type", "count", "features"}
    assert schema["collection_type"]["enum"] == ["FeatureCollection"]
    assert set(feature["required"]) == {"type", "id", "geometry", "properties"}
    assert feature["properties"]["geometry"]["properties"]["type"]["enum"] == ["Point"]
    assert set(schema["properties"]["required"]) == {
        "title",
        "theme",
        "status",
        "district",
        "project",
        "supports",
    }
    assert {"ETag", "Cache-Control"} <= set(operation["responses"]["200"]["headers"])
    assert "304" in operation["responses"]


@pytest.mark.django_db
def test_the_map_is_sent_gzipped_to_clients_that_accept_it(client):
    import gzip

    from campaigns.tests.factories import CampaignFactory

    campaign = CampaignFactory()
    ProposalFactory.create_batch(30, campaign=campaign)
    url = f"/api/v1/map/proposals/?campaign={campaign.slug}"
    plain = client.get(url)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert json.loads(gzip.decompress(zipped.content)) == json.loads(plain.content)
    assert len(zipped.content) < len(plain.content) / 3
