"""The public map's projects, ``GET /api/v1/map/projects/``: one FeatureCollection written by
PostgreSQL, one point a project with locations, the same projects as the list, with an ETag."""

import json

import pytest
from django.contrib.gis.geos import GEOSGeometry, MultiPoint, Point
from django.utils import timezone

from campaigns.models import Theme
from core.testing.api import assert_error
from core.testing.geojson import features, ids, map_schema
from projects.models import Project
from projects.services import project_create_from_proposals
from proposals.tests.factories import BUTTES_CHAUMONT, PANTHEON

pytestmark = pytest.mark.django_db

MAP = "/api/v1/map/projects/"
LIST = "/api/v1/projects/"


@pytest.fixture
def make_project(make_proposal, administrator):
    def make(at=None, theme=None, title="Un projet", cost=None):
        a = make_proposal(status="accepted", at=at)
        b = make_proposal(status="accepted", at=at)
        return project_create_from_proposals(
            proposals=[a, b],
            actor=administrator,
            title=title,
            description="Une description de projet.",
            cost=cost,
            now=timezone.now(),
            theme=Theme.objects.get(slug=theme) if theme else None,
        )

    return make


@pytest.fixture
def projects(make_project):
    fifth = make_project(title="Fontaine Médicis", cost=120_000)
    nineteenth = make_project(at=BUTTES_CHAUMONT, theme="sport", title="Terrain de sport")
    nowhere = make_project(title="Sans lieu")
    Project.objects.filter(pk=nowhere.pk).update(locations=None)
    return {"fifth": fifth, "nineteenth": nineteenth, "nowhere": nowhere}


def test_every_project_with_locations_whoever_asks(projects, api, official_api):
    expected = {projects["fifth"].pk, projects["nineteenth"].pk}
    assert ids(api.get(MAP)) == expected
    assert ids(official_api.get(MAP)) == expected


def test_feature_shape(projects, api):
    by_id = {f["id"]: f for f in features(api.get(MAP))}
    fifth = by_id[projects["fifth"].pk]
    assert set(fifth) == {"type", "id", "geometry", "properties"}
    assert fifth["type"] == "Feature"
    assert fifth["properties"] == {
        "title": "Fontaine Médicis",
        "theme": "environnement",  # the theme its sources share
        "cost": 120_000,
        "area": "paris-05",
    }
    assert fifth["geometry"] == {"type": "Point", "coordinates": list(PANTHEON)}
    assert by_id[projects["nineteenth"].pk]["properties"]["theme"] == "sport"
    assert by_id[projects["nineteenth"].pk]["properties"]["area"] == "paris-19"
    Project.objects.filter(pk=projects["fifth"].pk).update(theme=None)
    (fifth,) = [f for f in features(api.get(MAP)) if f["id"] == projects["fifth"].pk]
    assert fifth["properties"]["theme"] is None


def test_several_locations_are_one_point_among_them(projects, api):
    locations = MultiPoint(
        Point(2.3331234567, 48.8461234567), Point(2.3341234567, 48.8471234567), srid=4326
    )
    Project.objects.filter(pk=projects["fifth"].pk).update(locations=locations)
    (feature,) = [f for f in features(api.get(MAP)) if f["id"] == projects["fifth"].pk]
    point = GEOSGeometry(json.dumps(feature["geometry"]))
    assert point.valid and point.geom_type == "Point"
    rounded = [[round(c, 6) for c in p.coords] for p in locations]
    assert feature["geometry"]["coordinates"] in rounded


@pytest.mark.parametrize(
    "params",
    [{}, {"area": "paris-19"}, {"area": "paris-05"}, {"theme": "sport"}, {"search": "medicis"}],
)
def test_the_same_projects_as_the_list(projects, api, params):
    listed = {p["id"] for p in api.get(LIST, params).json()["results"] if p["locations"]}
    assert ids(api.get(MAP, params)) == listed
    assert listed


def test_campaign_filter(projects, api, open_campaign):
    campaign = projects["fifth"].campaign.slug
    assert ids(api.get(MAP, {"campaign": campaign})) == {
        projects["fifth"].pk,
        projects["nineteenth"].pk,
    }
    assert ids(api.get(MAP, {"campaign": open_campaign.slug})) == set()


@pytest.mark.parametrize(
    "query", ["campaign=", "campaign=nope", "area=paris-99", "theme=", "theme=nope", "search="]
)
def test_bad_values_are_400_naming_the_parameter(db, api, query):
    assert_error(api.get(f"{MAP}?{query}"), 400, "invalid", query.split("=")[0])


def test_etag_and_304_in_one_query(projects, api, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = api.get(MAP)
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"]
    again = api.get(MAP, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    Project.objects.filter(pk=projects["fifth"].pk).update(cost=99_000)
    changed = api.get(MAP, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_schema_documents_the_operation():
    schema = map_schema(MAP)
    assert schema["parameters"] == {"campaign", "area", "theme", "search"}
    assert set(schema["properties"]["required"]) == {"title", "theme", "cost", "area"}


@pytest.mark.parametrize("size", [1, 12])
def test_the_query_budget_does_not_grow_with_the_projects(
    make_project, api, django_assert_max_num_queries, size
):
    made = [make_project() for _ in range(size)]
    slug = made[0].campaign.slug
    with django_assert_max_num_queries(3):  # the campaign and theme checked, the collection
        answer = api.get(MAP, {"campaign": slug, "theme": "environnement"})
    assert answer.status_code == 200
    assert json.loads(answer.content)["count"] == size
