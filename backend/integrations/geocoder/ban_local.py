"""The offline back end: the Base Adresse Nationale for Paris, loaded into PostGIS by
``manage.py load_addresses`` and searched with pg_trgm (see ``addresses.selectors``).

A real implementation, not a fake: it is the default in development, tests and production.
"""

from __future__ import annotations

from addresses.selectors import address_nearest, address_search

from .base import Candidate


class BanLocalGeocoder:
    name = "ban-local"

    def __init__(self, *, max_reverse_distance_m: float = 1000.0) -> None:
        self.max_reverse_distance_m = max_reverse_distance_m

    def search(self, query: str, *, limit: int = 5) -> list[Candidate]:
        return [
            Candidate(
                label=m.label,
                lon=m.lon,
                lat=m.lat,
                score=m.score,
                postcode=m.postcode,
                citycode=m.citycode,
                kind=m.kind,
                extra={"street": m.street, "number": m.number, "rep": m.rep, "exact": m.exact},
            )
            for m in address_search(query=query, limit=limit)
        ]

    def reverse(self, lon: float, lat: float) -> Candidate | None:
        nearest = address_nearest(lon=lon, lat=lat, max_distance_m=self.max_reverse_distance_m)
        if nearest is None:
            return None
        return Candidate(
            label=nearest.label,
            lon=nearest.lon,
            lat=nearest.lat,
            score=1.0,
            postcode=nearest.postcode,
            citycode=nearest.citycode,
            kind="housenumber",
            extra={
                "distance_m": nearest.distance_m,
                "street": nearest.street,
                "number": nearest.number,
                "rep": nearest.rep,
            },
        )
