"""The city's tiles of a large campaign computed before anyone asks (ADR 0008, docs/scaling.md
"The map at 10× Paris").

A tile at the city's zooms covers most of the campaign's proposals: added up from the counts per
cell (``MapCell``) it costs a few milliseconds at 200,000 proposals, counted from the proposals
(a map filtered by words or supports) tens to hundreds, paid by the first reader after every
change of the campaign (a change forgets all its tiles, ``map_cache``). So a change also queues,
at most once per ``WARM_DELAY`` seconds per campaign, a task that computes the tiles the map
opens on — the world's tile (whose count tells the map which mode to use) and those covering the
campaign's proposals from zoom ``WARM_ZOOMS[0]`` to ``WARM_ZOOMS[-1]`` — with the filters of the
map as it opens (the campaign alone), and keeps them in the cache under the new version. Readers
of those tiles then find them there; a filtered map's tiles are computed by their first reader.

Small campaigns are left alone: up to ``WHOLE_MAX`` proposals the map asks for the whole campaign
at once, not for tiles.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator

from django.contrib.gis.db.models import Extent
from django.core.cache import cache
from django.http import QueryDict
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from core.tiles import MAX_LATITUDE

from .filters import ProposalTileFilter
from .map_cache import cached_tile
from .models import MapCell
from .selectors import MAP_CELL_FILTERS, proposal_map_list, proposal_map_tile

logger = logging.getLogger(__name__)

# The front end's threshold between the whole campaign and its tiles (frontend/src/map/tiles.ts).
WHOLE_MAX = 5000
WARM_ZOOMS = range(10, 14)
WARM_DELAY = 20  # seconds: changes closer together are warmed once


def map_tile_answer(filterset: ProposalTileFilter, tile: tuple[int, int, int]) -> bytes:
    """The tile ``z/x/y`` of a valid ``filterset``'s proposals, from the cache or computed and
    kept (the map's tile endpoint and the warming share it, so they share the cache's keys)."""
    values = {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "", [])}
    z, x, y = tile

    def compute() -> bytes:
        # Filters a cell keeps: the tile is added up from the cells (the same filters applied to
        # them); words or supports: from the proposals.
        cells = (
            filterset.filter_queryset(MapCell.objects.all())
            if values.keys() <= MAP_CELL_FILTERS
            else None
        )
        return proposal_map_tile(z=z, x=x, y=y, queryset=filterset.qs, cells=cells)

    return cached_tile(campaign=values.get("campaign"), filters=values, tile=tile, compute=compute)


def _column(z: int, longitude: float) -> int:
    return min(2**z - 1, max(0, math.floor((longitude + 180.0) / 360.0 * 2**z)))


def _row(z: int, latitude: float) -> int:
    latitude = max(-MAX_LATITUDE, min(MAX_LATITUDE, latitude))
    y = (1 - math.asinh(math.tan(math.radians(latitude))) / math.pi) / 2 * 2**z
    return min(2**z - 1, max(0, math.floor(y)))


def tiles_covering(
    extent: tuple[float, float, float, float], zooms: range
) -> Iterator[tuple[int, int, int]]:
    """The tiles ``(z, x, y)`` of each zoom that meet ``extent`` (west, south, east, north)."""
    west, south, east, north = extent
    for z in zooms:
        for x in range(_column(z, west), _column(z, east) + 1):
            for y in range(_row(z, north), _row(z, south) + 1):
                yield z, x, y


def map_tiles_warm(*, campaign: str) -> int:
    """Compute and keep the tiles the map of ``campaign`` (a slug) opens on; the number of tiles
    (0 for a small campaign, or an unknown one)."""
    data = QueryDict(mutable=True)
    data["campaign"] = campaign
    filterset = ProposalTileFilter(data=data, queryset=proposal_map_list())
    if not filterset.is_valid():
        return 0
    world = json.loads(map_tile_answer(filterset, (0, 0, 0)))
    if world["count"] <= WHOLE_MAX:
        return 1
    box = filterset.qs.aggregate(extent=Extent("location"))["extent"]
    if box is None:
        return 1
    tiles = list(tiles_covering(box, WARM_ZOOMS))
    for tile in tiles:
        map_tile_answer(filterset, tile)
    return 1 + len(tiles)


def map_tiles_warm_soon(*, campaign: str) -> None:
    """Queue ``map_tiles_warm`` for ``campaign`` in ``WARM_DELAY`` seconds, unless it is queued
    already. Without Redis, nothing is queued (the tiles are computed by their readers)."""
    from .tasks import map_tiles_warm_task

    try:
        if cache.add(f"map:warm:{campaign}", 1, timeout=WARM_DELAY):
            map_tiles_warm_task.apply_async((campaign,), countdown=WARM_DELAY)
    except (BrokerError, RedisError, OSError) as exc:
        logger.warning("map tiles of %s not warmed: %s", campaign, exc)
