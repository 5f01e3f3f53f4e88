"""Online back ends through geopy: the BAN / IGN Géoplateforme service (``BANFrance``) and
OpenStreetMap's Nominatim.

geopy's ``BANFrance`` defaults to api-adresse.data.gouv.fr, retired in January 2026: the domain
comes from ``settings.GEOCODER_BAN_DOMAIN`` (``data.geopf.fr/geocodage``). Nominatim's usage
policy allows one request per second: every call goes through one geopy ``RateLimiter`` per
geocoder instance (``get_geocoder`` shares instances), without retries, since these calls serve
interactive requests.

geopy errors become ours: a time-out, an unreachable service, a rate limit or quota, or a bare
``GeocoderServiceError`` (an HTTP 5xx) is ``GeocoderUnavailable`` (worth a retry); anything else
(a refused query, bad credentials, an answer we cannot parse) is ``GeocoderError``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from geopy import exc as geopy_exc
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import BANFrance, Nominatim
from geopy.location import Location

from .base import Candidate, GeocoderError, GeocoderUnavailable

# Nominatim searches are bounded to Paris (lat, lon corners).
PARIS_VIEWBOX = ((48.8155, 2.2241), (48.9022, 2.4699))

_RETRYABLE = (
    geopy_exc.GeocoderTimedOut,
    geopy_exc.GeocoderUnavailable,
    geopy_exc.GeocoderQuotaExceeded,  # includes GeocoderRateLimited
)


def translate_error(error: Exception) -> GeocoderError:
    """Our typed error for a geopy (or parsing) failure."""
    if isinstance(error, _RETRYABLE) or type(error) is geopy_exc.GeocoderServiceError:
        return GeocoderUnavailable(f"{type(error).__name__}: {error}")
    return GeocoderError(f"{type(error).__name__}: {error}")


def _call(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return func(*args, **kwargs)
    except geopy_exc.GeopyError as error:
        raise translate_error(error) from error
    except (AttributeError, IndexError, KeyError, TypeError, ValueError) as error:
        # geopy's own parsing of an answer it did not expect
        raise GeocoderError(f"Unexpected answer: {error!r}") from error


def _locations(result: Location | list[Location] | None) -> list[Location]:
    if result is None:
        return []
    return result if isinstance(result, list) else [result]


def _clip(value: Any, default: float) -> float:
    try:
        return min(1.0, max(0.0, float(value)))
    except (TypeError, ValueError):
        return default


# --- BAN / IGN Géoplateforme ---------------------------------------------------------------------

_BAN_KINDS = {"housenumber": "housenumber", "street": "street"}


def ban_candidate(location: Location) -> Candidate:
    """A BAN GeoJSON feature (``Location.raw``) as a Candidate."""
    try:
        feature = location.raw
        props = feature.get("properties", {})
        lon, lat = feature["geometry"]["coordinates"][:2]
        extra = {k: props[k] for k in ("id", "name", "city", "context") if k in props}
        if "distance" in props:
            extra["distance_m"] = float(props["distance"])
        return Candidate(
            label=str(props.get("label") or location.address),
            lon=float(lon),
            lat=float(lat),
            score=_clip(props.get("score"), 0.5),
            postcode=str(props.get("postcode") or ""),
            citycode=str(props.get("citycode") or ""),
            kind=_BAN_KINDS.get(str(props.get("type")), "other"),
            extra=extra,
        )
    except (AttributeError, KeyError, IndexError, TypeError, ValueError) as error:
        raise GeocoderError(f"Unexpected BAN answer: {error!r}") from error


class BanGeocoder:
    name = "ban"

    def __init__(
        self,
        *,
        domain: str,
        timeout: float,
        user_agent: str,
        client: Any | None = None,
    ) -> None:
        # ``client``: a geopy geocoder, or a stand-in with the same methods (tests).
        self.client = client or BANFrance(domain=domain, timeout=timeout, user_agent=user_agent)

    def search(self, query: str, *, limit: int = 5) -> list[Candidate]:
        result = _call(self.client.geocode, query, limit=limit, exactly_one=False)
        return [ban_candidate(location) for location in _locations(result)][:limit]

    def reverse(self, lon: float, lat: float) -> Candidate | None:
        result = _call(self.client.reverse, (lat, lon), exactly_one=True)
        locations = _locations(result)
        return ban_candidate(locations[0]) if locations else None


# --- Nominatim -----------------------------------------------------------------------------------


def nominatim_candidate(location: Location, *, rank: int = 0) -> Candidate:
    """A Nominatim place (``Location.raw``, with ``addressdetails``) as a Candidate."""
    try:
        raw = location.raw
        address = raw.get("address") or {}
        road = address.get("road") or address.get("pedestrian") or address.get("square")
        house = address.get("house_number")
        postcode = str(address.get("postcode") or "")
        if road:
            parts = [house, road, postcode, address.get("city") or "Paris"]
            label = " ".join(str(p) for p in parts if p)
        else:
            label = str(raw.get("display_name") or location.address)
        if house:
            kind = "housenumber"
        elif raw.get("class") == "highway" or raw.get("addresstype") == "road":
            kind = "street"
        else:
            kind = "other"
        importance = raw.get("importance")
        score = _clip(importance, 0.0) if importance is not None else max(0.1, 1.0 - 0.1 * rank)
        return Candidate(
            label=label,
            lon=float(raw.get("lon", location.longitude)),
            lat=float(raw.get("lat", location.latitude)),
            score=score,
            postcode=postcode,
            citycode="",  # Nominatim has no INSEE codes; callers derive it from the postcode
            kind=kind,
            extra={
                k: raw[k] for k in ("osm_type", "osm_id", "place_id", "display_name") if k in raw
            },
        )
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise GeocoderError(f"Unexpected Nominatim answer: {error!r}") from error


def _invoke(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


class NominatimGeocoder:
    name = "nominatim"

    def __init__(
        self,
        *,
        domain: str,
        timeout: float,
        user_agent: str,
        min_delay_seconds: float = 1.0,
        client: Any | None = None,
    ) -> None:
        self.client = client or Nominatim(domain=domain, timeout=timeout, user_agent=user_agent)
        # One limiter for searches and reverse look-ups together: the policy counts both.
        self._limited = RateLimiter(
            _invoke,
            min_delay_seconds=min_delay_seconds,
            max_retries=0,
            swallow_exceptions=False,
        )

    def search(self, query: str, *, limit: int = 5) -> list[Candidate]:
        result = _call(
            self._limited,
            self.client.geocode,
            query,
            exactly_one=False,
            limit=limit,
            addressdetails=True,
            country_codes="fr",
            viewbox=PARIS_VIEWBOX,
            bounded=True,
        )
        return [
            nominatim_candidate(location, rank=i) for i, location in enumerate(_locations(result))
        ][:limit]

    def reverse(self, lon: float, lat: float) -> Candidate | None:
        result = _call(
            self._limited, self.client.reverse, (lat, lon), exactly_one=True, addressdetails=True
        )
        locations = _locations(result)
        return nominatim_candidate(locations[0]) if locations else None
