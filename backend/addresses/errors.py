"""Refusals of the geocoding endpoints, in the API's one error format (see ``core.errors``)."""

from rest_framework import status

from core.errors import ApplicationError


class GeocodingUnavailable(ApplicationError):
    """The geocoding service cannot answer now (time-out, network, quota): try again later."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE  # type: ignore[assignment]
    code = "geocoder_unavailable"
    default_message = "The geocoding service is unavailable; try again in a moment."


class GeocoderFailed(ApplicationError):
    """The geocoding service answered with something we cannot use."""

    status_code = status.HTTP_502_BAD_GATEWAY  # type: ignore[assignment]
    code = "geocoder_error"
    default_message = "The geocoding service failed."
