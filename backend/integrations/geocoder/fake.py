"""A geocoder for tests of code that geocodes: canned answers, recorded calls, optional failure.

    fake = FakeGeocoder(results={"12 rue de rivoli": [Candidate(...)]})
    with override_geocoder(fake):
        ...  # get_geocoder() returns fake
    assert fake.calls == [("search", "12 rue de rivoli")]

It is for the code *around* the geocoder; the geocoders themselves are tested for real
(ban-local on PostGIS) or with fakes at the geopy level (online back ends).
"""

from __future__ import annotations

from .base import Candidate


def _key(query: str) -> str:
    return " ".join(query.lower().split())


class FakeGeocoder:
    name = "fake"

    def __init__(
        self,
        *,
        results: dict[str, list[Candidate]] | None = None,
        reverse_result: Candidate | None = None,
        error: Exception | None = None,
    ) -> None:
        self.results = {_key(q): list(c) for q, c in (results or {}).items()}
        self.reverse_result = reverse_result
        self.error = error  # raised by every call when set, e.g. GeocoderUnavailable()
        self.calls: list[tuple] = []

    def search(self, query: str, *, limit: int = 5) -> list[Candidate]:
        self.calls.append(("search", query))
        if self.error is not None:
            raise self.error
        return self.results.get(_key(query), [])[:limit]

    def reverse(self, lon: float, lat: float) -> Candidate | None:
        self.calls.append(("reverse", lon, lat))
        if self.error is not None:
            raise self.error
        return self.reverse_result
