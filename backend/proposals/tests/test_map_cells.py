"""The map's counts per cell (``MapCell``, kept by triggers: migration 0004) and the tiles added
up from them (``core.tiles.tile_cells_sql``): after any change of the proposals the cells are
what counting the visible proposals from scratch gives (an oracle written here in Python, with
the slippy-map formulas), and a tile added up from them is the tile counted from the proposals,
for every filter a cell keeps. Two transactions in one cell: ``test_map_cells_race.py``."""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from campaigns.models import Theme
from core.tiles import CELL_LEVELS, tile_cells_sql
from geo.models import Area
from geo.selectors import point_locate
from moderation.services import proposal_hide
from proposals.filters import ProposalTileFilter
from proposals.models import MapCell, Proposal
from proposals.selectors import (
    MAP_CELL_FILTERS,
    TILE_PROPERTIES,
    proposal_map_list,
    proposal_map_tile,
    publicly_visible,
)
from proposals.tests.factories import PANTHEON, ProposalFactory

pytestmark = pytest.mark.django_db

# Points across Paris (lon, lat): each proposal gets the arrondissement, quartier and area of one.
ANCHORS = [
    (2.3461, 48.8462),
    (2.3828, 48.8809),
    (2.2945, 48.8584),
    (2.3522, 48.8566),
    (2.3200, 48.8300),
    (2.4000, 48.8500),
]
STATUSES = [
    Proposal.Status.SUBMITTED,
    Proposal.Status.IN_REVIEW,
    Proposal.Status.MERGED,
    Proposal.Status.WITHDRAWN,
]


def cell_of(lon: float, lat: float, level: int) -> tuple[int, int]:
    """The tile of zoom ``level`` holding a point (OpenStreetMap's wiki's formulas)."""
    scale = 2**level
    x = math.floor((lon + 180.0) / 360.0 * scale)
    y = math.floor((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * scale)
    return x, y


def recount() -> dict[tuple, dict]:
    """The cells counted from scratch: the visible proposals grouped by their filters' values,
    the level and their cell at that level."""
    groups: dict[tuple, list[Proposal]] = defaultdict(list)
    for p in Proposal.objects.filter(publicly_visible(), location__isnull=False):
        for level in CELL_LEVELS:
            key = (
                p.campaign_id,
                p.area_id,
                p.district_id,
                p.quartier_id,
                p.theme_id,
                p.status,
                level,
                *cell_of(p.location.x, p.location.y, level),
            )
            groups[key].append(p)
    return {
        key: {
            "n": len(ps),
            "first_id": min(p.pk for p in ps),
            "last_id": max(p.pk for p in ps),
            "west": min(p.location.x for p in ps),
            "south": min(p.location.y for p in ps),
            "east": max(p.location.x for p in ps),
            "north": max(p.location.y for p in ps),
            "sum_lon": math.fsum(p.location.x for p in ps),
            "sum_lat": math.fsum(p.location.y for p in ps),
        }
        for key, ps in groups.items()
    }


def assert_cells_are_the_recount() -> None:
    kept = {
        (
            c.campaign_id,
            c.area_id,
            c.district_id,
            c.quartier_id,
            c.theme_id,
            c.status,
            c.level,
            c.cx,
            c.cy,
        ): c
        for c in MapCell.objects.filter(n__gt=0)
    }
    expected = recount()
    assert kept.keys() == expected.keys()
    for key, want in expected.items():
        cell = kept[key]
        for name in ("n", "first_id", "last_id", "west", "south", "east", "north"):
            assert getattr(cell, name) == want[name], (key, name)
        for name in ("sum_lon", "sum_lat"):
            assert getattr(cell, name) == pytest.approx(want[name], rel=1e-12), (key, name)


@pytest.fixture
def places(db) -> list[dict]:
    """The arrondissement, quartier and area of each anchor."""
    found = []
    for lon, lat in ANCHORS:
        placement = point_locate(point=Point(lon, lat, srid=4326))
        area = Area.objects.filter(districts=placement.arrondissement).first()
        found.append(
            {
                "district": placement.arrondissement,
                "quartier": placement.quartier,
                "area": area,
                "at": (lon, lat),
            }
        )
    return found


def scatter(campaign, places, count: int, *, seed: int) -> list[Proposal]:
    """``count`` proposals around the anchors (bulk), of several themes and statuses, a few
    hidden, a few waiting for their address (no point yet), some on the edges of cells."""
    rng = random.Random(seed)
    themes = list(Theme.objects.all())
    author = ProposalFactory(campaign=campaign, location=Point(*PANTHEON, srid=4326)).author
    rows = []
    for i in range(count):
        place = rng.choice(places)
        lon = place["at"][0] + rng.uniform(-0.01, 0.01)
        lat = place["at"][1] + rng.uniform(-0.006, 0.006)
        if i % 17 == 0:  # on a cell's west edge: a column of zoom 13 starts there
            lon = (math.floor((lon + 180.0) / 360.0 * 2**13)) / 2**13 * 360.0 - 180.0
        pending = i % 23 == 0
        rows.append(
            Proposal(
                campaign=campaign,
                author=author,
                title=f"Proposition {i}",
                description="Des arbres.",
                theme=rng.choice(themes),
                location=None if pending else Point(lon, lat, srid=4326),
                address="1 rue de Rivoli" if pending else "",
                location_status=(
                    Proposal.LocationStatus.PENDING if pending else Proposal.LocationStatus.PLACED
                ),
                status=rng.choice(STATUSES),
                is_hidden=i % 19 == 0,
                district=place["district"],
                quartier=place["quartier"],
                area=place["area"],
            )
        )
    return Proposal.objects.bulk_create(rows, batch_size=97)


def answers(data: dict, z: int, x: int, y: int) -> tuple[dict, dict]:
    """The tile from the proposals and the same tile added up from the cells."""
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    filterset = ProposalTileFilter(data=query, queryset=proposal_map_list())
    assert filterset.is_valid(), filterset.errors
    assert set(data) <= MAP_CELL_FILTERS
    rows = proposal_map_tile(z=z, x=x, y=y, queryset=filterset.qs)
    cells = proposal_map_tile(
        z=z,
        x=x,
        y=y,
        queryset=filterset.qs,
        cells=filterset.filter_queryset(MapCell.objects.all()),
    )
    return json.loads(rows), json.loads(cells)


def assert_same_tile(rows: dict, cells: dict) -> None:
    assert cells["count"] == rows["count"]
    assert len(cells["features"]) == len(rows["features"])
    for a, b in zip(rows["features"], cells["features"], strict=True):
        assert a.get("id") == b.get("id")
        assert a["properties"] == b["properties"]  # counts, extents, a single's fields
        for u, v in zip(a["geometry"]["coordinates"], b["geometry"]["coordinates"], strict=True):
            assert abs(u - v) <= 1.01e-6  # a mean summed in another order, rounded to 6 places


def tiles_over(places, z: int) -> list[tuple[int, int, int]]:
    """The tiles of zoom ``z`` covering every proposal ``scatter`` may place."""
    lons = [p["at"][0] for p in places]
    lats = [p["at"][1] for p in places]
    x0, y0 = cell_of(min(lons) - 0.011, max(lats) + 0.007, z)
    x1, y1 = cell_of(max(lons) + 0.011, min(lats) - 0.007, z)
    return [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


class TestTheCellsAreTheRecount:
    def test_after_a_bulk_insert(self, open_campaign, places):
        scatter(open_campaign, places, 400, seed=1)
        assert MapCell.objects.filter(n__gt=0).exists()
        assert_cells_are_the_recount()

    def test_after_each_kind_of_change(self, open_campaign, places, administrator):
        proposals = [p for p in scatter(open_campaign, places, 300, seed=2) if p.location]
        rng = random.Random(3)
        picked = rng.sample(proposals, 12)
        # Moved a little (most likely in the same cell: counted once, not twice) and far.
        near = picked[0]
        near.location = Point(near.location.x + 1e-7, near.location.y, srid=4326)
        near.save()
        far = picked[1]
        far.location = Point(*ANCHORS[1], srid=4326)
        far.save(update_fields=["location"])
        assert_cells_are_the_recount()
        # Hidden by moderation, shown again, withdrawn, re-themed, merged (in bulk).
        if picked[2].is_hidden:
            Proposal.objects.filter(pk=picked[2].pk).update(is_hidden=False)
        proposal_hide(
            proposal=picked[3], actor=administrator, reason="Injurieux.", now=timezone.now()
        )
        Proposal.objects.filter(pk=picked[4].pk).update(status=Proposal.Status.WITHDRAWN)
        Proposal.objects.filter(pk__in=[p.pk for p in picked[5:8]]).update(
            theme=Theme.objects.exclude(pk=picked[5].theme_id).first()
        )
        Proposal.objects.filter(campaign=open_campaign, status=Proposal.Status.SUBMITTED).update(
            status=Proposal.Status.IN_REVIEW
        )
        assert_cells_are_the_recount()
        # Placed once its address is found; moved to another area; text edited (no change).
        pending = Proposal.objects.filter(location_status=Proposal.LocationStatus.PENDING).first()
        pending.location = Point(*ANCHORS[2], srid=4326)
        pending.location_status = Proposal.LocationStatus.PLACED
        pending.save()
        Proposal.objects.filter(pk=picked[8].pk).update(
            area=places[1]["area"], district=places[1]["district"], quartier=None
        )
        Proposal.objects.filter(pk=picked[9].pk).update(title="Un autre titre")
        assert_cells_are_the_recount()
        # Deleted, one and many; a whole cell emptied stays, counting nothing.
        Proposal.objects.filter(pk=picked[10].pk).delete()
        Proposal.objects.filter(campaign=open_campaign, theme__slug="sport").delete()
        assert_cells_are_the_recount()
        assert MapCell.objects.filter(n=0, first_id__isnull=True).exists()


class TestATileFromTheCells:
    @pytest.mark.parametrize("z", [10, 11, 12, 13, 14, 15])
    def test_is_the_tile_from_the_proposals(self, open_campaign, places, z):
        scatter(open_campaign, places, 500, seed=z)
        theme = Theme.objects.first().slug
        district = places[0]["district"].code
        quartier = places[3]["quartier"].code
        area = places[1]["area"].code
        filters = [
            {"campaign": open_campaign.slug},
            {"campaign": open_campaign.slug, "theme": theme},
            {"campaign": open_campaign.slug, "status": ["submitted", "merged"]},
            {"campaign": open_campaign.slug, "district": district},
            {"campaign": open_campaign.slug, "district": quartier},
            {"area": area, "theme": theme},
            {},
        ]
        seen = 0
        for data in filters:
            for tile in tiles_over(places, z):
                rows, cells = answers(data, *tile)
                assert_same_tile(rows, cells)
                seen += rows["count"]
        assert seen > 500

    def test_only_up_to_two_zooms_under_the_finest_cells(self, open_campaign):
        with pytest.raises(ValueError, match="up to zoom 15"):
            tile_cells_sql(
                MapCell.objects.all(),
                Proposal.objects.all(),
                geometry="location",
                properties=TILE_PROPERTIES,
                z=16,
                x=0,
                y=0,
            )

    def test_reads_the_cells_not_the_proposals(self, open_campaign, places):
        scatter(open_campaign, places, 200, seed=5)
        query = QueryDict(mutable=True)
        query["campaign"] = open_campaign.slug
        filterset = ProposalTileFilter(data=query, queryset=proposal_map_list())
        assert filterset.is_valid()
        from core.tiles import tile_clusters_sql

        sql, params = tile_cells_sql(
            filterset.filter_queryset(MapCell.objects.all()),
            filterset.qs,
            geometry="location",
            properties=TILE_PROPERTIES,
            z=11,
            x=1036,
            y=704,
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "proposals_mapcell" in plan
        # The proposals only for the singles, by their primary key.
        assert "proposals_proposal_location" not in plan
        raw, raw_params = tile_clusters_sql(
            filterset.qs, geometry="location", properties=TILE_PROPERTIES, z=11, x=1036, y=704
        )
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + raw, raw_params)
            assert "proposals_mapcell" not in "\n".join(r[0] for r in cursor.fetchall())
