"""The offline back end: the Base Adresse Nationale for Paris, loaded into PostGIS by
``manage.py load_addresses`` and searched with pg_trgm.

A real implementation, not a fake: it is the default in development, tests and production. The
search itself belongs to the application that owns the address tables; this adapter receives it
as an ``AddressIndex`` (``addresses.geocoding`` passes one to ``get_geocoder``), so the adapter
layer imports no application and the dependency goes one way: application → adapter.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Protocol

from .base import Candidate


class AddressHit(Protocol):
    """One answer of an address search (``addresses.selectors.AddressMatch`` is one)."""

    @property
    def label(self) -> str: ...
    @property
    def lon(self) -> float: ...
    @property
    def lat(self) -> float: ...
    @property
    def score(self) -> float: ...
    @property
    def postcode(self) -> str: ...
    @property
    def citycode(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def street(self) -> str: ...
    @property
    def number(self) -> int | None: ...
    @property
    def rep(self) -> str: ...
    @property
    def exact(self) -> bool: ...


class NearestHit(Protocol):
    """The address nearest to a point (``addresses.selectors.NearestAddress`` is one)."""

    @property
    def label(self) -> str: ...
    @property
    def lon(self) -> float: ...
    @property
    def lat(self) -> float: ...
    @property
    def distance_m(self) -> float: ...
    @property
    def postcode(self) -> str: ...
    @property
    def citycode(self) -> str: ...
    @property
    def street(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def rep(self) -> str: ...


class AddressIndex(Hashable, Protocol):
    """Fuzzy search and nearest-address look-up over the loaded address table (hashable: the
    factory builds one geocoder per configuration)."""

    def search(self, query: str, *, limit: int) -> Sequence[AddressHit]: ...

    def nearest(self, *, lon: float, lat: float, max_distance_m: float) -> NearestHit | None: ...


class BanLocalGeocoder:
    name = "ban-local"

    def __init__(self, *, index: AddressIndex, max_reverse_distance_m: float = 1000.0) -> None:
        self.index = index
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
            for m in self.index.search(query, limit=limit)
        ]

    def reverse(self, lon: float, lat: float) -> Candidate | None:
        nearest = self.index.nearest(lon=lon, lat=lat, max_distance_m=self.max_reverse_distance_m)
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
