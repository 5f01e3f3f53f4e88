"""Input and output of the geocoding endpoints (plain data in, plain data out: no models)."""

from __future__ import annotations

import math
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import POINT_SCHEMA, QueryIntegerField
from geo.serializers import DistrictRef


class FiniteFloatField(serializers.FloatField):
    """A float that is a real number: "nan" and "inf" are refused like any other garbage."""

    def to_internal_value(self, data: Any) -> float:
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("invalid")
        return value


@extend_schema_field(POINT_SCHEMA)
class LonLatPointField(serializers.Field):
    """Serialises an object's ``lon`` / ``lat`` as a GeoJSON Point (read only)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> dict:
        return {"type": "Point", "coordinates": [round(value.lon, 7), round(value.lat, 7)]}


class GeocodeInput(serializers.Serializer):
    q = serializers.CharField(
        min_length=2,
        max_length=200,
        help_text="Free text: '12 bis r. de Rivoli 75004', 'bd st germain'.",
    )
    limit = QueryIntegerField(min_value=1, max_value=20, default=5)


class ReverseInput(serializers.Serializer):
    lon = FiniteFloatField(min_value=-180, max_value=180, help_text="Longitude (WGS84).")
    lat = FiniteFloatField(min_value=-90, max_value=90, help_text="Latitude (WGS84).")


class GeocodeResult(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # the stubs see Field.label
    score = serializers.FloatField(min_value=0, max_value=1)
    kind = serializers.ChoiceField(choices=["housenumber", "street", "other"])
    postcode = serializers.CharField(allow_blank=True)
    location = LonLatPointField()
    arrondissement = DistrictRef(help_text="The arrondissement holding the point.")


class GeocodeAnswer(serializers.Serializer):
    query = serializers.CharField()
    results = GeocodeResult(many=True)


class ReverseAnswer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # the stubs see Field.label
    distance_m = serializers.FloatField(help_text="Distance from the point to the address, metres.")
    location = LonLatPointField()
    arrondissement = DistrictRef()
    quartier = DistrictRef(allow_null=True)
