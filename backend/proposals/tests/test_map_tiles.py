"""The public map's tiles, ``GET /api/v1/map/proposals/tiles/{z}/{x}/{y}/`` (ADR 0008): the
proposals of a Web Mercator tile counted per cell, the same proposals as the lean path, cached
and forgotten when a proposal changes, bounded coordinates, and a query budget that does not
grow with the data."""

import json
import math
import random

import pytest
from django.contrib.gis.geos import Point
from django.test import override_settings
from django.utils import timezone

from campaigns.models import Theme
from core.testing.api import assert_error
from core.tiles import GRID, MIN_CLUSTER, tile_bounds
from moderation.services import proposal_hide
from proposals.models import Proposal
from proposals.tests.factories import BUTTES_CHAUMONT, PANTHEON, TOUR_EIFFEL, ProposalFactory

pytestmark = pytest.mark.django_db

MAP = "/api/v1/map/proposals/"


def tile_url(z: int, x: int, y: int) -> str:
    return f"/api/v1/map/proposals/tiles/{z}/{x}/{y}/"


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The tile holding a point, from the slippy-map formulas (OpenStreetMap's wiki), written
    apart from the code under test."""
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    lat_r = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(lat_r)) / math.pi) / 2.0 * n)
    return x, y


def body(response) -> dict:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def spread(campaign, count: int, *, seed: int = 7, theme: str = "environnement") -> list:
    """``count`` visible proposals at random points of central Paris (bulk, like a big campaign)."""
    template = ProposalFactory(campaign=campaign, location=Point(*PANTHEON, srid=4326))
    rng = random.Random(seed)
    theme_obj = Theme.objects.get(slug=theme)
    rows = [
        Proposal(
            campaign=campaign,
            author=template.author,
            title=f"Proposition {i}",
            description="Des arbres.",
            theme=theme_obj,
            location=Point(rng.uniform(2.28, 2.41), rng.uniform(48.83, 48.89), srid=4326),
            location_status=Proposal.LocationStatus.PLACED,
            district=template.district,
            quartier=template.quartier,
            area=template.area,
        )
        for i in range(count - 1)
    ]
    return [template, *Proposal.objects.bulk_create(rows)]


@pytest.fixture
def places(open_campaign, administrator):
    """Three proposals around the Panthéon (a cluster), one at the Buttes-Chaumont, one at the
    Eiffel tower; a hidden, a withdrawn one and one of another campaign."""
    near = [
        ProposalFactory(
            campaign=open_campaign,
            title=f"Au Panthéon {i}",
            location=Point(PANTHEON[0] + i * 1e-4, PANTHEON[1], srid=4326),
        )
        for i in range(3)
    ]
    buttes = ProposalFactory(
        campaign=open_campaign,
        title="Un terrain de sport",
        location=Point(*BUTTES_CHAUMONT, srid=4326),
        theme=Theme.objects.get(slug="sport"),
    )
    eiffel = ProposalFactory(campaign=open_campaign, location=Point(*TOUR_EIFFEL, srid=4326))
    hidden = ProposalFactory(campaign=open_campaign, location=Point(*TOUR_EIFFEL, srid=4326))
    proposal_hide(proposal=hidden, actor=administrator, reason="Injurieux.", now=timezone.now())
    ProposalFactory(campaign=open_campaign, status=Proposal.Status.WITHDRAWN)
    other = ProposalFactory(title="Ailleurs")
    return {"near": near, "buttes": buttes, "eiffel": eiffel, "hidden": hidden, "other": other}


class TestCoordinates:
    @pytest.mark.parametrize(
        ("z", "x", "y", "field"),
        [
            ("21", "0", "0", "z"),
            ("-1", "0", "0", "z"),
            ("abc", "0", "0", "z"),
            ("1.5", "0", "0", "z"),
            ("0", "1", "0", "x"),
            ("12", "4096", "0", "x"),
            ("12", "-1", "0", "x"),
            ("12", "2074", "4096", "y"),
            ("12", "2074", "99999999999", "y"),
            ("3", "0", "NaN", "y"),
        ],
    )
    def test_out_of_range_is_a_400_naming_the_coordinate(self, db, api, z, x, y, field):
        assert_error(api.get(f"/api/v1/map/proposals/tiles/{z}/{x}/{y}/"), 400, "invalid", field)

    def test_the_edges_of_the_range_are_tiles(self, db, api):
        for z, x, y in [(0, 0, 0), (20, 2**20 - 1, 2**20 - 1), (20, 0, 0)]:
            assert body(api.get(tile_url(z, x, y))) == {
                "type": "FeatureCollection",
                "count": 0,
                "features": [],
            }

    def test_bad_filters_are_400s_as_on_the_lean_path(self, db, api):
        assert_error(api.get(tile_url(0, 0, 0), {"campaign": "nope"}), 400, "invalid", "campaign")
        assert_error(api.get(tile_url(0, 0, 0), {"theme": ""}), 400, "invalid", "theme")


class TestContent:
    def test_clusters_and_proposals_alone(self, places, api):
        campaign = places["buttes"].campaign.slug
        x, y = tile_of(*PANTHEON, 11)
        assert tile_of(*BUTTES_CHAUMONT, 11) == tile_of(*TOUR_EIFFEL, 11) == (x, y)
        tile = body(api.get(tile_url(11, x, y), {"campaign": campaign}))
        # The 5th, 7th and 19th are in this tile at zoom 11, in three cells of its grid.
        assert tile["count"] == 5
        clusters = [f for f in tile["features"] if "id" not in f]
        alone = {f["id"]: f for f in tile["features"] if "id" in f}
        (cluster,) = clusters
        assert cluster["properties"]["count"] == 3
        west, south, east, north = cluster["properties"]["bbox"]
        assert west == pytest.approx(PANTHEON[0]) and east == pytest.approx(PANTHEON[0] + 2e-4)
        assert south == north == pytest.approx(PANTHEON[1])
        lon, lat = cluster["geometry"]["coordinates"]
        assert lon == pytest.approx(PANTHEON[0] + 1e-4) and lat == pytest.approx(PANTHEON[1])
        # Alone in their cell: the proposals themselves, as the lean path gives them but for
        # their supports (a tile counts proposals, not what people said about them).
        assert set(alone) == {places["buttes"].pk, places["eiffel"].pk}
        lean = {
            f["id"]: f for f in json.loads(api.get(MAP, {"campaign": campaign}).content)["features"]
        }
        for pk, feature in alone.items():
            assert feature["geometry"] == lean[pk]["geometry"]
            lean_properties = {k: v for k, v in lean[pk]["properties"].items() if k != "supports"}
            assert feature["properties"] == {"count": 1, **lean_properties}

    def test_two_in_a_cell_are_two_proposals(self, open_campaign, api):
        a = ProposalFactory(campaign=open_campaign)
        b = ProposalFactory(campaign=open_campaign)
        tile = body(api.get(tile_url(10, *tile_of(*PANTHEON, 10))))
        assert MIN_CLUSTER == 3
        assert {f["id"] for f in tile["features"]} == {a.pk, b.pk}

    def test_the_whole_world_counts_what_the_lean_path_shows(self, places, api):
        for params in [{}, {"theme": "sport"}, {"campaign": places["other"].campaign.slug}]:
            lean = json.loads(api.get(MAP, params).content)
            assert body(api.get(tile_url(0, 0, 0), params))["count"] == lean["count"] > 0

    @pytest.mark.parametrize("z", [11, 13, 15])
    def test_each_proposal_in_exactly_one_tile_and_one_cell(self, open_campaign, api, z):
        proposals = spread(open_campaign, 150, seed=z)
        expected: dict[tuple[int, int], int] = {}
        for p in proposals:
            key = tile_of(p.location.x, p.location.y, z)
            expected[key] = expected.get(key, 0) + 1
        xs = [k[0] for k in expected]
        ys = [k[1] for k in expected]
        counted = {}
        for x in range(min(xs) - 1, max(xs) + 2):
            for y in range(min(ys) - 1, max(ys) + 2):
                tile = body(api.get(tile_url(z, x, y)))
                if tile["count"]:
                    counted[(x, y)] = tile["count"]
                assert sum(f["properties"]["count"] for f in tile["features"]) == tile["count"]
                assert len(tile["features"]) <= GRID * GRID * (MIN_CLUSTER - 1)
                west, south, east, north = tile_bounds(z, x, y)
                for f in tile["features"]:
                    lon, lat = f["geometry"]["coordinates"]
                    assert west - 1e-6 <= lon <= east + 1e-6 and south - 1e-6 <= lat <= north + 1e-6
        assert counted == expected

    def test_never_what_the_public_does_not_see(self, places, api, official):
        z = 18
        x, y = tile_of(*TOUR_EIFFEL, z)
        tile = body(api.get(tile_url(z, x, y)))
        assert [f["id"] for f in tile["features"]] == [places["eiffel"].pk]


class TestCache:
    def test_etag_and_304(self, places, api):
        first = api.get(tile_url(0, 0, 0))
        assert "no-cache" in first["Cache-Control"]
        again = api.get(tile_url(0, 0, 0), HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""

    def test_kept_until_a_proposal_of_the_campaign_changes(
        self, places, api, administrator, django_capture_on_commit_callbacks
    ):
        slug = places["eiffel"].campaign.slug
        url = tile_url(0, 0, 0)
        before = body(api.get(url, {"campaign": slug}))["count"]
        assert body(api.get(url))["count"] == before + 1  # the other campaign's too
        # A change that sends no signal is not seen: the tile came from the cache.
        Proposal.objects.filter(pk=places["buttes"].pk).update(is_hidden=True)
        assert body(api.get(url, {"campaign": slug}))["count"] == before
        # A service's change, once committed, is.
        with django_capture_on_commit_callbacks(execute=True):
            proposal_hide(
                proposal=places["eiffel"],
                actor=administrator,
                reason="Doublon.",
                now=timezone.now(),
            )
        assert body(api.get(url, {"campaign": slug}))["count"] == before - 2
        assert body(api.get(url))["count"] == before - 1  # every campaign's map too

    def test_a_new_proposal_is_seen(self, open_campaign, api, django_capture_on_commit_callbacks):
        url = tile_url(0, 0, 0)
        assert body(api.get(url))["count"] == 0
        with django_capture_on_commit_callbacks(execute=True):
            ProposalFactory(campaign=open_campaign)
        assert body(api.get(url))["count"] == 1

    def test_without_redis_tiles_are_still_answered(self, places, api):
        unreachable = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",
            }
        }
        with override_settings(CACHES=unreachable):
            assert body(api.get(tile_url(0, 0, 0)))["count"] == 6
            assert body(api.get(tile_url(0, 0, 0)))["count"] == 6


class TestQueryBudget:
    """Counted with the cache empty (each test starts so) and then warm."""

    @pytest.mark.parametrize("size", [5, 200])
    def test_a_tile(self, open_campaign, api, django_assert_max_num_queries, size):
        spread(open_campaign, size)
        params = {"campaign": open_campaign.slug, "theme": "environnement"}
        x, y = tile_of(*PANTHEON, 12)
        with django_assert_max_num_queries(3):  # campaign and theme checked, the tile
            body(api.get(tile_url(12, x, y), params))
        with django_assert_max_num_queries(2):  # the same from the cache
            body(api.get(tile_url(12, x, y), params))

    @pytest.mark.parametrize("size", [5, 200])
    def test_the_lean_path(self, open_campaign, api, django_assert_max_num_queries, size):
        spread(open_campaign, size)
        with django_assert_max_num_queries(2):  # campaign checked, the collection
            assert body(api.get(MAP, {"campaign": open_campaign.slug}))["count"] == size


def test_the_schema_documents_the_operation():
    from core.testing.geojson import map_schema

    schema = map_schema("/api/v1/map/proposals/tiles/{z}/{x}/{y}/")
    assert schema["parameters"] == {
        "campaign",
        "area",
        "district",
        "theme",
        "status",
        "search",
        "min_supports",
    }
    path = {p["name"]: p for p in schema["operation"]["parameters"] if p["in"] == "path"}
    assert set(path) == {"z", "x", "y"}
    assert all(p["schema"]["type"] == "integer" for p in path.values())
    assert set(schema["properties"]["required"]) == {"count"}
    assert "id" not in schema["feature"].get("required", [])
