"""Which geocoder the application uses: ``settings.GEOCODER_BACKEND`` picks one of

- ``ban-local``: the Base Adresse Nationale loaded into PostGIS (offline, the default), searched
  through the ``AddressIndex`` the caller passes (the application owns the address tables);
- ``ban``: the BAN / IGN Géoplateforme web service through geopy's ``BANFrance``;
- ``nominatim``: OpenStreetMap's Nominatim through geopy, rate limited;
- ``fake``: an empty ``FakeGeocoder`` (tests and demos without data).

Instances are built once per configuration and shared, so a rate limiter covers the whole
process. Tests swap in their own geocoder with ``override_geocoder``.

The application calls this through its geocoding service (``addresses.geocoding``), never directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import Geocoder

if TYPE_CHECKING:
    from .ban_local import AddressIndex

BACKENDS = ("ban-local", "ban", "nominatim", "fake")

_override: list[Geocoder] = []


def get_geocoder(*, address_index: AddressIndex | None = None) -> Geocoder:
    """The geocoder the settings select (or the one a test installed with ``override_geocoder``).

    ``address_index``: the address search the ``ban-local`` back end runs on (required for it)."""
    if _override:
        return _override[-1]
    return _build(
        backend=settings.GEOCODER_BACKEND,
        address_index=address_index,
        timeout=settings.GEOCODER_TIMEOUT,
        user_agent=settings.GEOCODER_USER_AGENT,
        ban_domain=settings.GEOCODER_BAN_DOMAIN,
        nominatim_domain=settings.GEOCODER_NOMINATIM_DOMAIN,
        min_delay_seconds=settings.GEOCODER_MIN_DELAY_SECONDS,
    )


@lru_cache(maxsize=8)
def _build(
    *,
    backend: str,
    address_index: AddressIndex | None,
    timeout: float,
    user_agent: str,
    ban_domain: str,
    nominatim_domain: str,
    min_delay_seconds: float,
) -> Geocoder:
    if backend == "ban-local":
        from .ban_local import BanLocalGeocoder

        if address_index is None:
            raise ImproperlyConfigured(
                "GEOCODER_BACKEND='ban-local' searches the address tables: pass their "
                "address_index (addresses.geocoding.geocoder() does)."
            )
        return BanLocalGeocoder(index=address_index)
    if backend == "ban":
        from .online import BanGeocoder

        return BanGeocoder(domain=ban_domain, timeout=timeout, user_agent=user_agent)
    if backend == "nominatim":
        from .online import NominatimGeocoder

        return NominatimGeocoder(
            domain=nominatim_domain,
            timeout=timeout,
            user_agent=user_agent,
            min_delay_seconds=min_delay_seconds,
        )
    if backend == "fake":
        from .fake import FakeGeocoder

        return FakeGeocoder()
    raise ImproperlyConfigured(f"GEOCODER_BACKEND={backend!r} is not one of {', '.join(BACKENDS)}.")


@contextmanager
def override_geocoder(geocoder: Geocoder) -> Iterator[Geocoder]:
    """Make ``get_geocoder()`` return ``geocoder`` inside the ``with`` block (tests)."""
    _override.append(geocoder)
    try:
        yield geocoder
    finally:
        _override.remove(geocoder)
