"""The geocoding service: the offline back end on the real address tables, error translation, and
the one rule for accepting a result (a fake at the adapter where the answer must be chosen)."""

import pytest
from django.contrib.gis.geos import Point
from django.test import override_settings

from addresses.errors import GeocoderFailed, GeocodingUnavailable
from addresses.geocoding import (
    ADDRESS_INDEX,
    MIN_SCORE,
    address_check,
    address_geocode,
    address_place,
    address_reverse,
    candidate_refusal,
    geocoder,
)
from core.errors import AddressNotFound, OutsideCity
from geo.selectors import point_locate
from integrations.geocoder import Candidate, GeocoderError, GeocoderUnavailable, override_geocoder
from integrations.geocoder.ban_local import BanLocalGeocoder
from integrations.geocoder.fake import FakeGeocoder

pytestmark = pytest.mark.django_db

MOUFFETARD = Candidate(
    label="28 Rue Mouffetard 75005 Paris", lon=2.3497, lat=48.8440, score=0.9, postcode="75005"
)


class AnswersEverything:
    """A geocoder giving the same candidates whatever the query."""

    name = "answers-everything"

    def __init__(self, *candidates):
        self.candidates = list(candidates)

    def search(self, query, *, limit=5):
        return self.candidates[:limit]

    def reverse(self, lon, lat):
        return self.candidates[0] if self.candidates else None


# --- the offline back end, on the application's tables --------------------------------------------


@override_settings(GEOCODER_BACKEND="ban-local")
def test_the_offline_geocoder_searches_the_address_tables(address):
    local = geocoder()
    assert isinstance(local, BanLocalGeocoder)
    assert local.index is ADDRESS_INDEX
    [found] = local.search("12 bis r des rosiers", limit=1)
    assert found.label == "12 bis Rue des Rosiers 75004 Paris"
    assert (found.kind, found.postcode, found.citycode) == ("housenumber", "75004", "75104")
    assert found.extra == {"street": "Rue des Rosiers", "number": 12, "rep": "b", "exact": True}

    nearest = local.reverse(found.lon, found.lat)
    assert nearest is not None
    assert nearest.label == "12 bis Rue des Rosiers 75004 Paris"
    assert nearest.extra["distance_m"] == pytest.approx(0, abs=0.01)
    far = BanLocalGeocoder(index=ADDRESS_INDEX, max_reverse_distance_m=50)
    assert far.reverse(2.2605, 48.8628) is None


@override_settings(GEOCODER_BACKEND="ban-local")
def test_address_place_with_the_offline_geocoder(address):
    place = address_place(address="21 place du pantheon 75005")
    expected = address("Place du Panthéon", 21)
    assert place.label == "21 Place du Panthéon 75005 Paris"
    assert place.score >= MIN_SCORE
    assert (place.lon, place.lat) == (expected.point.x, expected.point.y)
    assert place.arrondissement.code == "75105"
    assert place.quartier is not None and place.quartier.parent_id == place.arrondissement.id
    assert place.point.srid == 4326


# --- the one rule ---------------------------------------------------------------------------------


def _placement(candidate):
    try:
        return point_locate(point=Point(candidate.lon, candidate.lat, srid=4326))
    except OutsideCity:
        return None


@pytest.mark.parametrize(
    ("changes", "refusal", "words"),
    [
        ({}, None, ""),
        ({"score": MIN_SCORE}, None, ""),
        ({"postcode": ""}, None, ""),  # no postcode: the point decides
        ({"postcode": "75116", "lon": 2.2769, "lat": 48.8637}, None, ""),  # north of the 16th
        ({"score": MIN_SCORE - 0.01}, AddressNotFound, "confidently"),
        ({"postcode": "92100"}, AddressNotFound, "92100, which is not in Paris"),
        ({"postcode": "75021"}, AddressNotFound, "75021, which is not in Paris"),
        ({"postcode": "", "lon": 2.1204, "lat": 48.8049}, OutsideCity, "outside Paris"),
        ({"postcode": "75005", "lon": 2.44, "lat": 48.80}, OutsideCity, "outside Paris"),
    ],
)
def test_candidate_refusal(changes, refusal, words):
    candidate = Candidate(**{**MOUFFETARD.__dict__, **changes})
    found = candidate_refusal(candidate, _placement(candidate))
    if refusal is None:
        assert found is None
    else:
        assert type(found) is refusal
        assert words in found.message


def test_address_geocode_keeps_the_accepted_results_in_order():
    far = Candidate(label="Place d'Armes 78000 Versailles", lon=2.1204, lat=48.8049, score=0.95)
    second = Candidate(label="2 Rue Monge 75005 Paris", lon=2.3515, lat=48.8476, score=0.7)
    weak = Candidate(label="4 Rue Monge 75005 Paris", lon=2.3516, lat=48.8475, score=0.2)
    with override_geocoder(AnswersEverything(far, MOUFFETARD, weak, second)):
        results = address_geocode(query="mouffetard", limit=5)
    assert [r.label for r in results] == [MOUFFETARD.label, second.label]
    assert [r.arrondissement.code for r in results] == ["75105", "75105"]


def test_address_geocode_checks_all_results_in_one_query(django_assert_num_queries):
    many = [
        Candidate(label=f"{n} Rue Mouffetard 75005 Paris", lon=2.3497, lat=48.8440, score=0.9)
        for n in range(20)
    ]
    with override_geocoder(AnswersEverything(*many)), django_assert_num_queries(1):
        assert len(address_geocode(query="mouffetard", limit=20)) == 20


def test_address_place_takes_the_best_accepted_candidate():
    far = Candidate(label="Place d'Armes 78000 Versailles", lon=2.1204, lat=48.8049, score=0.95)
    with override_geocoder(AnswersEverything(far, MOUFFETARD)):
        assert address_place(address="28 rue mouffetard").label == MOUFFETARD.label


def test_address_place_within_arrondissements():
    with override_geocoder(AnswersEverything(MOUFFETARD)):
        assert address_place(address="x", within={"75105"}).arrondissement.code == "75105"
        with pytest.raises(AddressNotFound, match="5e arrondissement, not in the expected") as e:
            address_place(address="x", within={"75101", "75102"})
    assert e.value.errors == {"address": [e.value.message]}


@pytest.mark.parametrize(
    ("candidates", "error", "words"),
    [
        ([], AddressNotFound, "No address in Paris matches this text."),
        ([Candidate(label="Weak", lon=2.35, lat=48.85, score=0.2)], AddressNotFound, "Weak"),
        (
            # a confident match outside Paris says more than a weak one inside
            [
                Candidate(label="Weak", lon=2.35, lat=48.85, score=0.2),
                Candidate(label="Versailles", lon=2.1204, lat=48.8049, score=0.9),
            ],
            OutsideCity,
            "« Versailles » is outside Paris.",
        ),
    ],
)
def test_address_place_says_why_not(candidates, error, words):
    with override_geocoder(AnswersEverything(*candidates)), pytest.raises(error) as raised:
        address_place(address="somewhere")
    assert words in raised.value.message
    assert list(raised.value.errors) == ["address"]


def test_address_place_refuses_an_empty_address():
    fake = FakeGeocoder()
    with override_geocoder(fake), pytest.raises(AddressNotFound):
        address_place(address="  ")
    assert fake.calls == []


@pytest.mark.parametrize(
    ("error", "ours"),
    [
        (GeocoderUnavailable("timed out"), GeocodingUnavailable),
        (GeocoderError("400"), GeocoderFailed),
    ],
)
def test_adapter_errors_become_application_errors(error, ours):
    with override_geocoder(FakeGeocoder(error=error)):
        for call in (
            lambda: address_geocode(query="rue de rivoli"),
            lambda: address_place(address="rue de rivoli"),
            lambda: address_reverse(lon=2.35, lat=48.85),
        ):
            with pytest.raises(ours) as raised:
                call()
            assert raised.value.__cause__ is error


def test_address_check():
    address_check(address="28 rue Mouffetard 75005 Paris")
    address_check(address="28 rue Mouffetard")
    with pytest.raises(AddressNotFound, match="78000") as raised:
        address_check(address="1 place d'Armes 78 000 Versailles")
    assert list(raised.value.errors) == ["address"]


def test_reverse_holds_the_answer_to_the_paris_rule():
    boulogne = Candidate(
        label="1 Rue de Paris 92100 Boulogne", lon=2.2440, lat=48.8420, score=1.0, postcode="92100"
    )
    with override_geocoder(AnswersEverything(boulogne)), pytest.raises(AddressNotFound) as raised:
        address_reverse(lon=2.2530, lat=48.8430)  # in the 16th, near the city limit
    assert "92100" in raised.value.message
    assert list(raised.value.errors) == ["location"]
