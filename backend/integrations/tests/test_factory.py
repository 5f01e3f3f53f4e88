"""Choosing the back end from the settings; the fake; the offline back end as an adapter, over a
stand-in address index (the real one, the application's tables, is tested with the application)."""

from dataclasses import dataclass

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
    geocoder = get_geocoder(address_index=INDEX)
    assert isinstance(geocoder, cls)
    # one instance per configuration (and rate limiter)
    assert get_geocoder(address_index=INDEX) is geocoder


def test_ban_local_needs_the_address_index(settings):
    settings.GEOCODER_BACKEND = "ban-local"
    with pytest.raises(ImproperlyConfigured, match="address_index"):
        get_geocoder()
    assert get_geocoder(address_index=INDEX).index is INDEX  # type: ignore[attr-defined]


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
        assert get_geocoder(address_index=INDEX) is fake
    assert get_geocoder(address_index=INDEX) is not fake


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


def test_ban_local_adapter():
    geocoder = BanLocalGeocoder(index=INDEX, max_reverse_distance_m=250.0)
    [found] = geocoder.search("12 bis r des rosiers", limit=1)
    assert found.label == "12 bis Rue des Rosiers 75004 Paris"
    assert (found.kind, found.postcode, found.citycode) == ("housenumber", "75004", "75104")
    assert found.extra == {"street": "Rue des Rosiers", "number": 12, "rep": "b", "exact": True}
    assert geocoder.search("nowhere", limit=5) == []
    assert INDEX.searched[-2:] == [("12 bis r des rosiers", 1), ("nowhere", 5)]

    near = geocoder.reverse(2.3585, 48.8571)
    assert near is not None
    assert (near.label, near.score, near.kind) == (
        "12 bis Rue des Rosiers 75004 Paris",
        1.0,
        "housenumber",
    )
    assert near.extra["distance_m"] == 7.5
    assert INDEX.asked_near[-1] == (2.3585, 48.8571, 250.0)
    assert geocoder.reverse(2.0, 48.0) is None


@dataclass(frozen=True)
class Hit:
    label: str = "12 bis Rue des Rosiers 75004 Paris"
    lon: float = 2.35846
    lat: float = 48.85706
    score: float = 0.97
    postcode: str = "75004"
    citycode: str = "75104"
    kind: str = "housenumber"
    street: str = "Rue des Rosiers"
    number: int = 12
    rep: str = "b"
    exact: bool = True
    distance_m: float = 7.5


class StandInIndex:
    """An address index answering one address: what the adapter does with the index's answers."""

    def __init__(self) -> None:
        self.searched: list[tuple[str, int]] = []
        self.asked_near: list[tuple[float, float, float]] = []

    def search(self, query: str, *, limit: int) -> list[Hit]:
        self.searched.append((query, limit))
        return [Hit()][:limit] if "rosiers" in query else []

    def nearest(self, *, lon: float, lat: float, max_distance_m: float) -> Hit | None:
        self.asked_near.append((lon, lat, max_distance_m))
        return Hit() if lat > 48.5 else None


INDEX = StandInIndex()
