"""GeoJSON built by PostgreSQL: a whole FeatureCollection from a queryset in one query, sent as
the text the database wrote (no Python object per feature, no JSON re-encoding), with an ETag so
that a map reloading unchanged data gets a 304.

The FeatureCollection is ``{"type": "FeatureCollection", "count": N, "features": [...]}``; each
Feature has the row's ``id``, a Point ``geometry`` (``ST_PointOnSurface`` of the stored one, so a
MultiPoint is drawn as one of its points) with coordinates rounded to ``DECIMALS`` places, and
``properties`` taken from the queryset's columns. Features are ordered by id.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from django.db import connections
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import serializers

DECIMALS = 6  # about 0.1 m: finer than a map pin needs

_NAME = re.compile(r"[a-z][a-z0-9_]*")

POINT_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON Point in WGS84, [longitude, latitude] rounded to 6 decimals.",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"type": "number"},
            "example": [2.3461, 48.8462],
        },
    },
}


@extend_schema_field(POINT_SCHEMA)
class PointGeometryField(serializers.Field):
    """A feature's geometry as ``feature_collection`` writes it (for the API schema)."""


@extend_schema_field({"type": "string", "enum": ["Feature"]})
class FeatureTypeField(serializers.Field):
    """A Feature's ``type`` (for the API schema)."""


@extend_schema_field({"type": "string", "enum": ["FeatureCollection"]})
class FeatureCollectionTypeField(serializers.Field):
    """A FeatureCollection's ``type`` (for the API schema)."""


def map_serializers(
    prefix: str,
    properties: type[serializers.Serializer],
    *,
    doc: str,
    id_required: bool = True,
) -> tuple[type[serializers.Serializer], type[serializers.Serializer]]:
    """The serializers ``{prefix}Feature`` and ``{prefix}Collection`` (so named in the API
    schema, ``doc`` describing the collection) documenting a FeatureCollection whose features
    carry ``properties``, as ``feature_collection`` writes it (features without an ``id`` too
    unless ``id_required``: the clusters of ``core.tiles``)."""
    module = properties.__module__
    feature = type(
        f"{prefix}Feature",
        (serializers.Serializer,),
        {
            "__module__": module,
            "type": FeatureTypeField(),
            "id": serializers.IntegerField(required=id_required),
            "geometry": PointGeometryField(),
            "properties": properties(),
        },
    )
    collection = type(
        f"{prefix}Collection",
        (serializers.Serializer,),
        {
            "__module__": module,
            "__doc__": doc,
            "type": FeatureCollectionTypeField(),
            "count": serializers.IntegerField(),
            "features": feature(many=True),
        },
    )
    return feature, collection


def _header(name: str, description: str, **options: Any) -> OpenApiParameter:
    return OpenApiParameter(
        name, OpenApiTypes.STR, OpenApiParameter.HEADER, description=description, **options
    )


# For the API schema of an operation answering ``revalidated_json``.
REVALIDATION_PARAMETERS = [
    _header(
        "If-None-Match", "The `ETag` of a previous answer: 304 without a body if it is unchanged"
    ),
    _header("ETag", "A hash of the body", response=[200, 304]),
    _header(
        "Cache-Control",
        "`no-cache`: keep the answer, but ask again (with `If-None-Match`)",
        response=[200, 304],
    ),
]
NOT_MODIFIED = OpenApiResponse(description="Unchanged since the `ETag` sent in `If-None-Match`.")


def feature_collection_sql(
    queryset: QuerySet[Any], *, geometry: str, properties: Mapping[str, str]
) -> tuple[str, tuple[Any, ...]]:
    """The SQL (and its parameters) of one query answering the FeatureCollection of the rows of
    ``queryset`` with a ``geometry`` (a field name), as text. ``properties`` maps each
    property's name to a field path of the queryset's model (``"theme__slug"``). The queryset's
    filters are kept as Django wrote them; its ordering is dropped (features go by id)."""
    for name in properties:
        if not _NAME.fullmatch(name):
            raise ValueError(f"Not a property name: {name!r}")
    columns = {f"p_{name}": F(path) for name, path in properties.items()}
    rows = (
        queryset.filter(**{f"{geometry}__isnull": False})
        .order_by()
        .values(f_id=F("pk"), f_geometry=F(geometry), **columns)
    )
    inner, params = rows.query.sql_with_params()
    members = ", ".join(f"'{name}', r.\"p_{name}\"" for name in properties)
    # Only code-given names and Django's own SQL (its parameters kept apart) are put together.
    sql = (
        "SELECT json_build_object("  # noqa: S608
        "'type', 'FeatureCollection', "
        "'count', count(*), "
        "'features', coalesce(json_agg(json_build_object("
        "'type', 'Feature', "
        "'id', r.\"f_id\", "
        f"'geometry', ST_AsGeoJSON(ST_PointOnSurface(r.\"f_geometry\"), {DECIMALS})::json, "
        f"'properties', json_build_object({members})"
        ") ORDER BY r.\"f_id\"), '[]'::json)"
        f")::text FROM ({inner}) AS r"
    )
    return sql, tuple(params)


def feature_collection(
    queryset: QuerySet[Any], *, geometry: str, properties: Mapping[str, str]
) -> bytes:
    """The FeatureCollection of ``queryset`` as JSON bytes, built by PostgreSQL in one query
    (see ``feature_collection_sql``)."""
    sql, params = feature_collection_sql(queryset, geometry=geometry, properties=properties)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        (body,) = cursor.fetchone()
    # Text, not bytea: bytea comes over the wire as hex, twice the size to decode.
    return str(body).encode()


def revalidated_json(request: HttpRequest, body: bytes) -> HttpResponse:
    """``body`` (JSON bytes) with an ETag (a hash of it) and ``Cache-Control: no-cache``: clients
    keep it but ask again each time, and get a 304 without the body while it is unchanged."""
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return get_conditional_response(request, etag=etag, response=response) or response
