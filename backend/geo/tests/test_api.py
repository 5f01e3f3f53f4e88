import pytest
from django.contrib.gis.geos import Point

from core.errors import OutsideCity
from core.testing.api import assert_error
from geo.models import Area, District
from geo.selectors import point_locate


@pytest.mark.django_db
class TestReferenceData:
    def test_counts(self):
        assert District.objects.filter(level="arrondissement").count() == 20
        assert District.objects.filter(level="quartier").count() == 80
        assert Area.objects.get(code="paris-centre").districts.count() == 4
        assert Area.objects.count() == 18  # Paris, Paris Centre, 5e..20e

    @pytest.mark.parametrize(
        ("lon", "lat", "arrondissement", "quartier"),
        [
            (2.3461, 48.8462, "75105", "Sorbonne"),  # Panthéon
            (2.2945, 48.8584, "75107", "Gros-Caillou"),  # Tour Eiffel
            (2.3828, 48.8809, "75119", "Combat"),  # Buttes-Chaumont
            (2.2522, 48.8629, "75116", "Muette"),  # Bois de Boulogne
        ],
    )
    def test_point_locate(self, lon, lat, arrondissement, quartier):
        placement = point_locate(point=Point(lon, lat, srid=4326))
        assert placement.arrondissement.code == arrondissement
        assert placement.quartier.name == quartier

    def test_outside(self):
        with pytest.raises(OutsideCity):
            point_locate(point=Point(2.44, 48.80, srid=4326))  # Ivry-sur-Seine


@pytest.mark.django_db
class TestDistrictsAPI:
    def test_arrondissements_geojson(self, api, django_assert_max_num_queries):
        with django_assert_max_num_queries(2):
            body = api.get("/api/v1/districts/", {"level": "arrondissement"}).json()
        assert body["type"] == "FeatureCollection"
        assert len(body["features"]) == 20
        fifth = next(f for f in body["features"] if f["properties"]["code"] == "75105")
        assert fifth["properties"]["name"] == "5e arrondissement"
        assert fifth["properties"]["official_name"] == "Panthéon"
        assert fifth["geometry"]["type"] == "MultiPolygon"

    def test_quartiers_with_parent(self, api):
        body = api.get("/api/v1/districts/", {"level": "quartier", "parent": "75105"}).json()
        assert len(body["features"]) == 4
        assert {f["properties"]["parent"] for f in body["features"]} == {"75105"}

    def test_bad_level(self, api):
        response = api.get("/api/v1/districts/", {"level": "region"})
        assert response.status_code == 400
        assert "level" in response.json()["errors"]

    @pytest.mark.parametrize(
        "params",
        [{"level": ""}, {"parent": ""}, {"parent": "75199"}, {"parent": "7510517"}],
    )
    def test_empty_and_unknown_values_are_400_naming_the_parameter(self, api, params):
        assert_error(api.get("/api/v1/districts/", params), 400, "invalid", *params)
