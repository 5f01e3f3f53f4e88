"""Server-side clusters per map tile (ADR 0008): the points of a queryset that fall in one Web
Mercator tile ``z/x/y``, counted per cell of a ``GRID`` × ``GRID`` grid over the tile, as a small
GeoJSON FeatureCollection written by PostgreSQL in one query.

A cell holding ``MIN_CLUSTER`` points or more is one cluster Feature, drawn at the mean of its
points, with ``properties = {"count": n, "bbox": [west, south, east, north]}`` (the extent of
its points, where a click on it zooms to) and no ``id``. A cell with fewer points gives each of
them as a Feature of its own, with the row's ``id``, ``count`` 1 and the given properties, as
``core.geojson`` writes them. The collection's ``count`` is the number of points in the tile.

Tiles are half-open (west and north edges in, east and south edges out, as the slippy-map
numbering), so a point on the border of two tiles is counted once; cells likewise.

A tile is computed from the rows it covers (``tile_clusters_sql``), or, up to zoom
``CELL_MAX_ZOOM``, added up from counts kept per cell (``tile_cells_sql``): the same answer,
without reading every point of a wide tile.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from django.contrib.gis.geos import Polygon
from django.db import connections
from django.db.models import F, QuerySet
from rest_framework.exceptions import ValidationError

from .geojson import DECIMALS

MAX_ZOOM = 20
# 4 × 4 cells of 64 pixels in a 256-pixel tile: a cluster marker (28 to 60 pixels wide) fits in
# its cell, and a tile is at most 16 clusters (or 32 single points) whatever the data.
GRID = 4
MIN_CLUSTER = 3
MAX_LATITUDE = 85.0511287798066  # Web Mercator's edge
# The zooms of the cells a campaign's counts are kept at (``proposals.models.MapCell``): a tile of
# zoom z is added up from the coarsest level at or above z + 2 (its grid's cells), so a wide tile
# reads a few coarse cells and a narrow one a few fine cells; tiles up to CELL_LEVELS[-1] - 2.
CELL_LEVELS = (13, 15, 17)
CELL_MAX_ZOOM = CELL_LEVELS[-1] - 2

_NAME = re.compile(r"[a-z][a-z0-9_]*")
_INTEGER = re.compile(r"-?[0-9]{1,12}")


def tile_coordinates(z: str, x: str, y: str) -> tuple[int, int, int]:
    """``z/x/y`` as written in the URL, checked: integers, ``0 <= z <= MAX_ZOOM`` and ``x``, ``y``
    in ``[0, 2**z)``. Anything else is a ``ValidationError`` naming the coordinate (a 400)."""
    errors: dict[str, list[str]] = {}
    values: dict[str, int] = {}
    for name, text in (("z", z), ("x", x), ("y", y)):
        if not _INTEGER.fullmatch(text):
            errors[name] = ["Expected an integer."]
        else:
            values[name] = int(text)
    zoom = values.get("z")
    if zoom is not None and not 0 <= zoom <= MAX_ZOOM:
        errors["z"] = [f"Expected a zoom from 0 to {MAX_ZOOM}."]
    elif zoom is not None:
        for name in ("x", "y"):
            value = values.get(name)
            if value is not None and not 0 <= value < 2**zoom:
                errors[name] = [f"Expected {name} from 0 to {2**zoom - 1} at zoom {zoom}."]
    if errors:
        raise ValidationError(errors)
    return values["z"], values["x"], values["y"]


def tile_longitude(z: int, x: float) -> float:
    """The longitude of the western edge of column ``x`` at zoom ``z``."""
    return x / 2**z * 360.0 - 180.0


def tile_latitude(z: int, y: float) -> float:
    """The latitude of the northern edge of row ``y`` at zoom ``z`` (Web Mercator)."""
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / 2**z))))


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a tile in WGS84 degrees."""
    return (
        tile_longitude(z, x),
        tile_latitude(z, y + 1),
        tile_longitude(z, x + 1),
        tile_latitude(z, y),
    )


def cell_sql(lon: str, lat: str, zoom: int) -> tuple[str, str]:
    """SQL for the column and the row of the Web Mercator tile of zoom ``zoom`` holding the point
    (``lon``, ``lat``, SQL expressions in degrees): the slippy-map numbering, west and north
    edges in. A tile's grid cells are the tiles of zoom ``z + 2``, and ``MapCell``'s the tiles of
    its level (the same expressions in ``proposals`` migration 0004, at zoom 17 shifted right):
    scaling by a power of two is exact, so ``floor(v * 2**17) >> k`` is ``floor(v * 2**(17 - k))``
    and both ways of counting put a point in the same cell."""
    scale = f"{2**zoom}::float8"
    column = f"floor(({lon} + 180::float8) / 360::float8 * {scale})::integer"
    row = f"floor((1::float8 - asinh(tan(radians({lat}))) / pi()) / 2::float8 * {scale})::integer"
    return column, row


def _properties_sql(
    queryset: QuerySet[Any], *, geometry: str, properties: Mapping[str, str]
) -> tuple[str, tuple[Any, ...], str]:
    """The singles' properties: the model's rows joined as Django joins them, looked up by id."""
    for name in properties:
        if not _NAME.fullmatch(name):
            raise ValueError(f"Not a property name: {name!r}")
    columns = {f"p_{name}": F(path) for name, path in properties.items()}
    looked_up = queryset.model._base_manager.order_by().values(
        f_id=F("pk"), f_geometry=F(geometry), **columns
    )
    lookup, lookup_params = looked_up.query.sql_with_params()
    members = ", ".join(f"'{name}', p.\"p_{name}\"" for name in properties)
    return lookup, lookup_params, members


def _features_sql(
    cells: str,
    cells_params: tuple[Any, ...],
    lookup: str,
    lookup_params: tuple[Any, ...],
    members: str,
) -> tuple[str, tuple[Any, ...]]:
    """The tile's collection from ``cells``: SQL of rows ``(n, lon, lat, w, s, e, nn, a, b, cx,
    cy)`` per cell of the grid (``cx``, ``cy`` from 0 to ``GRID - 1`` inside the tile; ``a`` and
    ``b`` the smallest and largest id)."""
    # Only code-given names and Django's own SQL (its parameters kept apart) are put together.
    sql = (
        f"WITH g AS MATERIALIZED ({cells}"  # noqa: S608
        # The envelope's edges are in it: what is on the east or south edge goes to the next tile
        # (kept out after grouping: a condition pushed into the scan would mislead the planner).
        "), c AS (SELECT * FROM g WHERE cx >= 0 AND cx < %s AND cy >= 0 AND cy < %s"
        "), f AS ("
        "SELECT json_build_object('type', 'Feature', "
        "'geometry', json_build_object('type', 'Point', 'coordinates', "
        f"json_build_array(round(c.lon::numeric, {DECIMALS}), round(c.lat::numeric, {DECIMALS}))), "
        "'properties', json_build_object('count', c.n, 'bbox', json_build_array("
        f"round(c.w::numeric, {DECIMALS}), round(c.s::numeric, {DECIMALS}), "
        f"round(c.e::numeric, {DECIMALS}), round(c.nn::numeric, {DECIMALS})))) AS feature, "
        "c.n AS n, c.a AS k FROM c WHERE c.n >= %s "
        "UNION ALL "
        "SELECT json_build_object('type', 'Feature', 'id', p.\"f_id\", "
        f"'geometry', ST_AsGeoJSON(p.\"f_geometry\", {DECIMALS})::json, "
        f"'properties', json_build_object('count', 1, {members})) AS feature, "
        '1 AS n, p."f_id" AS k '
        f'FROM c JOIN ({lookup}) AS p ON p."f_id" IN (c.a, c.b) WHERE c.n < %s'
        ") SELECT json_build_object('type', 'FeatureCollection', "
        "'count', coalesce(sum(f.n), 0), "
        "'features', coalesce(json_agg(f.feature ORDER BY f.k), '[]'::json))::text FROM f"
    )
    params = (*cells_params, GRID, GRID, MIN_CLUSTER, *lookup_params, MIN_CLUSTER)
    return sql, params


def tile_clusters_sql(
    queryset: QuerySet[Any],
    *,
    geometry: str,
    properties: Mapping[str, str],
    z: int,
    x: int,
    y: int,
) -> tuple[str, tuple[Any, ...]]:
    """The SQL (and its parameters) of one query answering the tile ``z/x/y`` of the rows of
    ``queryset`` with a ``geometry`` (the name of a Point field), as text (see the module). The
    queryset's filters are kept as Django wrote them; the spatial index finds the tile's rows."""
    lookup, lookup_params, members = _properties_sql(
        queryset, geometry=geometry, properties=properties
    )
    west, south, east, north = tile_bounds(z, x, y)
    envelope = Polygon.from_bbox((west, south, east, north))
    envelope.srid = 4326
    rows = (
        queryset.filter(**{f"{geometry}__isnull": False, f"{geometry}__bboverlaps": envelope})
        .order_by()
        .values(f_id=F("pk"), f_geometry=F(geometry))
    )
    inner, inner_params = rows.query.sql_with_params()
    column, row = cell_sql("q.lon", "q.lat", z + 2)
    cells = (
        "SELECT count(*) AS n, avg(q.lon) AS lon, avg(q.lat) AS lat, min(q.lon) AS w, "  # noqa: S608
        "min(q.lat) AS s, max(q.lon) AS e, max(q.lat) AS nn, min(q.id) AS a, max(q.id) AS b, "
        f"{column} - %s AS cx, {row} - %s AS cy FROM ("
        'SELECT r."f_id" AS id, ST_X(r."f_geometry") AS lon, ST_Y(r."f_geometry") AS lat '
        f"FROM ({inner}) AS r) AS q GROUP BY cx, cy"
    )
    return _features_sql(cells, (GRID * x, GRID * y, *inner_params), lookup, lookup_params, members)


def tile_cells_sql(
    cells: QuerySet[Any],
    queryset: QuerySet[Any],
    *,
    geometry: str,
    properties: Mapping[str, str],
    z: int,
    x: int,
    y: int,
) -> tuple[str, tuple[Any, ...]]:
    """The same answer as ``tile_clusters_sql`` for a tile of zoom ``z <= CELL_MAX_ZOOM``, added
    up from ``cells``, a queryset of counts per tile of each zoom of ``CELL_LEVELS`` (fields
    ``level``, ``cx``, ``cy``, ``n``, ``sum_lon``, ``sum_lat``, ``west``, ``south``, ``east``,
    ``north``, ``first_id``, ``last_id``: ``proposals.models.MapCell``), already filtered; the
    singles' properties from ``queryset``'s model. It reads the cells of the tile at the coarsest
    level that still draws its grid, not its rows."""
    if not 0 <= z <= CELL_MAX_ZOOM:
        raise ValueError(f"Cells make tiles up to zoom {CELL_MAX_ZOOM}.")
    lookup, lookup_params, members = _properties_sql(
        queryset, geometry=geometry, properties=properties
    )
    level = min(level for level in CELL_LEVELS if level >= z + 2)
    span = 2 ** (level - z)  # cells across the tile
    inner, inner_params = (
        cells.filter(
            level=level,
            n__gt=0,
            cx__gte=x * span,
            cx__lt=(x + 1) * span,
            cy__gte=y * span,
            cy__lt=(y + 1) * span,
        )
        .order_by()
        .values(
            "n",
            "sum_lon",
            "sum_lat",
            "west",
            "south",
            "east",
            "north",
            "first_id",
            "last_id",
            "cx",
            "cy",
        )
        .query.sql_with_params()
    )
    shift = level - z - 2
    sql = (
        "SELECT sum(m.n) AS n, sum(m.sum_lon) / sum(m.n) AS lon, "  # noqa: S608
        "sum(m.sum_lat) / sum(m.n) AS lat, min(m.west) AS w, min(m.south) AS s, "
        "max(m.east) AS e, max(m.north) AS nn, min(m.first_id) AS a, max(m.last_id) AS b, "
        f'(m."cx" >> {shift}) - %s AS cx, (m."cy" >> {shift}) - %s AS cy '
        f"FROM ({inner}) AS m GROUP BY 10, 11"
    )
    return _features_sql(sql, (GRID * x, GRID * y, *inner_params), lookup, lookup_params, members)


def tile_clusters(
    queryset: QuerySet[Any],
    *,
    geometry: str,
    properties: Mapping[str, str],
    z: int,
    x: int,
    y: int,
    cells: QuerySet[Any] | None = None,
) -> bytes:
    """The tile ``z/x/y`` of ``queryset`` as JSON bytes, built by PostgreSQL in one query: added
    up from ``cells`` (the counts of the same rows per cell, ``tile_cells_sql``) when they are
    given and the zoom allows, otherwise from the rows (``tile_clusters_sql``)."""
    if cells is not None and z <= CELL_MAX_ZOOM:
        sql, params = tile_cells_sql(
            cells, queryset, geometry=geometry, properties=properties, z=z, x=x, y=y
        )
    else:
        sql, params = tile_clusters_sql(
            queryset, geometry=geometry, properties=properties, z=z, x=x, y=y
        )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        (body,) = cursor.fetchone()
    return str(body).encode()
