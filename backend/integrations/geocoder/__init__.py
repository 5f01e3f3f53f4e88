from typing import Any

from .base import Candidate, Geocoder, GeocoderError, GeocoderUnavailable

__all__ = ["Candidate", "Geocoder", "GeocoderError", "GeocoderUnavailable", "get_geocoder"]


def __getattr__(name: str) -> Any:
    # The factory imports the back ends (and Django models): load it on first use only.
    if name == "get_geocoder":
        from .factory import get_geocoder

        return get_geocoder
    raise AttributeError(name)
