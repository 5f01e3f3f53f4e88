"""The online back ends, with geopy faked at its HTTP call (``_call_geocoder``): geopy itself
builds the URLs and parses the answers, nothing leaves the machine."""

import time

import pytest
from geopy import exc as geopy_exc
from geopy.geocoders import BANFrance, Nominatim

from integrations.geocoder import Candidate, GeocoderError, GeocoderUnavailable
from integrations.geocoder.online import BanGeocoder, NominatimGeocoder, translate_error


class FakeHttp:
    """Stands in for geopy's ``_call_geocoder``: records the URLs, answers canned JSON (or
    raises a geopy error), and lets geopy's own callback parse it."""

    def __init__(self, answer=None, error=None):
        self.answer = answer
        self.error = error
        self.urls: list[str] = []

    def install(self, monkeypatch, cls):
        fake = self

        def call(self, url, callback, *, timeout=None, is_json=True, headers=None):
            fake.urls.append(url)
            if fake.error is not None:
                raise fake.error
            return callback(fake.answer)

        monkeypatch.setattr(cls, "_call_geocoder", call)
        return self


BAN_SEARCH = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [2.35995, 48.855602]},
            "properties": {
                "label": "12 Rue de Rivoli 75004 Paris",
                "score": 0.97,
                "housenumber": "12",
                "id": "75104_8268_00012",
                "name": "12 Rue de Rivoli",
                "postcode": "75004",
                "citycode": "75104",
                "city": "Paris",
                "context": "75, Paris, Île-de-France",
                "type": "housenumber",
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [2.3396, 48.8618]},
            "properties": {
                "label": "Rue de Rivoli 75001 Paris",
                "score": 0.71,
                "postcode": "75001",
                "citycode": "75101",
                "type": "street",
            },
        },
    ],
}


@pytest.fixture
def ban():
    return BanGeocoder(domain="data.geopf.fr/geocodage", timeout=3, user_agent="belvedere-tests")


def test_ban_uses_the_geoplateforme_domain(ban, monkeypatch):
    http = FakeHttp(BAN_SEARCH).install(monkeypatch, BANFrance)
    ban.search("12 rue de rivoli", limit=2)
    assert http.urls[0].startswith("https://data.geopf.fr/geocodage/search?")
    assert "limit=2" in http.urls[0]


def test_ban_search_maps_features_to_candidates(ban, monkeypatch):
    FakeHttp(BAN_SEARCH).install(monkeypatch, BANFrance)
    first, second = ban.search("12 rue de rivoli", limit=5)
    assert first == Candidate(
        label="12 Rue de Rivoli 75004 Paris",
        lon=2.35995,
        lat=48.855602,
        score=0.97,
        postcode="75004",
        citycode="75104",
        kind="housenumber",
    )
    assert (second.kind, second.citycode) == ("street", "75101")


def test_ban_no_match_is_an_empty_list(ban, monkeypatch):
    FakeHttp({"type": "FeatureCollection", "features": []}).install(monkeypatch, BANFrance)
    assert ban.search("nowhere") == []


def test_ban_reverse(ban, monkeypatch):
    feature = dict(BAN_SEARCH["features"][0])
    feature["properties"] = {**feature["properties"], "distance": 5}
    http = FakeHttp({"type": "FeatureCollection", "features": [feature]})
    http.install(monkeypatch, BANFrance)
    found = ban.reverse(2.36, 48.8556)
    assert found is not None
    assert found.label == "12 Rue de Rivoli 75004 Paris"
    assert found.extra["distance_m"] == 5.0
    assert http.urls[0].startswith("https://data.geopf.fr/geocodage/reverse?")
    assert "lat=48.8556" in http.urls[0] and "lon=2.36" in http.urls[0]


def test_ban_reverse_nothing_near(ban, monkeypatch):
    FakeHttp({"type": "FeatureCollection", "features": []}).install(monkeypatch, BANFrance)
    assert ban.reverse(2.36, 48.8556) is None


def test_ban_unexpected_answer_is_a_geocoder_error(ban, monkeypatch):
    broken = {"features": [{"geometry": {"coordinates": [2.3]}, "properties": {}}]}
    FakeHttp(broken).install(monkeypatch, BANFrance)
    with pytest.raises(GeocoderError):
        ban.search("12 rue de rivoli")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (geopy_exc.GeocoderTimedOut("timed out"), GeocoderUnavailable),
        (geopy_exc.GeocoderUnavailable("connection refused"), GeocoderUnavailable),
        (geopy_exc.GeocoderRateLimited("slow down", retry_after=3), GeocoderUnavailable),
        (geopy_exc.GeocoderQuotaExceeded("quota"), GeocoderUnavailable),
        (geopy_exc.GeocoderServiceError("HTTP 500"), GeocoderUnavailable),
        (geopy_exc.GeocoderQueryError("bad query"), GeocoderError),
        (geopy_exc.GeocoderAuthenticationFailure("no key"), GeocoderError),
        (geopy_exc.GeocoderInsufficientPrivileges("forbidden"), GeocoderError),
        (geopy_exc.GeocoderParseError("not json"), GeocoderError),
        (geopy_exc.ConfigurationError("bad config"), GeocoderError),
    ],
)
def test_geopy_errors_become_ours(ban, monkeypatch, error, expected):
    FakeHttp(error=error).install(monkeypatch, BANFrance)
    with pytest.raises(expected) as raised:
        ban.search("12 rue de rivoli")
    assert type(raised.value) is expected
    assert raised.value.__cause__ is error
    with pytest.raises(expected):
        ban.reverse(2.35, 48.85)


def test_translate_error_keeps_the_reason():
    assert "GeocoderTimedOut: timed out" in str(
        translate_error(geopy_exc.GeocoderTimedOut("timed out"))
    )


# --- Nominatim -----------------------------------------------------------------------------------

NOMINATIM_SEARCH = [
    {
        "place_id": 1,
        "osm_type": "node",
        "osm_id": 42,
        "lat": "48.8440",
        "lon": "2.3493",
        "class": "place",
        "type": "house",
        "importance": 0.42,
        "display_name": "28, Rue Mouffetard, Paris 5e Arrondissement, Paris, 75005, France",
        "address": {
            "house_number": "28",
            "road": "Rue Mouffetard",
            "city": "Paris",
            "postcode": "75005",
            "country_code": "fr",
        },
    },
    {
        "place_id": 2,
        "lat": "48.8425",
        "lon": "2.3499",
        "class": "highway",
        "type": "residential",
        "display_name": "Rue Mouffetard, Paris, 75005, France",
        "address": {"road": "Rue Mouffetard", "city": "Paris", "postcode": "75005"},
    },
    {
        "place_id": 3,
        "lat": "48.8462",
        "lon": "2.3464",
        "class": "amenity",
        "type": "university",
        "display_name": "Panthéon, Paris, France",
        "address": {"city": "Paris"},
    },
]


@pytest.fixture
def nominatim():
    return NominatimGeocoder(
        domain="nominatim.example.org",
        timeout=3,
        user_agent="belvedere-tests",
        min_delay_seconds=0,
    )


def test_nominatim_search(nominatim, monkeypatch):
    http = FakeHttp(NOMINATIM_SEARCH).install(monkeypatch, Nominatim)
    house, street, other = nominatim.search("28 rue mouffetard", limit=3)
    assert house == Candidate(
        label="28 Rue Mouffetard 75005 Paris",
        lon=2.3493,
        lat=48.844,
        score=0.42,
        postcode="75005",
        kind="housenumber",
    )
    assert (street.kind, street.label) == ("street", "Rue Mouffetard 75005 Paris")
    assert (other.kind, other.label) == ("other", "Panthéon, Paris, France")
    url = http.urls[0]
    assert url.startswith("https://nominatim.example.org/search?")
    assert "bounded=1" in url and "countrycodes=fr" in url and "addressdetails=1" in url


def test_nominatim_reverse(nominatim, monkeypatch):
    http = FakeHttp(NOMINATIM_SEARCH[0]).install(monkeypatch, Nominatim)
    found = nominatim.reverse(2.3493, 48.844)
    assert found is not None and found.label == "28 Rue Mouffetard 75005 Paris"
    assert http.urls[0].startswith("https://nominatim.example.org/reverse?")


def test_nominatim_nothing_found(nominatim, monkeypatch):
    FakeHttp([]).install(monkeypatch, Nominatim)
    assert nominatim.search("nowhere") == []


def test_nominatim_timeout_is_unavailable(nominatim, monkeypatch):
    FakeHttp(error=geopy_exc.GeocoderTimedOut("timed out")).install(monkeypatch, Nominatim)
    with pytest.raises(GeocoderUnavailable):
        nominatim.search("28 rue mouffetard")


def test_nominatim_calls_are_spaced_by_the_rate_limiter(monkeypatch):
    FakeHttp(NOMINATIM_SEARCH).install(monkeypatch, Nominatim)
    geocoder = NominatimGeocoder(
        domain="nominatim.example.org", timeout=3, user_agent="t", min_delay_seconds=0.2
    )
    started = time.monotonic()
    geocoder.search("a b")
    geocoder.reverse(2.35, 48.85)  # searches and reverse look-ups share the limiter
    geocoder.search("c d")
    assert time.monotonic() - started >= 0.39
