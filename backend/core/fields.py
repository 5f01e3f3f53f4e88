"""Serializer fields shared by the API."""

from __future__ import annotations

import math
import re
from typing import Any

from django.contrib.gis.geos import Point
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.text import clean_text

# OpenAPI 3.0 gives every item of an array one schema (per-position schemas, `prefixItems`, came
# with 3.1): both numbers of a [longitude, latitude] pair are bounded by longitude's range, and the
# descriptions state latitude's narrower one.
COORDINATE_SCHEMA = {"type": "number", "minimum": -180, "maximum": 180}
COORDINATE_ERRORS = {
    "longitude": "Longitude out of range: it must be in [-180, 180].",
    "latitude": "Latitude out of range: it must be in [-90, 90].",
}

POINT_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON Point in WGS84: [longitude, latitude], longitude in [-180, 180], "
    "latitude in [-90, 90].",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": COORDINATE_SCHEMA,
            "example": [2.3522, 48.8566],
        },
    },
}


def wgs84_point(field: serializers.Field, coords: Any) -> Point:
    """The point of a [longitude, latitude] pair of finite numbers in range, or the field's
    refusal: ``invalid`` for another shape, ``longitude`` or ``latitude`` for a value out of
    range (the field's error messages include ``COORDINATE_ERRORS``)."""
    if (
        not isinstance(coords, list | tuple)
        or len(coords) != 2
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
        or not all(math.isfinite(c) for c in coords)
    ):
        field.fail("invalid")
    lon, lat = float(coords[0]), float(coords[1])
    if not -180 <= lon <= 180:
        field.fail("longitude")
    if not -90 <= lat <= 90:
        field.fail("latitude")
    return Point(lon, lat, srid=4326)


@extend_schema_field(POINT_SCHEMA)
class GeoJSONPointField(serializers.Field):
    """A GeoJSON Point, strictly validated (finite numbers, lon in [-180, 180], lat in [-90, 90])."""

    default_error_messages = {
        "invalid": 'Expected a GeoJSON Point: {{"type": "Point", "coordinates": [lon, lat]}}.',
        **COORDINATE_ERRORS,
    }

    def to_internal_value(self, data: Any) -> Point:
        if not isinstance(data, dict) or data.get("type") != "Point":
            self.fail("invalid")
        return wgs84_point(self, data.get("coordinates"))

    def to_representation(self, value: Point | None) -> dict | None:
        if value is None:
            return None
        return {"type": "Point", "coordinates": [round(value.x, 7), round(value.y, 7)]}


@extend_schema_field({**POINT_SCHEMA, "nullable": True})
class NullableGeoJSONPointField(GeoJSONPointField):
    """A point, or null (e.g. while an address waits to be placed)."""


SLUG_MAX = 100
SLUG_SCHEMA = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": SLUG_MAX}


@extend_schema_field(SLUG_SCHEMA)
class SlugRef(serializers.SlugRelatedField):
    """A reference by slug, checked for shape before it reaches the database (a NUL character
    or an overlong value is a 400 naming the field, not a database error)."""

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "bad_slug": "Expected a slug: letters, digits, hyphens and underscores.",
    }

    def to_internal_value(self, data: Any) -> Any:
        if (
            not isinstance(data, str)
            or not data
            or len(data) > SLUG_MAX
            or not _SLUG.fullmatch(data)
        ):
            self.fail("bad_slug")
        return super().to_internal_value(data)


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class QueryIntegerField(serializers.IntegerField):
    """An integer read from a query string, where a parameter given with an empty value
    (``?limit=``) is refused like any other bad value instead of falling back to the default."""

    def get_value(self, dictionary: Any) -> Any:
        if self.field_name in dictionary and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class CleanTextField(serializers.CharField):
    """Free text that is stored: ``core.text.clean_text`` (no HTML, no control or invisible
    characters; newlines only when ``multiline``), at most ``max_length`` characters both as sent
    (the schema's bound) and once cleaned; a value that cleans to nothing is blank (refused
    unless ``allow_blank``). Every stored text field of the API is one of these."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        if kwargs.get("max_length") is None:
            raise TypeError("CleanTextField needs a max_length.")
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        raw = super().to_internal_value(data)
        if self.max_length is not None and len(raw) > self.max_length:
            self.fail("max_length", max_length=self.max_length)  # as sent: the schema's bound
        value = clean_text(raw, multiline=self.multiline)
        if not value and not self.allow_blank:
            self.fail("blank")
        if self.max_length is not None and len(value) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return value
