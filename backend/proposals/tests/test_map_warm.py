"""The tiles a large campaign's map opens on are computed after a change, before anyone asks
(``proposals.map_warm``): the tiles they cover are right, readers then find them in the cache,
a burst of changes queues one warming, and small campaigns are left alone."""

import json
import random

import pytest
from django.contrib.gis.geos import Point
from hypothesis import given, settings
from hypothesis import strategies as st

from core.tiles import tile_bounds
from proposals import map_warm
from proposals.tests.factories import PANTHEON, ProposalFactory
from proposals.tests.test_map_tiles import spread, tile_of, tile_url

pytestmark = pytest.mark.django_db

PARIS = (2.224, 48.815, 2.470, 48.902)


@settings(max_examples=200, deadline=None)
@given(
    lon=st.floats(-179.9, 179.9),
    lat=st.floats(-84.0, 84.0),
    width=st.floats(0, 2.0),
    height=st.floats(0, 1.0),
    z=st.integers(0, 16),
)
def test_the_tiles_covering_an_extent_are_those_that_meet_it(lon, lat, width, height, z):
    east, north = min(lon + width, 179.99), min(lat + height, 84.5)
    tiles = set(map_warm.tiles_covering((lon, lat, east, north), range(z, z + 1)))
    # Each corner is in a tile of the set (the slippy-map formulas, written apart).
    for corner in ((lon, lat), (east, north), (lon, north), (east, lat)):
        assert (z, *tile_of(*corner, z)) in tiles
    # And every tile of the set meets the extent (its bounds computed the other way round).
    for _, x, y in tiles:
        west_t, south_t, east_t, north_t = tile_bounds(z, x, y)
        eps = 1e-9  # a point on a tile's edge belongs to either side within the float's error
        assert west_t <= east + eps and lon <= east_t + eps
        assert south_t <= north + eps and lat <= north_t + eps
    xs = {x for _, x, _ in tiles}
    ys = {y for _, _, y in tiles}
    assert len(tiles) == len(xs) * len(ys)  # a full rectangle, nothing missing inside


def test_paris_is_warmed_in_a_few_tiles():
    tiles = list(map_warm.tiles_covering(PARIS, map_warm.WARM_ZOOMS))
    # Zoom 10 to 13 over Paris: 2, 3, 8 and 28 tiles (the slippy-map formulas, written apart).
    expected = []
    for z in map_warm.WARM_ZOOMS:
        (x0, y0), (x1, y1) = tile_of(PARIS[0], PARIS[3], z), tile_of(PARIS[2], PARIS[1], z)
        expected.append((x1 - x0 + 1) * (y1 - y0 + 1))
    assert [len([t for t in tiles if t[0] == z]) for z in map_warm.WARM_ZOOMS] == expected
    assert len(tiles) == 41


def test_a_large_campaign_s_tiles_are_read_from_the_cache_after_warming(
    open_campaign, client, monkeypatch
):
    monkeypatch.setattr(map_warm, "WHOLE_MAX", 20)
    spread(open_campaign, 40)
    warmed = map_warm.map_tiles_warm(campaign=open_campaign.slug)
    extent_tiles = [t for t in map_warm.tiles_covering(PARIS, map_warm.WARM_ZOOMS)]
    assert 1 < warmed <= 1 + len(extent_tiles)

    def never(**kwargs):
        raise AssertionError("computed again")

    # Readers asking for the warmed tiles with the map's filters never compute them.
    monkeypatch.setattr(map_warm, "proposal_map_tile", never)
    world = json.loads(client.get(tile_url(0, 0, 0), {"campaign": open_campaign.slug}).content)
    assert world["count"] == 40
    z = 13
    x, y = tile_of(*PANTHEON, z)
    answer = client.get(tile_url(z, x, y), {"campaign": open_campaign.slug})
    assert answer.status_code == 200
    assert json.loads(answer.content)["count"] >= 1
    # Another filter is another tile, computed by its first reader.
    with pytest.raises(AssertionError, match="computed again"):
        client.get(tile_url(z, x, y), {"campaign": open_campaign.slug, "theme": "sport"})


def test_a_small_campaign_is_left_alone(open_campaign, monkeypatch):
    spread(open_campaign, 5)
    asked = []
    monkeypatch.setattr(map_warm, "cached_tile", lambda **kw: asked.append(kw["tile"]) or b"")
    monkeypatch.setattr(map_warm.json, "loads", lambda body: {"count": 5})
    assert map_warm.map_tiles_warm(campaign=open_campaign.slug) == 1
    assert asked == [(0, 0, 0)]


def test_an_unknown_campaign_warms_nothing():
    assert map_warm.map_tiles_warm(campaign="pas-de-campagne") == 0


def test_a_burst_of_changes_queues_one_warming(
    open_campaign, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from proposals import tasks

    cache.delete(f"map:warm:{open_campaign.slug}")
    queued = []
    monkeypatch.setattr(
        tasks.map_tiles_warm_task, "apply_async", lambda args, **kw: queued.append((args, kw))
    )
    rng = random.Random(3)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            ProposalFactory(
                campaign=open_campaign,
                location=Point(2.3 + rng.random() / 10, 48.85 + rng.random() / 50, srid=4326),
            )
    assert queued == [((open_campaign.slug,), {"countdown": map_warm.WARM_DELAY})]
    # Once the delay has passed (its key expired), the next change queues the next warming.
    cache.delete(f"map:warm:{open_campaign.slug}")
    with django_capture_on_commit_callbacks(execute=True):
        ProposalFactory(campaign=open_campaign, location=Point(*PANTHEON, srid=4326))
    assert len(queued) == 2
