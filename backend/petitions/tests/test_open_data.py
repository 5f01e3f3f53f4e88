"""Open data and the public map: published petitions with their counts, never a signer's
identity (whether or not they chose to show their name), never a pending one."""

import csv
import io
import json

import pytest

from accounts.tests.factories import UserFactory
from geo.models import Area
from petitions.models import Petition, Signature

from .factories import PetitionFactory, SignatureFactory, pending_petition

pytestmark = pytest.mark.django_db
URL = "/api/v1/petitions/"


@pytest.fixture
def world():
    petition = PetitionFactory(signature_count=3, title="Des fontaines rue Mouffetard")
    hidden = UserFactory(display_name="Hortense Cachée", email="hortense@example.org")
    shown = UserFactory(display_name="Victor Visible", email="victor@example.org")
    held = UserFactory(display_name="Rita Retenue", email="rita@example.org")
    SignatureFactory(petition=petition, user=hidden, show_name=False)
    SignatureFactory(petition=petition, user=shown, show_name=True)
    SignatureFactory(petition=petition, user=UserFactory(), area=Area.objects.get(code="paris-19"))
    SignatureFactory(
        petition=petition,
        user=held,
        show_name=True,
        status=Signature.Status.HELD,
        held_reason="new_account",
    )
    secret = pending_petition(title="Une pétition encore en modération")
    return petition, secret


NAMES = [
    "Hortense",
    "Cachée",
    "Victor",
    "Visible",
    "Rita",
    "hortense@",
    "victor@",
    "rita@",
    "1980-05-17",
]


def test_csv_has_counts_and_no_identity(api, world):
    petition, secret = world
    response = api.get(URL + "export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    for name in NAMES:
        assert name not in text, name
    assert secret.title not in text
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [int(r["id"]) for r in rows] == [petition.pk]
    row = rows[0]
    assert row["signature_count"] == "3" and row["authority"] == "paris-05"
    assert row["signatures_paris-05"] == "2" and row["signatures_paris-19"] == "1"
    assert row["signatures_paris-centre"] == "0"  # every arrondissement has its column


def test_geojson_has_counts_and_no_identity(api, world):
    petition, _ = world
    response = api.get(URL + "export.geojson")
    assert response["Content-Type"].startswith("application/geo+json")
    text = response.content.decode()
    for name in NAMES:
        assert name not in text, name
    body = json.loads(text)
    (feature,) = body["features"]
    assert feature["id"] == petition.pk
    assert feature["geometry"]["type"] == "Point"
    assert feature["properties"]["counts_by_area"]["paris-05"] == 2
    assert feature["properties"]["signature_count"] == 3


def test_detail_and_signers_never_name_who_chose_not(api, world):
    petition, _ = world
    text = (
        api.get(f"{URL}{petition.pk}/").content.decode()
        + api.get(f"{URL}{petition.pk}/signatures/").content.decode()
    )
    assert "Victor Visible" in text
    for name in ("Hortense", "Rita", "hortense@", "victor@", "1980-05-17"):
        assert name not in text, name


def test_map_holds_published_located_petitions(api, world):
    petition, secret = world
    PetitionFactory(location=None)
    body = api.get(URL + "map/").json()
    assert [f["id"] for f in body["features"]] == [petition.pk]
    assert body["features"][0]["properties"] == {
        "title": petition.title,
        "status": "open",
        "signature_count": 3,
    }
    assert Petition.objects.filter(pk=secret.pk, location__isnull=False).exists()
