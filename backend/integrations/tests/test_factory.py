"""Choosing the back end from the settings; the fake; the offline back end as an adapter."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from integrations.geocoder import Candidate, GeocoderUnavailable, get_geocoder
from integrations.geocoder.ban_local import BanLocalGeocoder
from integrations.geocoder.factory import override_geocoder
from integrations.geocoder.fake import FakeGeocoder
from integrations.geocoder.online import BanGeocoder, NominatimGeocoder


@pytest.mark.parametrize(
    ("backend", "cls"),
    [
        ("ban-local", BanLocalGeocoder),
        ("ban", BanGeocoder),
        ("nominatim", NominatimGeocoder),
        ("fake", FakeGeocoder),
    ],
)
def test_backend_from_settings(settings, backend, cls):
    settings.GEOCODER_BACKEND = backend
    geocoder = get_geocoder()
    assert isinstance(geocoder, cls)
    assert get_geocoder() is geocoder  # one instance per configuration (and rate limiter)


def test_online_settings_reach_geopy(settings):
    settings.GEOCODER_BACKEND = "ban"
    settings.GEOCODER_BAN_DOMAIN = "data.geopf.fr/geocodage"
    settings.GEOCODER_TIMEOUT = 2.5
    settings.GEOCODER_USER_AGENT = "belvedere-test-agent"
    client = get_geocoder().client  # type: ignore[attr-defined]
    assert client.geocode_api == "https://data.geopf.fr/geocodage/search"
    assert client.timeout == 2.5
    assert client.headers["User-Agent"] == "belvedere-test-agent"

    settings.GEOCODER_BACKEND = "nominatim"
    settings.GEOCODER_NOMINATIM_DOMAIN = "nominatim.example.org"
    assert get_geocoder().client.domain == "nominatim.example.org"  # type: ignore[attr-defined]


def test_unknown_backend(settings):
    settings.GEOCODER_BACKEND = "google"
    with pytest.raises(ImproperlyConfigured, match="google"):
        get_geocoder()


def test_override_geocoder():
    fake = FakeGeocoder()
    with override_geocoder(fake):
        assert get_geocoder() is fake
    assert get_geocoder() is not fake


def test_fake_geocoder():
    rivoli = Candidate(label="12 Rue de Rivoli 75004 Paris", lon=2.36, lat=48.856, score=0.9)
    fake = FakeGeocoder(results={"12 Rue de Rivoli": [rivoli]}, reverse_result=rivoli)
    assert fake.search("12  rue de rivoli") == [rivoli]
    assert fake.search("elsewhere") == []
    assert fake.reverse(2.36, 48.856) == rivoli
    assert fake.calls == [
        ("search", "12  rue de rivoli"),
        ("search", "elsewhere"),
        ("reverse", 2.36, 48.856),
    ]
    failing = FakeGeocoder(error=GeocoderUnavailable("down"))
    with pytest.raises(GeocoderUnavailable):
        failing.search("x")


@pytest.mark.django_db
def test_ban_local_adapter():
    geocoder = BanLocalGeocoder()
    [found] = geocoder.search("12 bis r des rosiers", limit=1)
    assert found.label == "12 bis Rue des Rosiers 75004 Paris"
    assert (found.kind, found.postcode, found.citycode) == ("housenumber", "75004", "75104")
    assert found.extra == {"street": "Rue des Rosiers", "number": 12, "rep": "b", "exact": True}

    nearest = geocoder.reverse(found.lon, found.lat)
    assert nearest is not None
    assert nearest.label == "12 bis Rue des Rosiers 75004 Paris"
    assert nearest.extra["distance_m"] == pytest.approx(0, abs=0.01)
    assert BanLocalGeocoder(max_reverse_distance_m=50).reverse(2.2605, 48.8628) is None
