from .base import Candidate, Geocoder, GeocoderError, GeocoderUnavailable
from .factory import get_geocoder

__all__ = ["Candidate", "Geocoder", "GeocoderError", "GeocoderUnavailable", "get_geocoder"]
