"""Filters of the proposal list (django-filter). Bad values answer 400 naming the parameter."""

from __future__ import annotations

import math

import django_filters
from django.contrib.gis.geos import Point, Polygon
from django.contrib.gis.measure import D
from django.db.models import Q, QuerySet
from rest_framework.exceptions import ValidationError

from campaigns.filters import campaign_filter, theme_filter
from core.filters import (
    FilterSet,
    KnownValueFilter,
    PatternFilter,
    StrictBooleanFilter,
    UTCDateTimeFilter,
)
from geo.filters import area_filter
from geo.models import District

from .models import Proposal

MAX_RADIUS_M = 20_000
METRES_PER_DEGREE = 111_320.0

# Decimal degrees as the parameters are written (stated as patterns in the schema): a longitude
# in [-180, 180] and a latitude in [-90, 90], with an optional sign and fraction.
LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)"
LATITUDE = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
POINT_PATTERN = f"{LONGITUDE},{LATITUDE}"
BBOX_PATTERN = f"{POINT_PATTERN},{POINT_PATTERN}"

# The list's orderings: parameter value → order_by (always ending on a unique key).
ORDERINGS = {
    "-supports": ("-support_count", "-created_at", "-id"),
    "supports": ("support_count", "-created_at", "-id"),
    "-created_at": ("-created_at", "-id"),
    "created_at": ("created_at", "id"),
}


def _floats(name: str, value: str, count: int) -> list[float]:
    parts = value.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) != count or not all(math.isfinite(n) for n in numbers):
        raise ValidationError({name: [f"Expected {count} comma-separated numbers."]})
    return numbers


def _check_lonlat(name: str, lon: float, lat: float) -> None:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationError(
            {name: ["Longitude must be in [-180, 180] and latitude in [-90, 90]."]}
        )


class ProposalTileFilter(FilterSet):
    """The filters of the public map's tiles (``/map/proposals/tiles/{z}/{x}/{y}/``): those of
    the lean path but ``bbox`` (a tile is its own box)."""

    campaign = campaign_filter()
    area = area_filter()
    district = KnownValueFilter(
        method="filter_district",
        known=District.objects.all(),
        known_field="code",
        help_text="INSEE code of an arrondissement or a quartier",
    )
    theme = theme_filter()
    status = django_filters.MultipleChoiceFilter(choices=Proposal.Status.choices)
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, help_text="Words in the title or description"
    )
    min_supports = django_filters.NumberFilter(
        field_name="support_count",
        lookup_expr="gte",
        min_value=0,
        max_value=10_000_000,
        help_text="At least this many supports (« je soutiens »)",
    )

    class Meta:
        model = Proposal
        fields = ["campaign", "area", "district", "theme", "status"]

    def filter_district(self, qs: QuerySet[Proposal], name: str, value: str) -> QuerySet[Proposal]:
        return qs.filter(Q(district__code=value) | Q(quartier__code=value))

    def filter_search(self, qs: QuerySet[Proposal], name: str, value: str) -> QuerySet[Proposal]:
        for word in value.split()[:10]:
            qs = qs.filter(
                Q(title__unaccent__icontains=word) | Q(description__unaccent__icontains=word)
            )
        return qs


class ProposalMapFilter(ProposalTileFilter):
    """The filters of the public map (``/map/proposals/``): those of the list that make sense
    for every visible proposal at once. ``ProposalFilter`` adds the rest."""

    bbox = PatternFilter(
        method="filter_bbox",
        pattern=BBOX_PATTERN,
        message="Expected 4 comma-separated numbers: minLon,minLat,maxLon,maxLat (decimal "
        "degrees, longitudes in [-180, 180], latitudes in [-90, 90]).",
        help_text="minLon,minLat,maxLon,maxLat (WGS84, decimal degrees); minLon < maxLon and "
        "minLat < maxLat",
    )

    class Meta:
        model = Proposal
        fields = ["campaign", "area", "district", "theme", "status"]

    def filter_bbox(self, qs: QuerySet[Proposal], name: str, value: str) -> QuerySet[Proposal]:
        min_lon, min_lat, max_lon, max_lat = _floats(name, value, 4)
        _check_lonlat(name, min_lon, min_lat)
        _check_lonlat(name, max_lon, max_lat)
        if min_lon >= max_lon or min_lat >= max_lat:
            raise ValidationError({name: ["Expected minLon < maxLon and minLat < maxLat."]})
        box = Polygon.from_bbox((min_lon, min_lat, max_lon, max_lat))
        box.srid = 4326
        return qs.filter(location__within=box)


class ProposalFilter(ProposalMapFilter):
    location_status = django_filters.MultipleChoiceFilter(choices=Proposal.LocationStatus.choices)
    near = PatternFilter(
        method="filter_near",
        pattern=POINT_PATTERN,
        message="Expected 2 comma-separated numbers: lon,lat (decimal degrees, longitude in "
        "[-180, 180], latitude in [-90, 90]).",
        help_text="lon,lat (WGS84, decimal degrees): proposals within `radius` metres of this "
        "point",
    )
    reported = StrictBooleanFilter(
        method="filter_reported", help_text="true: reported at least once; false: never"
    )
    hidden = StrictBooleanFilter(field_name="is_hidden", help_text="Hidden by moderation")
    assigned_to_me = StrictBooleanFilter(
        method="filter_assigned_to_me", help_text="true: assigned to me (officials)"
    )
    mine = StrictBooleanFilter(
        method="filter_mine",
        help_text="true: the proposals I deposited (in every state I may see; none when signed "
        "out); false: the others",
    )
    created_after = UTCDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UTCDateTimeFilter(field_name="created_at", lookup_expr="lt")
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in ORDERINGS],
        method="filter_ordering",
        help_text="`-supports`: most supported first; `supports`: least; `created_at` / "
        "`-created_at` (the default: newest first). Ties go newest first.",
    )
    radius = django_filters.NumberFilter(
        method="filter_radius",
        min_value=1,
        max_value=MAX_RADIUS_M,
        help_text=f"metres around `near` (default 500, at least 1, at most {MAX_RADIUS_M})",
    )

    class Meta:
        model = Proposal
        fields = ["campaign", "area", "district", "theme", "status", "location_status"]

    def filter_near(self, qs: QuerySet[Proposal], name: str, value: str) -> QuerySet[Proposal]:
        lon, lat = _floats(name, value, 2)
        _check_lonlat(name, lon, lat)
        radius = self.form.cleaned_data.get("radius")
        radius = 500.0 if radius is None else float(radius)
        if not (0 < radius <= MAX_RADIUS_M):
            raise ValidationError({"radius": [f"Expected a radius in (0, {MAX_RADIUS_M}] metres."]})
        point = Point(lon, lat, srid=4326)
        # A generous box in degrees first (uses the spatial index), then the exact sphere distance.
        margin = radius / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01)) * 1.1
        return qs.filter(
            location__dwithin=(point, margin), location__distance_lte=(point, D(m=radius))
        )

    def filter_reported(self, qs: QuerySet[Proposal], name: str, value: bool) -> QuerySet[Proposal]:
        return qs.filter(report_count__gt=0) if value else qs.filter(report_count=0)

    def filter_assigned_to_me(
        self, qs: QuerySet[Proposal], name: str, value: bool
    ) -> QuerySet[Proposal]:
        user = getattr(self.request, "user", None)
        mine = Q(assignee_id=getattr(user, "id", None))
        return qs.filter(mine) if value else qs.exclude(mine)

    def filter_mine(self, qs: QuerySet[Proposal], name: str, value: bool) -> QuerySet[Proposal]:
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return qs.none() if value else qs
        return qs.filter(author_id=user.pk) if value else qs.exclude(author_id=user.pk)

    def filter_ordering(self, qs: QuerySet[Proposal], name: str, value: str) -> QuerySet[Proposal]:
        return qs.order_by(*ORDERINGS[value])

    def filter_radius(self, qs: QuerySet[Proposal], name: str, value: float) -> QuerySet[Proposal]:
        return qs  # read by filter_near
