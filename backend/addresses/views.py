"""Geocoding endpoints: thin, anonymous, throttled (scope "geocode"); the work is in the geocoding
service (``addresses.geocoding``), which also places proposals."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.throttles import GeocodeThrottle

from .geocoding import MIN_SCORE, address_geocode, address_reverse
from .serializers import GeocodeAnswer, GeocodeInput, ReverseAnswer, ReverseInput

_ERROR = {"$ref": "#/components/schemas/Error"}
_UPSTREAM = {
    502: OpenApiResponse(_ERROR, description="The geocoding service failed (`geocoder_error`)."),
    503: OpenApiResponse(
        _ERROR, description="The geocoding service is unavailable (`geocoder_unavailable`)."
    ),
}


class _GeocodingView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [GeocodeThrottle]


class GeocodeView(_GeocodingView):
    @extend_schema(
        operation_id="geocode",
        parameters=[GeocodeInput],
        responses={200: GeocodeAnswer, **_UPSTREAM},
        tags=["geography"],
        description=(
            "Addresses in Paris matching free text typed by a person (abbreviations, missing "
            "accents, typos, 'bis'/'ter', postcode written any way or wrong), best first, with a "
            "score in 0..1. A query without a house number answers streets (`kind: street`, at "
            "the street's middle address); a house number that does not exist answers the "
            "nearest one on that street. Fast enough to call on each keystroke. Only the "
            f"results a proposal could be placed at are given: score at least {MIN_SCORE}, a "
            "Paris postcode, a point inside Paris (the same rule that places proposals)."
        ),
    )
    def get(self, request: Request) -> Response:
        data = GeocodeInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        query = data.validated_data["q"]
        results = address_geocode(query=query, limit=data.validated_data["limit"])
        return Response(GeocodeAnswer({"query": query, "results": results}).data)


class ReverseGeocodeView(_GeocodingView):
    @extend_schema(
        operation_id="geocode_reverse",
        parameters=[ReverseInput],
        responses={200: ReverseAnswer, **_UPSTREAM},
        tags=["geography"],
        description=(
            "The address nearest to a point in Paris, its distance in metres, and the "
            "arrondissement and quartier holding the point. A point outside Paris is a 400 "
            "`outside_city` on the field `location`."
        ),
    )
    def get(self, request: Request) -> Response:
        data = ReverseInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        result = address_reverse(lon=data.validated_data["lon"], lat=data.validated_data["lat"])
        return Response(ReverseAnswer(result).data)
