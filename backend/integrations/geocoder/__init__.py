"""The geocoding adapter: one contract (``base``), interchangeable back ends, chosen by
``factory.get_geocoder``. This package imports no application of the project (a test checks it);
the application's geocoding service (``addresses.geocoding``) is its only caller."""

from .ban_local import AddressIndex
from .base import Candidate, Geocoder, GeocoderError, GeocoderUnavailable
from .factory import get_geocoder, override_geocoder

__all__ = [
    "AddressIndex",
    "Candidate",
    "Geocoder",
    "GeocoderError",
    "GeocoderUnavailable",
    "get_geocoder",
    "override_geocoder",
]
