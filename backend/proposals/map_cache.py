"""The map's tiles kept in Redis (ADR 0008), and forgotten when a proposal changes.

Each campaign has a version number in the cache, changed after every committed change to one of
its proposals (``signals.py``); a tile is stored with the version of its campaign (or, for a
map of every campaign, the version that changes with any proposal) and read beside it in one
round trip, so a change makes every tile of its campaign stale at once, without looking them
up. Versions start at the
clock's nanoseconds, so a version lost by Redis never comes back with an old number. Tiles also
expire after ``TILE_SECONDS``: a change whose version could not be written (Redis down at that
moment) is seen at the latest then.

The cache is an accelerator only: when Redis cannot be reached, tiles are computed every time
and changes are still accepted (a warning is logged).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Mapping

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

TILE_SECONDS = 600
EVERY_CAMPAIGN = "*"
_EPOCH = "map:epoch"


def _version_key(campaign: str) -> str:
    return f"map:version:{campaign}"


def map_version_bump(*, campaign: str) -> None:
    """Forget every cached tile of ``campaign`` (a slug) and of the map of every campaign."""
    try:
        for key in (_version_key(campaign), _version_key(EVERY_CAMPAIGN)):
            try:
                cache.incr(key)
            except ValueError:  # not there yet (or lost): a new number
                cache.set(key, time.time_ns(), timeout=None)
    except RedisError:  # Redis down: tiles expire on their own (TILE_SECONDS)
        logger.warning("map tiles of %s not forgotten: the cache is unreachable", campaign)


def map_cache_clear() -> None:
    """Forget every cached tile (tests start from an empty cache, whatever ran before)."""
    cache.set(_EPOCH, time.time_ns(), timeout=None)


def cached_tile(
    *,
    campaign: str | None,
    filters: Mapping[str, object],
    tile: tuple[int, int, int],
    compute: Callable[[], bytes],
) -> bytes:
    """The tile's body from the cache, or ``compute()``d and stored. ``filters`` are the
    validated filter values (they make the key, with the campaign's version)."""
    described = repr(sorted((k, repr(v)) for k, v in filters.items()))
    digest = hashlib.blake2b(described.encode(), digest_size=12).hexdigest()
    z, x, y = tile
    name = campaign or EVERY_CAMPAIGN
    # One round trip when the tile is there: the tile is stored with the versions it was
    # computed under, and read beside the current ones.
    keys = [_EPOCH, _version_key(name), f"map:tile:{name}:{digest}:{z}/{x}/{y}"]
    try:
        found = cache.get_many(keys)
        for key in keys[:2]:
            if key not in found:
                cache.add(key, time.time_ns(), timeout=None)
                found[key] = cache.get(key)
    except RedisError:
        logger.warning("map tile computed without the cache: the cache is unreachable")
        return compute()
    current = (found[keys[0]], found[keys[1]])
    kept = found.get(keys[2])
    if kept is not None and tuple(kept[:2]) == current:
        return bytes(kept[2])
    body = compute()
    try:
        cache.set(keys[2], (*current, body), timeout=TILE_SECONDS)
    except RedisError:
        logger.warning("map tile not kept: the cache is unreachable")
    return body
