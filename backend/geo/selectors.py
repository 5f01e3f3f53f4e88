"""Reads for the geographic reference data: point in polygon, district lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.gis.geos import Point
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
    found = list(
        District.objects.filter(geometry__intersects=point)
        .only("id", "level", "code", "number", "name", "parent_id")
        .order_by("code")
    )
    arrondissement = next((d for d in found if d.level == District.Level.ARRONDISSEMENT), None)
    if arrondissement is None:
        raise OutsideCity(
            f"The point ({point.x:.6f}, {point.y:.6f}) is outside Paris.", field="location"
        )
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
