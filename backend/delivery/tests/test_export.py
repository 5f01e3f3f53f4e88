"""The delivered projects in the shape Paris publishes its winning projects: the city's columns
(as its own file spells them, compared with the file when it is at hand), its values, and a
valid GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from delivery.export import COLUMNS, PARIS_COLUMNS, postcode
from delivery.models import Delivery, Status
from delivery.services import delivery_update, milestone_add

pytestmark = pytest.mark.django_db

# The header of bp_projets_gagnants.csv (opendata.paris.fr), copied from the file.
CITY_HEADER = (
    "Identifiant du projet lauréat;Lien URL vers le projet soumis au vote;Lien URL vers le projet "
    "lauréat;Edition;Titre du projet lauréat;Thématique;Direction pilote du projet lauréat;Budget "
    "global du projet lauréat;Echelle du Budget participatif;Adresse du projet lauréat;"
    "Arrondissement du projet lauréat;Projet en Quartier populaire;Avancement du projet;Date de "
    "début des études du projet;Date de lancement des procédures du projet;Date de lancement des "
    "travaux du projet;Date prévisonnelle de livraison du projet;Date d'ouverture du projet au "
    "public;Dernière mise à jour des données du projet"
)
CITY_FILE = Path("/work/shared/data/paris/bp-projets-gagnants.csv")


def test_the_columns_are_the_citys():
    assert CITY_HEADER.split(";") == PARIS_COLUMNS
    assert COLUMNS[: len(PARIS_COLUMNS)] == PARIS_COLUMNS
    if CITY_FILE.exists():
        with CITY_FILE.open(encoding="utf-8-sig", newline="") as f:
            assert next(csv.reader(f, delimiter=";")) == PARIS_COLUMNS


def test_postcodes_as_the_city_writes_them():
    assert postcode("paris-05", "arrondissements") == "75005"
    assert postcode("paris-19", "arrondissements") == "75019"
    assert postcode("paris-centre", "arrondissements") == "75123"
    assert postcode("paris", "city") == "75004"


@pytest.fixture
def delivered(winners, official):
    now = timezone.now()
    garden = winners["delivery"]
    for day, kind in (
        (date(2026, 1, 10), "study"),
        (date(2026, 3, 2), "works"),
        (date(2026, 6, 20), "opening"),
        (date(2026, 2, 1), "study"),
    ):
        milestone_add(delivery=garden, actor=official, now=now, date=day, kind=kind, text="Étape.")
    delivery_update(
        delivery=garden,
        actor=official,
        now=now,
        status=Status.DELIVERED,
        budget_spent=118_500,
        services=["Direction des Espaces Verts et de l’Environnement", "=HYPERLINK(1)"],
        address="Rue Mouffetard",
    )
    return winners


def test_csv_in_the_citys_shape(delivered, api):
    response = api.get("/api/v1/deliveries/delivered.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == COLUMNS
    [row] = rows  # only the delivered project; the benches and the canal are still studied
    garden = delivered["garden"]
    assert row["Identifiant du projet lauréat"] == str(garden.pk)
    assert row["Lien URL vers le projet lauréat"].endswith(f"/realisations/{garden.pk}")
    assert row["Titre du projet lauréat"] == garden.title
    assert row["Direction pilote du projet lauréat"] == (
        "Direction des Espaces Verts et de l’Environnement"
    )
    assert row["Budget global du projet lauréat"] == "120000"
    assert row["Echelle du Budget participatif"] == "Budget participatif d’arrondissement"
    assert row["Adresse du projet lauréat"] == "Rue Mouffetard"
    assert row["Arrondissement du projet lauréat"] == "75005"
    assert row["Projet en Quartier populaire"] == "Oui"
    assert row["Avancement du projet"] == "FIN"
    assert row["Date de début des études du projet"] == "2026-01"  # the first of two
    assert row["Date de lancement des procédures du projet"] == ""
    assert row["Date de lancement des travaux du projet"] == "2026-03"
    assert row["Date d'ouverture du projet au public"] == "2026-06"
    assert row["Edition"] == str(delivered["campaign"].phases.get(phase="voting").start.year)
    assert row["Budget dépensé du projet lauréat"] == "118500"
    assert row["Services en charge du projet lauréat"].endswith(" | =HYPERLINK(1)")


def test_a_cell_a_spreadsheet_would_run_is_quoted(delivered, official, api):
    delivery_update(
        delivery=delivered["delivery"], actor=official, now=timezone.now(), address="=1+1"
    )
    text = api.get("/api/v1/deliveries/delivered.csv").content.decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["Adresse du projet lauréat"] == "'=1+1"


def test_csv_filters(delivered, api):
    assert (
        api.get("/api/v1/deliveries/delivered.csv", {"area": "paris-19"})
        .content.decode("utf-8-sig")
        .count("\r\n")
        == 1
    )  # the header alone
    Delivery.objects.filter(pk=delivered["canal"].pk).update(status=Status.DELIVERED)
    body = api.get("/api/v1/deliveries/delivered.csv", {"area": "paris-19"}).content
    assert body.decode("utf-8-sig").count("\r\n") == 2


def test_geojson_is_valid_and_carries_the_same_properties(delivered, api):
    response = api.get("/api/v1/deliveries/delivered.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = json.loads(response.content)
    assert body["type"] == "FeatureCollection"
    assert "opendata.paris.fr" in body["attribution"]
    [feature] = body["features"]
    assert set(feature) == {"type", "id", "geometry", "properties"}
    assert feature["type"] == "Feature" and feature["id"] == delivered["garden"].pk
    geometry = feature["geometry"]
    assert geometry["type"] == "Point"
    lon, lat = geometry["coordinates"]
    assert 2.22 < lon < 2.47 and 48.81 < lat < 48.91  # RFC 7946: longitude first, in Paris
    assert list(feature["properties"]) == COLUMNS
    assert feature["properties"]["Avancement du projet"] == "FIN"
    assert "crs" not in body


def test_a_bad_filter_is_a_400(api, winners):
    response = api.get("/api/v1/deliveries/delivered.geojson", {"status": "nope"})
    assert response.status_code == 400
