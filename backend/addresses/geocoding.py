"""Geocoding in one place: every part of the application that turns an address into a point (or a
point into an address) comes here: the API's ``geocode/`` and ``geocode/reverse/``, the task that
places an address-only proposal, proposal submission, and the importers (the demo loader).

This module
- calls the geocoding adapter (``integrations.geocoder``, back end chosen by the settings; the
  offline one runs on this application's address tables, handed to it as an ``AddressIndex``);
- turns the adapter's errors into the application's typed errors: ``GeocodingUnavailable`` (503,
  worth a retry), ``GeocoderFailed`` (502), ``AddressNotFound`` and ``OutsideCity`` (400);
- decides, with ONE rule (``candidate_refusal``), whether a geocoding result is accepted:
  its score is at least ``MIN_SCORE``, its postcode (when it has one) is a Paris postcode
  (``addresses.paris``), and its point lies in an arrondissement of Paris (``geo.selectors``);
- gives each accepted result its arrondissement and quartier, derived from its point.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.gis.geos import Point
from geopy.distance import geodesic

from core.errors import AddressNotFound, ApplicationError, OutsideCity
from geo.models import District
from geo.selectors import Placement, point_locate, points_locate
from integrations.geocoder import Candidate, Geocoder, GeocoderError, GeocoderUnavailable
from integrations.geocoder import get_geocoder as _adapter_geocoder

from . import paris
from .errors import GeocoderFailed, GeocodingUnavailable
from .selectors import AddressMatch, NearestAddress, address_nearest, address_search

# A geocoding result is trusted only from this score up (0..1, the adapter's scale). Below it the
# API does not offer it, and a proposal waits for an official instead of being placed.
MIN_SCORE = 0.5
# How many candidates placing an address looks at, best first.
PLACE_CANDIDATES = 5


@dataclass(frozen=True)
class Place:
    """A geocoding result the rule accepted, with the districts holding its point."""

    label: str
    score: float
    kind: str  # "housenumber" | "street" | "other"
    postcode: str
    lon: float
    lat: float
    arrondissement: District
    quartier: District | None

    @property
    def point(self) -> Point:
        return Point(self.lon, self.lat, srid=4326)

    @property
    def placement(self) -> Placement:
        return Placement(arrondissement=self.arrondissement, quartier=self.quartier)


@dataclass(frozen=True)
class ReverseResult:
    label: str
    distance_m: float
    lon: float
    lat: float
    arrondissement: District  # holding the point asked about
    quartier: District | None


# --- The adapter ----------------------------------------------------------------------------------


class _AddressTables:
    """The ``AddressIndex`` the offline back end searches: this application's BAN tables."""

    def search(self, query: str, *, limit: int) -> list[AddressMatch]:
        return address_search(query=query, limit=limit)

    def nearest(self, *, lon: float, lat: float, max_distance_m: float) -> NearestAddress | None:
        return address_nearest(lon=lon, lat=lat, max_distance_m=max_distance_m)


ADDRESS_INDEX = _AddressTables()


def geocoder() -> Geocoder:
    """The geocoder the settings select (the offline one searching ``ADDRESS_INDEX``)."""
    return _adapter_geocoder(address_index=ADDRESS_INDEX)


@contextmanager
def _adapter_errors() -> Iterator[None]:
    try:
        yield
    except GeocoderUnavailable as exc:
        raise GeocodingUnavailable() from exc
    except GeocoderError as exc:
        raise GeocoderFailed() from exc


def _search(query: str, *, limit: int) -> list[Candidate]:
    with _adapter_errors():
        return geocoder().search(query, limit=limit)[:limit]


# --- The rule -------------------------------------------------------------------------------------


def candidate_refusal(
    candidate: Candidate, placement: Placement | None, *, min_score: float = MIN_SCORE
) -> ApplicationError | None:
    """Why a geocoding result is refused, or None when it is accepted: the one rule.

    ``placement``: the districts holding the candidate's point (None: outside Paris)."""
    if candidate.score < min_score:
        return AddressNotFound(
            f"No address in Paris matches this text confidently (best: « {candidate.label} », "
            f"score {candidate.score:.2f} < {min_score})."
        )
    if candidate.postcode and not paris.is_paris_postcode(candidate.postcode):
        return AddressNotFound(
            f"« {candidate.label} » has the postcode {candidate.postcode}, which is not in Paris."
        )
    if placement is None:
        return OutsideCity(f"« {candidate.label} » is outside Paris.")
    return None


def _judge(
    candidates: Sequence[Candidate], *, min_score: float = MIN_SCORE
) -> list[Place | ApplicationError]:
    """The rule applied to each candidate, in order: a ``Place`` or the refusal. One query."""
    points = [Point(c.lon, c.lat, srid=4326) for c in candidates]
    placements = points_locate(points=points)
    judged: list[Place | ApplicationError] = []
    for candidate, placement in zip(candidates, placements, strict=True):
        refusal = candidate_refusal(candidate, placement, min_score=min_score)
        if refusal is not None:
            judged.append(refusal)
            continue
        assert placement is not None
        judged.append(
            Place(
                label=candidate.label,
                score=candidate.score,
                kind=candidate.kind,
                postcode=candidate.postcode,
                lon=candidate.lon,
                lat=candidate.lat,
                arrondissement=placement.arrondissement,
                quartier=placement.quartier,
            )
        )
    return judged


# --- What the application asks --------------------------------------------------------------------


def address_geocode(*, query: str, limit: int = 5) -> list[Place]:
    """The addresses matching free text that the rule accepts, best first (at most ``limit``):
    what a person may pick, and what placing that address would accept."""
    return [p for p in _judge(_search(query, limit=limit)) if isinstance(p, Place)]


def address_place(*, address: str, within: Collection[str] = ()) -> Place:
    """Where an address is: the best candidate the rule accepts (and, when ``within`` names
    arrondissements by INSEE code, the best of those inside them: an importer that knows the
    arrondissement). Raises ``AddressNotFound`` or ``OutsideCity`` (field ``address``) with the
    reason, or ``GeocodingUnavailable`` / ``GeocoderFailed`` when the geocoder fails."""
    if not address.strip():
        raise AddressNotFound("There is no address to place.", field="address")
    candidates = _search(address, limit=PLACE_CANDIDATES)
    if not candidates:
        raise AddressNotFound("No address in Paris matches this text.", field="address")
    refusals: list[ApplicationError] = []
    confident: list[ApplicationError] = []  # refused for where they are, not for their score
    for candidate, judged in zip(candidates, _judge(candidates), strict=True):
        if isinstance(judged, Place):
            if not within or judged.arrondissement.code in within:
                return judged
            judged = AddressNotFound(
                f"« {judged.label} » is in the {judged.arrondissement.name}, not in the "
                f"expected arrondissement ({', '.join(sorted(within))})."
            )
        refusals.append(judged)
        if candidate.score >= MIN_SCORE:
            confident.append(judged)
    # the most telling reason: the best confident match's, else the best match's
    refusal = (confident or refusals)[0]
    raise type(refusal)(refusal.message, field="address")


def address_check(*, address: str) -> None:
    """Refuse at once an address whose text names a postcode outside Paris (``AddressNotFound``,
    field ``address``): placing it could only fail."""
    if code := paris.foreign_postcode(address):
        raise AddressNotFound(
            f"The postcode {code} is not in Paris: this address cannot be placed in Paris.",
            field="address",
        )


def address_reverse(*, lon: float, lat: float) -> ReverseResult:
    """The nearest address to a point in Paris, with the arrondissement and quartier holding the
    point. ``OutsideCity`` (field ``location``) for a point outside Paris; ``AddressNotFound``
    when no address in Paris is near. The answer is held to the same Paris rule as a search (a
    reverse answer has no text to match, so no score threshold: its distance is given instead)."""
    at = point_locate(point=Point(lon, lat, srid=4326))
    with _adapter_errors():
        candidate = geocoder().reverse(lon, lat)
    if candidate is None:
        raise AddressNotFound("No address near this point.", field="location")
    [judged] = _judge([candidate], min_score=0.0)
    if not isinstance(judged, Place):
        raise AddressNotFound(
            f"No address in Paris near this point: {judged.message}", field="location"
        )
    distance = candidate.extra.get("distance_m")
    if distance is None:
        distance = geodesic((lat, lon), (candidate.lat, candidate.lon)).meters
    return ReverseResult(
        label=candidate.label,
        distance_m=round(float(distance), 1),
        lon=candidate.lon,
        lat=candidate.lat,
        arrondissement=at.arrondissement,
        quartier=at.quartier,
    )
