"""Reads for the geographic reference data: point in polygon, district lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.gis.geos import GEOSGeometry, Point
from django.db.models import QuerySet

from core.errors import OutsideCity

from .models import Area, District


@dataclass(frozen=True)
class Placement:
    arrondissement: District
    quartier: District | None


def district_list(*, level: str | None = None) -> QuerySet[District]:
    qs = District.objects.all()
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("level", "number")


def point_locate(*, point: Point) -> Placement:
    """The arrondissement and quartier holding a point; OutsideCity when it is not in Paris.

    Points on a shared border belong to the district with the smallest code, so the answer is
    deterministic."""
    [placement] = points_locate(points=[point])
    if placement is None:
        raise OutsideCity(
            f"The point ({point.x:.6f}, {point.y:.6f}) is outside Paris.", field="location"
        )
    return placement


def points_locate(*, points: Sequence[Point]) -> list[Placement | None]:
    """``point_locate`` for many points in one query: for each point, in order, its placement, or
    None when it is outside Paris."""
    if not points:
        return []
    ewkt = [_wgs84(p).ewkt for p in points]
    found: list[list[District]] = [[] for _ in points]
    for district in District.objects.raw(  # the table of District
        """
        SELECT d.id, d.level, d.code, d.number, d.name, d.parent_id, p.i - 1 AS point_index
        FROM unnest(%s::text[]) WITH ORDINALITY AS p(ewkt, i)
        JOIN geo_district d ON ST_Intersects(d.geometry, ST_GeomFromEWKT(p.ewkt))
        ORDER BY p.i, d.code
        """,
        [ewkt],
    ):
        found[getattr(district, "point_index")].append(district)  # noqa: B009 (raw SQL column)
    return [_placement(districts) for districts in found]


def _wgs84(point: Point) -> GEOSGeometry:
    if point.srid is None:  # as the ORM does: a point without SRID is in the field's SRID
        return Point(point.x, point.y, srid=4326)
    return point if point.srid == 4326 else point.transform(4326, clone=True)


def _placement(found: list[District]) -> Placement | None:
    arrondissement = next((d for d in found if d.level == District.Level.ARRONDISSEMENT), None)
    if arrondissement is None:
        return None
    quartier = next(
        (
            d
            for d in found
            if d.level == District.Level.QUARTIER and d.parent_id == arrondissement.id
        ),
        None,
    )
    return Placement(arrondissement=arrondissement, quartier=quartier)


def area_for(*, arrondissement: District, city_wide: bool, areas: QuerySet[Area]) -> Area | None:
    """The ballot area among ``areas`` (a campaign's) for a proposal in ``arrondissement``."""
    if city_wide:
        return areas.filter(kind=Area.Kind.CITY).first()
    local = areas.filter(kind=Area.Kind.ARRONDISSEMENTS, districts=arrondissement).first()
    return local or areas.filter(kind=Area.Kind.CITY).first()
