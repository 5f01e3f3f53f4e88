"""Input and output shapes of the projects API."""

from __future__ import annotations

from typing import Any

from django.contrib.gis.geos import MultiPoint
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import Campaign, Theme
from campaigns.serializers import ThemeRef
from core.errors import invalid
from core.fields import COORDINATE_ERRORS, COORDINATE_SCHEMA, SlugRef, wgs84_point
from core.geojson import map_serializers
from core.text import clean_text
from geo.serializers import AreaRef

from . import rules
from .models import Project
from .services import MAX_COST, MAX_LOCATIONS, MAX_SOURCES

TITLE_MIN, TITLE_MAX = 5, 150
DESCRIPTION_MIN, DESCRIPTION_MAX = 20, 10000
MAX_ID = 2**63 - 1

MULTIPOINT_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON MultiPoint in WGS84: [longitude, latitude] pairs, longitude in "
    "[-180, 180], latitude in [-90, 90] (null: none).",
    "nullable": True,
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["MultiPoint"]},
        "coordinates": {
            "type": "array",
            "maxItems": MAX_LOCATIONS,
            "items": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "items": COORDINATE_SCHEMA,
            },
            "example": [[2.3461, 48.8462], [2.3470, 48.8450]],
        },
    },
}


@extend_schema_field(MULTIPOINT_SCHEMA)
class GeoJSONMultiPointField(serializers.Field):
    """A GeoJSON MultiPoint, strictly validated (finite numbers, lon/lat in range)."""

    default_error_messages = {
        "invalid": 'Expected a GeoJSON MultiPoint: {{"type": "MultiPoint", "coordinates": '
        "[[lon, lat], …]}}.",
        **COORDINATE_ERRORS,
        "too_many": f"At most {MAX_LOCATIONS} points.",
    }

    def to_internal_value(self, data: Any) -> MultiPoint:
        if not isinstance(data, dict) or data.get("type") != "MultiPoint":
            self.fail("invalid")
        coordinates = data.get("coordinates")
        if not isinstance(coordinates, list):
            self.fail("invalid")
        if len(coordinates) > MAX_LOCATIONS:
            self.fail("too_many")
        return MultiPoint([wgs84_point(self, pair) for pair in coordinates], srid=4326)

    def to_representation(self, value: MultiPoint | None) -> dict | None:
        if value is None:
            return None
        return {
            "type": "MultiPoint",
            "coordinates": [[round(x, 7), round(y, 7)] for x, y in value.coords],
        }


def _bounded(value: str, low: int, high: int) -> str:
    if len(value) < low:
        raise invalid(f"At least {low} characters (without HTML).", "min_length", min_length=low)
    if len(value) > high:
        raise invalid(f"At most {high} characters.", "max_length", max_length=high)
    return value


# The bounds hold for the text as sent (stated in the schema: so not trimmed first) and once
# cleaned (validate_*, which also trims).
def _title(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        min_length=TITLE_MIN, max_length=TITLE_MAX, trim_whitespace=False, **kwargs
    )


def _description(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        min_length=DESCRIPTION_MIN, max_length=DESCRIPTION_MAX, trim_whitespace=False, **kwargs
    )


def _cost(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_COST, help_text="Euros", **kwargs)


def _theme(**kwargs: Any) -> SlugRef:
    return SlugRef(slug_field="slug", queryset=Theme.objects.all(), allow_null=True, **kwargs)


def _ids(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=MAX_SOURCES,
        **kwargs,
    )


class _CleanText(serializers.Serializer):
    def validate_title(self, value: str | None) -> str | None:
        return None if value is None else _bounded(clean_text(value), TITLE_MIN, TITLE_MAX)

    def validate_description(self, value: str | None) -> str | None:
        if value is None:
            return None
        return _bounded(clean_text(value, multiline=True), DESCRIPTION_MIN, DESCRIPTION_MAX)


class ProjectCreateInput(_CleanText):
    """A project from accepted proposals of one campaign and one area. With several, they are
    merged into it; with one, it stays accepted and is linked. Left out: `title` and
    `description` come from a single source (required with several); `cost` is the sum of the
    estimated costs; `locations` are the sources' points; `theme` the one most sources share."""

    proposals = _ids(help_text=f"Ids of accepted proposals, at most {MAX_SOURCES}")
    title = _title(required=False, default=None)
    description = _description(required=False, default=None)
    cost = _cost(required=False, allow_null=True, default=None)
    theme = _theme(required=False, default=None)
    locations = GeoJSONMultiPointField(required=False, allow_null=True, default=None)


class ProjectUpdateInput(_CleanText):
    """The fields to change (PATCH, all optional); refused once voting has opened."""

    title = _title()
    description = _description()
    cost = _cost()
    theme = _theme()
    locations = GeoJSONMultiPointField(allow_null=True)
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    def validate_reason(self, value: str) -> str:
        return clean_text(value, multiline=True)


class ProjectAddProposalsInput(serializers.Serializer):
    proposals = _ids(help_text=f"Ids of accepted proposals to merge in, at most {MAX_SOURCES}")


class MergeInput(serializers.Serializer):
    into = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Id of the accepted proposal to merge into"
    )


class SourceProposalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()


class ProjectActionsOutput(serializers.Serializer):
    update = serializers.BooleanField()  # type: ignore[assignment]  # a field, not the method
    add_proposals = serializers.BooleanField()


class ProjectOutput(serializers.ModelSerializer):
    campaign: serializers.SlugRelatedField[Campaign] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    area = AreaRef(read_only=True)
    theme = ThemeRef(read_only=True, allow_null=True)
    locations = GeoJSONMultiPointField(read_only=True, allow_null=True)
    source_proposals = SourceProposalOutput(many=True, read_only=True)
    can = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "campaign",
            "area",
            "title",
            "description",
            "cost",
            "theme",
            "locations",
            "source_proposals",
            "created_at",
            "updated_at",
            "can",
        ]
        read_only_fields = fields

    @extend_schema_field(ProjectActionsOutput)
    def get_can(self, obj: Project) -> dict[str, bool]:
        request = self.context.get("request")
        now = self.context.get("now") or timezone.now()
        return rules.actions(getattr(request, "user", None), obj, now)


class ProjectMapProperties(serializers.Serializer):
    title = serializers.CharField()
    theme = serializers.SlugField(allow_null=True, help_text="Theme slug")
    cost = serializers.IntegerField(help_text="Euros")
    area = serializers.SlugField(help_text="Area code, e.g. paris-05")


ProjectMapFeature, ProjectMapCollection = map_serializers(
    "ProjectMap",
    ProjectMapProperties,
    doc="""The public map's projects (``GET /map/projects/``). Documents the answer, which
    PostgreSQL writes (``selectors.project_map_geojson``).""",
)
