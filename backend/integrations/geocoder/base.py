"""The geocoding adapter's contract: every back end returns ranked ``Candidate``s.

Back ends raise ``GeocoderUnavailable`` when the service cannot answer now (time-out, network,
rate limit: worth a retry) and ``GeocoderError`` for anything else; they never return ``None``
to hide a failure. "No match" is an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class GeocoderError(Exception):
    """The geocoder failed in a way a retry will not fix."""


class GeocoderUnavailable(GeocoderError):
    """The geocoder cannot answer now (time-out, network, quota): retry later."""


@dataclass(frozen=True)
class Candidate:
    label: str  # "12 Rue de Rivoli 75004 Paris"
    lon: float
    lat: float
    score: float  # 0..1, higher is better
    postcode: str = ""
    citycode: str = ""  # INSEE code of the commune / arrondissement, e.g. "75104"
    kind: str = "housenumber"  # housenumber | street | other
    extra: dict = field(default_factory=dict, compare=False)


class Geocoder(Protocol):
    name: str

    def search(self, query: str, *, limit: int = 5) -> list[Candidate]:
        """Forward geocoding, best candidate first."""
        ...

    def reverse(self, lon: float, lat: float) -> Candidate | None:
        """The nearest address to a point, or None when there is none near."""
        ...
