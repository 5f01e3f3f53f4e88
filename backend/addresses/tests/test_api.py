"""The geocoding endpoints: shapes, the one error format, query budgets, and the back end
chosen by the settings (a fake at the adapter for the online cases)."""

import pytest
from django.urls import include, path, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from integrations.geocoder import Candidate, GeocoderError, GeocoderUnavailable, override_geocoder
from integrations.geocoder.fake import FakeGeocoder

pytestmark = pytest.mark.django_db

GEOCODE = reverse("geocode")
REVERSE = reverse("geocode-reverse")


@pytest.fixture
def api():
    return APIClient()


def test_geocode(api):
    response = api.get(GEOCODE, {"q": "12 r de rivoli 75004", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "12 r de rivoli 75004"
    assert 1 <= len(body["results"]) <= 3
    first = body["results"][0]
    assert first == {
        "label": "12 Rue de Rivoli 75004 Paris",
        "score": first["score"],
        "kind": "housenumber",
        "postcode": "75004",
        "location": {"type": "Point", "coordinates": [2.35995, 48.855602]},
        "arrondissement": {"code": "75104", "name": "4e arrondissement"},
    }
    assert 0.9 <= first["score"] <= 1


def test_geocode_a_street(api):
    body = api.get(GEOCODE, {"q": "bd saint germain 75006"}).json()
    assert body["results"][0]["kind"] == "street"
    assert body["results"][0]["arrondissement"]["code"] == "75106"
    assert len(body["results"]) == 5  # the default limit


def test_geocode_nothing_found_is_an_empty_list(api):
    response = api.get(GEOCODE, {"q": "75005 Paris"})
    assert response.status_code == 200
    assert response.json() == {"query": "75005 Paris", "results": []}


def test_geocode_is_open_to_anonymous_users(api):
    assert api.get(GEOCODE, {"q": "rue de rivoli"}).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": "a"}, "q"),
        ({"q": "  a  "}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "rue\x00"}, "q"),
        ({"q": "rue de rivoli", "limit": 0}, "limit"),
        ({"q": "rue de rivoli", "limit": 21}, "limit"),
        ({"q": "rue de rivoli", "limit": "many"}, "limit"),
        ({"q": "rue de rivoli", "limit": ""}, "limit"),  # not the default: the schema says so
    ],
)
def test_geocode_invalid_input(api, params, field):
    response = api.get(GEOCODE, params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]
    assert body["message"] == f"Invalid input: {field}."


def test_geocode_query_count_does_not_grow_with_results(api, django_assert_max_num_queries):
    # ban-local: thresholds, streets (strict, then loose if needed), house numbers, districts;
    # plus the savepoints of the test transaction
    with django_assert_max_num_queries(10):
        one = api.get(GEOCODE, {"q": "1 rue saint", "limit": 1})
    with django_assert_max_num_queries(10):
        many = api.get(GEOCODE, {"q": "1 rue saint", "limit": 20})
    assert len(one.json()["results"]) == 1
    assert len(many.json()["results"]) == 20
    assert len({r["arrondissement"]["code"] for r in many.json()["results"]}) > 1


def test_reverse(api, address):
    at = address("Rue de Rivoli", 12)
    response = api.get(REVERSE, {"lon": at.point.x + 0.00007, "lat": at.point.y})
    assert response.status_code == 200
    body = response.json()
    assert body["label"] == "12 Rue de Rivoli 75004 Paris"
    assert 4 < body["distance_m"] < 6.5
    assert body["location"] == {"type": "Point", "coordinates": [2.35995, 48.855602]}
    assert body["arrondissement"] == {"code": "75104", "name": "4e arrondissement"}
    assert body["quartier"]["code"].startswith("751")
    assert set(body["quartier"]) == {"code", "name"}


def test_reverse_outside_paris(api):
    response = api.get(REVERSE, {"lon": 2.1204, "lat": 48.8049})  # Versailles
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "outside_city"
    assert list(body["errors"]) == ["location"]


def test_reverse_far_from_any_address(api):
    with override_geocoder(FakeGeocoder(reverse_result=None)):
        response = api.get(REVERSE, {"lon": 2.2605, "lat": 48.8628})
    assert response.status_code == 400
    assert response.json()["code"] == "address_not_found"
    assert list(response.json()["errors"]) == ["location"]


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({}, ["lat", "lon"]),
        ({"lon": 2.35}, ["lat"]),
        ({"lon": 181, "lat": 48.85}, ["lon"]),
        ({"lon": 2.35, "lat": -91}, ["lat"]),
        ({"lon": "east", "lat": 48.85}, ["lon"]),
        ({"lon": "nan", "lat": 48.85}, ["lon"]),
        ({"lon": 2.35, "lat": "inf"}, ["lat"]),
    ],
)
def test_reverse_invalid_input(api, params, fields):
    response = api.get(REVERSE, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert sorted(body["errors"]) == fields


# --- whichever back end the settings select ------------------------------------------------------

NOMINATIM_LIKE = Candidate(
    label="28 Rue Mouffetard 75005 Paris",
    lon=2.3492,
    lat=48.8441,
    score=0.61,
    postcode="75005",  # no INSEE code: the arrondissement comes from the postcode
    kind="housenumber",
)


def test_geocode_uses_the_configured_geocoder(api):
    fake = FakeGeocoder(results={"28 rue mouffetard": [NOMINATIM_LIKE]})
    with override_geocoder(fake):
        body = api.get(GEOCODE, {"q": "28 Rue Mouffetard"}).json()
    assert fake.calls == [("search", "28 Rue Mouffetard")]
    assert body["results"] == [
        {
            "label": "28 Rue Mouffetard 75005 Paris",
            "score": 0.61,
            "kind": "housenumber",
            "postcode": "75005",
            "location": {"type": "Point", "coordinates": [2.3492, 48.8441]},
            "arrondissement": {"code": "75105", "name": "5e arrondissement"},
        }
    ]


def test_geocode_offers_only_what_a_proposal_could_be_placed_at(api):
    versailles = Candidate(label="Versailles", lon=2.12, lat=48.80, score=0.9, postcode="78000")
    weak = Candidate(label="2 Rue Monge 75005 Paris", lon=2.3515, lat=48.8476, score=0.3)
    fake = FakeGeocoder(results={"mouffetard": [NOMINATIM_LIKE, versailles, weak]})
    with override_geocoder(fake):
        body = api.get(GEOCODE, {"q": "mouffetard"}).json()
    assert [r["label"] for r in body["results"]] == ["28 Rue Mouffetard 75005 Paris"]


def test_reverse_with_an_online_geocoder_measures_the_distance(api):
    with override_geocoder(FakeGeocoder(reverse_result=NOMINATIM_LIKE)):
        body = api.get(REVERSE, {"lon": 2.3492, "lat": 48.8450}).json()
    assert body["label"] == "28 Rue Mouffetard 75005 Paris"
    assert 99 < body["distance_m"] < 101
    assert body["arrondissement"]["code"] == "75105"


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (GeocoderUnavailable("timed out"), 503, "geocoder_unavailable"),
        (GeocoderError("bad request"), 502, "geocoder_error"),
    ],
)
def test_geocoder_failures_are_errors_in_the_one_format(api, error, status, code):
    with override_geocoder(FakeGeocoder(error=error)):
        search = api.get(GEOCODE, {"q": "rue de rivoli"})
        nearest = api.get(REVERSE, {"lon": 2.35, "lat": 48.85})
    for response in (search, nearest):
        assert response.status_code == status
        assert response.json()["code"] == code
        assert set(response.json()) == {"status", "code", "message", "params", "errors", "details"}


def test_schema_documents_the_endpoints():
    # only this app's URLs, as mounted under /api/v1/
    generator = SchemaGenerator(patterns=[path("api/v1/", include("addresses.urls"))])
    schema = generator.get_schema(request=None, public=True)
    search = schema["paths"]["/api/v1/geocode/"]["get"]
    assert {p["name"] for p in search["parameters"]} == {"q", "limit"}
    assert {"200", "400", "429", "503"} <= set(search["responses"])
    reverse_op = schema["paths"]["/api/v1/geocode/reverse/"]["get"]
    assert {p["name"] for p in reverse_op["parameters"]} == {"lon", "lat"}
    result = schema["components"]["schemas"]["GeocodeResult"]
    assert set(result["properties"]) == {
        "label",
        "score",
        "kind",
        "postcode",
        "location",
        "arrondissement",
    }
    assert "Error" in schema["components"]["schemas"]
