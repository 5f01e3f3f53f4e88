"""Writes for the geographic reference data (districts, areas, city outline)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import transaction

from .models import Area, CityBoundary, District

PARIS_CENTRE = (1, 2, 3, 4)


def _multipolygon(geometry: dict) -> MultiPolygon:
    """A valid MultiPolygon (SRID 4326) from a GeoJSON Polygon or MultiPolygon."""
    geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    if geom.geom_type == "Polygon":
        geom = MultiPolygon(geom, srid=4326)
    if not geom.valid:
        geom = geom.buffer(0)
        if geom.geom_type == "Polygon":
            geom = MultiPolygon(geom, srid=4326)
    return cast(MultiPolygon, geom)


def arrondissement_label(number: int) -> str:
    return "1er arrondissement" if number == 1 else f"{number}e arrondissement"


@transaction.atomic
def reference_data_load(*, directory: Path) -> dict[str, int]:
    """Load (or refresh, idempotently) the 20 arrondissements, 80 quartiers, the city outline and
    the ballot areas of Paris: the whole city, Paris Centre (1st–4th) and arrondissements 5–20."""
    arrondissements = json.loads((directory / "arrondissements.geojson").read_text())
    quartiers = json.loads((directory / "quartiers.geojson").read_text())
    boundary = json.loads((directory / "paris-boundary.geojson").read_text())

    by_number: dict[int, District] = {}
    for feature in arrondissements["features"]:
        p = feature["properties"]
        number = int(p["c_ar"])
        district, _ = District.objects.update_or_create(
            code=str(p["c_arinsee"]),
            defaults={
                "level": District.Level.ARRONDISSEMENT,
                "number": number,
                "name": arrondissement_label(number),
                "official_name": p.get("l_aroff") or "",
                "parent": None,
                "geometry": _multipolygon(feature["geometry"]),
            },
        )
        by_number[number] = district
    for feature in quartiers["features"]:
        p = feature["properties"]
        District.objects.update_or_create(
            code=str(p["c_quinsee"]),
            defaults={
                "level": District.Level.QUARTIER,
                "number": int(p["c_qu"]),
                "name": p["l_qu"],
                "official_name": p["l_qu"],
                "parent": by_number[int(p["c_ar"])],
                "geometry": _multipolygon(feature["geometry"]),
            },
        )
    outline = _multipolygon(boundary["features"][0]["geometry"])
    CityBoundary.objects.update_or_create(name="Paris", defaults={"geometry": outline})

    def area(code: str, name: str, kind: str, numbers: tuple[int, ...], geom: MultiPolygon) -> None:
        obj, _ = Area.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "geometry": geom}
        )
        obj.districts.set([by_number[n] for n in numbers])

    area("paris", "Tout Paris", Area.Kind.CITY, tuple(range(1, 21)), outline)
    centre: GEOSGeometry = by_number[1].geometry
    for n in PARIS_CENTRE[1:]:
        centre = centre.union(by_number[n].geometry)
    if centre.geom_type == "Polygon":
        centre = MultiPolygon(centre, srid=4326)
    area(
        "paris-centre",
        "Paris Centre",
        Area.Kind.ARRONDISSEMENTS,
        PARIS_CENTRE,
        cast(MultiPolygon, centre),
    )
    for n in range(5, 21):
        area(
            f"paris-{n:02d}",
            arrondissement_label(n).capitalize(),
            Area.Kind.ARRONDISSEMENTS,
            (n,),
            by_number[n].geometry,
        )
    return {
        "arrondissements": len(by_number),
        "quartiers": District.objects.filter(level=District.Level.QUARTIER).count(),
        "areas": Area.objects.count(),
    }
